"""``--format markdown``: a report a student can keep beside the draft."""

from __future__ import annotations

from typing import TextIO

from ..engine.report import Report
from . import bar


def render(report: Report, out: TextIO, color: bool | None = None) -> None:
    w = out.write
    w(f"# Rubric check: {report.draft}\n\n")
    if report.question:
        w(f"> {report.question}\n\n")
    low, high = report.word_range
    w(f"- **Score:** {report.score}/100 — {'passes' if report.passed else 'does not pass'} "
      f"the rubric\n")
    w(f"- **Indicative markband:** {report.band.label} of 15 (mark ≈ {report.mark}). "
      f"{report.band.descriptor} *A rubric check sees coverage, not argument: this is an "
      f"indication, not a mark.*\n")
    w(f"- **Words:** {report.words} (expected {low}–{high})\n\n")

    w("## Periods\n\n| Period | Years | Share of words | Covered |\n|---|---|---|---|\n")
    for p in report.periods:
        w(f"| {p.label} | {p.start}–{p.end} | `{bar(p.share)}` {p.share:.0%} | "
          f"{'yes' if p.covered else '**no**'} |\n")

    w("\n## Events\n\n| Event | Date | Found | Where |\n|---|---|---|---|\n")
    for e in report.events:
        if not e.required and not e.found:
            continue
        where = "; ".join(f"line {m.line}: “{m.text}”" for m in e.matches[:2])
        status = "yes" if e.found else ("**missing**" if e.required else "—")
        w(f"| {e.name}{'' if e.required else ' (optional)'} | {e.date} | {status} | {where} |\n")

    w("\n## Historians\n\n")
    for h in report.historians:
        if h.status == "absent":
            continue
        first = h.matches[0]
        w(f"- **{h.name}**: {h.status} (line {first.line})\n")
    absent = [h.name for h in report.historians if h.status == "absent"]
    if absent:
        w(f"- Not used: {', '.join(absent)}\n")

    if report.date_issues:
        w("\n## Dates to check\n\n")
        for d in report.date_issues:
            w(f"- line {d.line}, column {d.column}: {d.message}\n")
    if report.hints:
        w("\n## What to work on\n\n")
        for hint in report.hints:
            w(f"- {hint.message}\n")
