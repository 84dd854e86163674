"""Dates: a year written beside an event that it does not fit is a possible error.

A year is judged against the events of its own sentence, the nearest within a few words,
unless a relation word stands between them ("from 1960 until Mao's death"), it bounds
rather than dates ("after 1953"), it counts something ("1950 advisers"), or the event
has its own, nearer date that fits. Dates are read with their months and ranges
(:mod:`ibessay.engine.dates`). The rubric's own key is each event's ``date``.
"""

from collections import defaultdict
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from ..dates import YEARS, YearMention, is_count, read_year_quickly, settle, spans_label
from ..spans import Nearby
from . import Criterion, Expectation
from .events import datable, event_ids

if TYPE_CHECKING:
    from ...content.model import Rubric
    from ..display import Finding, Section, Tally
    from ..draft import Draft
    from ..scan import PhraseBook
    from .events import Found, Occurrence

YMD = tuple[int, int, int]


class DateIssue(NamedTuple):
    event: str
    year: int
    line: int
    column: int
    text: str
    message: str


if TYPE_CHECKING:
    class State(TypedDict):
        """What a compiled rubric keeps for this criterion: plain data, a dict at run
        time (a class would cost start-up for nothing; see Criterion.compile)."""

        ids: list[str]
        names: list[str]
        labels: list[str]  # each event's dates, as people read them
        years: list[frozenset[int]]  # every year each event's dates touch
        spans: list[tuple[tuple[YMD, YMD], ...]]  # each event's dates
        month_spans: list[tuple[tuple[YMD, YMD], ...]]  # those precise to a month

# A word between a year and an event that relates them instead of dating the event:
# "from 1960 until Mao's death", "in 1954, after Stalin's death".
_RELATION = frozenset(
    "until till before after since following followed preceded then later earlier prior "
    "afterwards subsequently eventually finally".split()
)
_DATE_REACH = 15  # words between a year and the event it is checked against
_YEAR_MARGIN = 100  # years either side of the time frame that can date its events
_PENALTY = 2.5  # points for each possible date error
# Dates that fit no event of their sentence, looked into per draft (settled, compared
# with the events near them); the rest are let be. An essay has a handful, and a draft
# of 40,000 wrong dates took seconds to report 40,000 possible errors.
_MAX_DATES_LOOKED_INTO = 1000
_NOTHING_KNOWN = (0, 0)  # of a date never seen: (events worked out, events it fits)
_MEMO_LIMIT = 4096


