"""``--format markdown``: a report a student can keep beside the draft.

The score and the band come first, each criterion's table next, then why items were or
were not credited (``explain``) and what to work on, with the line and column of each
problem in the draft. ``brief`` keeps the score and what to work on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..engine.display import Cell
    from ..engine.report import Report


def _inline(text: str) -> str:
    """``text`` as literal Markdown: a star or a bar is shown, not read as markup."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("|", "\\|")


def _cell(cell: Cell) -> str:
    text = _inline(cell.text)
    return f"**{text}**" if cell.tone == "bad" and text else text


def render(report: Report, out: TextIO, color: bool | None = None, *, brief: bool = False,
           explain: bool = False, columns: str = "bytes") -> None:
    w = out.write
    w(f"# Rubric check: {report.draft}\n\n")
    if report.question and not brief:
        w(f"> {report.question}\n\n")
    length = report.result("words")
    low, high = length.low, length.high
    w(f"- **Score:** {report.score}/100 — {'passes' if report.passed else 'does not pass'} "
      f"the rubric\n")
    w(f"- **Indicative markband:** {report.band.label} of 15 (mark ≈ {report.mark}). "
      f"{report.band.descriptor} *A rubric check sees coverage, not argument: this is an "
      f"indication, not a mark.*\n")
    w(f"- **Words:** {report.words} (expected {low}–{high})\n")

    if not brief:
        for section in report.sections():
            w(f"\n## {section.title}\n\n")
            if not section.rows:
                w("None yet.\n")
            else:
                w("| " + " | ".join(section.columns) + " |\n")
                w("|" + "---|" * len(section.columns) + "\n")
                for row in section.rows:
                    w("| " + " | ".join(map(_cell, row)) + " |\n")
            if section.notes:
                w("\n" + "".join(f"- {_inline(note)}\n" for note in section.notes))
    if explain:
        w("\n## Why: what matched, and the nearest misses\n")
        for name, findings in report.explanations_by_criterion():
            w(f"\n### {name}\n\n")
            for f in findings:
                where = "" if (f.line, f.column) == (1, 1) else f"line {f.line}:{f.column}: "
                w(f"- {where}{_inline(f.message)}\n")
    items = report.work_on()
    if items:
        w("\n## What to work on\n\n")
        for item in items:
            where = f"**{item.where}:** " if item.where else ""
            w(f"- {where}{_inline(item.message)}\n")
