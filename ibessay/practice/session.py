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
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from ..content.model import Prompt
from ..content.terms import COMMAND_TERM_DEMANDS, COMMAND_TERM_LABELS
from ..engine.compiled import CompiledRubric
from ..errors import IbessayError
from . import templates
from .clockview import ClockView, open_view
from .editor import Editor, failure_message, launch, quick_return_advice, start_in_background
from .files import disk_error, write_atomic
from .recheck import DraftWatcher
from .record import ABANDONED, FINISHED, IN_PROGRESS, PAUSED
from .screen import EOF, PlainScreen, coverage_line, moment_text
from .timing import Clock, Moment, Schedule, clock_text
from .workspace import Attempt, process_alive

#: How often the dashboard looks at the files, in real seconds.
POLL_SECONDS = 0.5


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
        self._in_editor = False
        self._hung_up = False
        # The time left in the title (and tmux's status line) while an editor is open.
        self.view = view if view is not None else open_view(getattr(screen, "out", None))

    # --- the whole session ----------------------------------------------------------

    def run(self) -> str:
        """Run to the end; the attempt's final status (finished or abandoned), or
        "paused" when the student quits to resume later."""
        self.attempt.acquire()
        # Read the notes again now that the attempt is ours: another session may have
        # finished it between our first look and the lock.
        try:
            self.attempt.reload()
        except IbessayError:
            self.attempt.release()
            raise
        if self.attempt.status in (FINISHED, ABANDONED):
            self.attempt.release()
            raise IbessayError(f"attempt '{self.attempt.name}' is {self.attempt.status}",
                               f"its files are in {self.attempt.folder}")
        restore = self._on_hangup()
        try:
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
            self._set(status=ABANDONED, used=self._used())
            self.screen.say(f"Attempt abandoned; your files are kept in {self.attempt.folder}")
            return ABANDONED
        except _Quit:
            self._set(status=PAUSED, used=self._used())
            self.screen.say(f"Paused with {clock_text(self.schedule.writing - self._used())} "
                            f"left. Resume with: {self.attempt.resume_command}")
            return PAUSED
        except IbessayError:
            # A full disk or the like: every file is where it was; the attempt can go on
            # with --resume once the problem is fixed.
            try:
                self._set(status=PAUSED, used=self._used())
            except IbessayError:
                pass
            raise
        finally:
            self._pens_down.set()  # stops the timer thread, if any
            restore()
            self.attempt.release()

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

    def _on_hangup(self) -> Callable[[], None]:
        """A closed terminal (SIGHUP) or a polite kill (SIGTERM) pauses the attempt
        with the time used saved. Inside an editor it waits for the editor to end (it
        gets the same signal): ending it from here would kill it and lose its text.
        Returns what puts the previous handlers back."""
        import signal

        def hangup(signum: int, frame: object) -> None:
            # A flag and, outside an editor, _Quit, which run() saves as a pause. Nothing
            # more: the signal may land inside a save, and a save from here would wait
            # for the lock that save holds, for ever.
            self._hung_up = True
            if not self._in_editor:
                raise _Quit

        previous = {}
        if threading.current_thread() is threading.main_thread():
            for name in ("SIGHUP", "SIGTERM"):
                if hasattr(signal, name):
                    number = getattr(signal, name)
                    previous[number] = signal.signal(number, hangup)

        def restore() -> None:
            for number, handler in previous.items():
                signal.signal(number, handler)

        return restore

    def _pause_menu(self) -> None:
        self.clock.pause()
        self._set(status=PAUSED, used=self._used())
        try:
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
            self._timer_thread = threading.Thread(target=self._timer, daemon=True)
            self._timer_thread.start()
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
        doc = self.docs[current]
        self._ensure(doc)
        assert self.editor is not None
        self.screen.say(f"Opening {doc.path.name} in {self.editor.program} "
                        f"({moment_text(self._moment())})")
        self._in_editor = True
        try:
            with self.view.showing(self._left()):
                run = launch(self.editor, doc.path)
        finally:
            self._in_editor = False
        if self._hung_up:
            raise _Quit
        self._set(used=self._used())
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
            where = f"{doc.label} saved"
        self.screen.say(f"Back after {clock_text(run.seconds * self.clock.speed)} in the editor: "
                        f"{moment_text(self._moment())} · {where}")
        # Enter goes on: outline -> its draft -> the next essay's outline (in an exam).
        following = min(current + 1, len(self.docs) - 1)
        choices = [("", f"open {self.docs[following].label}")]
        choices += [(str(i + 1), d.label) for i, d in enumerate(self.docs) if i != following]
        choices += [("w", "dashboard (write in another window)"), ("f", "pens down now"),
                    ("p", "pause")]
        answer = self.screen.ask("Next?", choices, "", self._left(), self.clock)
        if answer is None:  # the time ran out while the menu waited: pens down
            self._pens_down_now()
            return current
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
        if self.dashboard_mode and self.screen.stdin_is_tty():
            self.screen.ask("Save your file now if it has unsaved text (that becomes "
                            "overtime), then:", [("", "see the report")], "")
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
            self.attempt.update(**fields)

    def _set_essay(self, index: int, **fields: object) -> None:
        with self._record_lock:
            self.attempt.update_essay(index, **fields)
