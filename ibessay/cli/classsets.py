"""``ibessay check`` on a class set: many drafts, one prompt, a row each and the picture.

Thin: gathering, checking and the picture are :mod:`ibessay.classset`; the formats are
:mod:`ibessay.render.classset`. This module reads the options, shows progress on a
terminal and sets the exit status.
"""

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer

from ..errors import EXIT_BELOW_THRESHOLD, EXIT_USER_ERROR, IbessayError
from ..render import Format

if TYPE_CHECKING:
    from rich.console import Console

    from ..classset.gather import Submission
    from ..classset.report import ClassReport
    from ..classset.summary import DraftResult
    from ..content.model import Prompt
    from ..engine.compiled import CompiledRubric

#: A set at least this large shows a progress bar on a terminal (about a second's work).
PROGRESS_FROM = 200


def check_class_set(drafts: Sequence[str], *, prompt: "str | None", rubric: "str | None",
                    fmt: Format, output: "str | None", force: bool, roster: "str | None",
                    jobs: "int | None", fail_under: "int | None") -> None:
    from ..classset.gather import gather
    from ..classset.report import class_report
    from ..classset.roster import read_roster
    from ..content.library import Library
    from ..engine.compiled import resolve
    from ..render.classset import ClassFormat, class_renderer
    from .reports import check_output, write_report

    if fmt is Format.line:
        raise IbessayError("--format line is for one draft, not a class set",
                           "use rich, csv, json, markdown or html")
    if "-" in drafts:
        raise IbessayError("'-' (stdin) is one draft, not part of a class set",
                           "save the drafts as files and name them, or their folder")
    if not prompt and not rubric:
        raise IbessayError("which prompt are these drafts for?",
                           "add --prompt ID (list them with 'ibessay prompts') or --rubric ID")
    if output is None and fmt is Format.html and sys.stdout.isatty():
        raise IbessayError("an HTML report is a file to open or print",
                           "add -o report.html")
    render = class_renderer(ClassFormat(fmt.value))
    library = Library.default()
    prompt_id = library.resolve_prompt_id(prompt) if prompt else None
    chosen, compiled = resolve(library, prompt_id, rubric)
    students = read_roster(roster) if roster is not None else None
    submissions = gather(drafts, students)
    if output is not None:
        check_output(output, force, inputs=[s.path for s in submissions])
    # What to work on is shown in a section per student (and kept in the JSON); a
    # markbook and the terminal's table count, and never show it.
    rows = _check(submissions, compiled, chosen, jobs, (prompt_id, rubric),
                  work_on=fmt not in (Format.csv, Format.rich))
    report = class_report(rows, compiled, chosen,
                          students.without_drafts(submissions) if students else (),
                          made=_now())
    if output is None:
        render(report, sys.stdout)
    else:
        write_report(output, lambda out: render(report, out, color=False), force)
        if output != "-":
            print(f"wrote {output}: {_counts(report)}")
    _exit_status(report, fail_under)


def _check(submissions: "Sequence[Submission]", compiled: "CompiledRubric",
           prompt: "Prompt | None", jobs: "int | None",
           spec: "tuple[str | None, str | None]", work_on: bool) -> "list[DraftResult]":
    from ..classset.run import check_set

    if len(submissions) < PROGRESS_FROM or not sys.stderr.isatty():
        return check_set(submissions, compiled, prompt, jobs=jobs, spec=spec,
                         work_on=work_on)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress("checking", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=True, console=_stderr_console()) as bar:
        task = bar.add_task("checking", total=len(submissions))
        return check_set(submissions, compiled, prompt, jobs=jobs, spec=spec,
                         work_on=work_on,
                         progress=lambda done, total: bar.update(task, completed=done))


def _stderr_console() -> "Console":
    from rich.console import Console

    return Console(file=sys.stderr)


def _now() -> str:
    from datetime import datetime

    return datetime.now().strftime("%Y-%m-%d %H:%M")


def _counts(report: "ClassReport") -> str:
    failed = len(report.failed)
    return (f"{len(report.rows)} draft{'s' if len(report.rows) != 1 else ''}"
            + (f", {failed} could not be checked" if failed else ""))


def _exit_status(report: "ClassReport", fail_under: "int | None") -> None:
    """2 when some drafts could not be checked (their rows say why), else 1 when a
    draft scores below --fail-under."""
    sys.stdout.flush()  # the report first, then why the exit status is not 0
    failed = report.failed
    if failed:
        first = failed[0]
        more = f" (and {len(failed) - 1} more: see their rows)" if len(failed) > 1 else ""
        print(f"ibessay: {len(failed)} of {len(report.rows)} drafts could not be checked: "
              f"{first.path}: {first.error}{more}", file=sys.stderr)
        raise typer.Exit(EXIT_USER_ERROR)
    if fail_under is not None:
        below = [r for r in report.rows if r.score < fail_under]
        if below:
            print(f"ibessay: {len(below)} draft{'s' if len(below) != 1 else ''} score "
                  f"below --fail-under {fail_under}: "
                  f"{', '.join(r.student for r in below[:5])}"
                  f"{' ...' if len(below) > 5 else ''}", file=sys.stderr)
            raise typer.Exit(EXIT_BELOW_THRESHOLD)
