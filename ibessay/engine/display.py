"""The shapes a criterion's result takes for people, whatever the format: located
findings (``--format line``), tables (rich, Markdown) and dashboard tallies; and the
report's misspellings and what to work on.

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


class Correction(NamedTuple):
    """A misspelt name, where it stands: the draft wrote ``wrote``, read as ``read_as``."""

    wrote: str  # as written in the draft ("Kruschev")
    read_as: str  # the rubric's name, folded to lower case ("khrushchev")
    line: int
    column: int

    @property
    def message(self) -> str:
        return f"'{self.wrote}' was read as {self.read_as.capitalize()}: check the spelling"


class WorkItem(NamedTuple):
    """One thing to work on: advice (no place) or a problem at a place in the draft."""

    message: str
    line: int | None = None
    column: int | None = None

    @property
    def where(self) -> str:
        """``"line 12:44"``, or ``""`` for advice about the whole draft."""
        return "" if self.line is None else f"line {self.line}:{self.column}"
