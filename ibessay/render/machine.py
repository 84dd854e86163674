"""``--format json``: the stable machine format (see docs/report-format.md).

One line, without indentation: the standard library encodes that in C, while indenting
runs its pure-Python encoder, several times slower. Pipe it to ``jq .`` to read it.
"""

from __future__ import annotations

from typing import Any, TextIO

from ..report import Report, to_json

try:
    # The C encoder that json.dumps(..., ensure_ascii=False) uses, taken directly:
    # importing the json package also imports its decoder and scanner (~0.9 ms of a
    # check's start-up, for a report that is only ever written).
    from _json import encode_basestring, make_encoder

    def _not_serialisable(value: object) -> Any:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    _encode = make_encoder({}, _not_serialisable, encode_basestring, None, ": ", ", ",
                           False, False, True)

    def dumps(value: object) -> str:
        """``json.dumps(value, ensure_ascii=False)``."""
        return "".join(_encode(value, 0))

except ImportError:  # pragma: no cover - a Python without the C accelerator
    import json

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)


def render(report: Report, out: TextIO, color: bool | None = None) -> None:
    out.write(dumps(to_json(report)))
    out.write("\n")
