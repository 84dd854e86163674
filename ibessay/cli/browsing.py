"""The commands for browsing the bundled prompts: prompts (list them), show (one in full).

:class:`ibessay.cli.app.LazyCommandGroup` imports this module only when one of these
commands runs (or help lists them).
"""

# No "from __future__ import annotations": Typer reads the annotations (see app.py).
import shutil
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
    term: Annotated[str | None, typer.Option(
        help="Only this command term, e.g. evaluate or 'to what extent'.")] = None,
    tag: Annotated[str | None, typer.Option(help="Only prompts with this tag.")] = None,
    case: Annotated[str | None, typer.Option(
        help="Only prompts that accept this case, e.g. hungary-1956 (or its start).")] = None,
    region: Annotated[str | None, typer.Option(
        help="Only prompts that accept a case from this region: africa-middle-east, "
        "americas, asia-oceania or europe (or its start).")] = None,
    text: Annotated[str | None, typer.Option(
        help="Only prompts whose question has these words (any case).")] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json.")
    ] = "table",
) -> None:
    """List the prompts; the filters combine (a prompt must pass all of them)."""
    from ..content.library import CaseSummary, Filters, Library
    from ..content.model import Prompt
    from ..render.listings import prompt_cases, prompt_table, prompts_json

    if fmt not in ("table", "json"):
        raise IbessayError(f"unknown format '{fmt}'", "use --format table or --format json")
    library = Library.default()
    broken: dict[str, str] = {}  # prompt id -> what is wrong with its rubric

    def cases_of(prompt: Prompt) -> CaseSummary | None:
        try:
            return prompt_cases(library, prompt)
        except IbessayError as exc:  # the rubric is read only when cases are asked for
            broken.setdefault(prompt.id, str(exc).splitlines()[0])
            return None

    found = library.find_prompts(Filters(topic, term, tag, case, region, text), cases_of)
    if fmt == "json":
        for prompt in found.prompts:
            cases_of(prompt)
    # A broken file (a teacher's, half-edited) is named; the rest is still listed.
    for said in library.skipped:
        print(f"ibessay: warning: left out a prompt that does not load: {said}",
              file=sys.stderr)
    for prompt_id, said in broken.items():
        print(f"ibessay: warning: left out {prompt_id}, whose rubric does not load: {said}",
              file=sys.stderr)
    listed = [p for p in found.prompts if p.id not in broken]
    if fmt == "json":
        prompts_json(listed, sys.stdout, cases_of)
        if found.emptied_by:  # the JSON stays a list; people are told why on stderr
            print(f"ibessay: no prompts match: {found.emptied_by}", file=sys.stderr)
    else:
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        prompt_table(listed, sys.stdout, found.emptied_by, width)


@commands.command()
def show(prompt: Annotated[str, typer.Argument(
        metavar="PROMPT", help="Prompt id, or its start if no other id starts so.")]) -> None:
    """Show a prompt: question, command term, time frame, what its rubric looks for and,
    for a two-case question, the cases it accepts and their regions."""
    from ..content.library import Library
    from ..engine.compiled import rubric_for
    from ..render.listings import prompt_details

    library = Library.default()
    chosen = library.prompt(library.resolve_prompt_id(prompt))
    prompt_details(chosen, rubric_for(library, chosen).rubric, sys.stdout)
