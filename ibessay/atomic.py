"""Replacing a file's content in one step that survives a crash: how ibessay writes files.

A reader, or a student after a kill or a power cut, finds the old content or the new,
never a mix and never an empty file:

1. the data goes to a new temporary file in the target's own folder (``os.replace`` is
   atomic only within one file system), created with ``O_EXCL`` under a name no other
   writer uses;
2. it is written in full and ``fsync``-ed, so the bytes are on the disk before any name
   points at them (``os.write`` keeps no buffer of its own to flush);
3. ``os.replace`` swaps it in for the target;
4. the folder is ``fsync``-ed: a rename lives in the folder's own data, and until that
   reaches the disk a power cut can bring the old file back.

A failure before the swap removes the temporary file and leaves the target as it was. An
error from step 4 is raised too (the new content is in place, but may not survive a power
cut). Windows cannot open a folder to sync it, and some file systems refuse: step 4 is
skipped there, silently.

``durable=False`` skips both syncs, for data that may be lost but must never be torn:
ibessay's cache, whose lost entries are simply rebuilt.

Failures are raised as :class:`OSError` for the caller to word:
:func:`ibessay.practice.files.write_atomic` tells the student what to do, the cache ignores
them. It imports nothing but the standard library (``os``, ``errno``, typing), so any layer
may use it.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

#: What a file system (or a folder we may write but not read) answers when it cannot
#: sync a folder: nothing to do about it, so step 4 is skipped.
_CANNOT_SYNC_FOLDER = frozenset(
    {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF, errno.EACCES, errno.EPERM,
     errno.EISDIR})
#: Attempts at a temporary name before giving up (each is 32 random bits: one suffices).
_NAME_ATTEMPTS = 100


def write_atomic(path: Path, data: str | bytes | Callable[[TextIO], None], *,
                 durable: bool = True) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8) in one step.

    Args:
        path: the file to create or replace; its folder must exist.
        data: the new content; or a function that writes it, as text, into the file it
            is given (UTF-8, newlines as written): a large report then goes to the disk
            as it is made, never held whole in memory. An exception it raises leaves
            ``path`` as it was.
        durable: sync the file and its folder, so the new content survives a power cut
            once this returns; ``False`` for data that may be lost (never torn).

    Raises:
        OSError: nothing was replaced (or, from the folder's sync, the new content is in
            place but may not be on the disk yet).
    """
    fd, temporary = _create_temporary(path)
    try:
        if callable(data):
            _write_text(fd, data, durable)
        else:
            _write_bytes(fd, data.encode("utf-8") if isinstance(data, str) else data,
                         durable)
        os.replace(temporary, path)
    except BaseException:  # a full disk, a kill signal turned into KeyboardInterrupt, ...
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    if durable:
        _sync_folder(path.parent)


def _write_bytes(fd: int, raw: bytes, durable: bool) -> None:
    """Write ``raw`` to ``fd`` in full (synced if ``durable``), and close it."""
    try:
        remaining = memoryview(raw)
        while remaining:
            remaining = remaining[os.write(fd, remaining):]
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)


def _write_text(fd: int, write: Callable[[TextIO], None], durable: bool) -> None:
    """Let ``write`` write into ``fd`` as UTF-8 text (synced if ``durable``), and close
    it. A class report of 1,000 drafts written as it is made, not rendered into one
    string and encoded whole: 40 MB less memory for the HTML page, whose first use
    cost a fresh process 30 ms (bench/bench_classset.py)."""
    try:
        file = open(fd, "w", encoding="utf-8", newline="")  # it closes fd from here on
    except BaseException:
        os.close(fd)
        raise
    with file:
        write(file)
        file.flush()
        if durable:
            os.fsync(fd)


def _create_temporary(path: Path) -> tuple[int, Path]:
    """A new, empty file beside ``path``, open for writing: ``.NAME.PID.RANDOM.tmp``.

    ``O_EXCL`` makes the name ours alone (another process or thread writing the same file
    gets its own), and refuses to follow a link planted under that name. The permissions
    are those of any new file (0666 less the umask), as with ``open()``.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    stem = path.name[:100]  # the suffix must not push a long name past the 255-byte limit
    for _ in range(_NAME_ATTEMPTS):
        temporary = path.with_name(f".{stem}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(path))


def _sync_folder(folder: Path) -> None:
    """Make the folder's entries (a rename into it) durable, where the platform can."""
    if os.name == "nt":  # a folder cannot be opened as a file there
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        if exc.errno in _CANNOT_SYNC_FOLDER:
            return
        raise
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _CANNOT_SYNC_FOLDER:
            raise
    finally:
        os.close(fd)
