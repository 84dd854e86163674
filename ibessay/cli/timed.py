"""The timed commands: practice (one essay), exam (a mock paper), watch (a live dashboard).

:class:`ibessay.cli.app.LazyCommandGroup` imports this module only when one of these
commands runs (or help lists them): a check never pays for building them.
"""

# No "from __future__ import annotations": Typer reads the annotations (see app.py).
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import IbessayError
from .options import WorkspaceOption

if TYPE_CHECKING:
    from ..content.model import Prompt
    from ..practice.workspace import Attempt, Workspace

#: This module's commands; ibessay.cli.app finds them here by the names in its COMMANDS.
commands = typer.Typer(rich_markup_mode="rich", add_completion=False)

MinutesOption = Annotated[
    float | None, typer.Option("--minutes", min=0.01, help="Writing time in minutes "
                               "(fractions allowed).")
]
ReadingOption = Annotated[
    float, typer.Option("--reading", min=0, help="Reading time in minutes (the exam has 5).")
]
PaperOption = Annotated[
    str | None, typer.Option("--paper", metavar="2017|2028", help="2017: today's essays "
                             "(the default); 2028: the structured paper (sections A and B, "
                             "1 h 45 min).")
]
# The old name of --paper, kept working for scripts but hidden: on `check`, --format means
# the output's format, and one word should not mean two things.
OldPaperOption = Annotated[
    str | None, typer.Option("--format", hidden=True, help="Deprecated: use --paper.")
]
DashboardOption = Annotated[
    bool, typer.Option("--dashboard", help="Write in another window: this terminal shows "
                       "the clock and live coverage instead of opening an editor here.")
]
ResumeOption = Annotated[
    bool, typer.Option("--resume", help="Go on with a paused attempt: the one named "
                       "(--resume ATTEMPT), or else the one paused last.")
]


def _topics(value: str | None, topic: int | None) -> "tuple[int, ...] | None":
    """--topics as the topics it names: two or more of 1-12, comma-separated."""
    if value is None:
        return None
    try:
        topics = tuple(sorted({int(t) for t in value.replace(" ", "").split(",") if t}))
    except ValueError:
        raise IbessayError(f"--topics must be topic numbers separated by commas, not "
                           f"'{value}'", "e.g. --topics 10,12") from None
    if any(not 1 <= t <= 12 for t in topics):
        raise IbessayError(f"--topics '{value}': topics are 1 to 12", "e.g. --topics 10,12")
    if len(topics) < 2:
        raise IbessayError("--topics needs at least two topics: the paper's two essays "
                           "come from different topics", "e.g. --topics 10,12")
    if topic is not None and topic not in topics:
        raise IbessayError(f"--topic {topic} is not one of --topics {value}",
                           "leave out --topic, or add it to --topics")
    return topics


def _prompt_id(prompt: str | None) -> str | None:
    """The full id of the prompt a user named (its start is enough)."""
    if prompt is None:
        return None
    from ..content.library import Library

    return Library.default().resolve_prompt_id(prompt)


def _paper(value: str | None, old: str | None) -> str:
    """The paper --paper names (2017 unless given); --format, its old name, still works
    and says to use --paper."""
    import sys

    from ..practice.timing import FORMATS

    if old is not None and value is not None and value != old:
        raise IbessayError(f"--paper {value} and --format {old} disagree",
                           "give only --paper (--format is its old name)")
    paper = value or old or "2017"
    if paper not in FORMATS:
        raise IbessayError(f"unknown paper format '{paper}'",
                           "use --paper 2017 (two essays) or --paper 2028 (structured)")
    if old is not None:
        print(f"ibessay: --format {old} is now --paper {old}; --format will go",
              file=sys.stderr)
    return paper


def _resumed(space: "Workspace", name: str | None, kind: str,
             ) -> "tuple[Attempt, list[Prompt]]":
    """The attempt --resume names, or (--resume alone) the one of ``kind`` paused last."""
    from ..practice.actions import last_paused, resume_attempt

    if name is None:
        name = last_paused(space, kind).name
        typer.echo(f"Resuming {name}")
    return resume_attempt(space, name, kind)


