"""The shapes a criterion's result takes for people, whatever the format: located
findings (``--format line``), tables (rich, Markdown) and dashboard tallies.

Criteria make them (:mod:`ibessay.engine.criteria`) and renderers style them, so no
renderer names a criterion. A JSON check never needs them, so criteria import this
module inside the methods that do: the classes cost start-up to create.
"""

# No "from __future__ import annotations": NamedTuple would compile every field's
# annotation string at import.

from typing import NamedTuple


class Finding(NamedTuple):
    """A message about the draft at a place (line 1, column 1 when it has none)."""

    line: int
    column: int
    severity: str  # "warning", "note", or "info" (--explain)
    message: str


class Cell(NamedTuple):
    """A table cell for people, with a tone a renderer may colour."""

    text: str
    tone: str | None = None  # "good", "bad", "warn", "dim" or None


class Section(NamedTuple):
    """A criterion's table in a report for people (rich, Markdown)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...] = ()  # lines under the table


class Tally(NamedTuple):
    """A criterion's line on the live dashboard: "events 9/12"."""

    label: str
    done: int
    of: int | None  # None: a count with no target (date warnings)
    column: str  # its heading in the dashboard's table
    missing: tuple[str, ...] = ()  # what is still missing, by name
    wanting: str = ""  # what the dashboard calls them: "not yet covered: ..."
