"""``--format json``: the stable machine format (see docs/report-format.md).

One line, without indentation: the standard library encodes that in C, while indenting
runs its pure-Python encoder, several times slower. Pipe it to ``jq .`` to read it.
"""

from __future__ import annotations

# Importing json costs a check ~1 ms (its decoder compiles regular expressions a report
# never needs); the C encoder alone is in the private _json module, which we do not use.
import json
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..engine.report import Report


def render(report: Report, out: TextIO, color: bool | None = None, *, brief: bool = False,
           explain: bool = False, columns: str = "bytes") -> None:
    # UTF-8 where the output takes it; \u escapes (still the same JSON) where it does not.
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("-", "")
    out.write(json.dumps(report.to_dict(explain=explain),
                         ensure_ascii=not encoding.startswith("utf")))
    out.write("\n")
