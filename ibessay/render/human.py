"""``--format rich``: the report for people, in colour on a terminal.

Rich decides about colour: none when the output is not a terminal or ``NO_COLOR`` is set,
so the same report pipes cleanly into a file or ``less``.
"""

from __future__ import annotations

import os
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..engine.report import Report
from . import bar

_STATUS_STYLE = {"cited": "green", "mentioned": "yellow", "absent": "dim"}


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    for column in columns:
        table.add_column(column)
    return table


def render(report: Report, out: TextIO, color: bool | None = None) -> None:
    plain = color is False or (color is None and bool(os.environ.get("NO_COLOR")))
    # NO_COLOR (no-color.org) means plain text here: no colour and no bold either.
    # No emoji codes: a ":fire:" in a draft's name or a rubric is text, as is any "[".
    console = Console(file=out, highlight=False, emoji=False, soft_wrap=False,
                      force_terminal=False if plain else (True if color else None))
    p = console.print

    title = f"[bold]{escape(report.draft)}[/bold] — rubric [bold]{escape(report.rubric_id)}[/bold]"
    p(title)
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
    low, high = report.word_range
    words_style = "green" if low <= report.words <= high else "yellow"
    p(f"Words: [{words_style}]{report.words}[/{words_style}] (expected {low}–{high})")
    p()

    periods = _table("Periods of the time frame", "Period", "Years", "Share of words", "Covered")
    for period in report.periods:
        style = "green" if period.covered else "red"
        periods.add_row(escape(period.label), f"{period.start}–{period.end}",
                        f"[{style}]{bar(period.share)}[/{style}] {period.share:4.0%}",
                        "[green]yes[/green]" if period.covered else "[red]no[/red]")
    p(periods)
    p()

    events = _table("Events", "", "Event", "Date", "Found as")
    for event in report.events:
        if not event.found and not event.required:
            continue
        if event.found:
            mark = "[green]✓[/green]"
            where = "; ".join(f"l.{m.line} “{escape(m.text)}”" for m in event.matches[:2])
            if len(event.matches) > 2:
                where += f" (+{len(event.matches) - 2})"
        else:
            mark, where = "[red]✗[/red]", "[red]missing[/red]"
        name = escape(event.name) + ("" if event.required else " [dim](optional)[/dim]")
        events.add_row(mark, name, escape(event.date), where)
    p(events)
    p()

    historians = _table(f"Historians (cite at least {report.historians_required})",
                        "Historian", "Status", "Where")
    for h in report.historians:
        if h.status == "absent":
            continue
        where = ", ".join(f"l.{m.line}" + ("" if m.cited else "*") for m in h.matches[:4])
        style = _STATUS_STYLE[h.status]
        historians.add_row(escape(h.name), f"[{style}]{h.status}[/{style}]", where)
    p(historians)
    p("[dim]* named without a view attributed (no \"argues\", \"according to\", ...)[/dim]")
    absent = [h.name for h in report.historians if h.status == "absent"]
    if absent:
        p(f"[dim]Not used: {escape(', '.join(absent))}[/dim]")
    p()

    if report.date_issues:
        p("[bold]Dates to check[/bold]")
        for d in report.date_issues:
            p(f"  [yellow]line {d.line}:{d.column}[/yellow] {escape(d.message)}")
        p()
    if report.hints:
        p("[bold]What to work on[/bold]")
        for hint in report.hints:
            p(f"  • {escape(hint.message)}")
    if report.corrections:
        fixed = ", ".join(f"{k} → {v}" for k, v in sorted(report.corrections.items()))
        p(f"[dim]Read as misspellings: {escape(fixed)}[/dim]")
