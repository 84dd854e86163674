"""The terminal side of a timed session: countdowns, the live dashboard, menus, bells.

Two faces with one interface: :class:`LiveScreen` (Rich, redrawn in place) on a
terminal at least :data:`MIN_WIDTH` columns wide, and :class:`PlainScreen` (one line per
change) everywhere else: a narrow terminal, a pipe, a log file, a screen reader. The
session (:mod:`ibessay.practice.session`) decides what to show; this module only shows it.
"""

from __future__ import annotations

import os
import select
import shutil
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from ..engine.criteria import CRITERIA
from .recheck import Reading

if TYPE_CHECKING:
    from ..engine.display import Tally
from .timing import Clock, Moment, clock_text

#: What :meth:`PlainScreen.ask` returns when no one is left to answer (end of input).
EOF = "\0eof"
#: What Ctrl-C does during a timed session (the dashboard's last line).
PAUSE_KEYS = "Ctrl-C: pause, finish or abandon"
#: Below this many columns the dashboard's table would wrap into noise.
MIN_WIDTH = 60


def coverage_line(reading: Reading) -> str:
    """The dashboard in one line: words, periods, events, citations, dates."""
    c = reading.coverage
    if c is None:
        return reading.problem or "no draft yet"
    line = " · ".join([f"{c.words} words", *(f"{t.label} {_count(t)}" for t in c.tallies)])
    return f"{line} · {reading.problem}" if reading.problem else line


def _count(tally: Tally) -> str:
    return str(tally.done) if tally.of is None else f"{tally.done}/{tally.of}"


def _first(items: Sequence[str], shown: int = 5) -> list[str]:
    """At most ``shown`` items, then how many more."""
    more = len(items) - shown
    return [*items[:shown], f"... and {more} more"] if more > 0 else list(items)


def moment_text(moment: Moment | None) -> str:
    if moment is None:
        return "untimed"
    if moment.pens_down:
        return f"pens down ({clock_text(-moment.left)} over)"
    part = f" · {moment.part.label}" if moment.part else ""
    return f"{clock_text(moment.left)} left{part}"


