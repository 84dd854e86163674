"""The commands for browsing the bundled prompts: prompts (list them), show (one in full).

:class:`ibessay.cli.app.LazyCommandGroup` imports this module only when one of these
commands runs (or help lists them).
"""

# No "from __future__ import annotations": Typer reads the annotations (see app.py).
import sys
from typing import Annotated

import typer

from ..errors import IbessayError

#: This module's commands; ibessay.cli.app finds them here by the names in its COMMANDS.
commands = typer.Typer(rich_markup_mode="rich", add_completion=False)


@commands.command()
def prompts(
    topic: Annotated[
        int | None, typer.Option(min=1, max=12, help="Only this topic (1-12).")
    ] = None,
    term: Annotated[str | None, typer.Option(help="Only this command term, e.g. examine.")] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json.")
    ] = "table",
) -> None:
    """List the bundled prompts."""
    from ..content.library import Library
    from ..render.listings import prompt_table, prompts_json

    if fmt not in ("table", "json"):
        raise IbessayError(f"unknown format '{fmt}'", "use --format table or --format json")
    chosen = Library.default().prompts_matching(topic, term)
    if fmt == "json":
        prompts_json(chosen, sys.stdout)
    else:
        prompt_table(chosen, sys.stdout)


@commands.command()
def show(prompt: Annotated[str, typer.Argument(metavar="PROMPT", help="Prompt id.")]) -> None:
    """Show a prompt: question, command term, time frame and what its rubric looks for."""
    from ..content.library import Library
    from ..engine.compiled import rubric_for
    from ..render.listings import prompt_details

    library = Library.default()
    chosen = library.prompt(prompt)
    prompt_details(chosen, rubric_for(library, chosen).rubric, sys.stdout)
