"""The commands for writing: outline, draft, open, drafts, practice, exam, watch, config.

They register on :data:`ibessay.cli.app` when this module is imported, which
:func:`ibessay.cli._click_command` does only when one of them is run (or for the full
help): a check never pays for building them.
"""

# No "from __future__ import annotations": Typer reads the annotations (see cli.py).
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import IbessayError
from . import app

if TYPE_CHECKING:  # the helpers' annotations are strings: nothing imported to run them
    from pathlib import Path

    from ..practice.editor import Editor

PromptArgument = Annotated[
    str, typer.Argument(metavar="PROMPT", help="Prompt id (see 'ibessay prompts').")
]
WorkspaceOption = Annotated[
    str | None, typer.Option("--workspace", help="Folder for attempts (default: "
                             "$IBESSAY_HOME/drafts or your user data folder).")
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Start the file afresh (the old one is kept as a "
                       "snapshot).")
]
NoOpenOption = Annotated[
    bool, typer.Option("--no-open", help="Create the file and print its path; no editor.")
]
MinutesOption = Annotated[
    float | None, typer.Option("--minutes", min=0.01, help="Writing time in minutes "
                               "(fractions allowed).")
]
ReadingOption = Annotated[
    float, typer.Option("--reading", min=0, help="Reading time in minutes (the exam has 5).")
]
PaperOption = Annotated[
    str, typer.Option("--format", help="2017: today's essays; 2028: the structured paper "
                      "(sections A and B, 1 h 45 min).")
]
DashboardOption = Annotated[
    bool, typer.Option("--dashboard", help="Write in another window: this terminal shows "
                       "the clock and live coverage instead of opening an editor here.")
]
ResumeOption = Annotated[
    str | None, typer.Option("--resume", metavar="ATTEMPT", help="Go on with a paused "
                             "attempt.")
]


def _open_or_print(path: "Path", created: bool, no_open: bool,
                   editor: "Editor | None" = None) -> None:
    """Open ``path`` in the editor (resolved beforehand, so that a missing editor is
    reported before any file is made), or just print it with --no-open."""
    if no_open:
        print(f"{'created' if created else 'exists:'} {path}", file=sys.stderr)
        print(path)
        return
    from ..practice.actions import edit

    assert editor is not None  # resolved by the caller unless --no-open
    for warning in edit(editor, path):
        print(f"warning: {warning}", file=sys.stderr)
    print(f"saved in {path}", file=sys.stderr)


def _editor_unless(no_open: bool) -> "Editor | None":
    from ..practice.editor import resolve

    return None if no_open else resolve()


def _planning_file(role: str, prompt: str, force: bool, no_open: bool,
                   workspace: str | None) -> None:
    from ..content.library import Library
    from ..practice.actions import prepare_file
    from ..practice.workspace import Workspace

    library = Library.default()
    chosen = library.prompt(prompt)
    editor = _editor_unless(no_open)
    path, created = prepare_file(library, Workspace.at(workspace), chosen, role, force)
    _open_or_print(path, created, no_open, editor)


