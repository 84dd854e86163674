"""Writing a report to a file (``check -o FILE``): never over a draft, never half-written."""

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from ..errors import IbessayError


def check_output(output: str, force: bool, inputs: Sequence[str]) -> None:
    """Refuse an ``--output`` that would replace a draft being checked, a folder, a
    device, or (without ``force``) any existing file, before any work is done."""
    if output == "-":
        return
    if _is_one_of(output, inputs):
        raise IbessayError(f"--output '{output}' is one of the drafts being checked",
                           "write the report to another file, outside the drafts")
    if os.path.isdir(output):
        raise IbessayError(f"--output '{output}' is a folder",
                           f"name a file in it, e.g. {os.path.join(output, 'report.html')}")
    if os.path.lexists(output):
        if not os.path.isfile(output) or os.path.islink(output):
            raise IbessayError(f"--output '{output}' is not a plain file",
                               "name a new file for the report")
        if not force:
            raise IbessayError(f"'{output}' already exists; not overwriting it",
                               "add --force to replace it, or name another file")
    folder = os.path.dirname(output) or "."
    if not os.path.isdir(folder):
        raise IbessayError(f"folder '{folder}' does not exist",
                           "create it first, or write the report elsewhere")
    if not os.access(folder, os.W_OK | os.X_OK):  # said now, not after checking every draft
        raise IbessayError(f"cannot write in folder '{folder}': permission denied",
                           "write the report elsewhere, e.g. in your home folder")


def _is_one_of(output: str, inputs: Sequence[str]) -> bool:
    """Whether ``output`` is (a link to, or another name of) one of the ``inputs``: the
    same file, by device and inode. Only a file that exists can be a draft, so a new
    report name costs no look at the 1,000 drafts of a set."""
    try:
        target = os.stat(output)
    except OSError:
        return False
    for draft in inputs:
        try:
            found = os.stat(draft)
        except OSError:
            continue
        if (found.st_dev, found.st_ino) == (target.st_dev, target.st_ino):
            return True
    return False


def write_report(output: str, render: Callable[[TextIO], None], force: bool) -> None:
    """Render into a new file beside ``output``, then replace ``output`` with it in one
    step (``-``: stdout).

    Without ``force``, ``output`` is looked for again before it is replaced: another run
    may have written it since :func:`check_output` found none (a class set takes
    seconds)."""
    from pathlib import Path

    from ..atomic import write_atomic

    if output == "-":
        render(sys.stdout)
        return

    def write(out: TextIO) -> None:
        render(out)
        if not force and os.path.lexists(output):
            raise IbessayError(f"'{output}' already exists (written while this ran); "
                               "not overwriting it",
                               "add --force to replace it, or name another file")

    try:
        # Replaced in one step, never torn; written as it is rendered, not held whole
        # in memory (a page of 1,000 students is 10 MB); not synced to the disk: a
        # report is made again in a second, and syncing 7 MB of HTML cost a class set
        # 30 ms.
        with _ended_by_signal_cleanly():
            write_atomic(Path(output), write, durable=False)
    except OSError as exc:
        import errno

        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        raise IbessayError(
            f"the disk is full: could not write '{output}'" if full else
            f"cannot write '{output}': {(exc.strerror or str(exc)).lower()}",
            "free some space and try again" if full else
            "check the folder's permissions, or write the report elsewhere") from None


class _Ended(BaseException):
    """SIGTERM or SIGHUP arrived while a report was written (see below)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _ended_by_signal_cleanly() -> Iterator[None]:
    """While the report is rendered into its temporary file (up to a second for a class
    of 2,000), a polite kill or a closed terminal still ends the process, but first the
    temporary file is removed (write_atomic removes it on any exception), not left
    hidden beside the report. Only signals that would end the process anyway (their
    default action, not ignored as under nohup); Ctrl-C is a KeyboardInterrupt already."""
    import signal
    import threading

    def end(signum: int, frame: object) -> None:
        raise _Ended(signum)

    deadly = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
              if hasattr(signal, name)
              and signal.getsignal(getattr(signal, name)) is signal.SIG_DFL]
    if threading.current_thread() is not threading.main_thread():
        deadly = []  # only the main thread may set handlers; none then
    for signum in deadly:
        signal.signal(signum, end)
    try:
        yield
    except _Ended as ended:
        signal.signal(ended.signum, signal.SIG_DFL)  # the others: below
        os.kill(os.getpid(), ended.signum)  # dies of it, as it would have
        raise  # not reached: the signal's default action ends the process
    finally:
        for signum in deadly:
            signal.signal(signum, signal.SIG_DFL)
