"""The command that checks a draft against a rubric: check.

It is the command students and editors run most, so it has a module of its own:
:class:`ibessay.cli.app.LazyCommandGroup` imports it, and has Typer build it, without
building any other command. Anything heavier than Typer is imported inside the command,
so ``check --format json`` imports neither Rich nor PyYAML (bench/bench_cli.py).
"""

# No "from __future__ import annotations": Typer reads the annotations (see app.py).
import sys
from typing import Annotated

import typer

from ..errors import EXIT_BELOW_THRESHOLD, IbessayError
from ..render import BRIEF_FORMATS, Format

#: This module's commands; ibessay.cli.app finds them here by the names in its COMMANDS.
commands = typer.Typer(rich_markup_mode="rich", add_completion=False)


@commands.command()
def check(
    drafts: Annotated[
        list[str], typer.Argument(metavar="DRAFT...",
                                  help="The draft to check (Markdown or text); - for stdin; "
                                  "an attempt's name, or last (see 'ibessay drafts'). "
                                  "Several drafts, folders or glob patterns check a class "
                                  "set: a row per draft and the class picture.")
    ],
    prompt: Annotated[
        str | None, typer.Option("--prompt", "-p", help="Prompt id, or its start "
                            "(see 'ibessay prompts'); not needed for an attempt's file.")
    ] = None,
    rubric: Annotated[
        str | None, typer.Option("--rubric", "-r", help="Rubric id, or path to a rubric file.")
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="rich (people), json (machines), "
                             "line (editors: path:line:col), markdown (to keep); for a "
                             "class set also csv (a markbook) and html (a printable "
                             "report, with -o).")
    ] = Format.rich,
    output: Annotated[
        str | None, typer.Option("--output", "-o", metavar="FILE",
                                 help="Write the report to FILE instead of the terminal.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the --output file if it exists.")
    ] = False,
    roster: Annotated[
        str | None, typer.Option("--roster", metavar="CSV",
                                 help="A class set's students: a CSV of file names and "
                                 "names (columns 'file' and 'student').")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, max=256,
                                 help="Processes that check a class set (default: one "
                                 "per core).")
    ] = None,
    fail_under: Annotated[
        int | None, typer.Option("--fail-under", min=0, max=100,
                                    help="Exit 1 when the score (of any draft of a class "
                                    "set) is below this.")
    ] = None,
    brief: Annotated[
        bool, typer.Option("--brief", help="Only the score and what to work on "
                           "(rich and markdown).")
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Also say why each item was or was not "
                           "credited: what matched and where, or the nearest miss.")
    ] = False,
    # A str checked below, not an Enum: creating an Enum class costs a check's start-up.
    columns: Annotated[
        str, typer.Option("--columns", metavar="bytes|chars",
                          help="How --format line counts columns: bytes (as vim's quickfix "
                          "does) or chars (as VS Code does).")
    ] = "bytes",
    workspace: Annotated[
        str | None, typer.Option("--workspace", help="Folder of the attempts DRAFT may "
                                 "name (default: $IBESSAY_HOME/drafts or your user data "
                                 "folder).")
    ] = None,
) -> None:
    """Check a draft against a prompt's rubric: periods, events, dates, historians.
    Several drafts (files, folders, globs) with one --prompt check a whole class set."""
    if prompt and rubric:
        raise IbessayError("give --prompt or --rubric, not both",
                           "--prompt uses the prompt's own rubric")
    if _is_class_set(drafts, fmt, roster):
        from .classsets import check_class_set

        if brief or explain or columns != "bytes":
            flag = "--brief" if brief else "--explain" if explain else "--columns"
            raise IbessayError(f"{flag} is for one draft, not a class set",
                               "check one student's draft with it: ibessay check FILE "
                               "--prompt ID " + flag)
        check_class_set(drafts, prompt=prompt, rubric=rubric, fmt=fmt, output=output,
                        force=force, roster=roster, jobs=jobs, fail_under=fail_under)
        return
    if jobs is not None:
        raise IbessayError("--jobs is for a class set (several drafts or a folder)",
                           "leave it out when checking one draft")
    _check_one(drafts[0], prompt=prompt, rubric=rubric, fmt=fmt, output=output, force=force,
               fail_under=fail_under, brief=brief, explain=explain, columns=columns,
               workspace=workspace)


def _is_class_set(drafts: "list[str]", fmt: Format, roster: "str | None") -> bool:
    """Several drafts, a folder or a glob pattern, a roster, or a class set's format."""
    import os

    from ..render import CLASS_ONLY_FORMATS

    if len(drafts) > 1 or roster is not None or fmt in CLASS_ONLY_FORMATS:
        return True
    name = drafts[0]
    return name != "-" and (os.path.isdir(name) or (
        not os.path.lexists(name) and any(c in name for c in "*?[")))


