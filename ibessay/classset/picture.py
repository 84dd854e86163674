"""The class picture: what a set of drafts on one prompt shows together.

Pure: it reads :class:`~ibessay.classset.summary.DraftResult` rows and nothing else.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import partial
from itertools import chain, compress
from operator import is_not, itemgetter
from typing import Any, NamedTuple

from ..engine.criteria import CRITERIA
from .summary import DraftResult

#: How many of the most common date errors and misspellings a picture keeps.
TOP = 10
_ITEM_STATE = itemgetter(0, 1, 3)  # an ItemState's criterion, id and state
_CRITERION, _ID, _LABEL, _STATE, _SHARE, _CASE = map(itemgetter, range(6))
_not_none = partial(is_not, None)  # in C, for filter(): x is not None


class ItemTally(NamedTuple):
    """One rubric item across the class: how many drafts are in each of its states."""

    criterion: str  # "historians"
    id: str
    label: str
    counts: tuple[tuple[str, int], ...]  # (state, drafts), best state first
    share: float | None  # the average share of the essay on it (periods), else None

    @property
    def found(self) -> int:
        """Drafts in the best state (found, cited, covered, treated)."""
        return self.counts[0][1]


class CaseTally(NamedTuple):
    """A case of a two-case question, and its items counted over the drafts that treat
    it: "found by 3 of the 4 drafts on the Suez Crisis"."""

    case: str  # its name: the label of its item in criterion "cases"
    drafts: int  # the drafts that treat it
    items: tuple[ItemTally, ...]  # counts over those drafts only


class Group(NamedTuple):
    """A criterion's items: "Events", and a tally for each."""

    criterion: str
    heading: str
    states: tuple[str, ...]
    items: tuple[ItemTally, ...]  # counts over every draft checked
    #: On a two-case question, the items that belong to a case, by case (most chosen
    #: first, then in rubric order), each counted over the drafts that treat its case;
    #: () when no item of the group has a case.
    cases: tuple[CaseTally, ...] = ()


class Common(NamedTuple):
    """A mistake several drafts make: a wrong year for an event, a misspelt name."""

    what: str  # "Death of Stalin (5 Mar 1953) written as 1954", "Kruschev for Khrushchev"
    drafts: int
    students: tuple[str, ...]


class Spread(NamedTuple):
    """The spread of marks and scores over the drafts checked."""

    marks: tuple[int, ...]  # marks[m]: drafts with the indicative mark m (0–15)
    bands: tuple[tuple[str, int], ...]  # (band, drafts), in order of marks
    score_mean: float
    score_median: float
    score_min: int
    score_max: int
    passed: int


class ClassPicture(NamedTuple):
    drafts: int
    checked: int
    failed: int
    groups: tuple[Group, ...]
    date_errors: tuple[Common, ...]
    misspellings: tuple[Common, ...]
    case_choices: tuple[tuple[tuple[str, ...], int], ...]  # (cases treated, drafts)
    short: tuple[str, ...]  # students whose drafts are under the word range
    long: tuple[str, ...]
    spread: Spread | None  # None when no draft could be checked


def picture(rows: Sequence[DraftResult]) -> ClassPicture:
    """The class picture of ``rows`` (drafts that could not be checked are counted,
    and left out of every tally)."""
    checked = [r for r in rows if r.checked]
    return ClassPicture(
        drafts=len(rows), checked=len(checked), failed=len(rows) - len(checked),
        groups=_groups(checked), date_errors=_date_errors(checked),
        misspellings=_misspellings(checked), case_choices=_case_choices(checked),
        short=tuple(r.student for r in checked if r.length == "short"),
        long=tuple(r.student for r in checked if r.length == "long"),
        spread=_spread(checked) if checked else None)


class _Tallies(NamedTuple):
    """What the picture counts of each item, keyed by (criterion, id)."""

    labels: dict[tuple[str, str], str]  # its first label, items in the order first seen
    counts: dict[tuple[str, str], Counter[str]]  # drafts in each state
    shares: dict[tuple[str, str], list[float]]  # its shares of the essays (periods)
    # The same, for an item of a case, over the drafts that treat its case only.
    of_case: dict[tuple[str, str], str]
    case_counts: dict[tuple[str, str], Counter[str]]
    case_shares: dict[tuple[str, str], list[float]]
    case_drafts: Counter[str]  # the drafts that treat each case


