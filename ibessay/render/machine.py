"""``--format json``: the stable machine format (see docs/report-format.md)."""

from __future__ import annotations

import json
from typing import TextIO

from ..report import Report, to_json


def render(report: Report, out: TextIO, color: bool | None = None) -> None:
    json.dump(to_json(report), out, ensure_ascii=False, indent=2)
    out.write("\n")
