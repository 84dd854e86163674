"""``--format line``: one ``path:line:col: severity: message`` per finding.

The shape editors already parse: vim's quickfix (``:cexpr system(...)``, errorformat
``%f:%l:%c: %t%*[^:]: %m``) and VS Code problem matchers. Findings without a place in
the text (a missing event, a short essay) point at line 1, column 1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..engine.report import Report


def render(report: Report, out: TextIO, color: bool | None = None) -> None:
    for finding in report.findings():
        out.write(f"{report.draft}:{finding.line}:{finding.column}: {finding.severity}: "
                  f"{finding.message}\n")
