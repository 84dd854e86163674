"""``--format json``: the stable machine format (see docs/report-format.md).

One line, without indentation: the standard library encodes that in C, while indenting
runs its pure-Python encoder, several times slower. Pipe it to ``jq .`` to read it.
"""

from __future__ import annotations

import json
from typing import TextIO

from ..report import Report, to_json


def render(report: Report, out: TextIO, color: bool | None = None) -> None:
    out.write(json.dumps(to_json(report), ensure_ascii=False))
    out.write("\n")
