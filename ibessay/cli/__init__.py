"""The ``ibessay`` command line: thin commands over the core, and one place for errors.

Commands parse their arguments, call the core, hand the result to a renderer. Anything
heavier than Typer is imported inside the command that needs it, so ``--help`` and
``check --format json`` stay fast (bench/bench_cli.py).

:func:`main` runs the Typer app without Typer's own error handling, so that every error a
user can fix is printed the same way (:func:`_fail`: one or two lines on stderr, exit 2)
and no traceback ever reaches a student unless ``IBESSAY_DEBUG=1`` is set.
"""

# No "from __future__ import annotations" here: Typer would have to evaluate every
# parameter's annotation from a string, which triples the time it takes to build the
# command line (~3 ms of a check's start-up budget).
import os
import sys
from typing import Annotated

import typer

from .. import __version__
from ..errors import EXIT_INTERNAL_ERROR, EXIT_USER_ERROR, IbessayError
from ..render import Format

_APP_SETTINGS = dict(
    name="ibessay",
    help="Practise IB History Paper 2 essays: prompts, timed drafts and rubric checks.",
    rich_markup_mode="rich",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app = typer.Typer(**_APP_SETTINGS)  # type: ignore[arg-type]


def _version(value: bool) -> None:
    if value:
        print(f"ibessay {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True,
                           help="Print the version and exit.")
    ] = False,
) -> None:
    """Practise IB History Paper 2 essays: prompts, timed drafts and rubric checks."""


@app.command()
def check(
    draft: Annotated[
        str, typer.Argument(metavar="DRAFT",
                            help="The draft to check (Markdown or text); - for stdin.")
    ],
    prompt: Annotated[
        str | None, typer.Option("--prompt", "-p", help="Prompt id (see 'ibessay prompts').")
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
) -> None:
    """Check a draft against a prompt's rubric: periods, events, dates, historians."""
    from ..content.drafts import read_draft
    from ..content.library import Library
    from ..engine.check import check_text
    from ..engine.compiled import rubric_for, rubric_named
    from ..render import renderer

    if prompt and rubric:
        raise IbessayError("give --prompt or --rubric, not both",
                           "--prompt uses the prompt's own rubric")
    if not prompt and not rubric:
        raise IbessayError("which prompt is this draft for?",
                           "add --prompt ID (list them with 'ibessay prompts') or --rubric ID")
    library = Library.default()
    chosen = library.prompt(prompt) if prompt else None
    compiled = rubric_for(library, chosen) if chosen else rubric_named(library, rubric or "")
    text = read_draft(draft)
    report = check_text(text.text, compiled, text.name, chosen)
    renderer(fmt)(report, sys.stdout)
    if fail_under is not None and report.score < fail_under:
        raise typer.Exit(1)


@app.command()
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


@app.command()
def show(prompt: Annotated[str, typer.Argument(metavar="PROMPT", help="Prompt id.")]) -> None:
    """Show a prompt: question, command term, time frame and what its rubric looks for."""
    from ..content.library import Library
    from ..engine.compiled import rubric_for
    from ..render.listings import prompt_details

    library = Library.default()
    chosen = library.prompt(prompt)
    prompt_details(chosen, rubric_for(library, chosen).rubric, sys.stdout)


# --- running -------------------------------------------------------------------------


def _fail(message: str, hint: str | None = None) -> int:
    print(f"ibessay: error: {message}", file=sys.stderr)
    if hint:
        print(f"hint: {hint}", file=sys.stderr)
    return EXIT_USER_ERROR


#: Commands defined in ibessay.cli_practice, imported only when one of them runs.
_WRITING_COMMANDS = frozenset(
    ("outline", "draft", "open", "drafts", "practice", "exam", "watch", "config"))


def _click_command(argv: list[str]):  # type: ignore[no-untyped-def]
    """The Click command to run. Typer converts every command's signature when it builds
    the group (~0.3 ms each); a run of one command only needs that one, so the group is
    built with it alone. Help, completion and unknown names get the full group."""
    name = next((a for a in argv if not a.startswith("-")), None)
    wants_help = any(a in ("--help", "-h") for a in argv)
    if name in _WRITING_COMMANDS or name is None or wants_help or not _registered(name):
        from . import writing  # noqa: F401 - registers its commands on app
    if name is not None and not wants_help:
        info = _registered(name)
        if info is not None:
            single = typer.Typer(**_APP_SETTINGS)  # type: ignore[arg-type]
            single.registered_callback = app.registered_callback
            single.registered_commands = [info]
            return typer.main.get_command(single)
    return typer.main.get_command(app)


def _registered(name: str):  # type: ignore[no-untyped-def]
    for info in app.registered_commands:
        if (info.name or info.callback.__name__) == name:  # type: ignore[union-attr]
            return info
    return None


def _tolerate_narrow_encodings() -> None:
    """On a terminal or pipe that cannot show every character (a Latin-1 or ASCII
    locale), print "?" for the ones it cannot, rather than fail on the first dash."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    from typer._click import exceptions as click_exceptions  # Typer >= 0.26 vendors Click

    _tolerate_narrow_encodings()
    command = _click_command(sys.argv[1:] if argv is None else argv)
    try:
        result = command.main(args=argv, prog_name="ibessay", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except IbessayError as exc:
        return _fail(exc.message, exc.hint)
    except click_exceptions.UsageError as exc:
        name = exc.ctx.command_path if exc.ctx else "ibessay"
        return _fail(exc.format_message(), f"see '{name} --help'")
    except typer.Abort:
        print("ibessay: interrupted", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("ibessay: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): nothing to report.
        sys.stderr.close()
        return 0
    except OSError as exc:
        if os.environ.get("IBESSAY_DEBUG"):
            raise
        import errno

        if exc.errno == errno.ENOSPC:
            return _fail("the disk is full", "free some space, then run the command again")
        where = f" ({exc.filename})" if exc.filename else ""
        return _fail(f"{exc.strerror or exc}{where}")
    except Exception as exc:  # a bug: say so plainly, without a traceback
        if os.environ.get("IBESSAY_DEBUG"):
            raise
        print(f"ibessay: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("hint: this is a bug in ibessay; run again with IBESSAY_DEBUG=1 and report "
              "the traceback", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
