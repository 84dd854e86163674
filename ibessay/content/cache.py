"""A small on-disk cache of loaded prompts and compiled rubrics.

Importing PyYAML and compiling a rubric costs tens of milliseconds, which would be most
of ``ibessay check``'s own start-up. Compiled objects are stored under the user's cache
folder, one file per kind and source paths, and an entry is used only when it was built

* from source files with the same bytes (a hash of each file's content, read on every
  run: size, mtime and inode can all be equal for different content, after a tar extract
  or a restored backup);
* by the same code: the same ibessay version, Python version and marshal format, and
  the same content of the code that shapes cached values (see :func:`_code_digest`).

Each file starts with a header (a magic string with the format version, the length and a
CRC-32 of the payload), and the payload is unmarshalled only when all three match:
marshal on damaged bytes mostly returns a different value without a word (170 of 200
single-bit flips of a compiled rubric did), and can crash the interpreter. A cache file
is read only if it is a regular file of at most 64 MB, and never through a symbolic
link or from a FIFO (which would block the check forever).

Values are stored with :mod:`marshal`, which is built into the interpreter (``pickle``
alone costs ~2 ms to import), so callers turn them into plain data and back
(``encode``/``decode``). The cache is only an optimisation: a missing, unreadable,
corrupt, foreign or unwritable cache is silently rebuilt or skipped, and writes are
atomic (temporary file, then rename), so two processes never see half a file. Set
``IBESSAY_CACHE_DIR`` to move it, or to an empty string to turn it off.
"""

from __future__ import annotations

import importlib.util
import marshal
import os
import stat
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from .. import __version__

T = TypeVar("T")

# The first bytes of every cache file; the digit is the format version. A file from
# another format, or from another program, is rejected before anything else is read.
_MAGIC = b"ibessay cache 3\n"
_HEADER = len(_MAGIC) + 8 + 4  # then the payload's length and its CRC-32
# No compiled rubric comes near this (the largest bundled one is ~0.7 MB); a bigger file
# is not ours, and reading it could exhaust memory.
MAX_FILE_BYTES = 64 * 1024 * 1024

# Reading a cache file never follows a symbolic link planted at its name (O_NOFOLLOW:
# the open fails) and never waits for a writer when the name is a FIFO (O_NONBLOCK: the
# open returns at once, and fstat then rejects it). Windows has neither flag, nor FIFOs;
# the regular-file and size checks still apply there. A cache *folder* that is a link
# is the user's choice and is followed.
_CACHE_FILE_FLAGS = (os.O_RDONLY | getattr(os, "O_BINARY", 0)
                     | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
_SOURCE_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)

# The package folder, whose engine/ and content/ hold the code that shapes cached values.
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_directory() -> Path | None:
    """``$IBESSAY_CACHE_DIR`` if set (empty: no cache), else the platform's cache folder."""
    configured = os.environ.get("IBESSAY_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    return user_cache_dir()


def user_cache_dir() -> Path:
    """platformdirs' ``user_cache_dir("ibessay", appauthor=False)``, without importing
    platformdirs: that costs ~3.5 ms, a fifth of what a check adds to Python's start-up.
    tests/test_cache.py checks that both give the same folder."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
        return Path(base, "ibessay", "Cache")
    if sys.platform == "darwin":
        return Path(os.path.expanduser("~/Library/Caches"), "ibessay")
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = xdg if xdg and os.path.isabs(xdg) else os.path.expanduser("~/.cache")
    return Path(base, "ibessay")


def _read_file(path: str | Path, flags: int = _SOURCE_FLAGS,
               limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The bytes of ``path``, or None when it is not a regular file of at most ``limit``
    bytes. Errors opening or reading it (missing, a link under O_NOFOLLOW) raise OSError.

    Reads what fstat reported, never more: a file that grows meanwhile cannot make us
    read past the limit (ours never grow; they are replaced whole).
    """
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks = []
        left = info.st_size
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:  # shorter than fstat said: truncated meanwhile
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)  # one chunk (the usual case) is returned without a copy
    finally:
        os.close(fd)


