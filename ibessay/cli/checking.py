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
    draft: Annotated[
        str, typer.Argument(metavar="DRAFT",
                            help="The draft to check (Markdown or text); - for stdin.")
    ],
    prompt: Annotated[
        str | None, typer.Option("--prompt", "-p", help="Prompt id, or its start "
                            "(see 'ibessay prompts').")
    ] = None,
    rubric: Annotated[
        str | None, typer.Option("--rubric", "-r", help="Rubric id, or path to a rubric file.")
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="rich (people), json (machines), "
                             "line (editors: path:line:col), markdown (to keep).")
    ] = Format.rich,
    fail_under: Annotated[
        int | None, typer.Option("--fail-under", min=0, max=100,
                                    help="Exit 1 when the score is below this.")
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
) -> None:
    """Check a draft against a prompt's rubric: periods, events, dates, historians."""
    from ..content.drafts import read_draft
    from ..content.library import Library
    from ..engine.check import check_text
    from ..engine.compiled import resolve
    from ..render import renderer

    if prompt and rubric:
        raise IbessayError("give --prompt or --rubric, not both",
                           "--prompt uses the prompt's own rubric")
    if not prompt and not rubric:
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
    library = Library.default()
    chosen, compiled = resolve(library, library.resolve_prompt_id(prompt) if prompt else None,
                               rubric)
    text = read_draft(draft)
    report = check_text(text.text, compiled, text.name, chosen)
    renderer(fmt)(report, sys.stdout, brief=brief, explain=explain, columns=columns)
    if fail_under is not None and report.score < fail_under:
        sys.stdout.flush()  # the report first, then why the exit status is 1
        print(f"ibessay: score {report.score} is below --fail-under {fail_under}",
              file=sys.stderr)
        raise typer.Exit(EXIT_BELOW_THRESHOLD)
