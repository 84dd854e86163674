"""What the practice commands do, between the command line and the session.

``outline``, ``draft``, ``open``, ``drafts``, ``practice`` and ``exam`` each come down
to: find the prompt(s), find or create the attempt, then open a file or run a timed
:class:`~ibessay.practice.session.Session`. The CLI only parses options and calls these.
"""

from __future__ import annotations

import atexit
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..content.library import Library
from ..content.model import TOPICS, Prompt
from ..engine.compiled import rubric_for
from ..errors import IbessayError
from . import templates
from .editor import Editor, failure_message, launch, quick_return_advice
from .files import write_new
from .record import DONE, FINISHED
from .timing import ESSAY_MINUTES, Schedule, exam_schedule, practice_schedule
from .workspace import Attempt, AttemptBusy, Workspace

# --- choosing prompts ------------------------------------------------------------------

def choose_prompt(library: Library, prompt_id: str | None, topic: int | None = None,
                  term: str | None = None, rng: random.Random | None = None) -> Prompt:
    """The named prompt, or a random one among those that fit the filters."""
    if prompt_id:
        return library.prompt(prompt_id)
    candidates = library.prompts_matching(topic, term)
    if not candidates:
        raise IbessayError(f"no installed prompt matches {_filters(topic, term)}",
                           "list what is installed with 'ibessay prompts'")
    return (rng or random.Random()).choice(candidates)


def choose_exam(library: Library, topic: int | None = None, term: str | None = None,
                rng: random.Random | None = None,
                topics: tuple[int, ...] | None = None) -> list[Prompt]:
    """Two prompts from two different topics, as the exam requires: from ``topics`` only
    (the two a school teaches) when given, one of them ``topic`` when given."""
    rng = rng or random.Random()
    by_topic: dict[int, list[Prompt]] = {}
    for prompt in library.prompts_matching(None, term):
        if topics is None or prompt.topic in topics:
            by_topic.setdefault(prompt.topic, []).append(prompt)
    for wanted in (topics or ()):
        if wanted not in by_topic:
            raise IbessayError(f"no installed prompt matches {_filters(wanted, term)}",
                               "list what is installed with 'ibessay prompts'")
    if topic is not None and topic not in by_topic:
        raise IbessayError(f"no installed prompt matches {_filters(topic, term)}",
                           "list what is installed with 'ibessay prompts'")
    if len(by_topic) < 2:
        covered = ", ".join(f"{t} ({TOPICS[t]})" for t in sorted(by_topic)) or "none"
        raise IbessayError(
            "a mock paper needs prompts from two different topics, but the installed "
            f"prompts{' for ' + _filters(None, term) if term else ''} cover only topic "
            f"{covered}",
            "install a pack with prompts on another topic ('ibessay pack install'), or "
            "practise one essay with 'ibessay practice'",
        )
    first_topic = topic if topic is not None else rng.choice(sorted(by_topic))
    second_topic = rng.choice(sorted(t for t in by_topic if t != first_topic))
    return [rng.choice(by_topic[first_topic]), rng.choice(by_topic[second_topic])]


def _filters(topic: int | None, term: str | None) -> str:
    said = [f"topic {topic}" if topic is not None else "", f"command term '{term}'" if term else ""]
    return " and ".join(s for s in said if s) or "these filters"


# --- outline, draft, open --------------------------------------------------------------

def attempt_for(workspace: Workspace, prompt: Prompt, fmt: str = "2017") -> Attempt:
    """The student's unfinished untimed attempt on ``prompt`` (an outline made earlier),
    or a new one, locked for this process (one writer per attempt). Timed attempts are
    left alone: their files belong to their clock. One open in another process (an
    editor in another terminal) is never shared: this gets a new attempt, and says so."""
    latest = workspace.latest_open(prompt.id)
    if latest is not None and not latest.timed:
        try:
            hold(latest)
        except AttemptBusy as busy:
            print(f"note: attempt '{latest.name}' is open in {busy.who}; starting a new "
                  "attempt so that neither overwrites the other", file=sys.stderr)
        else:
            latest.reload()  # the notes as they are now that it is ours
            if not latest.timed and latest.status not in DONE:
                return latest
            latest.release()  # made a timed attempt (or finished) meanwhile
    attempt = workspace.create([prompt.id], fmt=fmt)
    hold(attempt)
    return attempt


def hold(attempt: Attempt) -> None:
    """Take the attempt's lock until this process ends (or releases it): a command that
    writes an attempt's files holds it while it does, so a second one refuses
    (:class:`AttemptBusy` names the first)."""
    attempt.acquire()
    atexit.register(attempt.release)  # releases only a lock that is still ours


