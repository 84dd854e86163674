"""Where a student's outlines and drafts live: one folder per attempt.

The workspace is ``--workspace``, else ``$IBESSAY_HOME/drafts``, else ``drafts/`` in the
platform's user data folder (platformdirs: ``~/.local/share/ibessay`` on Linux,
``~/Library/Application Support/ibessay`` on macOS, ``%LOCALAPPDATA%\\ibessay`` on
Windows). An attempt is a folder a student can find by eye::

    2026-11-26-sino-soviet-1949-1976/
        attempt.json    what, when, how long, how it went (ibessay's own notes:
                        :mod:`ibessay.practice.record`)
        outline.md      the plan
        draft.md        the essay as it is now
        timed.md        the essay as it stood at pens down
        overtime.md     only if it changed after pens down
        report.md       the check of timed.md (and report.json)
        snapshots/      copies taken before every editor launch
        .lock           the pid of the one process writing the attempt, while it does
        .time-used      the writing time used, overwritten in place (a full disk)

A full mock paper (``ibessay exam``) is one attempt with ``essay1-``/``essay2-`` files.
"""

from __future__ import annotations

import errno
import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from ..content.places import data_home
from ..errors import IbessayError, did_you_mean
from .files import disk_error, write_atomic
from .record import DONE, META, OPEN, AttemptRecord, EssayRecord, read_record

_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}
LOCK = ".lock"
#: The time used, kept where it can be saved on a full disk (see Attempt.note_used).
USED = ".time-used"
_USED_WIDTH = 24


def home() -> Path:
    """ibessay's own data folder: ``$IBESSAY_HOME``, else the platform's user data folder."""
    return data_home()


def config_file() -> Path:
    """The settings file: in ``$IBESSAY_HOME`` if set, else the user config folder."""
    if os.environ.get("IBESSAY_HOME", "").strip():
        return home() / "config.yaml"
    import platformdirs

    return platformdirs.user_config_path("ibessay", appauthor=False) / "config.yaml"


