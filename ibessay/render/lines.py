"""``--format line``: one ``path:line:col: severity: message`` per finding.

The shape editors already parse: vim's quickfix (``:cexpr system(...)``, errorformat
``%f:%l:%c: %t%*[^:]: %m``) and VS Code problem matchers (docs/report-format.md).
Findings without a place in the text (a missing event, a short essay) point at line 1,
column 1.

Columns are counted as vim's ``%c`` counts them, in bytes of UTF-8 (1 + the bytes before
the flagged text), so that ``:cc`` puts the cursor on the flagged word even after a
"Lüthi" or a dash on the same line; ``columns="chars"`` counts characters as VS Code
does, in UTF-16 code units (an emoji before the flagged word is two). The other formats
always count characters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..engine.report import Report


def render(report: Report, out: TextIO, color: bool | None = None, *, brief: bool = False,
           explain: bool = False, columns: str = "bytes") -> None:
    findings = report.findings()
    if explain:
        # After the warnings and before the score: :cnext walks the problems first.
        findings[-1:-1] = report.explanations()
    encoding = "utf-8" if columns == "bytes" else "utf-16-le"
    name = report.draft
    for finding in findings:
        column = report.byte_column(finding.line, finding.column, encoding)
        out.write(f"{name}:{finding.line}:{column}: {finding.severity}: {finding.message}\n")
