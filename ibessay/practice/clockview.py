"""The clock in view while a terminal editor has the screen.

vim and nano take over the terminal, so ibessay's own lines are hidden while the student
writes. What stays visible is the terminal's window title and, inside tmux, its status
line; and a bell can be heard. So while a terminal editor is open:

* the window title says the time left ("ibessay: 13 min left"), refreshed when the
  minute changes and every :data:`REFRESH` seconds anyway (an editor may set a title of
  its own); the title the student had comes back when the editor closes;
* inside tmux (``$TMUX``) the pane's title is set instead (tmux's default status line
  shows it) and the time left is put at the start of the session's status line, both put
  back as they were afterwards;
* the bell rings at 10, 5 and 1 minutes left (:data:`BELLS`).

Only on a terminal (stdout a tty, ``TERM`` not ``dumb``): never in a pipe, a log or a
test's captured output. The dashboard (``--dashboard``, GUI editors) shows the clock on
its own screen and gets none of this. The session's timer thread calls :meth:`ClockView.tick`;
the session wraps each editor run in :meth:`ClockView.showing`.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol, TextIO

#: Minutes left at which the bell rings while the editor is open.
BELLS = (10, 5, 1)
#: Real seconds after which the title is written again even if unchanged.
REFRESH = 15.0
#: The tmux user option (pane-level) that holds the time left for the status line.
TMUX_OPTION = "@ibessay-left"
_STATUS = f"#{{?{TMUX_OPTION},#[reverse] #{{{TMUX_OPTION}}} #[noreverse] ,}}"


def left_text(left: float) -> str:
    """Time left as the title shows it: whole minutes, rounded up ("1 min left" is the
    last minute), so a title refreshed now and then is never ahead of the clock."""
    if left <= 0:
        return "pens down"
    return f"{math.ceil(left / 60)} min left"


def title_text(left: float) -> str:
    return f"ibessay: {left_text(left)}"


def bells_between(before: float, after: float) -> int:
    """How many of :data:`BELLS` the clock passed going from ``before`` to ``after``
    seconds left (a mark is passed when the time left reaches it)."""
    return sum(1 for minutes in BELLS if after <= minutes * 60 < before)


class Display(Protocol):
    """Where the clock is shown: the terminal's title, tmux, or a test's fake."""

    def start(self) -> None: ...
    def show(self, text: str) -> None: ...
    def bell(self) -> None: ...
    def stop(self) -> None: ...


class ClockView:
    """Shows the time left while :meth:`showing` is in force; :meth:`tick` (from the
    session's timer thread, with the time left in clock seconds) keeps it current and
    rings the bells. A view with no display does nothing."""

    def __init__(self, display: Display | None,
                 now: Callable[[], float] = time.monotonic) -> None:
        self.display = display
        self._now = now
        self._lock = threading.Lock()
        self._showing = False
        self._text = ""
        self._sent_at = 0.0
        self._left: float | None = None  # at the last tick, for the bells

    @contextmanager
    def showing(self, left: float) -> Iterator[None]:
        """Show the clock for the duration (an editor run); put everything back after."""
        if self.display is None:
            yield
            return
        with self._lock:
            try:
                self.display.start()
                self._showing = True
                self._send(title_text(left))
            except OSError:
                self._showing = False
            self._left = left
        try:
            yield
        finally:
            with self._lock:
                if self._showing:
                    self._showing = False
                    try:
                        self.display.stop()
                    except OSError:
                        pass

    def tick(self, left: float) -> None:
        """The clock says ``left`` seconds remain: refresh the title, ring a bell."""
        if self.display is None:
            return
        with self._lock:
            before, self._left = self._left, left
            if not self._showing:
                return
            try:
                if before is not None and bells_between(before, left):
                    self.display.bell()
                text = title_text(left)
                if text != self._text or self._now() - self._sent_at >= REFRESH:
                    self._send(text)
            except OSError:
                pass  # the terminal went away: the session notices on its own

    def _send(self, text: str) -> None:
        assert self.display is not None
        self.display.show(text)
        self._text = text
        self._sent_at = self._now()


class TitleDisplay:
    """The terminal's window title (OSC 2), saved on xterm's title stack and put back
    from it; and the bell. Written to ``/dev/tty``, the terminal the editor is on."""

    def __init__(self, opener: Callable[[], TextIO] = lambda: open("/dev/tty", "w"),
                 titles: bool = True) -> None:
        self._open = opener
        self._titles = titles  # False: the bell only (tmux sets the title itself)
        self._tty: TextIO | None = None

    def start(self) -> None:
        self._tty = self._open()
        if self._titles:
            self._write("\x1b[22;2t")  # push the title: put back by stop()

    def show(self, text: str) -> None:
        if self._titles:
            self._write(f"\x1b]2;{_printable(text)}\x07")

    def bell(self) -> None:
        self._write("\a")

    def stop(self) -> None:
        try:
            # Terminals without a title stack ignore the pop; most shells set the
            # title again at their next prompt.
            if self._titles:
                self._write("\x1b[23;2t")
        finally:
            if self._tty is not None:
                self._tty.close()
                self._tty = None

    def _write(self, data: str) -> None:
        if self._tty is not None:
            self._tty.write(data)
            self._tty.flush()


class TmuxDisplay:
    """Inside tmux: the pane's title (``select-pane -T``) and the time left at the start
    of the status line, through a pane option so that each pane shows its own clock.
    The session's ``status-right`` (and its length) is changed only at the session's
    level and put back exactly as it was: the user's global settings are never touched."""

    def __init__(self, pane: str, tty: TitleDisplay | None = None,
                 run: Callable[[list[str]], str] | None = None) -> None:
        self.pane = pane
        self._bell = tty or TitleDisplay(titles=False)
        self._run = run or _tmux
        self._title = ""
        self._session = ""  # known once start() has read it
        self._restore: list[list[str]] = []

    def start(self) -> None:
        self._restore = []
        try:
            self._start()
        except OSError:
            self.stop()  # put back whatever was changed before the failure
            raise

    def _start(self) -> None:
        self._title, self._session = self._run(
            ["display-message", "-p", "-t", self.pane, "#{pane_title}\t#{session_id}"]
        ).rstrip("\n").rsplit("\t", 1)
        status = self._run(["show-options", "-A", "-v", "-t", self._session,
                            "status-right"]).rstrip("\n")
        if TMUX_OPTION not in status:  # another ibessay in this session already put it
            for option in ("status-right", "status-right-length"):
                self._restore.append(self._saved(option))
            length = self._run(["show-options", "-A", "-v", "-t", self._session,
                                "status-right-length"]).strip()
            self._run(["set-option", "-t", self._session, "status-right", _STATUS + status])
            self._run(["set-option", "-t", self._session, "status-right-length",
                       str((int(length) if length.isdigit() else 40) + 20)])
        try:
            self._bell.start()
        except OSError:
            pass

    def _saved(self, option: str) -> list[str]:
        """The command that puts ``option`` back as the session has it now: its own
        value, or none (inherited from the global one)."""
        local = self._run(["show-options", "-t", self._session, option])
        if not local.strip():
            return ["set-option", "-u", "-t", self._session, option]
        value = self._run(["show-options", "-v", "-t", self._session, option]).rstrip("\n")
        return ["set-option", "-t", self._session, option, value]

    def show(self, text: str) -> None:
        self._run(["select-pane", "-t", self.pane, "-T", text])
        self._run(["set-option", "-p", "-t", self.pane, TMUX_OPTION, left_of(text)])

    def bell(self) -> None:
        self._bell.bell()

    def stop(self) -> None:
        commands = [["set-option", "-p", "-u", "-t", self.pane, TMUX_OPTION]]
        if self._session:
            commands.append(["select-pane", "-t", self.pane, "-T", self._title])
        failed: OSError | None = None
        for command in commands + self._restore:  # each one, whatever the others do
            try:
                self._run(command)
            except OSError as exc:
                failed = exc
        self._restore = []
        self._bell.stop()
        if failed is not None:
            raise failed


def left_of(title: str) -> str:
    return title.removeprefix("ibessay: ")


def _tmux(args: list[str]) -> str:
    try:
        done = subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=5,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as exc:
        raise OSError(f"tmux: {exc}") from None
    if done.returncode != 0:
        raise OSError(f"tmux {args[0]}: {done.stderr.strip()}")
    return done.stdout


def _printable(text: str) -> str:
    """No control characters in a title: one would end the escape sequence early."""
    return "".join(c for c in text if c.isprintable())


def open_view(out: TextIO | None = None) -> ClockView:
    """The clock view this terminal can take: tmux's, the window title's, or none when
    output is not a terminal."""
    out = out or sys.stdout
    try:
        terminal = out.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if not terminal or os.environ.get("TERM", "") in ("", "dumb") or os.name == "nt":
        return ClockView(None)
    pane = os.environ.get("TMUX_PANE", "")
    if os.environ.get("TMUX") and pane:
        return ClockView(TmuxDisplay(pane))
    return ClockView(TitleDisplay())
