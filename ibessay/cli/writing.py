"""The commands for writing: outline, draft, open, drafts, and config (the editor they use).

:class:`ibessay.cli.app.LazyCommandGroup` imports this module only when one of these
commands runs (or help lists them): a check never pays for building them.
"""

# No "from __future__ import annotations": Typer reads the annotations (see app.py).
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import IbessayError
from .options import WorkspaceOption

if TYPE_CHECKING:  # the helpers' annotations are strings: nothing imported to run them
    from pathlib import Path

    from ..practice.editor import Editor

#: This module's commands; ibessay.cli.app finds them here by the names in its COMMANDS.
commands = typer.Typer(rich_markup_mode="rich", add_completion=False)

PromptArgument = Annotated[
    str, typer.Argument(metavar="PROMPT", help="Prompt id, or its start (see 'ibessay "
                        "prompts').")
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Start the file afresh (the old one is kept as a "
                       "snapshot).")
]
NoOpenOption = Annotated[
    bool, typer.Option("--no-open", help="Create the file and print its path; no editor.")
]


def _open_or_print(path: "Path", created: bool, no_open: bool,
                   editor: "Editor | None" = None, prompt: str | None = None) -> None:
    """Open ``path`` in the editor (resolved beforehand, so that a missing editor is
    reported before any file is made), or just print it with --no-open. After editing
    a draft (``prompt``: the question it answers), say how it now stands."""
    if no_open:
        print(f"{'created' if created else 'exists:'} {path}", file=sys.stderr)
        print(path)
        return
    from ..practice.actions import edit

    assert editor is not None  # resolved by the caller unless --no-open
    before = _contents(path)
    for warning in edit(editor, path):
        print(f"warning: {warning}", file=sys.stderr)
    # "saved" only when something was: after "the file is unchanged" it was a contradiction.
    changed = _contents(path) != before
    print(f"{'saved in' if changed else 'unchanged:'} {path}", file=sys.stderr)
    if prompt is not None:
        print(_standing(path, prompt), file=sys.stderr)


def _contents(path: "Path") -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _standing(path: "Path", prompt_id: str) -> str:
    """The draft's words and score, as the session says them after pens down."""
    from ..content.drafts import decode
    from ..content.library import Library
    from ..engine.check import check_text
    from ..engine.compiled import rubric_for

    try:
        text = decode(path.read_bytes(), str(path)).replace("\r\n", "\n")
    except OSError as exc:
        return f"cannot check {path.name}: {exc.strerror or exc}"
    except IbessayError as exc:
        return f"cannot check {path.name}: {exc.message}"
    library = Library.default()
    prompt = library.prompt(prompt_id)
    report = check_text(text, rubric_for(library, prompt), str(path), prompt)
    verdict = "passes the rubric" if report.passed else "not yet: " + ", ".join(report.unmet)
    return (f"{report.words} words · score {report.score}/100 · indicative band "
            f"{report.band.label} · {verdict} (the report: ibessay check {path})")


def _editor_unless(no_open: bool) -> "Editor | None":
    from ..practice.editor import resolve

    return None if no_open else resolve()


def _planning_file(role: str, prompt: str, force: bool, no_open: bool,
                   workspace: str | None) -> None:
    from ..content.library import Library
    from ..practice.actions import prepare_file
    from ..practice.workspace import Workspace

    library = Library.default()
    chosen = library.prompt(library.resolve_prompt_id(prompt))
    editor = _editor_unless(no_open)
    path, created = prepare_file(library, Workspace.at(workspace), chosen, role, force)
    _open_or_print(path, created, no_open, editor, chosen.id if role == "draft" else None)


@commands.command()
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


@commands.command()
def draft(
    prompt: PromptArgument,
    force: ForceOption = False,
    no_open: NoOpenOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Write an essay in your editor, starting from your outline if there is one."""
    _planning_file("draft", prompt, force, no_open, workspace)


@commands.command("open")
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
    """Reopen an attempt's draft (or outline) in your editor; then its words and score."""
    from ..practice.actions import resolve_file
    from ..practice.workspace import Workspace

    editor = _editor_unless(no_open)
    space = Workspace.at(workspace)
    if essay > 1:  # on an attempt of one essay, not "use --essay 1 to 1"
        named = space.find(attempt)
        if len(named.essays) == 1:
            raise IbessayError(f"attempt '{named.name}' has one essay, not {essay}",
                               "leave out --essay")
    found, path = resolve_file(space, attempt, "outline" if outline_file else "draft", essay)
    _open_or_print(path, False, no_open, editor,
                   None if outline_file else found.prompts[essay - 1])


@commands.command()
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


@commands.command()
def config(
    key: Annotated[str | None, typer.Argument(
        metavar="[KEY]", help="Setting to show or change: editor.")] = None,
    value: Annotated[str | None, typer.Argument(metavar="[VALUE]", help="New value.")] = None,
    unset: Annotated[bool, typer.Option("--unset", help="Remove the setting.")] = False,
) -> None:
    """Show or change ibessay's settings (e.g. ibessay config editor 'code --wait')."""
    from ..practice.settings import KEYS, editor_in_use, load_settings, save_setting
    from ..practice.workspace import config_file, home

    if key is None:
        settings = load_settings()
        print(f"# {config_file()}")
        for name in sorted(KEYS):
            print(f"{name}: {settings.get(name, '(not set)')}  # {KEYS[name]}")
        print(f"# the editor that runs: {editor_in_use().describe()}")
        print(f"# data folder: {home()}")
        return
    if value is None and not unset:
        if key not in KEYS:
            save_setting(key, None)  # raises the "unknown setting" error
        setting = load_settings().get(key)
        if setting is None:  # nothing on stdout (a script gets ""), and why on stderr
            print(f"{key} is not set; the editor that runs: {editor_in_use().describe()}",
                  file=sys.stderr)
            return
        print(setting)
        return
    path = save_setting(key, None if unset else value)
    print(f"{'removed' if unset else 'saved'} {key} in {path}", file=sys.stderr)