class Dates(Criterion):
    name = "dates"
    weight = 10.0
    needs = ("events",)
    column = "Dates"
    expectations = {
        "date_issues": Expectation(
            event_ids, lambda r, i: any(d.event == i for d in r), "no date issue flagged",
            lambda r: list(dict.fromkeys(d.event for d in r))),
    }

    def compile(self, rubric: "Rubric", book: "PhraseBook") -> "State":
        # Years near the rubric's time frame: only they can date its events or anchor a
        # sentence to a period (a century either side leaves room for wrong dates).
        periods = rubric.parts["periods"]
        year = book.kind("year")
        first = min(p.start for p in periods) - _YEAR_MARGIN
        last = max(p.end for p in periods) + _YEAR_MARGIN
        for y in range(max(first, YEARS.start), min(last, YEARS.stop - 1) + 1):
            book.add({str(y)}, (year, y, 0))
            if y % 10 == 0:
                book.add({f"{y}s"}, (year, y, 1))
        # The rubric's events, then their others (events.datable): an occurrence's
        # event indexes both, and a year near an other is judged against its date.
        events = datable(rubric)
        return dict(
            ids=[i for i, _, _ in events], names=[name for _, name, _ in events],
            labels=[spans_label(d) for _, _, d in events],
            years=[frozenset(y for s in d for y in range(s.first_year, s.last_year + 1))
                   for _, _, d in events],
            spans=[tuple((s.start, s.end) for s in d) for _, _, d in events],
            month_spans=[tuple((s.start, s.end) for s in d if s.has_months())
                         for _, _, d in events],
        )

    def detect(self, draft: "Draft", state: "State", results: Mapping[str, Any]
               ) -> tuple[DateIssue, ...]:
        found: Found = results["events"]
        by_sentence_events: dict[int, list[Occurrence]] = defaultdict(list)
        for occurrence in found.occurrences:
            by_sentence_events[occurrence.sentence].append(occurrence)
        flat = draft.flat.text
        # Read the dates (ranges, decades, months, relations) only where an event stands.
        by_sentence_years: dict[int, list[YearMention]] = defaultdict(list)
        last_end = -1
        for start, end, year, decade, sentence in draft.hits("year"):
            if sentence not in by_sentence_events or start < last_end:
                continue  # no event to date, or the second year of a range ("1949-1953")
            # Years and month are enough to see that a date fits, as most do; its day,
            # its relation ("after 1953") and whether it counts something ("1950
            # advisers") are read below, only in a sentence where a date does not fit.
            mention = read_year_quickly(flat, start, end, year, bool(decade))
            last_end = mention.end
            by_sentence_years[sentence].append(mention)

        issues = []
        memo = draft.memo(self.name)
        locator = draft.locator
        words = draft.flat_words
        looked_into = 0
        for sentence, mentions in by_sentence_years.items():
            if looked_into == _MAX_DATES_LOOKED_INTO:
                break
            present = by_sentence_events[sentence]
            present_mask = 0  # a bit per event found in the sentence
            for o in present:
                present_mask |= 1 << o.event
            # The events, and the settled dates, near a date or an event: when one does
            # not fit.
            near_events: Nearby[Occurrence] | None = None
            near_dates: Nearby[YearMention] | None = None
            for mention in mentions:
                if _fitting(mention, present_mask, state, memo):
                    continue  # it plainly belongs to one of the events in this sentence
                if looked_into == _MAX_DATES_LOOKED_INTO:
                    break
                looked_into += 1
                mention = settle(flat, mention)
                if mention.relational or is_count(flat, mention):
                    continue  # a bound ("until 1960") or a number ("1950 advisers")
                suspects = []
                if near_events is None:
                    near_events = Nearby(present, words, _DATE_REACH)
                for o in near_events(mention.start, mention.end):
                    gap = _gap(flat, mention, o).split()
                    distance = len(gap)
                    if distance > _DATE_REACH or not _RELATION.isdisjoint(gap):
                        continue
                    # Skip an event whose own, nearer date fits it: "the treaty (1950) ... 1951".
                    if near_dates is None:
                        dates = [m for m in map(partial(settle, flat), mentions)
                                 if not m.relational and not is_count(flat, m)]
                        near_dates = Nearby(dates, words, _DATE_REACH)
                    nearest = near_dates.nearest(o.start, o.end)
                    if nearest != mention and _fitting(nearest, 1 << o.event, state, memo):
                        continue
                    suspects.append((distance, o))
                if not suspects:
                    continue
                _, culprit = min(suspects, key=lambda s: s[0])
                event = culprit.event
                written = locator.words(mention.start, mention.end)
                line, column = locator.line_col(mention.start)
                issues.append(DateIssue(
                    event=state["ids"][event],
                    year=_wrong_year(mention, state["spans"][event]),
                    line=line,
                    column=column,
                    text=written,
                    message=f"possible date error: '{written}' does not fit "
                            f"{state['names'][event]} ({state['labels'][event]})",
                ))
        issues.sort(key=lambda d: (d.line, d.column))
        return tuple(issues)

    def points(self, result: tuple[DateIssue, ...]) -> float:
        return max(0.0, self.weight - _PENALTY * len(result))

    def met(self, result: tuple[DateIssue, ...]) -> bool:
        return not result

    def band_cap(self, result: tuple[DateIssue, ...]) -> int | None:
        # 10-12 asks for "mostly accurate" knowledge: two wrong dates or more make it
        # "partly accurate" (7-9). One is already kept out of 13-15: the draft does not
        # pass (scoring.CAP_NOT_PASSING).
        return 9 if len(result) >= 2 else None

    def to_json(self, result: tuple[DateIssue, ...]) -> dict[str, Any]:
        return {"date_issues": [
            {"event": d.event, "year": d.year, "line": d.line, "column": d.column,
             "text": d.text, "message": d.message}
            for d in result
        ]}

    def findings(self, result: tuple[DateIssue, ...], results: Mapping[str, Any]
                 ) -> "list[Finding]":
        from ..display import Finding

        return [Finding(d.line, d.column, "warning", d.message) for d in result]

    def section(self, result: tuple[DateIssue, ...]) -> "Section | None":
        from ..display import Cell, Section

        if not result:
            return None
        return Section("Dates to check", ("Where", "Date"), tuple(
            (Cell(f"line {d.line}:{d.column}", "warn"), Cell(d.message)) for d in result))

    def tally(self, result: tuple[DateIssue, ...]) -> "Tally":
        from ..display import Tally

        return Tally("date warnings", len(result), None, self.column)


def _fitting(mention: YearMention, events: int, state: "State",
             memo: dict[tuple[int, int, int, str], tuple[int, int]]) -> int:
    """Which of ``events`` (a bit per event) the written date agrees with, as bits.

    Remembered per rubric, as (events worked out, events it fits) for each way of
    writing a date: an essay, and a class set, write the same few dates again and again.
    """
    key = mention[2:6]  # first, last, month, kind
    known, fits = memo.get(key, _NOTHING_KNOWN)
    unknown = events & ~known
    if unknown:
        known |= unknown
        while unknown:
            bit = unknown & -unknown
            unknown ^= bit
            if _date_fits(mention, bit.bit_length() - 1, state):
                fits |= bit
        if len(memo) < _MEMO_LIMIT:
            memo[key] = (known, fits)
    return fits & events


def _date_fits(mention: YearMention, event: int, state: "State") -> bool:
    years = state["years"][event]
    if mention.kind == "decade":  # "the 1950s" only has to overlap
        return not years.isdisjoint(range(mention.first, mention.last + 1))
    if mention.first not in years or mention.last not in years:
        return False
    if not mention.month or mention.kind != "year":
        return True
    spans = state["month_spans"][event]
    month = (mention.first, mention.month)
    return not spans or any(start[:2] <= month <= end[:2] for start, end in spans)


def _wrong_year(mention: YearMention, spans: tuple[tuple[YMD, YMD], ...]) -> int:
    if mention.kind == "range" and any(
        start[0] <= mention.first <= end[0] for start, end in spans
    ):
        return mention.last
    return mention.first


def _gap(flat: str, mention: YearMention, occurrence: "Occurrence") -> str:
    """The words between a date and an event's occurrence."""
    if mention.end <= occurrence.start:
        return flat[mention.end:occurrence.start]
    if occurrence.end <= mention.start:
        return flat[occurrence.end:mention.start]
    return ""
