"""``--format markdown``: a report a student can keep beside the draft."""

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


def render(report: Report, out: TextIO, color: bool | None = None) -> None:
    w = out.write
    w(f"# Rubric check: {report.draft}\n\n")
    if report.question:
        w(f"> {report.question}\n\n")
    length = report.result("words")
    low, high = length.low, length.high
    w(f"- **Score:** {report.score}/100 — {'passes' if report.passed else 'does not pass'} "
      f"the rubric\n")
    w(f"- **Indicative markband:** {report.band.label} of 15 (mark ≈ {report.mark}). "
      f"{report.band.descriptor} *A rubric check sees coverage, not argument: this is an "
      f"indication, not a mark.*\n")
    w(f"- **Words:** {report.words} (expected {low}–{high})\n")

    for section in report.sections():
        w(f"\n## {section.title}\n\n")
        w("| " + " | ".join(section.columns) + " |\n")
        w("|" + "---|" * len(section.columns) + "\n")
        for row in section.rows:
            w("| " + " | ".join(map(_cell, row)) + " |\n")
        if section.notes:
            w("\n" + "".join(f"- {_inline(note)}\n" for note in section.notes))
    if report.hints:
        w("\n## What to work on\n\n")
        for hint in report.hints:
            w(f"- {hint.message}\n")
