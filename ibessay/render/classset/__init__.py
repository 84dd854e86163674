"""Turning a :class:`~ibessay.classset.report.ClassReport` into text: one module per format.

Each module has ``render(report, out, color=None)`` writing to ``out``:

* ``terminal`` (rich) — the class table and the picture, for the teacher at a terminal;
* ``spreadsheet`` (csv) — one row per draft, for a markbook;
* ``machine`` (json) — the stable machine format (docs/report-format.md, "Class sets");
* ``markdown`` — to keep or paste;
* ``html`` — a self-contained, printable page (inline CSS and SVG, no network), a
  section per student that can be handed back.

Every text that came from a file (a student's name from a roster, a path, a
misspelling) is escaped for the format it goes into: Rich markup, Markdown, HTML, and
spreadsheet formulas.
"""

from __future__ import annotations

import importlib
from enum import Enum
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from ...classset.report import ClassReport


class ClassFormat(str, Enum):
    rich = "rich"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    html = "html"


_MODULES = {
    ClassFormat.rich: "ibessay.render.classset.terminal",
    ClassFormat.csv: "ibessay.render.classset.spreadsheet",
    ClassFormat.json: "ibessay.render.classset.machine",
    ClassFormat.markdown: "ibessay.render.classset.markdown",
    ClassFormat.html: "ibessay.render.classset.html",
}


class ClassRenderer(Protocol):
    def __call__(self, report: ClassReport, out: TextIO, color: bool | None = None) -> None:
        ...


def class_renderer(fmt: ClassFormat) -> ClassRenderer:
    """The render function for ``fmt``."""
    return importlib.import_module(_MODULES[fmt]).render  # type: ignore[no-any-return]
