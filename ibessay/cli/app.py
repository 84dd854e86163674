"""The root of the ``ibessay`` command line: the table of commands, the group that loads
each command's module when that command is asked for, and the one place errors are printed.

The commands live in one module per group, each with its own ``commands = typer.Typer()``
and ordinary ``@commands.command()`` functions: :mod:`.checking` (check), :mod:`.browsing`
(prompts, show), :mod:`.writing` (outline, draft, open, drafts, config) and :mod:`.timed`
(practice, exam, watch). :class:`LazyCommandGroup` imports a module, and has Typer build
its commands, only when one of them runs or help lists them, so ``ibessay check --format
json`` builds no other command (bench/bench_cli.py).

:func:`main` runs the app without Typer's own error handling, so that every error a user
can fix is printed the same way (:func:`_fail`: one or two lines on stderr, exit 2) and no
traceback ever reaches a student unless ``IBESSAY_DEBUG=1`` is set.
"""

# No "from __future__ import annotations" here: Typer would have to evaluate every
# parameter's annotation from a string, which triples the time it takes to build the
# command line (~3 ms of a check's start-up budget).
import importlib
import os
import sys
from functools import cache
from typing import Annotated

import typer
from typer.core import TyperCommand, TyperGroup

from .. import __version__
from ..errors import (
    EXIT_INTERNAL_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USER_ERROR,
    IbessayError,
)

#: Every command, in the order ``ibessay --help`` lists them, and the module that defines
#: it. tests/test_cli_commands.py checks that this and the modules agree.
COMMANDS = {
    "check": "ibessay.cli.checking",
    "prompts": "ibessay.cli.browsing",
    "show": "ibessay.cli.browsing",
    "outline": "ibessay.cli.writing",
    "draft": "ibessay.cli.writing",
    "open": "ibessay.cli.writing",
    "drafts": "ibessay.cli.writing",
    "practice": "ibessay.cli.timed",
    "exam": "ibessay.cli.timed",
    "watch": "ibessay.cli.timed",
    "config": "ibessay.cli.writing",
    "pack": "ibessay.cli.packs",
}


class LazyCommandGroup(TyperGroup):
    """The root group: it knows its commands by name and imports a command's module only
    when that command is asked for.

    This is Click's documented pattern for lazily loaded subcommands (``LazyGroup`` in
    "Complex Applications: Lazily Loading Subcommands"): ``list_commands`` answers from a
    static table and ``get_command`` imports. Typer builds the group itself
    (``typer.Typer(cls=...)``), so the table is :data:`COMMANDS` rather than a constructor
    argument. As those docs advise, a test runs every command's --help, which loads it.
    """

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> "TyperCommand | None":
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        built = _commands_of(module)
        if isinstance(built, TyperGroup):
            return built.get_command(ctx, cmd_name)  # type: ignore[return-value]
        return built if built.name == cmd_name else None  # a module of one command

    def invoke(self, ctx: typer.Context) -> object:
        # Typer turns a Ctrl-C into a silent exit 130 and a closed pipe into a silent
        # exit 1 before main() can see them: carry them past it, for main() to report.
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise _Interrupted from exc
        except BrokenPipeError as exc:
            raise _ReaderGone from exc

    def resolve_command(
        self, ctx: typer.Context, args: list[str]
    ) -> "tuple[str | None, TyperCommand | None, list[str]]":
        # TyperGroup suggests close names from the commands it holds, and this group
        # holds none until one is asked for: suggest from the table, in Typer's words.
        name = args[0]
        if name not in COMMANDS and not name.startswith("-") and not ctx.resilient_parsing:
            from difflib import get_close_matches  # only on the error path

            near = get_close_matches(name, list(COMMANDS))
            also = f" Did you mean {', '.join(repr(n) for n in near)}?" if near else ""
            ctx.fail(f"No such command {name!r}.{also}")
        return super().resolve_command(ctx, args)