def _hash(data: bytes) -> bytes:
    """A 64-bit hash of ``data``: the SipHash CPython itself uses to tell whether a source
    file changed since its hash-based .pyc was written (PEP 552).

    Not hashlib's blake2b: importing hashlib loads OpenSSL, ~4 ms, against a budget of
    ~30 ms for everything a check adds to a bare Typer app, whereas Typer has imported
    importlib.util already. SipHash also reads ~4 GB/s here, five times blake2b's speed.
    Two versions of a file collide by accident with odds of 1 in 2**64.
    """
    return importlib.util.source_hash(data)


def _code_digest(package: str) -> bytes | None:
    """A hash of the content of the code that shapes cached values, or None if it
    cannot be read.

    Reading every ``.py`` file under ``engine/`` and ``content/`` (~30 files) costs 0.5-1.2 ms
    per process on the project's 2-core build machine, nearly all of it in system calls
    (listing, opening, reading), against ~0.2 ms for the stat-based signature it replaced
    (bench/bench_cache.py). So an installed copy is identified by one file instead: the
    ``RECORD`` its installer (pip, uv) writes next to the package, which lists the SHA-256
    of every installed file, and which installing other code, even under the same version
    number, rewrites; reading and hashing it costs ~0.06 ms. Its blind spot is a hand edit
    of a file inside site-packages, which nothing records. A source checkout (an editable
    install), where code is edited, has no ``RECORD`` beside the package, and there every
    file is read and hashed. Either way no list of modules is kept by hand: a new module
    is covered the day it is added.
    """
    name = os.path.basename(package)
    record = os.path.join(os.path.dirname(package), f"{name}-{__version__}.dist-info", "RECORD")
    try:
        manifest = _read_file(record)
    except OSError:
        manifest = None
    if manifest and f"{name}/engine/".encode() in manifest:
        return b"record " + _hash(manifest)
    parts = []
    try:
        for folder in ("engine", "content"):
            # Sub-packages too: a criterion (engine/criteria/) shapes its compiled state.
            for directory, subfolders, files in os.walk(os.path.join(package, folder),
                                                        onerror=_raise):
                subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
                where = os.path.relpath(directory, package)
                for file in sorted(files):
                    if file.endswith(".py"):
                        data = _read_file(os.path.join(directory, file))
                        if data is None:
                            return None
                        # Hashed file by file, not joined: a 150 kB copy costs more.
                        parts.append(f"{where}/{file} ".encode() + _hash(data))
    except OSError:  # a frozen app, a zip import: no files to read
        return None
    return b"source " + _hash(b"".join(parts))


def _raise(error: OSError) -> None:
    """For os.walk, which is otherwise silent about a folder it cannot read."""
    raise error


_code: tuple[Any, ...] | None = None


def _code_signature() -> tuple[Any, ...] | None:
    """What identifies the code building cached values; None: it cannot be told, so
    nothing is read from or written to disk (a stale object must never be used)."""
    global _code
    if _code is None:  # the code does not change while a process runs
        digest = _code_digest(_PACKAGE)
        # () records "cannot be told", so that a frozen app does not retry every call.
        _code = () if digest is None else (__version__, sys.version, marshal.version, digest)
    return _code or None


def _pack(key: tuple[Any, ...], value: Any) -> bytes:
    """A cache file's bytes: header, then ``(key, value)`` marshalled.

    Raises:
        ValueError: ``value`` holds something marshal cannot store.
    """
    payload = marshal.dumps((key, value))
    return (_MAGIC + len(payload).to_bytes(8, "little")
            + zlib.crc32(payload).to_bytes(4, "little") + payload)