def prepare_file(library: Library, workspace: Workspace, prompt: Prompt, role: str,
                 force: bool = False) -> tuple[Path, bool]:
    """The outline or draft file for ``prompt``, created from its template if missing
    (or, with ``force``, recreated after a snapshot). Returns (path, created). The
    attempt stays locked until this process ends: the editor that follows is its only
    writer."""
    # A rubric that does not load (a pack's, edited by hand) fails before an attempt
    # folder is made for nothing.
    rubric = rubric_for(library, prompt).rubric if role == "outline" else None
    attempt = attempt_for(workspace, prompt)
    path = attempt.file(0, role)
    if path.exists() and not force:
        return path, False
    if rubric is not None:
        text = templates.outline(prompt, rubric)
    else:
        outline = attempt.file(0, "outline")
        seed = outline.read_text(encoding="utf-8", errors="replace") if outline.exists() else None
        text = templates.draft(prompt, seed)
    write_new(path, text, force=force)
    return path, True


def edit(editor: Editor, path: Path) -> list[str]:
    """Open ``path`` in the editor and wait; returns warnings to show. A failed editor
    is an error (exit 2) that says where the file is."""
    run = launch(editor, path)
    if run.returncode != 0:
        raise IbessayError(*failure_message(editor, run, path))
    if run.returned_at_once:
        return [quick_return_advice(editor)]
    return []


def resolve_file(workspace: Workspace, name: str, role: str, essay: int = 1,
                 ) -> tuple[Attempt, Path]:
    """An attempt's file to reopen: its draft or its outline (of its ``essay``-th essay,
    for a mock exam)."""
    attempt = workspace.find(name)
    if not 1 <= essay <= len(attempt.essays):
        raise IbessayError(f"attempt '{attempt.name}' has {len(attempt.essays)} essay(s), "
                           f"not {essay}", f"use --essay 1 to {len(attempt.essays)}")
    hold(attempt)  # refuses, naming the other process, if one has it open
    attempt.reload()
    if attempt.timed and attempt.status not in DONE:
        attempt.release()
        raise IbessayError(f"attempt '{attempt.name}' is a timed attempt that is not "
                           "finished; editing it here would be off the clock",
                           f"go on with '{attempt.resume_command}'")
    path = attempt.file(essay - 1, role)
    if not path.exists():
        attempt.release()
        other = "outline" if role == "draft" else "draft"
        how = {"outline": f"ibessay open {attempt.name} --outline",
               "draft": f"ibessay open {attempt.name}"}
        raise IbessayError(f"attempt '{attempt.name}' has no {role} yet",
                           f"open its {other} with '{how[other]}'"
                           if attempt.file(essay - 1, other).exists() else
                           f"start one with 'ibessay {role} {attempt.prompts[essay - 1]}'")
    return attempt, path


#: The status shown for a folder whose attempt.json cannot be read.
UNREADABLE = "unreadable"


def attempt_rows(workspace: Workspace) -> list[dict[str, Any]]:
    """One summary per attempt, oldest first, for ``ibessay drafts``; then one for each
    attempt whose attempt.json cannot be read, with the ``problem`` and its fix."""
    attempts, unreadable = workspace.scan()
    rows: list[dict[str, Any]] = []
    for attempt in attempts:
        words = [essay.words if essay.words is not None else
                 _words_now(attempt.file(i, "draft")) for i, essay in enumerate(attempt.essays)]
        record = attempt.record
        rows.append({
            "attempt": attempt.name,
            "kind": record.kind,
            "format": record.format,
            "prompts": attempt.prompts,
            "status": attempt.status,
            "created": record.created,
            "words": words,
            "scores": [e.score for e in attempt.essays if e.score is not None],
            "overtime": any(e.overtime for e in attempt.essays),
            "path": str(attempt.folder),
            "problem": None,
        })
    for broken in unreadable:
        rows.append({
            "attempt": broken.folder.name, "kind": None, "format": None, "prompts": [],
            "status": UNREADABLE, "created": None, "words": [], "scores": [],
            "overtime": False, "path": str(broken.folder),
            "problem": f"{broken.error.message}; {broken.error.hint}",
        })
    return rows


