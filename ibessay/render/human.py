"""``--format rich``: the report for people, in colour on a terminal.

Rich decides about colour: none when the output is not a terminal or ``NO_COLOR`` is set,
so the same report pipes cleanly into a file or ``less``. Each criterion's table comes
from the report (:meth:`~ibessay.engine.report.Report.sections`); this module only styles
it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from ..engine.display import Cell, Section
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


def render(report: Report, out: TextIO, color: bool | None = None) -> None:
    plain = color is False or (color is None and bool(os.environ.get("NO_COLOR")))
    # NO_COLOR (no-color.org) means plain text here: no colour and no bold either.
    # No emoji codes: a ":fire:" in a draft's name or a rubric is text, as is any "[".
    console = Console(file=out, highlight=False, emoji=False, soft_wrap=False,
                      force_terminal=False if plain else (True if color else None))
    p = console.print

    p(f"[bold]{escape(report.draft)}[/bold] — rubric [bold]{escape(report.rubric_id)}[/bold]")
    if report.question:
        p(f"[italic]{escape(report.question)}[/italic]")
    p()

    verdict = "[green]passes the rubric[/green]" if report.passed else \
        f"[yellow]does not pass yet[/yellow] (unmet: {escape(', '.join(report.unmet))})"
    p(f"[bold]Score {report.score}/100[/bold] — {verdict}")
    p(f"Indicative markband [bold]{escape(report.band.label)}[/bold] of 15 (mark ≈ {report.mark}): "
      f"{escape(report.band.descriptor)}")
    p("[dim]Indicative only: a rubric check sees coverage, dates and citations, not the "
      "quality of the argument.[/dim]")
    length = report.result("words")
    low, high = length.low, length.high
    words_style = "green" if low <= report.words <= high else "yellow"
    p(f"Words: [{words_style}]{report.words}[/{words_style}] (expected {low}–{high})")
    p()

    for section in report.sections():
        p(_table(section))
        for note in section.notes:
            p(f"[dim]{escape(note)}[/dim]")
        p()
    if report.hints:
        p("[bold]What to work on[/bold]")
        for hint in report.hints:
            p(f"  • {escape(hint.message)}")
    if report.corrections:
        fixed = ", ".join(f"{k} → {v}" for k, v in sorted(report.corrections.items()))
        p(f"[dim]Read as misspellings: {escape(fixed)}[/dim]")