def _check_one(draft: str, *, prompt: "str | None", rubric: "str | None", fmt: Format,
               output: "str | None", force: bool, fail_under: "int | None", brief: bool,
               explain: bool, columns: str, workspace: "str | None") -> None:
    from ..content.drafts import read_draft
    from ..content.library import Library
    from ..engine.check import check_text
    from ..engine.compiled import resolve
    from ..render import renderer

    draft, from_attempt = _attempt_draft(draft, workspace, asked=bool(prompt or rubric))
    prompt = prompt or (None if rubric else from_attempt)
    if not prompt and not rubric:
        if draft != "-":
            read_draft(draft)  # a missing file: say so first
        raise IbessayError("which prompt is this draft for?",
                           "add --prompt ID (list them with 'ibessay prompts') or --rubric ID")
    if brief and fmt not in BRIEF_FORMATS:
        raise IbessayError(f"--brief is for the rich and markdown formats, not {fmt.value}",
                           "leave out --brief, or use --format rich or --format markdown")
    if columns not in ("bytes", "chars"):
        raise IbessayError(f"--columns must be bytes or chars, not {columns!r}",
                           "bytes for vim (the default), chars for VS Code")
    if columns != "bytes" and fmt is not Format.line:
        raise IbessayError(f"--columns is for --format line, not {fmt.value}",
                           "the other formats always count columns in characters")
    if output is not None:
        from .reports import check_output

        check_output(output, force, inputs=[draft])
    library = Library.default()
    chosen, compiled = resolve(library, library.resolve_prompt_id(prompt) if prompt else None,
                               rubric)
    text = read_draft(draft)
    report = check_text(text.text, compiled, text.name, chosen)
    render = renderer(fmt)
    if output is not None:
        from .reports import write_report

        write_report(output, lambda out: render(report, out, color=False, brief=brief,
                                                explain=explain, columns=columns))
    else:
        render(report, sys.stdout, brief=brief, explain=explain, columns=columns)
    if fail_under is not None and report.score < fail_under:
        sys.stdout.flush()  # the report first, then why the exit status is 1
        print(f"ibessay: score {report.score} is below --fail-under {fail_under}",
              file=sys.stderr)
        raise typer.Exit(EXIT_BELOW_THRESHOLD)


#: The files of an attempt's essay that hold its text (see ibessay.practice.workspace).
_ESSAY_FILES = ("draft.md", "timed.md", "overtime.md", "outline.md")


def _attempt_draft(draft: str, workspace: str | None, asked: bool
                   ) -> "tuple[str, str | None]":
    """The file to check and the prompt it answers, when ``draft`` names an attempt
    (``last``, a folder name or part of it: its draft) or, unless a prompt or rubric was
    ``asked`` for, is one of an attempt's files (its ``attempt.json`` beside it names
    the prompt). Anything else is returned as it is, with no prompt."""
    import os

    if draft == "-":
        return draft, None
    if os.path.lexists(draft):
        return draft, None if asked else _prompt_of_file(draft)
    from ..practice.workspace import Workspace

    try:
        attempt = Workspace.at(workspace).find(draft)
    except IbessayError:
        return draft, None  # neither a file nor an attempt: "not found" says so
    if len(attempt.essays) > 1:
        files = ", ".join(str(attempt.file(i, "draft")) for i in range(len(attempt.essays)))
        raise IbessayError(f"attempt '{attempt.name}' has {len(attempt.essays)} essays",
                           f"check one of them by its file: {files}")
    path = attempt.file(0, "draft")
    if not path.exists():
        raise IbessayError(f"attempt '{attempt.name}' has no draft yet",
                           f"write one with 'ibessay draft {attempt.prompts[0]}'")
    return str(path), attempt.prompts[0]


def _prompt_of_file(draft: str) -> "str | None":
    """The prompt of the essay ``draft`` belongs to, if it is a file in an attempt's
    folder (``draft.md``, ``essay2-timed.md``...)."""
    from pathlib import Path

    path = Path(draft)
    meta = path.parent / "attempt.json"
    if not path.name.endswith(_ESSAY_FILES) or not meta.is_file():
        return None
    from ..practice.record import read_record

    record = read_record(meta)
    for essay in record.essays:
        if path.name in (essay.prefix + name for name in _ESSAY_FILES):
            return essay.prompt
    return None