@commands.command()
def practice(
    prompt: Annotated[str | None, typer.Argument(
        metavar="[PROMPT]", help="Prompt id or its start; a random one if omitted. With "
        "--resume: the attempt to go on with.")] = None,
    topic: Annotated[int | None, typer.Option(min=1, max=12, help="Pick from this topic.")]
    = None,
    term: Annotated[str | None, typer.Option(help="Pick a prompt with this command term, "
                                             "e.g. evaluate or 'to what extent'.")] = None,
    minutes: MinutesOption = None,
    reading: ReadingOption = 5.0,
    paper: PaperOption = None,
    old_paper: OldPaperOption = None,
    dashboard: DashboardOption = False,
    new: Annotated[bool, typer.Option("--new", help="Start a new attempt even if one on "
                                      "this prompt is unfinished.")] = False,
    resume: ResumeOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Timed practice of one essay: reading time, planning, writing, pens down, report."""
    from ..practice.actions import new_practice, run_session
    from ..practice.workspace import Workspace

    space = Workspace.at(workspace)
    attempt, prompts = _resumed(space, prompt, "essay") if resume else \
        new_practice(space, _prompt_id(prompt), topic, term, minutes, reading,
                     _paper(paper, old_paper), new, say=typer.echo)
    run_session(attempt, prompts, dashboard, exiting=True)


@commands.command()
def exam(
    attempt_name: Annotated[str | None, typer.Argument(
        metavar="[ATTEMPT]", help="With --resume: the attempt to go on with (else the one "
        "paused last).")] = None,
    topic: Annotated[int | None, typer.Option(min=1, max=12, help="One essay from this "
                                              "topic.")] = None,
    topics: Annotated[str | None, typer.Option(
        metavar="N,N", help="Draw only from these topics, e.g. 10,12: the two your school "
        "teaches.")] = None,
    seed: Annotated[int | None, typer.Option(
        help="Draw the same prompts again: the same seed and prompt bank give the same "
        "paper.")] = None,
    minutes: MinutesOption = None,
    reading: ReadingOption = 5.0,
    paper: PaperOption = None,
    old_paper: OldPaperOption = None,
    dashboard: DashboardOption = False,
    resume: ResumeOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """A full mock Paper 2: two essays from two topics on one 90-minute clock.

    Two prompts drawn at random from two topics (--topics: from yours only).

    5 minutes' reading, then 90 minutes for both essays; --paper 2028 runs the
    structured paper instead (1 h 45 min)."""
    from ..practice.actions import new_exam, run_session
    from ..practice.workspace import Workspace

    if attempt_name is not None and not resume:
        raise IbessayError(f"unexpected argument '{attempt_name}'",
                           f"to go on with an attempt: ibessay exam --resume {attempt_name}")
    space = Workspace.at(workspace)
    attempt, prompts = _resumed(space, attempt_name, "exam") if resume else \
        new_exam(space, topic, minutes, reading, _paper(paper, old_paper),
                 _topics(topics, topic), seed)
    run_session(attempt, prompts, dashboard, exiting=True)


@commands.command()
def watch(
    draft_file: Annotated[str, typer.Argument(metavar="DRAFT", help="The file you are "
                                              "writing in.")],
    prompt: Annotated[str, typer.Option("--prompt", "-p", help="Prompt id, or its start.")],
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
    chosen = library.prompt(library.resolve_prompt_id(prompt))
    path = Path(draft_file)
    if path.is_dir():
        raise IbessayError(f"'{draft_file}' is a folder, not a draft",
                           "give the path of one essay file")
    if path.exists() and not path.is_file():  # a named pipe would block every re-read
        raise IbessayError(f"'{draft_file}' is not a regular file (a named pipe or a "
                           "device), not a draft", "give the path of one essay file")
    watch_file(path, rubric_for(library, chosen), chosen, minutes)
