"""What the class formats (rich, csv, markdown) show of each draft, computed once.

The class table of every format has the same numbers: periods covered, events found,
historians cited, date warnings, misspellings. They are counted here from a
:class:`~ibessay.classset.summary.DraftResult`'s items, so that the terminal, the
spreadsheet and the Markdown never disagree. Only this module names criteria
(``periods``, ``events``, ``historians``, ``cases``): the per-item columns and the
picture's groups are generic.

On a two-case question a draft is answerable only for the cases it treats: its events
are counted and listed for those alone (:func:`relevant`, :func:`by_case`), though what
a criterion credits it with from another case still counts (a historian it cites there:
each criterion's ``class_outside_case`` says which states), and the picture's events are
shown by case, each counted over the drafts that chose it (:func:`sections`).

:func:`one_line` makes a text that came from a file safe to lay out on one line in any
format: control characters (a terminal escape sequence, a newline, a tab) and the
bidirectional overrides that can make text read differently from what it is are
replaced, before each format escapes its own markup. The core already shows them as
escapes in a row's names, paths and messages (``summary.printable``); this guards what
it does not pass through, such as a rubric's labels and the question.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from ...classset.summary import UNPRINTABLE
from ...engine.criteria import CRITERIA

if TYPE_CHECKING:
    from ...classset.picture import Group, ItemTally
    from ...classset.summary import DraftResult, ItemState

def one_line(text: object) -> str:
    """``text`` with control characters and bidi overrides replaced by a space (texts
    the rows' :func:`~ibessay.classset.summary.printable` did not see: a rubric's
    labels, the question): a name is one visible line."""
    return UNPRINTABLE.sub(" ", str(text))


class Counts(NamedTuple):
    """The numbers of one draft's row in the class table."""

    periods_covered: int
    periods: int  # 0 when the rubric has none (a two-case question's periods are its cases')
    events_found: int
    events: int
    historians_cited: int
    historians_named: int  # named without a view attributed ("mentioned")
    historians: int
    date_warnings: int
    misspellings: int  # places a misspelt name was read as a rubric name


#: The criterion of a two-case question's cases: the one whose labels other items'
#: ``case`` names.
CASES = "cases"

#: By criterion, the states in which an item of a case the draft does not treat still
#: concerns it (:attr:`~ibessay.engine.criteria.Criterion.class_outside_case`).
_OUTSIDE_CASE = {criterion.name: criterion.class_outside_case for criterion in CRITERIA}


# An ItemState's fields, read in C by map() and groupby() over a row's ~50 items: for
# 1,000 rows, by_case() 25 -> 8 ms (a fifth of the HTML) and counts() 24 -> 10 ms (of
# every class table), against a loop in Python over every item.
_CRITERION = itemgetter(0)
_STATE = itemgetter(3)
_CASE = itemgetter(5)


def relevant(row: DraftResult) -> Sequence[ItemState]:
    """``row``'s items that concern it: on a two-case question, an event or a historian
    of a case the draft does not treat is not "missing" or "absent" from it, and is left
    out; but a historian of such a case it cites or names is kept, as its own report
    credits them (the events found are those of the cases treated)."""
    if _of_no_case(row.items):  # every item concerns the draft
        return row.items
    treated = set(row.treated_cases())
    return [i for i in row.items if _concerns(i, treated)]


def _of_no_case(items: Sequence[ItemState]) -> bool:
    """Whether no item of ``items`` belongs to a case (as on every question that does
    not ask for cases)."""
    return set(map(_CASE, items)) <= {None}


def _concerns(item: ItemState, treated: Collection[str]) -> bool:
    return item.case is None or item.case in treated or \
        item.state in _OUTSIDE_CASE.get(item.criterion, ())


def asks_cases(row: DraftResult) -> bool:
    """Whether ``row`` was checked against a question that asks for cases."""
    return CASES in map(_CRITERION, row.items)  # in C


def by_case(row: DraftResult) -> dict[str, list[tuple[str | None, list[ItemState]]]]:
    """``row``'s items that concern it (:func:`relevant`), by criterion and then by case:
    for each criterion, (None, items) for those of no case first (with a historian the
    draft cites from a case it does not treat), then (case, items) for each case the
    draft treats, in the rubric's order (:meth:`DraftResult.treated_cases`). One pass
    over the row for every criterion: the HTML asks for five of 1,000 students."""
    if _of_no_case(row.items):
        return {criterion: [(None, items)] for criterion, items in _by_criterion(row.items)}
    order = {case: n for n, case in enumerate(row.treated_cases())}
    grouped: dict[str, dict[str | None, list[ItemState]]] = {}
    for item in row.items:
        if _concerns(item, order):
            case = item.case if item.case in order else None
            grouped.setdefault(item.criterion, {}).setdefault(case, []).append(item)
    return {criterion: sorted(cases.items(), key=lambda c: -1 if c[0] is None else order[c[0]])
            for criterion, cases in grouped.items()}