class _Interrupted(Exception):
    """Ctrl-C while a command ran (a KeyboardInterrupt Typer would swallow)."""


class _ReaderGone(Exception):
    """The reader of stdout went away (``ibessay prompts | head``)."""


@cache
def _commands_of(module: str) -> "TyperGroup | TyperCommand":
    """The Click form of a command module's ``commands`` app, converted once by Typer's
    public ``typer.main.get_command`` (a group when the module has several commands)."""
    commands = importlib.import_module(module).commands
    return typer.main.get_command(commands)  # type: ignore[return-value]


app = typer.Typer(
    name="ibessay",
    cls=LazyCommandGroup,
    rich_markup_mode="rich",
    # `ibessay` alone shows the help page (see _root), rather than through
    # no_args_is_help=True: Click reports that as a usage error whose message is the help
    # page, which main() would print as "ibessay: error: <the help page>".
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"ibessay {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True,
                           help="Print the version and exit.")
    ] = False,
) -> None:
    """Practise IB History Paper 2 essays: prompts, timed drafts and rubric checks."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())  # as --help does; a command was expected, so exit 2
        raise typer.Exit(EXIT_USER_ERROR)


# --- running -------------------------------------------------------------------------


#: The exit status when stdout's reader has gone: 1, as Rich's Console.on_broken_pipe
#: gives for the reports it writes, so that every command ends alike.
_EXIT_READER_GONE = 1


def _fail(message: str, hint: str | None = None) -> int:
    print(f"ibessay: error: {message}", file=sys.stderr)
    if hint:
        print(f"hint: {hint}", file=sys.stderr)
    return EXIT_USER_ERROR


def _tolerate_narrow_encodings() -> None:
    """On a terminal or pipe that cannot show every character (a Latin-1 or ASCII
    locale), print "?" for the ones it cannot, rather than fail on the first dash."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _open_closed_streams() -> None:
    """Give a closed stdout or stderr (``ibessay check x >&-``) a sink: the command runs
    and exits as usual, printing nowhere, rather than failing on its first print. A
    closed stdin reads as empty."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at the null device, so that Python's own flush
    at exit does not fail again on what is still buffered (as the signal docs advise)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    _open_closed_streams()
    _tolerate_narrow_encodings()
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="ibessay", standalone_mode=False)
        sys.stdout.flush()  # a reader gone now is reported as during the command
        return result if isinstance(result, int) else EXIT_OK
    except IbessayError as exc:
        return _fail(exc.message, exc.hint)
    except typer.TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            # A group run without a command (`ibessay pack`): its help page is the whole
            # answer (Rich has printed it already; else it is the message), not an error
            # with an empty message. As for a bare `ibessay`: a command was expected, so
            # exit 2 (a script that forgot it fails).
            if exc.format_message().strip():
                print(exc.format_message())
            return EXIT_USER_ERROR
        # Click's own errors: usage errors (an unknown option or command, a missing
        # argument, a bad choice) and the few others Click raises. Typer vendors Click in
        # a private module (typer._click), so its classes cannot be named here; since
        # Typer 0.27.2 they all derive from the public typer.TyperException, and Click's
        # public attributes say the rest: format_message(), and for a usage error the
        # context (ctx) of the command whose usage was wrong.
        ctx = getattr(exc, "ctx", None)
        name = ctx.command_path if ctx is not None else "ibessay"
        return _fail(exc.format_message(), f"see '{name} --help'")
    except (typer.Abort, KeyboardInterrupt, _Interrupted):
        # After the terminal's "^C", on a line of its own.
        newline = "\n" if sys.stderr.isatty() else ""
        print(f"{newline}ibessay: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (BrokenPipeError, _ReaderGone):
        # The reader went away (e.g. `| head`): nothing to report, nothing left to say.
        # Exit 1, as Rich (which handles its own writes) and Python's docs do.
        _silence_stdout()
        return _EXIT_READER_GONE
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