class PlainScreen:
    """Line by line: safe for pipes, logs and narrow terminals."""

    def __init__(self, out: TextIO | None = None, stdin: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.input = LineReader(stdin if stdin is not None else sys.stdin)
        self._last_dashboard = ""

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def warn(self, text: str) -> None:
        print(f"warning: {text}", file=sys.stderr, flush=True)

    def heading(self, text: str) -> None:
        self.say(f"== {text} ==")

    def bell(self) -> None:
        # To the terminal if there is one (a pipe would only store the byte).
        try:
            with open("/dev/tty", "w") as tty:
                tty.write("\a")
        except OSError:
            pass

    def countdown(self, label: str, seconds: float, clock: Clock) -> None:
        """Wait ``seconds`` of clock time; Enter ends the wait early on a terminal."""
        interactive = self.stdin_is_tty()
        self.say(f"{label}: {clock_text(seconds)}" + (
            " (press Enter to start now)" if interactive else ""))
        if not interactive:  # piped input holds answers for later questions: keep it
            clock.sleep(seconds)
            return
        end = clock.now() + seconds
        while clock.now() < end:
            if self._line_ready(min(end - clock.now(), 30.0) / clock.speed) is not None:
                return

    def ask(self, question: str, choices: Sequence[tuple[str, str]], default: str,
            timeout: float | None = None, clock: Clock | None = None) -> str | None:
        """One choice from ``choices`` (key, label), Enter for ``default``; None when
        ``timeout`` clock seconds pass first; :data:`EOF` at end of input.

        On a terminal a choice is one key, acted on at once (no Enter); from a pipe or
        a file, one line each, as typed with Enter. The prompt says which."""
        menu = " · ".join(f"[{k or 'Enter'}] {label}" for k, label in choices)
        keys = {k for k, _ in choices}
        one_key = self.input.keys_work() and all(len(k) <= 1 for k in keys)
        how = "press a key" if one_key else "type your choice and press Enter"
        end = None if timeout is None or clock is None else clock.now() + max(0.0, timeout)
        while True:
            self.say(f"{question} {menu} ({how})")
            wait = None if end is None or clock is None else \
                max(0.0, end - clock.now()) / clock.speed
            line = self.input.readkey(wait) if one_key else self._line_ready(wait)
            if line is None or line == EOF:
                return line
            if one_key:  # no echo in cbreak mode: show what was pressed
                pressed = line.strip()
                self.say(f"> {pressed if pressed.isprintable() else '?'}" if pressed
                         else "> Enter")
            answer = line.strip().lower()
            if answer == "":
                return default
            if answer in keys:
                return answer
            self.say(f"'{answer if answer.isprintable() else '?'}' is not one of the choices")

    def dashboard(self, title: str, moment: Moment | None,
                  readings: Sequence[tuple[str, Reading]], keys: str = PAUSE_KEYS) -> None:
        line = f"[{moment_text(moment)}] " + " | ".join(
            (f"{name}: " if len(readings) > 1 else "") + coverage_line(r) for name, r in readings)
        if line != self._last_dashboard:
            self._last_dashboard = line
            self.say(line)
            for name, reading in readings:  # what each warning is, and where
                for tally in reading.coverage.tallies if reading.coverage else ():
                    if tally.of is None:
                        for item in _first(tally.missing):
                            self.say(f"  {name + ': ' if len(readings) > 1 else ''}"
                                     f"{tally.wanting}: {item}")

    def dashboard_done(self) -> None:
        self._last_dashboard = ""

    def confirm(self, question: str) -> bool:
        """Yes or no, no by default (Enter, end of input, time-out)."""
        return self.ask(question, [("y", "yes"), ("n", "no")], "n") == "y"

    def stdin_is_tty(self) -> bool:
        return self.input.isatty()

    def _line_ready(self, seconds: float | None) -> str | None:
        """A line typed within ``seconds`` (None: wait for ever); None on time-out,
        :data:`EOF` at the end of input."""
        return self.input.readline(seconds)


class LineReader:
    """Lines from stdin with a time-out, read from the file descriptor itself: lines
    waiting in Python's buffered ``sys.stdin`` are invisible to ``select``."""

    def __init__(self, stream: TextIO | None) -> None:
        try:
            self._fd: int | None = stream.fileno() if stream is not None else None
        except (AttributeError, ValueError, OSError):  # closed, or not a real file
            self._fd = None
        self._buffer = b""
        self._eof = self._fd is None

    def isatty(self) -> bool:
        return self._fd is not None and os.isatty(self._fd)

    def readline(self, seconds: float | None) -> str | None:
        deadline = None if seconds is None else time.monotonic() + seconds
        while True:
            newline = self._buffer.find(b"\n")
            if newline != -1 or (self._eof and self._buffer):
                cut = newline + 1 if newline != -1 else len(self._buffer)
                line, self._buffer = self._buffer[:cut], self._buffer[cut:]
                return line.decode("utf-8", "replace")
            if self._eof:
                return EOF
            if not self._wait(None if deadline is None else deadline - time.monotonic()):
                return None
            try:
                chunk = os.read(self._fd, 4096)  # type: ignore[arg-type]
            except OSError:
                chunk = b""
            if chunk:
                self._buffer += chunk
            else:
                self._eof = True

    def keys_work(self) -> bool:
        """Can one key be read without Enter (a terminal with termios)?"""
        if not self.isatty() or os.name == "nt":
            return False
        try:
            import termios
        except ImportError:
            return False
        try:
            termios.tcgetattr(self._fd)
        except (termios.error, OSError, ValueError):
            return False
        return True

    def readkey(self, seconds: float | None) -> str | None:
        """One key pressed within ``seconds`` (None: wait for ever), read at once in
        cbreak mode: "\n" for Enter, :data:`EOF` for Ctrl-D or a closed terminal, None
        on time-out. Ctrl-C still interrupts; the terminal's mode is put back in every
        case. Keys that send several bytes (arrows) come back whole, to be refused."""
        import termios
        import tty

        assert self._fd is not None
        deadline = None if seconds is None else time.monotonic() + seconds
        try:
            saved = termios.tcgetattr(self._fd)
        except termios.error:
            return self.readline(seconds)
        try:
            tty.setcbreak(self._fd, termios.TCSANOW)
            if self._buffer:  # typed ahead in line mode
                key, self._buffer = self._buffer[:1], self._buffer[1:]
            else:
                if not self._wait(None if deadline is None else deadline - time.monotonic()):
                    return None
                try:
                    key = os.read(self._fd, 16)
                except OSError:
                    key = b""
        finally:
            try:
                termios.tcsetattr(self._fd, termios.TCSADRAIN, saved)
            except termios.error:
                pass  # the terminal is gone
        if key in (b"", b"\x04"):
            self._eof = key == b""
            return EOF
        if key in (b"\r", b"\n"):
            return "\n"
        return key.decode("utf-8", "replace")

    def _wait(self, seconds: float | None) -> bool:
        """Is there input within ``seconds``? (None: block until there is.)"""
        if seconds is None:
            return True
        if os.name == "nt":  # select() takes no console handles on Windows
            return _windows_key_within(max(0.0, seconds)) if self.isatty() else True
        ready, _, _ = select.select([self._fd], [], [], max(0.0, seconds))
        return bool(ready)


def _windows_key_within(seconds: float) -> bool:  # pragma: no cover - Windows only
    import msvcrt

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if msvcrt.kbhit():  # type: ignore[attr-defined]
            return True
        time.sleep(0.05)
    return False


class LiveScreen(PlainScreen):
    """Rich on a real terminal: a countdown and a dashboard redrawn in place.

    Everything shown is a :class:`rich.text.Text`, never a markup string: file names,
    paths, prompt ids and rubric names are the student's and teachers' words, and a
    ``[/i]`` in one would be read as markup (and crash the dashboard).
    """

    def __init__(self) -> None:
        super().__init__()
        from rich.console import Console

        self.console = Console(highlight=False, emoji=False)
        self._live = None

    def say(self, text: str = "") -> None:
        from rich.text import Text

        self._stop_live()
        self.console.print(Text(text))

    def heading(self, text: str) -> None:
        from rich.rule import Rule
        from rich.text import Text

        self._stop_live()
        self.console.print(Rule(Text(text, style="rule.text")))

    def bell(self) -> None:
        self.console.bell()

    def countdown(self, label: str, seconds: float, clock: Clock) -> None:
        from rich.live import Live
        from rich.text import Text

        end = clock.now() + seconds
        hint = " (press Enter to start now)" if self.stdin_is_tty() else ""
        with Live(console=self.console, auto_refresh=False, transient=True) as live:
            while (left := end - clock.now()) > 0:
                live.update(Text.assemble((label, "bold"), f": {clock_text(left)}{hint}"),
                            refresh=True)
                if self._line_ready(min(left, 1.0) / clock.speed) is not None:
                    break
        self.console.print(Text(f"{label}: done"))

    def dashboard(self, title: str, moment: Moment | None,
                  readings: Sequence[tuple[str, Reading]], keys: str = PAUSE_KEYS) -> None:
        if self.console.width < MIN_WIDTH:  # the window was made narrower: plain lines
            self._stop_live()
            PlainScreen.dashboard(self, title, moment, readings, keys)
            return
        from rich.console import Group
        from rich.live import Live
        from rich.table import Table
        from rich.text import Text

        table = Table(title=Text(f"{title} — {moment_text(moment)}", style="table.title"),
                      title_justify="left", show_edge=False, expand=False)
        known = next((r.coverage for _, r in readings if r.coverage is not None), None)
        # Before the first reading, the headings of the criteria a check has.
        columns = [t.column for t in known.tallies] if known else \
            [c.column for c in CRITERIA if c.column]
        for column in ("File", "Words", *columns):
            table.add_column(column)
        notes = []
        for name, reading in readings:
            c = reading.coverage
            if c is None:
                table.add_row(Text(name), *["–"] * (1 + len(columns)))
            else:
                table.add_row(Text(name), str(c.words), *(_count(t) for t in c.tallies))
                for tally in c.tallies:
                    if tally.missing and tally.of is None:  # warnings, each where it is
                        notes.extend(Text(f"{name}: {tally.wanting}: {item}", style="yellow")
                                     for item in _first(tally.missing))
                    elif tally.missing:
                        shown = ", ".join(tally.missing[:3])
                        more = len(tally.missing) - 3
                        notes.append(Text(f"{name}: {tally.wanting}: {shown}"
                                          + (f" (+{more} more)" if more > 0 else "")))
            if reading.problem:
                notes.append(Text(f"{name}: {reading.problem}", style="yellow"))
        body = Group(table, *notes, Text(keys, style="dim"))
        if self._live is None:
            self._live = Live(body, console=self.console, auto_refresh=False)
            self._live.start()
        self._live.update(body, refresh=True)

    def dashboard_done(self) -> None:
        self._stop_live()

    def _stop_live(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None


def open_screen() -> PlainScreen:
    """The richest screen this terminal can take."""
    if not sys.stdout.isatty() or os.environ.get("TERM") == "dumb":
        return PlainScreen()
    if shutil.get_terminal_size((80, 24)).columns < MIN_WIDTH:
        return PlainScreen()
    return LiveScreen()
