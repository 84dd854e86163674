"""A timed session (``ibessay practice`` and ``ibessay exam``): reading time, then
planning and writing on one clock, pens down, and the check saved beside the draft.

The session owns the order of things and the student's files; what appears on the
terminal is :mod:`ibessay.practice.screen`'s business, and time comes from a
:class:`~ibessay.practice.timing.Clock` (which tests run fast).

Two ways to write:

* **editor**: a terminal editor (vim, nano) takes over this terminal. The clock keeps
  running in a thread; at the deadline it snapshots the draft as it stands on disk (the
  timed version) and rings the bell, and the student sees where they stand each time the
  editor closes.
* **dashboard**: the student writes in another window (a GUI editor, another pane) and
  this terminal shows time left and coverage, re-checked on every save.

Nothing here deletes or overwrites a student's text: templates are written only where
no file exists, every editor launch is preceded by a snapshot, and after pens down the
later edits go to ``overtime.md`` while ``timed.md`` keeps the exam-time version.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import NamedTuple

from ..content.model import Prompt
from ..content.terms import COMMAND_TERM_DEMANDS, COMMAND_TERM_LABELS
from ..engine.compiled import CompiledRubric
from ..errors import IbessayError
from . import templates
from .clockview import ClockView, open_view
from .editor import (
    Editor,
    EditorRun,
    failure_message,
    launch,
    quick_return_advice,
    start_in_background,
)
from .files import disk_error, write_atomic
from .recheck import DraftWatcher
from .record import ABANDONED, FINISHED, IN_PROGRESS, PAUSED
from .screen import EOF, PlainScreen, coverage_line, moment_text
from .timing import Clock, Moment, Schedule, clock_text
from .workspace import Attempt, process_alive

#: How often the dashboard looks at the files, in real seconds.
POLL_SECONDS = 0.5
#: How long a SIGHUP/SIGTERM sent to ibessay alone waits for the editor to end by itself
#: (it got the signal too if the terminal closed) before ibessay passes it on, in seconds.
EDITOR_GRACE = 2.0


class Essay(NamedTuple):
    """One essay of a session and its files."""

    index: int
    prompt: Prompt
    compiled: CompiledRubric
    outline: Path
    draft: Path
    timed: Path
    overtime: Path
    report: Path

    @classmethod
    def of(cls, attempt: Attempt, index: int, prompt: Prompt, compiled: CompiledRubric) -> Essay:
        file = lambda role: attempt.file(index, role)  # noqa: E731
        return cls(index, prompt, compiled, file("outline"), file("draft"), file("timed"),
                   file("overtime"), file("report"))


class Doc(NamedTuple):
    """A file the student may open during the session."""

    label: str
    path: Path
    essay: Essay
    role: str  # "outline" or "draft"


class _Abandon(Exception):
    pass


class _Quit(Exception):
    pass


class Session:
    def __init__(self, attempt: Attempt, essays: list[Essay], schedule: Schedule,
                 editor: Editor | None, screen: PlainScreen, clock: Clock,
                 fmt: str = "2017", dashboard: bool = False, concept: str = "significance",
                 view: ClockView | None = None) -> None:
        self.attempt = attempt
        self.essays = essays
        self.schedule = schedule
        self.editor = editor
        self.screen = screen
        self.clock = clock
        self.fmt = fmt
        self.dashboard_mode = dashboard or editor is None
        self.concept = concept
        self.docs = self._docs()
        self._start: float | None = None  # clock time when the writing time began
        self._pens_down = threading.Event()
        self._pens_down_lock = threading.Lock()
        self._record_lock = threading.Lock()  # the timer thread saves notes too
        self._finish_early = False
        self._timer_thread: threading.Thread | None = None
        self._timer_error: IbessayError | None = None  # raised in the thread, told here
        # Signals (see _install_signals): what arrived, and where it may raise.
        self._stop_signal: int | None = None  # the first SIGHUP/SIGTERM: end the session
        self._stop_at = 0.0  # when it came (time.monotonic)
        self._interrupted = False  # a SIGINT not yet acted on: the pause menu
        self._waiting = False  # in a wait that a signal may end (a countdown, a menu)
        self._editor_pid: int | None = None  # the terminal editor now running
        # The time left in the title (and tmux's status line) while an editor is open.
        self.view = view if view is not None else open_view(getattr(screen, "out", None))

    # --- the whole session ----------------------------------------------------------

    def run(self, restore_signals: bool = True) -> str:
        """Run to the end; the attempt's final status (finished or abandoned), or
        "paused" when the student quits to resume later, or a signal (a closed
        terminal, a kill) ended the session.

        With ``restore_signals=False`` (the command line, which exits next) SIGHUP,
        SIGTERM and SIGINT are ignored from the end of the session on, rather than given
        back their defaults: one arriving after the save then cannot kill the process
        on its way out (Python's own shutdown resets handlers, not "ignore")."""
        restore = self._install_signals()
        try:
            return self._run()
        finally:
            restore(ignore=not restore_signals)

    def _run(self) -> str:
        self.attempt.acquire()
        try:
            # Read the notes again now that the attempt is ours: another session may
            # have finished it between our first look and the lock.
            self.attempt.reload()
            if self.attempt.status in (FINISHED, ABANDONED):
                raise IbessayError(f"attempt '{self.attempt.name}' is {self.attempt.status}",
                                   f"its files are in {self.attempt.folder}")
        except BaseException:
            self.attempt.release()
            raise
        # From here on a signal raises only inside _interruptible() waits, so everything
        # below that saves runs to its end; the one save of the ending is in the except
        # clauses, where no signal can raise.
        try:
            self._recover_used()
            if self.fmt == "2028":  # its Section A concept is chosen once, kept on resume
                if self.attempt.record.concept is None:
                    self._set(concept=self.concept)
                self.concept = self.attempt.record.concept or self.concept
            if self.attempt.record.phase in (None, "reading"):
                self._guarded(self._reading)
            self._guarded(self._writing)
            self._finish()
            return FINISHED
        except _Abandon:
            self._waiting = False
            self._set(status=ABANDONED, used=self._used())
            self._tell(f"Attempt abandoned; your files are kept in {self.attempt.folder}")
            return ABANDONED
        except _Quit:
            self._waiting = False
            self._set(status=PAUSED, used=self._used())
            why = ""
            if self._stop_signal is not None:
                why = f"{_signal_name(self._stop_signal)}: "
            self._tell(f"{why}Paused with {clock_text(self.schedule.writing - self._used())} "
                       f"left. Resume with: {self.attempt.resume_command}")
            return PAUSED
        except (IbessayError, OSError):
            # A full disk or the like, or a terminal gone (EIO on its output): every
            # file is where it was; the attempt can go on with --resume once the problem
            # is fixed, with the time used kept.
            self._waiting = False
            try:
                self._set(status=PAUSED, used=self._used())
            except IbessayError:
                pass
            raise
        finally:
            self._waiting = False
            self._pens_down.set()  # stops the timer thread, if any
            if self._timer_thread is not None:
                self._timer_thread.join(5)  # it may be saving: let it finish first
            self.attempt.release()

    def _recover_used(self) -> None:
        """A session that ended on a full disk could not save the time it used in
        attempt.json; it is in the note kept beside it (Attempt.note_used)."""
        noted = self.attempt.noted_used()
        record = self.attempt.record
        if record.phase == "writing" and noted is not None and noted > (record.used or 0):
            self._set(used=noted)

    def _tell(self, text: str) -> None:
        """Say the last word; a closed terminal cannot show it (the save is done)."""
        try:
            self.screen.say(text)
        except OSError:
            pass

    def _guarded(self, step: Callable[[], None]) -> None:
        """Run a step; Ctrl-C pauses it with a choice, then the step goes on (unless the
        choice was to finish now)."""
        while True:
            try:
                step()
                return
            except KeyboardInterrupt:
                self.screen.dashboard_done()
                self._pause_menu()
                if self._finish_early:
                    return

    def _install_signals(self) -> Callable[..., None]:
        """SIGHUP (a closed terminal) and SIGTERM (a polite kill) end the session, paused
        with the time used saved; SIGINT (Ctrl-C) opens the pause menu. Returns what puts
        the previous handlers back (or, with ``ignore=True``, ignores them).

        The handler only notes the signal. It raises (_Quit, or KeyboardInterrupt for
        Ctrl-C) only while the session waits in :meth:`_interruptible` (a countdown, a
        menu, the dashboard) and only once: never inside a save, and never again while
        the first one is being saved. Anywhere else the note is acted on at the next
        wait. Inside an editor the signal is the editor's too (a closed terminal sends it
        to both); one sent to ibessay alone is passed on after a moment, so that a kill
        ends the session rather than waiting for the student to quit the editor.
        """
        import signal

        def note(signum: int) -> None:
            if signum == signal.SIGINT:
                if self._stop_signal is None:
                    self._interrupted = True
            elif self._stop_signal is None:
                self._stop_signal = signum
                self._stop_at = time.monotonic()

        def handler(signum: int, frame: FrameType | None) -> None:
            # A second signal can run this handler inside the first one, before the
            # first has noted its own signal, and its raise would end the first: note
            # the signals of the handlers it interrupts too.
            outer = frame
            while outer is not None and outer.f_code in (handler.__code__, note.__code__):
                if outer.f_code is handler.__code__ and "signum" in outer.f_locals:
                    note(outer.f_locals["signum"])
                outer = outer.f_back
            note(signum)
            if self._waiting:
                self._waiting = False
                self._raise_pending()

        previous = {}
        if threading.current_thread() is threading.main_thread():
            for name in ("SIGHUP", "SIGTERM", "SIGINT"):
                if hasattr(signal, name):
                    number = getattr(signal, name)
                    previous[number] = signal.signal(number, handler)

        def restore(ignore: bool = False) -> None:
            for number, old in previous.items():
                signal.signal(number, signal.SIG_IGN if ignore else old)

        return restore

    def _raise_pending(self) -> None:
        """Act on a noted signal: _Quit for SIGHUP/SIGTERM, KeyboardInterrupt (the
        pause menu) for Ctrl-C."""
        if self._stop_signal is not None:
            raise _Quit
        if self._interrupted:
            self._interrupted = False
            raise KeyboardInterrupt

    @contextmanager
    def _interruptible(self) -> Iterator[None]:
        """A wait that a signal may end: one noted before it starts ends it at once."""
        self._waiting = True
        try:
            _run_noted_handlers()
            self._raise_pending()
            yield
        finally:
            self._waiting = False

    def _settle(self) -> None:
        """After the end of input: a closed terminal ends the input and sends SIGHUP at
        once, and the SIGHUP may land a moment after the read returned. Wait for it
        briefly, so that a closed terminal pauses rather than finishes the session."""
        with self._interruptible():
            time.sleep(0.3)

    def _run_editor(self, path: Path) -> EditorRun:
        """The terminal editor on ``path``; a SIGHUP/SIGTERM sent to ibessay alone is
        passed on to it after EDITOR_GRACE seconds (a closed terminal already sent it
        there), so that the session ends without waiting for the student."""
        assert self.editor is not None

        def started(pid: int) -> None:
            self._editor_pid = pid
            _background(self._pass_on_signals, pid)

        try:
            return launch(self.editor, path, on_running=started)
        finally:
            self._editor_pid = None

    def _pass_on_signals(self, pid: int) -> None:
        while self._editor_pid == pid:
            if self._stop_signal is not None and \
                    time.monotonic() - self._stop_at >= EDITOR_GRACE:
                try:
                    os.kill(pid, self._stop_signal)
                except OSError:
                    pass
                return
            time.sleep(0.1)

    def _pause_menu(self) -> None:
        self.clock.pause()
        self._set(status=PAUSED, used=self._used())
        try:
            with self._interruptible():
                while True:
                    choice = self.screen.ask(
                        f"Paused ({clock_text(self.schedule.writing - self._used())} left).",
                        [("r", "resume"), ("f", "finish now"), ("a", "abandon (files kept)"),
                         ("q", "quit, resume later")], "r")
                    if choice != "a" or self.screen.confirm(
                            "Abandon this attempt? It cannot be resumed; its files are kept."):
                        break
        except KeyboardInterrupt:
            choice = "q"
        if choice == EOF:
            self._settle()
        self.clock.resume()
        if choice == "a":
            raise _Abandon
        if choice in ("q", EOF):
            raise _Quit
        self._set(status=IN_PROGRESS)
        if choice == "f":
            self._finish_early = True

    # --- reading time ---------------------------------------------------------------

    def _reading(self) -> None:
        self._set(status=IN_PROGRESS, phase="reading")
        self.screen.heading("Reading time")
        for essay in self.essays:
            p = essay.prompt
            number = f"Essay {essay.index + 1}: " if len(self.essays) > 1 else ""
            self.screen.say(f"{number}{p.question}")
            self.screen.say(f"  {COMMAND_TERM_LABELS[p.command_term]}: "
                            f"{COMMAND_TERM_DEMANDS[p.command_term]}")
            if p.timeframe:
                self.screen.say(f"  Time frame: {p.timeframe[0]}–{p.timeframe[1]}")
        self.screen.say(f"Then {clock_text(self.schedule.writing)} to plan and write: "
                        + ", ".join(f"{part.label} {clock_text(part.seconds)}"
                                    for part in self.schedule.parts))
        self.screen.say(f"Files: {self.attempt.folder}")
        already = self.attempt.record.read
        started = self.clock.now()
        try:
            if self.schedule.reading - already > 0:
                with self._interruptible():
                    self.screen.countdown("Reading time", self.schedule.reading - already,
                                          self.clock)
        finally:
            self._set(read=already + self.clock.now() - started)
        self._set(phase="writing", used=0.0)

    # --- writing time ---------------------------------------------------------------

    def _writing(self) -> None:
        if self._finish_early:
            return
        self._start = self.clock.now() - self.attempt.record.used
        self._set(status=IN_PROGRESS)
        if self._timer_thread is None:  # not again after a pause
            self.screen.heading(f"Writing: {clock_text(self.schedule.writing - self._used())}")
            self._timer_thread = _background(self._timer)
        current = self._first_doc()
        while not self._pens_down.is_set() and not self._finish_early and self._left() > 0:
            if self.dashboard_mode:
                self._watch()
                break
            current = self._edit(current)
        self._pens_down_now()

    def _edit(self, current: int) -> int:
        """Open one file in a terminal editor; then say where things stand and ask what
        next. Returns the next file to open."""
        if self._stop_signal is not None:  # noted since the last wait: no new editor
            raise _Quit
        doc = self.docs[current]
        self._ensure(doc)
        assert self.editor is not None
        self.screen.say(f"Opening {doc.path.name} in {self.editor.program} "
                        f"({moment_text(self._moment())})")
        with self.view.showing(self._left()):
            run = self._run_editor(doc.path)
        self._set(used=self._used())
        if self._stop_signal is not None:
            raise _Quit
        if self._pens_down.is_set():
            return current
        if run.returned_at_once and not self.editor.surely_waits:
            # Perhaps a window opener; perhaps the student just closed it: say, not act.
            self.screen.warn(quick_return_advice(self.editor) + "; or choose [w] below to "
                             "write in that window with the live dashboard here")
        if run.returncode != 0:
            message, hint = failure_message(self.editor, run, doc.path)
            self.screen.warn(f"{message}\n{hint}")
        if doc.role == "draft":
            reading = DraftWatcher(doc.path, doc.essay.compiled, doc.essay.prompt).read()
            where = coverage_line(reading)
        else:
            where = f"{doc.label} {'saved' if run.changed else 'unchanged'}"
        self.screen.say(f"Back after {clock_text(run.seconds * self.clock.speed)} in the editor: "
                        f"{moment_text(self._moment())} · {where}")
        # Enter goes on: outline -> its draft -> the next essay's outline (in an exam).
        following = min(current + 1, len(self.docs) - 1)
        choices = [("", f"open {self.docs[following].label}")]
        choices += [(str(i + 1), d.label) for i, d in enumerate(self.docs) if i != following]
        choices += [("w", "dashboard (write in another window)"), ("f", "pens down now"),
                    ("p", "pause")]
        with self._interruptible():
            answer = self.screen.ask("Next?", choices, "", self._left(), self.clock)
        if answer is None:  # the time ran out while the menu waited: pens down
            self._pens_down_now()
            return current
        if answer == EOF:
            self._settle()
        if answer in (EOF, "f"):  # no one left to ask, or the student is done
            self._finish_early = True
            return current
        if answer == "p":
            self._pause_menu()
            return current
        if answer == "w":
            self.dashboard_mode = True
            return current
        return following if answer == "" else int(answer) - 1

    def _watch(self) -> None:
        """The live dashboard while the student writes elsewhere, until pens down."""
        for doc in self.docs:
            if doc.role == "draft":
                self._ensure(doc)
        drafts = [d for d in self.docs if d.role == "draft"]
        paths = ", ".join(str(d.path) for d in drafts)
        if self.editor is not None and not self.editor.in_terminal:
            # One window per session, also across a resume: a second window on the same
            # file could save older text over newer.
            running = [pid for pid in self.attempt.record.editor_pids if process_alive(pid)]
            if not running:
                running = [start_in_background(self.editor, d.path).pid for d in drafts]
                self._set(editor_pids=tuple(running))
            self.screen.say(f"Opened in {self.editor.program}: {paths}")
        else:
            self.screen.say(f"Write in your own editor: {paths}")
        self.screen.say("The dashboard re-checks the draft every time you save it.")
        watchers = [(d.label, DraftWatcher(d.path, d.essay.compiled, d.essay.prompt))
                    for d in drafts]
        while not self._pens_down.is_set() and not self._finish_early:
            for _, watcher in watchers:
                watcher.poll()
            self.screen.dashboard(self._title(), self._moment(),
                                  [(label, w.latest) for label, w in watchers])
            with self._interruptible():
                self._pens_down.wait(POLL_SECONDS)  # the timer thread saves the time used
        self.screen.dashboard_done()

    def _timer(self) -> None:
        """Pens down at the deadline, whatever the main thread is doing (an editor may
        hold the terminal); meanwhile save the time used every 30 s, so that a crash or
        a closed laptop costs no more than that."""
        saved = self.clock.now()
        while not self._pens_down.is_set():
            left = self._left()
            self.view.tick(left)
            if left <= 0:
                try:
                    self._pens_down_now()
                except IbessayError as exc:  # the main thread reports it and tries again
                    self._timer_error = exc
                    self._pens_down.set()
                return
            if self.clock.now() - saved >= 30:
                saved = self.clock.now()
                try:
                    self._set(used=self._used())
                except IbessayError:
                    pass  # a full disk: the deadline's own write will report it
            self.clock.wait(self._pens_down, min(left, 1.0))

    def _pens_down_now(self) -> None:
        """Keep every draft as it stands on disk this moment: the timed version."""
        with self._pens_down_lock:
            if self.attempt.record.pens_down:
                self._pens_down.set()
                return
            for essay in self.essays:
                try:
                    data = essay.draft.read_bytes()
                except FileNotFoundError:
                    continue
                except OSError as exc:
                    raise disk_error(exc, essay.draft) from None
                write_atomic(essay.timed, data)
            self._set(pens_down=datetime.now().isoformat(timespec="seconds"),
                      used=min(self._used(), self.schedule.writing),
                      early=self._finish_early)
            self._pens_down.set()
        if not self._finish_early:
            self.screen.bell()

    # --- the end --------------------------------------------------------------------

    def _finish(self) -> None:
        late = self._used() - self.schedule.writing  # the bell already rang at the time
        if self._timer_error is not None:
            self.screen.warn(f"the timed copy could not be saved at the deadline "
                             f"({self._timer_error.message}); saving it now, so it may hold "
                             "work done after time")
            self._timer_error = None
        self._pens_down_now()
        self.screen.heading("Pens down")
        if self.attempt.record.early:
            self.screen.say(f"You finished with {clock_text(-late)} to spare.")
        else:
            at = self.attempt.record.pens_down or ""  # set by _pens_down_now()
            self.screen.say(f"Time was up at {at[11:]}"
                            + (f"; the editor closed {clock_text(late)} later" if late >= 1
                               else "") + ".")
        if self.dashboard_mode and self.screen.stdin_is_tty() and self._stop_signal is None:
            try:
                with self._interruptible():
                    self.screen.ask("Save your file now if it has unsaved text (that "
                                    "becomes overtime), then:", [("", "see the report")], "")
            except KeyboardInterrupt:
                pass  # Ctrl-C here: on to the report
        from io import StringIO

        from ..content.drafts import decode
        from ..engine.check import check_text
        from ..render.markdown import render as render_markdown

        for essay in self.essays:
            try:
                timed = essay.timed.read_bytes()
            except FileNotFoundError:
                self.screen.say(f"{essay.draft.name}: no draft was written")
                continue
            if not essay.draft.exists():
                self.screen.say(f"{essay.draft.name} was deleted after pens down; "
                                f"{essay.timed.name} keeps the timed version")
                current = timed
            else:
                current = essay.draft.read_bytes()
            if current != timed:
                when = self.attempt.record.pens_down
                note = (f"<!-- Overtime: written after pens down ({when}). The timed "
                        f"version is {essay.timed.name}. -->\n\n")
                write_atomic(essay.overtime, note.encode() + current)
                self._set_essay(essay.index, overtime=True)
                self.screen.say(f"Edits after pens down are kept in {essay.overtime}")
            try:
                text = decode(timed, str(essay.timed)).replace("\r\n", "\n")
            except IbessayError as exc:
                self.screen.warn(f"{exc.message}; no report")
                continue
            report = check_text(text, essay.compiled, str(essay.timed), essay.prompt)
            out = StringIO()
            render_markdown(report, out)
            write_atomic(essay.report, out.getvalue())
            write_atomic(essay.report.with_suffix(".json"),
                         json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
            self._set_essay(essay.index, words=report.words, score=report.score,
                            band=report.band.label, passed=report.passed)
            self.screen.say(
                f"{essay.prompt.id}: {report.words} words · score {report.score}/100 · "
                f"indicative band {report.band.label} · "
                + ("passes the rubric" if report.passed else
                   "not yet: " + ", ".join(report.unmet)))
            for hint in report.hints[:5]:
                self.screen.say(f"  - {hint.message}")
            if len(report.hints) > 5:
                self.screen.say(f"  ... and {len(report.hints) - 5} more in the report")
            self.screen.say(f"  timed draft: {essay.timed}")
            self.screen.say(f"  report: {essay.report}")
        self._set(status=FINISHED, phase="done",
                  finished=datetime.now().isoformat(timespec="seconds"))

    # --- helpers --------------------------------------------------------------------

    def _docs(self) -> list[Doc]:
        docs = []
        for essay in self.essays:
            name = f"essay {essay.index + 1} " if len(self.essays) > 1 else ""
            if self.fmt != "2028":
                docs.append(Doc(f"{name}outline", essay.outline, essay, "outline"))
            docs.append(Doc(f"{name}draft" if self.fmt != "2028" else "answers", essay.draft,
                            essay, "draft"))
        return docs

    def _first_doc(self) -> int:
        """Resume where the student was: the last file that already exists; at the
        start of the writing time, the outline (one made by ``ibessay outline`` or
        ``draft`` before the clock started is planned on first)."""
        if not self.attempt.record.used:
            return 0
        existing = [i for i, d in enumerate(self.docs) if d.path.exists()]
        return existing[-1] if existing else 0

    def _ensure(self, doc: Doc) -> None:
        """Create a missing outline or draft from its template; never overwrite."""
        if doc.path.exists():
            return
        essay = doc.essay
        if doc.role == "outline":
            plan = next((p.seconds for p in self.schedule.parts if p.id.startswith("planning")),
                        None)
            rubric = essay.compiled.rubric
            text = templates.outline(essay.prompt, rubric, plan / 60 if plan else None)
        elif self.fmt == "2028":
            scale = self.schedule.writing / (100 * 60)
            text = templates.paper_2028(essay.prompt, self.concept, scale)
        else:
            outline = essay.outline.read_text(encoding="utf-8", errors="replace") \
                if essay.outline.exists() else None
            text = templates.draft(essay.prompt, outline)
        write_atomic(doc.path, text)

    def _used(self) -> float:
        """Writing time used so far (0 during reading time)."""
        if self._start is None:
            return self.attempt.record.used
        return max(0.0, self.clock.now() - self._start)

    def _left(self) -> float:
        return self.schedule.writing - self._used()

    def _moment(self) -> Moment:
        return self.schedule.at(self._used())

    def _title(self) -> str:
        return " + ".join(e.prompt.id for e in self.essays)

    def _set(self, **fields: object) -> None:
        """Change the attempt's notes and save them (the timer thread does too)."""
        with self._record_lock:
            if "used" in fields:  # first: it works on a full disk, the update may not
                self.attempt.note_used(float(fields["used"]))  # type: ignore[arg-type]
            self.attempt.update(**fields)

    def _set_essay(self, index: int, **fields: object) -> None:
        with self._record_lock:
            self.attempt.update_essay(index, **fields)


def _signal_name(number: int) -> str:
    """What a student understands of a signal."""
    import signal

    return {getattr(signal, "SIGHUP", -1): "The terminal closed",
            signal.SIGTERM: "Stopped (SIGTERM)"}.get(number, f"Signal {number}")


def _background(target: Callable[..., None], *args: object) -> threading.Thread:
    """A daemon thread that never takes the session's signals. The kernel gives a signal
    to any thread that does not block it; one given to a helper thread would not wake
    the main thread from a read of the keyboard, and the session would wait there for
    ever. A new thread starts with the mask of the thread that starts it."""
    import signal

    numbers = {getattr(signal, n) for n in ("SIGHUP", "SIGTERM", "SIGINT") if hasattr(signal, n)}
    masked = hasattr(signal, "pthread_sigmask")  # not on Windows
    if masked:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, numbers)
    try:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
    finally:
        if masked:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    return thread


def _run_noted_handlers() -> None:
    """Run the handlers of signals that Python has noted but not run yet.

    Two signals that arrive together are handled in number order (SIGINT before
    SIGTERM); when the first handler raises, CPython leaves the second for its next
    check, and a read of the keyboard that blocks never makes one: the SIGTERM would
    wait there for ever. ``pthread_kill`` with signal 0 sends nothing, then checks."""
    import signal

    if hasattr(signal, "pthread_kill") and threading.current_thread() is threading.main_thread():
        signal.pthread_kill(threading.get_ident(), 0)
