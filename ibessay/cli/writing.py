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
    chosen = library.prompt(library.resolve_prompt_id(prompt))
    editor = _editor_unless(no_open)
    path, created = prepare_file(library, Workspace.at(workspace), chosen, role, force)
    _open_or_print(path, created, no_open, editor)


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
    """Reopen an attempt's draft (or outline) in your editor."""
    from ..practice.actions import resolve_file
    from ..practice.workspace import Workspace

    editor = _editor_unless(no_open)
    _, path = resolve_file(Workspace.at(workspace), attempt,
                           "outline" if outline_file else "draft", essay)
    _open_or_print(path, False, no_open, editor)


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
