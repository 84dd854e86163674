"""Turning a :class:`~ibessay.engine.report.Report` into text: one module per output format.

Each renderer is a function ``render(report, out, color, *, brief, explain, columns)``
that writes to ``out``: ``brief`` keeps the score and what to work on (rich, Markdown),
``explain`` adds why each item was or was not credited (every format), ``columns`` says
how ``line`` counts columns ("bytes" as vim does, or "chars"). The registry maps every
:class:`Format` to its module, imported only when used, so ``--format json`` never
imports Rich.
"""

from __future__ import annotations

import importlib
from enum import Enum
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:  # the report module is only needed once a check has run
    from ..engine.report import Report


class Format(str, Enum):
    rich = "rich"
    json = "json"
    line = "line"
    markdown = "markdown"
    # A class set's formats (ibessay.render.classset); a single draft in them is a set
    # of one.
    csv = "csv"
    html = "html"


_MODULES = {
    Format.rich: "ibessay.render.human",
    Format.json: "ibessay.render.machine",
    Format.line: "ibessay.render.lines",
    Format.markdown: "ibessay.render.markdown",
}


#: The formats only a class set has.
CLASS_ONLY_FORMATS = (Format.csv, Format.html)
#: The formats of one draft's report (every one has a module in _MODULES).
REPORT_FORMATS = tuple(f for f in Format if f not in CLASS_ONLY_FORMATS)

#: The formats ``--brief`` applies to.
BRIEF_FORMATS = (Format.rich, Format.markdown)


class Renderer(Protocol):
    def __call__(self, report: Report, out: TextIO, color: bool | None = None, *,
                 brief: bool = False, explain: bool = False, columns: str = "bytes") -> None:
        ...


def renderer(fmt: Format) -> Renderer:
    """The render function for ``fmt``."""
    return importlib.import_module(_MODULES[fmt]).render  # type: ignore[no-any-return]