def _unpack(data: bytes, key: tuple[Any, ...]) -> Any:
    """The value stored in ``data`` under ``key``; None if it is not an intact entry for
    that key.

    The CRC-32 is checked before marshal sees a byte: it catches every burst of up to 32
    flipped bits and all but 1 in 2**32 of other damage, and reads ~3.5 GB/s (a 0.7 MB
    rubric: 0.2 ms; blake2b would take 0.9 ms). It guards against damage, not malice;
    whoever can write the cache folder can already write the user's files.
    """
    if len(data) < _HEADER or not data.startswith(_MAGIC):
        return None
    start = len(_MAGIC)
    length = int.from_bytes(data[start:start + 8], "little")
    checksum = int.from_bytes(data[start + 8:_HEADER], "little")
    payload = memoryview(data)[_HEADER:]
    if len(payload) != length or zlib.crc32(payload) != checksum:
        return None
    try:
        stored_key, value = marshal.loads(payload)
    except Exception:  # a payload that passed the CRC by chance
        return None
    return value if stored_key == key else None


def _identity(value: Any) -> Any:
    return value


class Cache:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._memory: dict[tuple[str, tuple[str, ...]], tuple[Any, Any]] = {}

    def get(
        self, kind: str, sources: Sequence[Path], build: Callable[[], T],
        encode: Callable[[T], Any] = _identity, decode: Callable[[Any], T] = _identity,
    ) -> T:
        """The cached value built from ``sources``, or ``build()`` (then cached).

        ``encode`` turns the value into data marshal can store, ``decode`` turns it back.
        Errors from ``build`` (such as a bad rubric) propagate and nothing is stored.
        """
        given = [str(s) for s in sources]
        sources = [Path(os.path.abspath(s)) for s in sources]
        # The paths are part of the key, not only the content: a loaded prompt or rubric
        # records its path as given (for error messages, and a rubric finds its example
        # drafts from it), so a moved file is a new entry, and so is a file named by a
        # relative path from another folder ('pack/rubrics/x.yaml', then 'rubrics/x.yaml').
        key = (kind, tuple(str(a) if str(a) == g else f"{a}\0{g}"
                           for a, g in zip(sources, given)))
        hashes = []
        for source in sources:
            try:
                content = _read_file(source)
            except OSError:
                content = None
            if content is None:  # vanished, a folder...: let build() report it properly
                return build()
            hashes.append(_hash(content))
        code = _code_signature()
        signature = (code, tuple(hashes))
        remembered = self._memory.get(key)
        if remembered is not None and remembered[0] == signature:
            return remembered[1]  # type: ignore[no-any-return]
        path = None if code is None else self._path(key)
        stored = self._read(path, (*key, *signature))
        value: T | None = None
        if stored is not None:
            try:
                value = decode(stored)
            except Exception:  # written by another version of the code: rebuild
                value = None
        if value is None:
            value = build()
            if path is not None:
                try:
                    data = _pack((*key, *signature), encode(value))
                except ValueError:  # a value marshal cannot store: keep it in memory
                    pass
                else:
                    self._write(path, data)
        self._memory[key] = (signature, value)
        return value

    def _path(self, key: tuple[str, tuple[str, ...]]) -> Path | None:
        if self.directory is None:
            return None
        # A short name for the file; the full key is inside it and checked on reading.
        digest = zlib.crc32("\0".join((key[0], *key[1])).encode())
        return self.directory / f"{key[0]}-{digest:08x}.marshal"

    @staticmethod
    def _read(path: Path | None, key: tuple[Any, ...]) -> Any:
        """The value stored at ``path`` under ``key``, or None (missing, not a regular
        file, too big, damaged, foreign, or built from other sources or code)."""
        if path is None:
            return None
        try:
            data = _read_file(path, _CACHE_FILE_FLAGS, MAX_FILE_BYTES)
        except OSError:
            return None
        return None if data is None else _unpack(data, key)

    @staticmethod
    def _write(path: Path | None, data: bytes) -> None:
        if path is None:
            return
        from ..atomic import write_atomic  # only when a value is stored, not on every hit

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Not synced: an entry lost in a power cut is rebuilt; atomic: never torn.
            write_atomic(path, data, durable=False)
        except Exception:  # read-only home, full disk
            pass
