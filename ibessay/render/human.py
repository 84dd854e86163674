"""``--format rich``: the report for people, in colour on a terminal.

Rich decides about colour: none when the output is not a terminal or ``NO_COLOR`` is set,
so the same report pipes cleanly into a file or ``less``. Each criterion's table comes
from the report (:meth:`~ibessay.engine.report.Report.sections`); this module only styles
it.

The report ends with what to work on and the score, so that they are what a terminal
still shows once the tables have scrolled by; ``brief`` shows only those.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from ..engine.display import Cell, Section, WorkItem
    from ..engine.report import Report

_TONES = {"good": "green", "bad": "red", "warn": "yellow", "dim": "dim"}


def _cell(cell: Cell) -> str:
    style = _TONES.get(cell.tone or "")
    return f"[{style}]{escape(cell.text)}[/{style}]" if style else escape(cell.text)


def _table(section: Section) -> Table:
    table = Table(title=escape(section.title), title_justify="left", show_edge=False)
    for column in section.columns:
        table.add_column(escape(column))
    for row in section.rows:
        table.add_row(*map(_cell, row))
    return table


def _verdict(report: Report) -> str:
    verdict = "[green]passes the rubric[/green]" if report.passed else \
        f"[yellow]does not pass yet[/yellow] (unmet: {escape(', '.join(report.unmet))})"
    return f"[bold]Score {report.score}/100[/bold] — {verdict}"


def _band(report: Report) -> str:
    return (f"Indicative markband [bold]{escape(report.band.label)}[/bold] of 15 "
            f"(mark ≈ {report.mark})")


def render(report: Report, out: TextIO, color: bool | None = None, *, brief: bool = False,
           explain: bool = False, columns: str = "bytes") -> None:
    from ..engine.report import TOP_ITEMS

    plain = color is False or (color is None and bool(os.environ.get("NO_COLOR")))
    # NO_COLOR (no-color.org) means plain text here: no colour and no bold either.
    # No emoji codes: a ":fire:" in a draft's name or a rubric is text, as is any "[".
    console = Console(file=out, highlight=False, emoji=False, soft_wrap=False,
                      force_terminal=False if plain else (True if color else None))
    p = console.print

    title = (f"[bold]{escape(report.draft)}[/bold] — rubric "
             f"[bold]{escape(report.rubric_id)}[/bold]")
    items = report.work_on()
    if brief:  # at most a dozen lines: every line is cut, never wrapped
        p(title, no_wrap=True, overflow="ellipsis")
        p(_verdict(report))
        p(_band(report))
        if explain:
            _explanations(report, console)
        _work_on(items[:TOP_ITEMS], console, one_line=True)
        if len(items) > TOP_ITEMS:
            p(f"[dim]  … and {len(items) - TOP_ITEMS} more: run without --brief for the "
              "full report[/dim]")
        return

    p(title)
    if report.question:
        p(f"[italic]{escape(report.question)}[/italic]")
    length = report.result("words")
    low, high = length.low, length.high
    words_style = "green" if low <= report.words <= high else "yellow"
    p(f"{_verdict(report)}; words: [{words_style}]{report.words}[/{words_style}] "
      f"(expected {low}–{high})")
    p()

    for section in report.sections():
        # A table with no rows (no case named yet, no event found) says so in a line.
        p(_table(section) if section.rows else f"[bold]{escape(section.title)}[/bold]: none yet")
        for note in section.notes:
            p(f"[dim]{escape(note)}[/dim]")
        p()
    if explain:
        _explanations(report, console)
        p()
    if _work_on(items, console, one_line=False):
        p()

    # The summary, last: what a terminal still shows when the tables have scrolled by.
    p("─" * min(console.width, 60), style="dim")
    p(_verdict(report))
    p(f"{_band(report)}: {escape(report.band.descriptor)}")
    p("[dim]Indicative only: a rubric check sees coverage, dates and citations, not the "
      "quality of the argument.[/dim]")


def _work_on(items: list[WorkItem], console: Console, one_line: bool) -> bool:
    if not items:
        console.print("[green]Nothing to work on: the draft meets every requirement of the "
                      "rubric.[/green]")
        return True
    console.print("[bold]What to work on[/bold]")
    if one_line:  # --brief: one line each, cut with an ellipsis
        for item in items:
            where = f"[yellow]{item.where}[/yellow] " if item.where else ""
            console.print(f"  • {where}{escape(item.message)}", no_wrap=True,
                          overflow="ellipsis")
        return True
    # A grid, so that a long item wraps under its own text, not under the bullet.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, min_width=3)
    grid.add_column(ratio=1)
    for item in items:
        where = f"[yellow]{item.where}[/yellow] " if item.where else ""
        grid.add_row("  •", f"{where}{escape(item.message)}")
    console.print(grid)
    return True


def _explanations(report: Report, console: Console) -> None:
    console.print("[bold]Why: what matched, and the nearest misses[/bold] (--explain)")
    for name, findings in report.explanations_by_criterion():
        console.print(f"  [bold]{escape(name)}[/bold]")
        for f in findings:
            where = "" if (f.line, f.column) == (1, 1) else f"[dim]line {f.line}:{f.column}[/dim] "
            console.print(f"    {where}{escape(f.message)}")