def _words_now(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    from ..engine.draft import words_in

    return words_in(text)


# --- timed sessions --------------------------------------------------------------------

def new_practice(workspace: Workspace, prompt_id: str | None, topic: int | None,
                 term: str | None, minutes: float | None, reading: float, fmt: str,
                 new: bool, say: Callable[[str], None] | None = None,
                 ) -> tuple[Attempt, list[Prompt]]:
    """A timed attempt on one prompt: the attempt an earlier ``ibessay outline`` made,
    or a new one; never one that is timed and unfinished (unless ``new``). ``say`` is
    told when an earlier attempt is taken up."""
    library = Library.default()
    chosen = choose_prompt(library, prompt_id, topic, term)
    rubric_for(library, chosen)  # one that does not load fails before the attempt is made
    if not new:
        refuse_second_session(workspace, chosen.id)
    if new:
        attempt = workspace.create([chosen.id], fmt=fmt)
        hold(attempt)
    else:
        attempt = attempt_for(workspace, chosen, fmt)
    made = [role for role in ("outline", "draft") if attempt.file(0, role).exists()]
    if made and say is not None:
        first = "the outline opens first" if fmt != "2028" else "the answer sheet opens"
        say(f"Going on with {attempt.name}, begun with 'ibessay {made[0]}' (its "
            f"{' and '.join(made)} {'are' if len(made) > 1 else 'is'} kept), now on the "
            f"clock: {first}")
    length = minutes or (None if fmt == "2028" else chosen.minutes or ESSAY_MINUTES)
    _time(attempt, practice_schedule(length, reading, fmt), fmt)
    return attempt, [chosen]


def new_exam(workspace: Workspace, topic: int | None, minutes: float | None, reading: float,
             fmt: str, topics: tuple[int, ...] | None = None, seed: int | None = None,
             ) -> tuple[Attempt, list[Prompt]]:
    """A mock paper: two essays from two topics (of ``topics`` when given), or one 2028
    structured paper; the same ``seed`` draws the same prompts from the same bank."""
    library = Library.default()
    rng = random.Random(seed)
    if fmt == "2028":
        one = topic if topic is not None or not topics else rng.choice(sorted(topics))
        prompts = [choose_prompt(library, None, one, rng=rng)]
    else:
        prompts = choose_exam(library, topic, rng=rng, topics=topics)
    for prompt in prompts:
        rubric_for(library, prompt)  # one that does not load fails before the attempt
    attempt = workspace.create([p.id for p in prompts], kind="exam", fmt=fmt)
    hold(attempt)
    _time(attempt, exam_schedule(minutes, reading, fmt), fmt)
    return attempt, prompts


def resume_attempt(workspace: Workspace, name: str, kind: str) -> tuple[Attempt, list[Prompt]]:
    attempt = resumable(workspace, name, kind)
    library = Library.default()
    return attempt, [library.prompt(p) for p in attempt.prompts]


def run_session(attempt: Attempt, prompts: list[Prompt], dashboard: bool,
                exiting: bool = False) -> str:
    """Run a timed session in this terminal; returns the attempt's status after it.
    ``exiting``: the process ends next (the command line), so signals stay ignored
    after the session rather than getting back their defaults (see Session.run)."""
    from .editor import resolve
    from .screen import open_screen
    from .session import Essay, Session
    from .timing import Clock

    library = Library.default()
    essays = [Essay.of(attempt, i, p, rubric_for(library, p))
              for i, p in enumerate(prompts)]
    try:
        editor: Editor | None = resolve()
    except IbessayError:
        if not dashboard:
            raise
        editor = None  # the student writes elsewhere; no editor needed
    record = attempt.record
    assert record.schedule is not None  # new_* timed it; resumable() refuses untimed ones
    # The 2028 Section A concept: the session keeps the first one chosen.
    concept = record.concept or random.choice(templates.CONCEPTS_2028)
    session = Session(attempt, essays, record.schedule, editor, open_screen(),
                      Clock.from_env(), fmt=record.format,
                      dashboard=dashboard or (editor is not None and not editor.in_terminal),
                      concept=concept)
    try:
        return session.run(restore_signals=not exiting)
    finally:
        attempt.release()  # new_* took it; the session's own hold ends with it


def _time(attempt: Attempt, schedule: Schedule, fmt: str) -> None:
    attempt.update(schedule=schedule, phase="reading", format=fmt)


def refuse_second_session(workspace: Workspace, prompt_id: str) -> None:
    """A timed attempt on this prompt that is not finished: never start over it."""
    for attempt in reversed(workspace.attempts()):
        if attempt.prompts == [prompt_id] and attempt.timed \
                and attempt.status not in DONE:
            raise IbessayError(
                f"you have an unfinished timed attempt on '{prompt_id}': {attempt.name} "
                f"({attempt.status})",
                f"go on with 'ibessay practice --resume {attempt.name}', or start another "
                "with --new",
            )


def last_paused(workspace: Workspace, kind: str) -> Attempt:
    """The timed attempt of ``kind`` ("essay" or "exam") saved last that can go on: what
    ``--resume`` with no name resumes. One open in another session is passed over."""
    candidates = [a for a in workspace.attempts()
                  if a.record.kind == kind and a.timed and a.status not in DONE
                  and a.holder() is None]
    command = "practice" if kind == "essay" else "exam"
    if not candidates:
        raise IbessayError(f"no paused {command} attempt to resume",
                           f"start one with 'ibessay {command}'; 'ibessay drafts' lists "
                           "your attempts")

    def saved_at(attempt: Attempt) -> float:
        try:
            return (attempt.folder / "attempt.json").stat().st_mtime
        except OSError:
            return 0.0

    return max(reversed(candidates), key=saved_at)  # of equals, the newest


def resumable(workspace: Workspace, name: str, kind: str) -> Attempt:
    attempt = workspace.find(name)
    if attempt.record.kind != kind or not attempt.timed:
        what = "practice" if kind == "essay" else "exam"
        other = "exam" if kind == "essay" else "practice"
        hint = (f"resume it with 'ibessay {other} --resume {attempt.name}'"
                if attempt.timed else f"open it with 'ibessay open {attempt.name}'")
        raise IbessayError(f"'{attempt.name}' is not a timed {what} attempt", hint)
    if attempt.status == FINISHED:
        raise IbessayError(f"attempt '{attempt.name}' is finished",
                           f"see its report in {attempt.folder / 'report.md'}")
    return attempt
