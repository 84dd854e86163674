"""``--format line``: one ``path:line:col: severity: message`` per finding.

The shape editors already parse: vim's quickfix (``:cexpr system(...)``, errorformat
``%f:%l:%c: %t%*[^:]: %m``) and VS Code problem matchers. Findings without a place in
the text (a missing event, a short essay) point at line 1, column 1.
"""

from __future__ import annotations

from typing import TextIO

from ..engine.report import Report


def findings(report: Report) -> list[tuple[int, int, str, str]]:
    """(line, column, severity, message) for everything worth fixing, in line order."""
    out: list[tuple[int, int, str, str]] = []
    for issue in report.date_issues:
        out.append((issue.line, issue.column, "warning", issue.message))
    # A name without a view is a problem while too few historians are cited; after that
    # it may simply be an actor (Kissinger flying to Beijing).
    short = len(report.historians_with("cited")) < report.historians_required
    for historian in report.historians:
        if historian.status == "mentioned":
            first = historian.matches[0]
            out.append((first.line, first.column, "warning" if short else "note",
                        f"{historian.name} is named but no view is attributed; if you cite "
                        f"them, say what they argue (e.g. \"{historian.name.split()[-1]} "
                        f"argues that ...\")"))
    for period in report.periods:
        if not period.covered:
            out.append((1, 1, "warning",
                        f"period not covered: {period.label} ({period.start}–{period.end}), "
                        f"{period.share:.0%} of the words"))
    for event in report.events:
        if event.required and not event.found:
            out.append((1, 1, "warning", f"missing required event: {event.name} ({event.date})"))
    cited = len(report.historians_with("cited"))
    if cited < report.historians_required:
        out.append((1, 1, "warning",
                    f"{cited} historian(s) cited; the rubric expects {report.historians_required}"))
    low, high = report.word_range
    if not low <= report.words <= high:
        out.append((1, 1, "note", f"{report.words} words; expected {low}–{high}"))
    out.sort(key=lambda f: (f[0], f[1]))
    out.append((1, 1, "note",
                f"score {report.score}/100, indicative band {report.band.label} "
                f"({'passes' if report.passed else 'does not pass'} the rubric)"))
    return out


def render(report: Report, out: TextIO, color: bool | None = None) -> None:
    for line, column, severity, message in findings(report):
        out.write(f"{report.draft}:{line}:{column}: {severity}: {message}\n")