def _by_criterion(items: Sequence[ItemState]) -> Iterable[tuple[str, list[ItemState]]]:
    """``items`` by criterion, in the order each first appears."""
    grouped: dict[str, list[ItemState]] = {}
    # A criterion's items are together in a row: a run each (a second run would join it).
    for criterion, run in groupby(items, _CRITERION):
        grouped.setdefault(criterion, []).extend(run)
    return grouped.items()


def counts(row: DraftResult) -> Counts:
    """The class-table numbers of a checked draft (all 0 for one that could not be): on
    a two-case question, the events of the cases it treats."""
    states = {criterion: list(map(_STATE, items))
              for criterion, items in _by_criterion(relevant(row))}
    empty: list[str] = []
    periods, events = states.get("periods", empty), states.get("events", empty)
    historians = states.get("historians", empty)
    return Counts(
        periods_covered=periods.count("covered"), periods=len(periods),
        events_found=events.count("found"), events=len(events),
        historians_cited=historians.count("cited"),
        historians_named=historians.count("mentioned"), historians=len(historians),
        date_warnings=len(row.date_notes), misspellings=len(row.misspellings))


def items_of(row: DraftResult, criterion: str, state: str) -> list[str]:
    """The labels of ``row``'s items of ``criterion`` in ``state``, in rubric order (on a
    two-case question, of the cases it treats)."""
    return [i.label for i in relevant(row) if i.criterion == criterion and i.state == state]


class Section(NamedTuple):
    """A part of a group of the class picture: the items of one case, counted over the
    drafts that treat it, or (``case`` None) the items of no case, over every draft."""

    case: str | None
    drafts: int
    items: tuple[ItemTally, ...]


def sections(group: Group, checked: int) -> list[Section]:
    """How the picture shows ``group`` of a class of ``checked`` drafts: one section of
    every item, unless its items belong to cases; then one per case some draft chose (the
    cases no draft chose are in the group of the cases)."""
    if not group.cases:
        return [Section(None, checked, group.items)]
    in_case = {item.id for case in group.cases for item in case.items}
    loose = tuple(item for item in group.items if item.id not in in_case)
    return [Section(None, checked, loose)] * bool(loose) + [
        Section(c.case, c.drafts, c.items) for c in group.cases if c.drafts]


def word_range(span: tuple[int, int] | None) -> str:
    """The rubric's word range as people read it: ``700–1,100`` ("" without one)."""
    return "" if span is None else f"{span[0]:,}–{span[1]:,}"


def words(row: DraftResult, span: tuple[int, int] | None) -> str:
    """A draft's length against the range: ``913 words (range 700–1,100)``, ``640 words,
    under the range 700–1,100``."""
    said = f"{row.words:,} word{'' if row.words == 1 else 's'}"
    if span is None:
        return said + {"short": ", under the word range", "long": ", over the word range"
                       }.get(row.length, "")
    where = {"short": ", under the range ", "long": ", over the range "}.get(row.length)
    return f"{said}{where}{word_range(span)}" if where else f"{said} (range {word_range(span)})"


def drafts(n: int) -> str:
    return f"{n:,} draft{'' if n == 1 else 's'}"


def misspelt(row: DraftResult) -> list[tuple[str, str, list[int], int]]:
    """Each misspelling once, with the lines it is on and how many times it is written:
    (wrote, read as, lines, times)."""
    found: dict[tuple[str, str], list[int]] = {}
    for m in row.misspellings:
        found.setdefault((m.wrote, m.read_as), []).append(m.line)
    return [(wrote, read_as, list(dict.fromkeys(lines)), len(lines))
            for (wrote, read_as), lines in found.items()]


def who(students: Sequence[str], most: int | None = None) -> str:
    """A list of names for a sentence, cut after ``most`` with how many more."""
    names = [one_line(s) for s in students]
    if most is not None and len(names) > most:
        return ", ".join(names[:most]) + f" and {len(names) - most} more"
    return ", ".join(names)


def case_choosers(rows: Iterable[DraftResult]) -> dict[tuple[str, ...], list[str]]:
    """For two-case prompts: each combination of cases treated, with who chose it."""
    chose: dict[tuple[str, ...], list[str]] = {}
    for row in rows:
        if row.checked and asks_cases(row):
            chose.setdefault(tuple(row.treated_cases()), []).append(row.student)
    return chose


def percent(share: float | None) -> int | None:
    """A share of the essay (0–1) as a whole percentage: what a markbook can sort."""
    return None if share is None else round(share * 100)