@app.command()
def outline(
    prompt: PromptArgument,
    force: ForceOption = False,
    no_open: NoOpenOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Plan an essay in your editor, from a template built from the prompt.

    The template holds the question, what its command term demands, thesis and
    counter-argument lines, and one section per period with slots for evidence and
    historians' views."""
    _planning_file("outline", prompt, force, no_open, workspace)


@app.command()
def draft(
    prompt: PromptArgument,
    force: ForceOption = False,
    no_open: NoOpenOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Write an essay in your editor, starting from your outline if there is one."""
    _planning_file("draft", prompt, force, no_open, workspace)


@app.command("open")
def open_attempt(
    attempt: Annotated[str, typer.Argument(
        metavar="ATTEMPT", help="Attempt folder name, part of it, or 'last' (see 'ibessay "
        "drafts').")],
    outline_file: Annotated[bool, typer.Option("--outline", help="Open the outline, not the "
                                               "draft.")] = False,
    essay: Annotated[int, typer.Option("--essay", min=1, help="Which essay of a mock "
                                       "exam.")] = 1,
    no_open: NoOpenOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Reopen an attempt's draft (or outline) in your editor."""
    from ..practice.actions import resolve_file
    from ..practice.workspace import Workspace

    editor = _editor_unless(no_open)
    _, path = resolve_file(Workspace.at(workspace), attempt,
                           "outline" if outline_file else "draft", essay)
    _open_or_print(path, False, no_open, editor)


@app.command()
def drafts(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    workspace: WorkspaceOption = None,
) -> None:
    """List your attempts: prompt, status, words and scores."""
    from ..practice.actions import attempt_rows
    from ..practice.workspace import Workspace
    from ..render.listings import attempts_json, attempts_table

    if fmt not in ("table", "json"):
        raise IbessayError(f"unknown format '{fmt}'", "use --format table or --format json")
    space = Workspace.at(workspace)
    rows = attempt_rows(space)
    if fmt == "json":
        attempts_json(rows, sys.stdout)
    else:
        attempts_table(rows, space.root, sys.stdout)


def _paper(value: str) -> str:
    from ..practice.timing import FORMATS

    if value not in FORMATS:
        raise IbessayError(f"unknown paper format '{value}'",
                           "use --format 2017 (two essays) or --format 2028 (structured)")
    return value


@app.command()
def practice(
    prompt: Annotated[str | None, typer.Argument(
        metavar="[PROMPT]", help="Prompt id; a random one if omitted.")] = None,
    topic: Annotated[int | None, typer.Option(min=1, max=12, help="Pick from this topic.")]
    = None,
    term: Annotated[str | None, typer.Option(help="Pick a prompt with this command term.")]
    = None,
    minutes: MinutesOption = None,
    reading: ReadingOption = 5.0,
    paper: PaperOption = "2017",
    dashboard: DashboardOption = False,
    new: Annotated[bool, typer.Option("--new", help="Start a new attempt even if one on "
                                      "this prompt is unfinished.")] = False,
    resume: ResumeOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Timed practice of one essay: reading time, planning, writing, pens down, report."""
    from ..practice.actions import new_practice, resume_attempt, run_session
    from ..practice.workspace import Workspace

    space = Workspace.at(workspace)
    attempt, prompts = resume_attempt(space, resume, "essay") if resume else \
        new_practice(space, prompt, topic, term, minutes, reading, _paper(paper), new)
    run_session(attempt, prompts, dashboard)


@app.command()
def exam(
    topic: Annotated[int | None, typer.Option(min=1, max=12, help="One essay from this "
                                              "topic.")] = None,
    minutes: MinutesOption = None,
    reading: ReadingOption = 5.0,
    paper: PaperOption = "2017",
    dashboard: DashboardOption = False,
    resume: ResumeOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """A full mock Paper 2: two essays from two topics on one 90-minute clock.

    5 minutes' reading, then 90 minutes for both essays; --format 2028 runs the
    structured paper instead (1 h 45 min)."""
    from ..practice.actions import new_exam, resume_attempt, run_session
    from ..practice.workspace import Workspace

    space = Workspace.at(workspace)
    attempt, prompts = resume_attempt(space, resume, "exam") if resume else \
        new_exam(space, topic, minutes, reading, _paper(paper))
    run_session(attempt, prompts, dashboard)


@app.command()
def watch(
    draft_file: Annotated[str, typer.Argument(metavar="DRAFT", help="The file you are "
                                              "writing in.")],
    prompt: Annotated[str, typer.Option("--prompt", "-p", help="Prompt id.")],
    minutes: Annotated[float | None, typer.Option("--minutes", min=0.01,
                                                  help="Show a countdown of this many "
                                                       "minutes.")] = None,
) -> None:
    """A live dashboard for a draft you write anywhere, re-checked on every save.

    Shows words, periods, required events, citations and date warnings; Ctrl-C stops."""
    from pathlib import Path

    from ..content.library import Library
    from ..engine.compiled import rubric_for
    from ..practice.watch import watch_file

    library = Library.default()
    chosen = library.prompt(prompt)
    path = Path(draft_file)
    if path.is_dir():
        raise IbessayError(f"'{draft_file}' is a folder, not a draft",
                           "give the path of one essay file")
    watch_file(path, rubric_for(library, chosen), chosen, minutes)


@app.command()
def config(
    key: Annotated[str | None, typer.Argument(
        metavar="[KEY]", help="Setting to show or change: editor.")] = None,
    value: Annotated[str | None, typer.Argument(metavar="[VALUE]", help="New value.")] = None,
    unset: Annotated[bool, typer.Option("--unset", help="Remove the setting.")] = False,
) -> None:
    """Show or change ibessay's settings (e.g. ibessay config editor 'code --wait')."""
    from ..practice.settings import KEYS, load_settings, save_setting
    from ..practice.workspace import config_file, home

    if key is None:
        settings = load_settings()
        print(f"# {config_file()}")
        for name in sorted(KEYS):
            print(f"{name}: {settings.get(name, '')}  # {KEYS[name]}")
        print(f"# data folder: {home()}")
        return
    if value is None and not unset:
        if key not in KEYS:
            save_setting(key, None)  # raises the "unknown setting" error
        print(load_settings().get(key, ""))
        return
    path = save_setting(key, None if unset else value)
    print(f"{'removed' if unset else 'saved'} {key} in {path}", file=sys.stderr)