def _groups(rows: Sequence[DraftResult]) -> tuple[Group, ...]:
    tallies = _tallies(rows)
    labels, of_case, case_drafts = tallies.labels, tallies.of_case, tallies.case_drafts
    groups = []
    for criterion in CRITERIA:
        keys = [key for key in labels if key[0] == criterion.name]
        if not keys or not criterion.class_heading:
            continue
        states = criterion.class_states
        over_all = tuple(_tally(key, labels[key], tallies.counts[key],
                                tallies.shares.get(key), states) for key in keys)
        by_case: dict[str, list[ItemTally]] = {}
        for key in keys:
            if key in of_case:
                by_case.setdefault(of_case[key], []).append(
                    _tally(key, labels[key], tallies.case_counts[key],
                           tallies.case_shares.get(key), states))
        cases = sorted(by_case.items(), key=lambda c: -case_drafts[c[0]])  # stable
        groups.append(Group(criterion.name, criterion.class_heading, states, over_all,
                            tuple(CaseTally(case, case_drafts[case], tuple(items))
                                  for case, items in cases)))
    return tuple(groups)


#: A row's items by field: their criteria, ids, labels, states, shares and cases.
_Fields = tuple[tuple[Any, ...], ...]


def _tallies(rows: Sequence[DraftResult]) -> _Tallies:
    treated = [set(row.treated_cases()) for row in rows]
    fields = _fields(rows)
    if _same_items(fields):
        return _by_position(fields, treated)
    return _by_item(rows, treated)


def _fields(rows: Sequence[DraftResult]) -> list[_Fields]:
    """Each row's items as six tuples, one a field: their criteria, ids, labels, states,
    shares and cases; made in C by zip(), in a fifth of the time of a map() a field."""
    return [tuple(zip(*row.items)) for row in rows]


def _same_items(fields: Sequence[_Fields]) -> bool:
    """Whether every row has the same items in the same order (every draft checked
    against one rubric has), from the rows' ``fields``: the same criteria and ids."""
    if not fields or not fields[0]:
        return False
    first = fields[0][:2]
    return all(row[:2] == first for row in fields)


def _by_position(fields: Sequence[_Fields], treated: Sequence[set[str]]) -> _Tallies:
    """:func:`_by_item`'s tallies when every row has the same items in the same order:
    each row's ``fields`` (:func:`_fields`) tallied a position at a time, over the few
    texts each holds. The tallies of 1,000 drafts, with the fields: 25 -> 17 ms; of 1,224
    drafts of a two-case question, 135 items each: 113 -> 62 ms. (Reading a position
    straight from the items of 1,000 rows jumps across memory, and was slower than the
    loop of :func:`_by_item`.)"""
    found = _Tallies({}, {}, {}, {}, {}, {}, Counter(chain.from_iterable(treated)))
    criteria, ids, labels = fields[0][:3]
    keys = list(zip(criteria, ids))
    found.labels.update(zip(keys, labels))
    states, shares, cases = (zip(*(row[field] for row in fields)) for field in (3, 4, 5))
    treating: dict[str, list[bool]] = {}  # case: whether each row treats it
    for key, its_states, its_shares, its_cases in zip(keys, states, shares, cases):
        found.counts[key] = Counter(its_states)
        kept = list(filter(_not_none, its_shares))
        if kept:
            found.shares[key] = kept
        named = set(its_cases)
        if named == {None}:
            continue
        if len(named) == 1:  # its case, as always: the rows that treat it, found once
            case = its_cases[0]
            if case not in treating:
                treating[case] = [case in these for these in treated]
            rows_treating: Sequence[bool] = treating[case]
        else:
            case = next(filter(_not_none, its_cases))
            rows_treating = [c is not None and c in these
                             for c, these in zip(its_cases, treated)]
        found.of_case[key] = case
        found.case_counts[key] = Counter(compress(its_states, rows_treating))
        kept = list(filter(_not_none, compress(its_shares, rows_treating)))
        if kept:
            found.case_shares[key] = kept
    return found