class Attempt:
    """One attempt's folder and its notes (``attempt.json``, :attr:`record`)."""

    def __init__(self, folder: Path, record: AttemptRecord) -> None:
        self.folder = folder
        self.record = record

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def status(self) -> str:
        return self.record.status

    @property
    def timed(self) -> bool:
        """Was it started by ``practice`` or ``exam`` (and so runs on a clock)?"""
        return self.record.timed

    @property
    def resume_command(self) -> str:
        """The command that goes on with this (timed) attempt."""
        command = "exam" if self.record.kind == "exam" else "practice"
        return f"ibessay {command} --resume {self.name}"

    @property
    def essays(self) -> tuple[EssayRecord, ...]:
        return self.record.essays

    @property
    def prompts(self) -> list[str]:
        return [e.prompt for e in self.essays]

    def file(self, essay: int, role: str) -> Path:
        """The path of an essay's ``outline``, ``draft``, ``timed``, ``overtime`` or
        ``report`` file (``report`` ends in .md; use ``.with_suffix`` for .json)."""
        return self.folder / f"{self.essays[essay].prefix}{role}.md"

    def update(self, **changes: Any) -> None:
        """Change fields of the record (see :class:`AttemptRecord`) and save it."""
        self.record = replace(self.record, **changes)
        self.save()

    def update_essay(self, index: int, **changes: Any) -> None:
        """Change fields of one essay's record (see :class:`EssayRecord`) and save."""
        self.record = self.record.with_essay(index, **changes)
        self.save()

    def save(self) -> None:
        write_atomic(self.folder / META, self.record.to_json())

    def note_used(self, seconds: float) -> None:
        """Keep the writing time used in a small file beside ``attempt.json``,
        overwritten in place: that needs no new disk space, so it still works on a
        full disk, when ``attempt.json`` (written aside, then swapped in) cannot be
        saved. Never fails: it is the fallback."""
        data = f"{seconds:<{_USED_WIDTH - 1}.3f}\n".encode()[:_USED_WIDTH]
        path = self.folder / USED
        try:
            with open(path, "r+b" if path.exists() else "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        except OSError:
            pass

    def noted_used(self) -> float | None:
        """The time used kept by :meth:`note_used`, if any."""
        try:
            return float((self.folder / USED).read_text(encoding="ascii").strip())
        except (OSError, ValueError, UnicodeDecodeError):
            return None

    def reload(self) -> None:
        """Read ``attempt.json`` again (another process may have changed it); an error
        if it is now damaged, gone or from a newer ibessay."""
        path = self.folder / META
        try:
            self.record = read_record(path)
        except FileNotFoundError:
            raise IbessayError(f"'{path}' was deleted",
                               f"the attempt's other files in '{self.folder}' are untouched"
                               ) from None

    def acquire(self) -> None:
        """Mark the attempt as open in this process; refuse when another live ibessay
        has it, so two sessions never write the same draft.

        The lock file appears with the pid already in it (written aside, then linked
        into place, which fails if a lock exists), so no one ever reads an empty lock.
        """
        lock = self.folder / LOCK
        mine = self.folder / f".lock.{os.getpid()}"
        # Not synced: a lock is only good while its process lives, which a power cut ends.
        write_atomic(mine, str(os.getpid()), durable=False)
        try:
            for _ in range(3):
                try:
                    os.link(mine, lock)
                    return
                except FileExistsError:
                    pid = _read_pid(lock)
                    if pid == os.getpid():
                        return
                    if pid is not None and process_alive(pid):
                        raise AttemptBusy(self, pid, lock) from None
                    lock.unlink(missing_ok=True)  # left behind by a session that died
                except OSError as exc:
                    if exc.errno not in _NO_LINKS:
                        raise disk_error(exc, lock) from None
                    self._acquire_without_links(lock)  # FAT, some network shares
                    return
            raise IbessayError(f"could not take the lock on attempt '{self.name}'",
                               "another session keeps taking it; try again")
        finally:
            mine.unlink(missing_ok=True)

    def _acquire_without_links(self, lock: Path) -> None:
        # O_EXCL on the lock's own name, not write_atomic: a replace would take a lock
        # that another session holds.
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            raise IbessayError(f"attempt '{self.name}' is open in another ibessay session",
                               f"if it crashed, delete '{lock}'") from None
        except OSError as exc:
            raise disk_error(exc, lock) from None
        with os.fdopen(fd, "w") as f:
            f.write(str(os.getpid()))

    def holder(self) -> int | None:
        """The pid of a live session that has this attempt open, if any."""
        pid = _read_pid(self.folder / LOCK)
        return pid if pid is not None and pid != os.getpid() and process_alive(pid) else None

    def release(self) -> None:
        if _read_pid(self.folder / LOCK) == os.getpid():
            (self.folder / LOCK).unlink(missing_ok=True)


class AttemptBusy(IbessayError):
    """Another live process holds the attempt's lock: one writer per attempt."""

    def __init__(self, attempt: Attempt, pid: int, lock: Path) -> None:
        self.pid = pid
        self.command = command_of(pid)
        running = f" running '{self.command}'" if self.command else ""
        super().__init__(
            f"attempt '{attempt.name}' is open in another ibessay session (process {pid})"
            f"{running}",
            "finish, pause or close that one first (two editors on one file would lose "
            f"text); if it crashed, delete '{lock}'")

    @property
    def who(self) -> str:
        """The other process, as a student reads it."""
        return f"process {self.pid}" + (f" ('{self.command}')" if self.command else "")


def command_of(pid: int) -> str | None:
    """The command line of process ``pid``, shortened to ``ibessay ...`` when it is one,
    where the system tells (Linux's /proc); None elsewhere."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    argv = [a.decode("utf-8", "replace") for a in raw.split(b"\0") if a]
    for i, arg in enumerate(argv):  # "python .../bin/ibessay draft x" -> "ibessay draft x"
        if Path(arg).name == "ibessay":
            argv = ["ibessay", *argv[i + 1:]]
            break
    return " ".join(argv) or None


class Unreadable(NamedTuple):
    """A folder with an ``attempt.json`` that cannot be used, and why."""

    folder: Path
    error: IbessayError


class Workspace:
    """The folder that holds every attempt."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def at(cls, option: str | None = None) -> Workspace:
        return cls(Path(option).expanduser() if option else home() / "drafts")

    def create(self, prompts: list[str], kind: str = "essay", fmt: str = "2017",
               now: datetime | None = None) -> Attempt:
        """A new attempt folder, never one that exists: a second attempt on the same
        prompt and day gets ``-2``, ``-3``..."""
        now = now or datetime.now()
        # A pack's prompt id has a slash (smith/q1): the folder is one name, smith-q1.
        base = f"{now:%Y-%m-%d}-" + (prompts[0].replace("/", "-") if kind == "essay"
                                     else "exam")
        self._ensure_root()
        for n in range(1, 1000):
            folder = self.root / (base if n == 1 else f"{base}-{n}")
            try:
                folder.mkdir()
            except FileExistsError:
                continue
            except OSError as exc:
                raise disk_error(exc, folder) from None
            prefixes = [""] if len(prompts) == 1 else [f"essay{i}-" for i in (1, 2)]
            attempt = Attempt(folder, AttemptRecord(
                kind=kind,
                format=fmt,
                created=now.isoformat(timespec="seconds"),
                status=OPEN,
                essays=tuple(EssayRecord(p, x) for p, x in zip(prompts, prefixes)),
            ))
            attempt.save()
            return attempt
        raise IbessayError(f"too many attempts named '{base}' in {self.root}")

    def attempts(self) -> list[Attempt]:
        """Every attempt that can be read, oldest first."""
        return self.scan()[0]

    def scan(self) -> tuple[list[Attempt], list[Unreadable]]:
        """Every attempt that can be read (oldest first), and every folder whose
        ``attempt.json`` cannot (by name). Folders without one are not attempts."""
        attempts, unreadable = [], []
        for folder in self._folders():
            try:
                attempts.append(Attempt(folder, read_record(folder / META)))
            except FileNotFoundError:
                continue  # not an attempt: leave it alone
            except IbessayError as exc:
                unreadable.append(Unreadable(folder, exc))
        attempts.sort(key=lambda a: (a.record.created, a.name))
        unreadable.sort(key=lambda u: u.folder.name)
        return attempts, unreadable

    def find(self, name: str) -> Attempt:
        """An attempt by folder name, a unique part of it, or ``last``. One whose
        ``attempt.json`` cannot be read is an error that says why."""
        attempts, unreadable = self.scan()
        if not attempts and not unreadable:
            raise IbessayError(f"no attempts yet in {self.root}",
                               "start one with 'ibessay practice' or 'ibessay outline PROMPT'")
        if name in ("last", "latest"):
            if attempts:
                return attempts[-1]
            raise unreadable[-1].error
        wanted = name.rstrip("/")
        for group in ([a for a in attempts if a.name == wanted],
                      [u for u in unreadable if u.folder.name == wanted],
                      [a for a in attempts if name in a.name],
                      [u for u in unreadable if name in u.folder.name]):
            if group:
                # Several match: the newest is what a student typing a prompt id means.
                found = group[-1]
                if isinstance(found, Unreadable):
                    raise found.error
                return found
        raise IbessayError(f"no attempt '{name}' in {self.root}",
                           did_you_mean(name, [a.name for a in attempts]
                                        + [u.folder.name for u in unreadable]))

    def latest_open(self, prompt: str) -> Attempt | None:
        """The newest unfinished single-essay attempt on ``prompt``."""
        for attempt in reversed(self.attempts()):
            if (attempt.record.kind == "essay" and attempt.prompts == [prompt]
                    and attempt.status not in DONE):
                return attempt
        return None

    def _ensure_root(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IbessayError(
                f"cannot use the workspace '{self.root}': {exc.strerror or exc}",
                "choose another folder with --workspace DIR or IBESSAY_HOME",
            ) from None
        if not os.access(self.root, os.W_OK):  # pragma: no cover - root can write anywhere
            raise IbessayError(f"the workspace '{self.root}' is not writable",
                               "choose another folder with --workspace DIR or IBESSAY_HOME")

    def _folders(self) -> list[Path]:
        try:
            return [p for p in self.root.iterdir() if p.is_dir()]
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise IbessayError(
                f"cannot read the workspace '{self.root}': {exc.strerror or exc}",
                "choose another folder with --workspace DIR or IBESSAY_HOME",
            ) from None


def _read_pid(lock: Path) -> int | None:
    try:
        return int(lock.read_text().strip())
    except (OSError, ValueError):
        return None


def process_alive(pid: int) -> bool:
    """Is process ``pid`` running? (When we cannot tell, assume it is: safer.)"""
    if os.name == "nt":  # os.kill(pid, 0) would end the process there
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists (another user's) or we cannot tell
    return True


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    still_active = 259
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
