"""``--format json``: the stable machine format (see docs/report-format.md).

One line, without indentation: the standard library encodes that in C, while indenting
runs its pure-Python encoder, several times slower. Pipe it to ``jq .`` to read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from ..engine.report import Report

try:
    # The C encoder that json.dumps(..., ensure_ascii=False) uses, taken directly:
    # importing the json package also imports its decoder and scanner (~0.9 ms of a
    # check's start-up, for a report that is only ever written).
    from _json import encode_basestring, encode_basestring_ascii, make_encoder

    def _not_serialisable(value: object) -> Any:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    _ENCODERS = {
        ascii_only: make_encoder({}, _not_serialisable, string_encoder, None, ": ", ", ",
                                 False, False, True)
        for ascii_only, string_encoder in ((False, encode_basestring),
                                           (True, encode_basestring_ascii))
    }

    def dumps(value: object, ascii_only: bool = False) -> str:
        """``json.dumps(value, ensure_ascii=ascii_only)``."""
        return "".join(_ENCODERS[ascii_only](value, 0))

except ImportError:  # pragma: no cover - a Python without the C accelerator
    import json

    def dumps(value: object, ascii_only: bool = False) -> str:
        return json.dumps(value, ensure_ascii=ascii_only)


def render(report: Report, out: TextIO, color: bool | None = None) -> None:
    # UTF-8 where the output takes it; \u escapes (still the same JSON) where it does not.
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("-", "")
    out.write(dumps(report.to_dict(), ascii_only=not encoding.startswith("utf")))
    out.write("\n")
