"""Writing a student's files so that no crash, full disk or kill can lose a word.

Every write is :func:`ibessay.atomic.write_atomic` (a synced temporary file swapped in
with ``os.replace``, then the folder synced): a reader, or a student after a power cut,
sees the old content or the new, never a half-written or empty file. Here its failures
become messages a student can act on (:func:`disk_error`). Snapshots copy a file aside
before anything (an editor, a fresh template) may change it.
"""

from __future__ import annotations

import errno
import time
from pathlib import Path

from .. import atomic
from ..errors import IbessayError

SNAPSHOTS = "snapshots"


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` in one step, durably unless ``durable=False``
    (:func:`ibessay.atomic.write_atomic`); on a failure ``path`` is untouched and the
    error says what to do."""
    try:
        atomic.write_atomic(path, data, durable=durable)
    except OSError as exc:
        raise disk_error(exc, path) from None


def write_new(path: Path, data: str, force: bool = False) -> None:
    """Write ``data`` to a file that must not exist yet, unless ``force``; with ``force``
    the old content is snapshotted first."""
    if path.exists():
        if not force:
            raise IbessayError(
                f"'{path}' already exists; not overwriting it",
                "open it instead, or add --force (the old file is kept as a snapshot)",
            )
        snapshot(path)
    write_atomic(path, data)


def snapshot(path: Path, reason: str = "") -> Path | None:
    """Copy ``path`` into ``snapshots/`` beside it, named by time; None when there is
    nothing to keep (missing, empty, or the same as the newest snapshot)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise disk_error(exc, path) from None
    if not data.strip():
        return None
    folder = path.parent / SNAPSHOTS
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise disk_error(exc, folder) from None
    existing = max(folder.glob(f"{path.stem}-*{path.suffix}"),
                   key=lambda p: p.stat().st_mtime_ns, default=None)
    if existing is not None and existing.read_bytes() == data:
        return existing
    stamp = time.strftime("%Y%m%d-%H%M%S")
    tag = f"-{reason}" if reason else ""
    target = folder / f"{path.stem}-{stamp}{tag}{path.suffix}"
    n = 2
    while target.exists():
        target = folder / f"{path.stem}-{stamp}{tag}-{n}{path.suffix}"
        n += 1
    write_atomic(target, data)
    return target


def disk_error(exc: OSError, path: Path) -> IbessayError:
    """A user-facing error for a failed read or write in the workspace."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return IbessayError(
            f"the disk is full: could not write '{path}'",
            "free some space and try again; the previous version of the file is untouched",
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return IbessayError(
            f"cannot write '{path}': {exc.strerror.lower() if exc.strerror else 'denied'}",
            "check the folder's permissions, or choose another with --workspace or IBESSAY_HOME",
        )
    return IbessayError(f"cannot write '{path}': {exc.strerror or exc}",
                        "check the folder, or choose another with --workspace or IBESSAY_HOME")
