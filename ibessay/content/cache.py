"""A small on-disk cache of loaded prompts and compiled rubrics.

Importing PyYAML and compiling a rubric costs tens of milliseconds, which would be most
of ``ibessay check``'s own start-up. Compiled objects are stored under the user's cache
folder, keyed by the absolute paths of their source files and validated against each
file's size, modification time and inode, the ibessay version, the code that shapes
them and the Python version: editing a rubric (or upgrading) rebuilds it on the next run.

Values are stored with :mod:`marshal`, which is built into the interpreter (``pickle``
alone costs ~2 ms to import), so callers turn them into plain data and back
(``encode``/``decode``). The cache is only an optimisation: a missing, unreadable,
corrupt or unwritable cache is silently rebuilt or skipped, and writes are atomic
(temporary file, then rename), so two processes never see half a file. Set
``IBESSAY_CACHE_DIR`` to move it, or to an empty string to turn it off.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from .. import __version__

T = TypeVar("T")
_FORMAT = 2
# The modules whose code shapes what is cached: a change to any of them (an upgrade, or
# a developer's edit under the same version number) must rebuild the cache.
_CODE = ("content/model", "content/loader", "engine/dates", "engine/matcher", "engine/attribution",
         "engine/wordforms", "engine/misspellings", "engine/text")


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


def _stats(paths: Sequence[Path]) -> tuple[tuple[str, int, int, int], ...]:
    stats = []
    for path in paths:
        st = os.stat(path)
        stats.append((str(path), st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(stats)


def _code_paths() -> list[Path]:
    package = Path(__file__).parent.parent
    return [package / f"{name}.py" for name in _CODE]


_code_stats: tuple[tuple[str, int, int, int], ...] | None = None


def _signature(sources: Sequence[Path]) -> tuple[Any, ...]:
    global _code_stats
    if _code_stats is None:  # the code does not change while a process runs
        _code_stats = _stats(_code_paths())
    return (_FORMAT, __version__, sys.version, marshal.version, _code_stats, _stats(sources))


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
        sources = [Path(os.path.abspath(s)) for s in sources]
        key = (kind, tuple(map(str, sources)))
        try:
            signature = _signature(sources)
        except OSError:
            return build()  # a source vanished: let build() report it properly
        remembered = self._memory.get(key)
        if remembered is not None and remembered[0] == signature:
            return remembered[1]  # type: ignore[no-any-return]
        path = self._path(key)
        stored = self._read(path, signature)
        value: T | None = None
        if stored is not None:
            try:
                value = decode(stored)
            except Exception:  # written by another version of the code: rebuild
                value = None
        if value is None:
            value = build()
            self._write(path, signature, encode(value))
        self._memory[key] = (signature, value)
        return value

    def _path(self, key: tuple[str, tuple[str, ...]]) -> Path | None:
        if self.directory is None:
            return None
        # A short name for the file; the full key is inside it and checked on reading.
        digest = zlib.crc32("\0".join((key[0], *key[1])).encode())
        return self.directory / f"{key[0]}-{digest:08x}.marshal"

    @staticmethod
    def _read(path: Path | None, signature: tuple[Any, ...]) -> Any:
        if path is None:
            return None
        try:
            with open(path, "rb") as f:
                # One read, then loads: marshal.load(f) reads object by object, ~3x slower.
                stored_signature, value = marshal.loads(f.read())
        except Exception:  # missing, truncated, from another Python: rebuild
            return None
        return value if stored_signature == signature else None

    @staticmethod
    def _write(path: Path | None, signature: tuple[Any, ...], value: Any) -> None:
        if path is None:
            return
        from ..atomic import write_atomic  # only when a value is stored, not on every hit

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Not synced: an entry lost in a power cut is rebuilt; atomic: never torn.
            write_atomic(path, marshal.dumps((signature, value)), durable=False)
        except Exception:  # read-only home, full disk, a value marshal cannot store
            pass
