"""``--format csv`` for a class set: one row per draft, for a markbook.

The columns (docs/report-format.md, "Class sets") are the same for every row, a header
row first: the draft's numbers, then one column per rubric item named
``criterion:id`` (``period:alliance-1949-1953``, ``event:korean-war``,
``historian:westad``...). A draft that could not be checked has its ``error`` and
leaves the rest empty.

Choices, each for a spreadsheet:

* RFC 4180: ``\\r\\n`` line ends, fields quoted only when they must be. The stream is
  written as given: the CLI opens ``-o FILE`` with ``newline=""`` so that nothing turns
  ``\\r\\n`` into ``\\r\\r\\n`` on Windows.
* A byte-order mark first, unless the output is a terminal: Excel reads a CSV without
  one in the computer's legacy code page, so "Lüthi" or a student's accented name turns
  into "LÃ¼thi"; with it, Excel, LibreOffice and Numbers all read UTF-8, and so does
  Python with ``encoding="utf-8-sig"``.
* Counts, not fractions: ``periods_covered`` is ``3``, never ``3/3``, which a
  spreadsheet reads as the 3rd of March. A period's share is a whole percentage
  (``26``): a decimal point is a comma in half of Europe's spreadsheets.
* Formula injection (OWASP, "CSV Injection"): a text cell that starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return is prefixed with ``'``, so that a student
  named ``=HYPERLINK(...)`` in a roster is shown, never run. Numbers are written as
  numbers and are never prefixed.
"""

from __future__ import annotations

import csv
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, TextIO

from .columns import counts, percent

if TYPE_CHECKING:
    from ...classset.report import ClassReport
    from ...classset.summary import DraftResult, ItemState

#: The columns before the per-item ones, in order.
HEADER = ("student", "file", "checked", "error", "words", "length", "score", "mark", "band",
          "passed", "periods_covered", "events_found", "historians_cited", "date_warnings",
          "misspellings", "unmet")

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_KEY = itemgetter(0, 1)  # an ItemState's (criterion, id)

Cell = str | int | None


def render(report: ClassReport, out: TextIO, color: bool | None = None) -> None:
    isatty = getattr(out, "isatty", None)
    if not (isatty is not None and isatty()):
        out.write("\ufeff")
    from ...engine.criteria import CRITERIA

    writer = csv.writer(out, lineterminator="\r\n")
    item_columns = _item_columns(report.rows)
    # The "yes" state of each criterion whose items have two (found/missing...).
    yes = {c.name: c.class_states[0] for c in CRITERIA if len(c.class_states) == 2}
    writer.writerow([*HEADER, *(f"{_prefix(c)}:{i}" for c, i in item_columns)])
    width = len(HEADER) + len(item_columns)
    for row in report.rows:
        cells = _row(row, item_columns, yes)
        writer.writerow(cells + [""] * (width - len(cells)))


def _prefix(criterion: str) -> str:
    """A column's prefix: the criterion's name in the singular (``events`` -> ``event``)."""
    return criterion[:-1] if criterion.endswith("s") else criterion


def _item_columns(rows: tuple[DraftResult, ...]) -> list[tuple[str, str]]:
    """(criterion, id) of every item, in rubric order: every checked draft has the same
    items, but the union keeps the columns right should one lack some."""
    return list(dict.fromkeys(chain.from_iterable(map(_KEY, row.items) for row in rows)))


def _row(row: DraftResult, item_columns: list[tuple[str, str]], yes: dict[str, str]
         ) -> list[Cell]:
    """A row's cells, each safe in a spreadsheet (:func:`_safe`)."""
    if not row.checked:
        return [_safe(cell) for cell in (row.student, row.path, "no", row.error)]
    n = counts(row)
    cells = [_safe(cell) for cell in (
        row.student, row.path, "yes", "", row.words, row.length or "in range", row.score,
        row.mark, row.band, "yes" if row.passed else "no", n.periods_covered,
        n.events_found, n.historians_cited, n.date_warnings, n.misspellings,
        " ".join(row.unmet))]
    # The keys made in C, and only the texts made safe: 1,000 rows, 65 -> 55 ms.
    by_key = dict(zip(map(_KEY, row.items), row.items))
    for key in item_columns:
        item = by_key.get(key)
        cells.append("" if item is None else _item_cell(item, yes))
    return cells


def _item_cell(item: ItemState, yes: dict[str, str]) -> Cell:
    """An item's cell: a share as a percentage (periods), 1/0 for a criterion with two
    states (found/missing, treated/not treated), else the state itself
    (cited/mentioned/absent)."""
    if item.share is not None:
        return percent(item.share)
    if item.criterion in yes:
        return 1 if item.state == yes[item.criterion] else 0
    return _safe(str(item.state))


def _safe(cell: Cell) -> Cell:
    """A text cell a spreadsheet will not run as a formula; numbers as they are."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return "" if cell is None else cell