def _by_item(rows: Sequence[DraftResult], treated: Sequence[set[str]]) -> _Tallies:
    """Each item's tallies, keyed by item: right should a criterion skip an item in some
    drafts (:func:`_by_column` counts the usual rows faster)."""
    found = _Tallies({}, {}, {}, {}, {}, {}, Counter(chain.from_iterable(treated)))
    labels, shares, of_case = found.labels, found.shares, found.of_case
    case_counts, case_shares = found.case_counts, found.case_shares
    for row, these in zip(rows, treated):
        for item in row.items:
            key = (item.criterion, item.id)
            if key not in labels:
                labels[key] = item.label
            if item.share is not None:
                shares.setdefault(key, []).append(item.share)
            if item.case is not None:
                of_case.setdefault(key, item.case)
                tally = case_counts.get(key)
                if tally is None:
                    tally = case_counts[key] = Counter()
                if item.case in these:
                    tally[item.state] += 1
                    if item.share is not None:
                        case_shares.setdefault(key, []).append(item.share)
    # (criterion, id, state) counted in C: a Counter made in the loop for each item was
    # half the picture's time (40 ms for 1,000 drafts; bench/bench_classset.py).
    found.counts.update((key, Counter()) for key in labels)
    for (criterion_name, ident, state), drafts in Counter(
            map(_ITEM_STATE, chain.from_iterable(row.items for row in rows))).items():
        found.counts[(criterion_name, ident)][state] = drafts
    return found


def _tally(key: tuple[str, str], label: str, counts: Counter[str],
           shares: list[float] | None, states: tuple[str, ...]) -> ItemTally:
    return ItemTally(key[0], key[1], label, tuple((state, counts[state]) for state in states),
                     statistics.fmean(shares) if shares else None)


def _event_labels(rows: Sequence[DraftResult]) -> dict[str, str]:
    return {i.id: i.label for r in rows[:1] for i in r.items if i.criterion == "events"}


def _date_errors(rows: Sequence[DraftResult]) -> tuple[Common, ...]:
    events = _event_labels(rows)
    students: dict[tuple[str, int], list[str]] = {}
    for row in rows:
        for key in dict.fromkeys((n.event, n.year) for n in row.date_notes):
            students.setdefault(key, []).append(row.student)
    return _most_common(
        (f"{events.get(event, event)} written as {year}", names)
        for (event, year), names in students.items())


def _misspellings(rows: Sequence[DraftResult]) -> tuple[Common, ...]:
    students: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        for key in dict.fromkeys((m.wrote, m.read_as) for m in row.misspellings):
            students.setdefault(key, []).append(row.student)
    return _most_common((f"{wrote} for {read_as.title()}", names)
                        for (wrote, read_as), names in students.items())


def _most_common(found: Iterable[tuple[str, list[str]]]) -> tuple[Common, ...]:
    commons = [Common(what, len(names), tuple(names)) for what, names in found]
    commons.sort(key=lambda c: (-c.drafts, c.what))
    return tuple(commons[:TOP])


def _case_choices(rows: Sequence[DraftResult]) -> tuple[tuple[tuple[str, ...], int], ...]:
    choices = Counter(tuple(r.treated_cases()) for r in rows
                      if any(i.criterion == "cases" for i in r.items))
    return tuple(sorted(choices.items(), key=lambda c: (-c[1], c[0])))


def _spread(rows: Sequence[DraftResult]) -> Spread:
    marks = [0] * 16
    bands: Counter[str] = Counter()
    band_order: dict[str, int] = {}
    for row in rows:
        marks[max(0, min(row.mark, 15))] += 1
        bands[row.band] += 1
        band_order[row.band] = min(band_order.get(row.band, 99), row.mark)
    scores = [r.score for r in rows]
    return Spread(
        marks=tuple(marks),
        bands=tuple(sorted(bands.items(), key=lambda b: band_order[b[0]])),
        score_mean=statistics.fmean(scores), score_median=statistics.median(scores),
        score_min=min(scores), score_max=max(scores),
        passed=sum(r.passed for r in rows))
