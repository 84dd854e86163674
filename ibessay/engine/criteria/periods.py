"""Periods: does the draft cover the whole time frame of the question?

Each sentence belongs to the period its events and years point to (an event weighs more
than a bare year); a sentence with neither goes with the sentence before it in its
paragraph. A period is covered when the draft finds one of its events, or spends at
least a tenth of its words there.

YAML (docs/authoring.md): ``periods:`` a list of ``{id, label, start, end}``.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from ..report import bar
from . import Criterion, Expectation, Hint
from .events import datable, event_periods

if TYPE_CHECKING:
    from ...content.loader import Document, Node
    from ...content.model import Rubric
    from ..display import Finding, Section, Tally
    from ..draft import Draft
    from ..scan import PhraseBook


class Period(NamedTuple):
    id: str
    label: str
    start: int
    end: int


class PeriodResult(NamedTuple):
    id: str
    label: str
    start: int
    end: int
    covered: bool
    share: float  # of the draft's words
    events_found: int


if TYPE_CHECKING:
    class State(TypedDict):
        """What a compiled rubric keeps for this criterion: plain data, a dict at run
        time (a class would cost start-up for nothing; see Criterion.compile)."""

        periods: list[tuple[str, str, int, int]]  # id, label, start, end
        # A sentence's pull towards each period is one integer, a field of ANCHOR_BITS per
        # period, so that adding an event's or a year's pull is one addition. An event pulls
        # with EVENT_WEIGHT (it says more about a sentence's period than a bare year), a
        # year with 1. 2**20 leaves room for the years of the largest draft (1 MB).
        event_anchors: list[int]  # each event's pull (0 for an event outside every period)
        year_anchors: dict[int, int]  # each year's pull (a boundary year is in two periods)
        period_events: list[int]  # a bit per event, for the events of each period

def _period_ids(parts: Mapping[str, Any]) -> list[str]:
    return [p.id for p in parts["periods"]]


ANCHOR_BITS = 20
_ANCHOR_FIELD = (1 << ANCHOR_BITS) - 1
EVENT_WEIGHT = 2
_MIN_SHARE = 0.10  # a period with no event found is covered by this share of the words
_MEMO_LIMIT = 4096


class Periods(Criterion):
    name = "periods"
    keys = ("periods",)
    required_keys = ("periods",)
    weight = 20.0
    records = (Period,)
    needs = ("events",)
    column = "Periods"
    expectations = {
        "covered": Expectation(
            _period_ids, lambda r, i: _by_id(r, i).covered, "not covered",
            lambda r: [p.id for p in r if p.covered]),
        "uncovered": Expectation(
            _period_ids, lambda r, i: not _by_id(r, i).covered, "covered",
            lambda r: [p.id for p in r if not p.covered]),
    }

    def load(self, doc: "Document", values: "Mapping[str, Node]", require: "Mapping[str, Node]",
             parts: Mapping[str, Any]) -> tuple[Period, ...]:
        node = values["periods"]
        periods = []
        ids = []
        for item in doc.sequence(node, "periods"):
            fields = doc.mapping(item, "a period", ("id", "label", "start", "end"), ())
            period = Period(
                id=doc.ident(fields["id"], "a period's id"),
                label=doc.text(fields["label"], "a period's label"),
                start=doc.integer(fields["start"], "a period's start year", 0, 2100),
                end=doc.integer(fields["end"], "a period's end year", 0, 2100),
            )
            if period.end < period.start:
                raise doc.error(fields["end"], f"period '{period.id}' ends before it starts")
            periods.append(period)
            ids.append((period.id, fields["id"]))
        if not periods:
            raise doc.error(node, "a rubric needs at least one period")
        doc.unique_ids(ids, "period")
        return tuple(periods)

    def compile(self, rubric: "Rubric", book: "PhraseBook") -> "State":
        periods: tuple[Period, ...] = rubric.parts["periods"]
        owners = event_periods(rubric)
        year_periods = {
            year: tuple(i for i, p in enumerate(periods) if p.start <= year <= p.end)
            for year in range(min(p.start for p in periods), max(p.end for p in periods) + 1)
        }
        masks = [0] * len(periods)
        for event, p in enumerate(owners):
            if p is not None:
                masks[p] |= 1 << event
        return dict(
            periods=[tuple(p) for p in periods],  # type: ignore[misc]
            # Others (events.datable, after the rubric's events) anchor no period.
            event_anchors=[0 if p is None else EVENT_WEIGHT << ANCHOR_BITS * p for p in owners]
            + [0] * (len(datable(rubric)) - len(owners)),
            year_anchors={year: sum(1 << ANCHOR_BITS * p for p in ps)
                          for year, ps in year_periods.items()},
            period_events=masks,
        )

    def detect(self, draft: "Draft", state: "State", results: Mapping[str, Any]
               ) -> tuple[PeriodResult, ...]:
        words_per_sentence = draft.words_per_sentence
        anchors = [0] * len(words_per_sentence)
        found = 0  # a bit per event found
        event_anchors = state["event_anchors"]
        for o in results["events"].occurrences:
            anchors[o.sentence] += event_anchors[o.event]
            found |= 1 << o.event
        # Every year written points at its period(s); a decade at those it overlaps.
        year_anchors = state["year_anchors"]
        for _, _, year, decade, sentence in draft.hits("year"):
            anchors[sentence] += year_anchors.get(year, 0) if not decade else \
                _decade_anchor(state, year)

        totals = _words_per_period(state, anchors, draft.sentences.paragraph_of,
                                   words_per_sentence, draft.memo(self.name))
        all_words = sum(words_per_sentence) or 1
        events_found = [(found & mask).bit_count() for mask in state["period_events"]]
        return tuple(
            PeriodResult(
                id=ident, label=label, start=start, end=end,
                covered=bool(events_found[p]) or totals[p] / all_words >= _MIN_SHARE,
                share=totals[p] / all_words, events_found=events_found[p],
            )
            for p, (ident, label, start, end) in enumerate(state["periods"])
        )

    def points(self, result: tuple[PeriodResult, ...]) -> float:
        covered = sum(p.covered for p in result)
        return self.weight * (covered / len(result) if result else 1.0)

    def met(self, result: tuple[PeriodResult, ...]) -> bool:
        return all(p.covered for p in result)

    def band_cap(self, result: tuple[PeriodResult, ...]) -> int | None:
        # 13-15 needs a balanced answer over the whole question.
        return None if self.met(result) else 12

    def to_json(self, result: tuple[PeriodResult, ...]) -> dict[str, Any]:
        return {"periods": [
            {"id": p.id, "label": p.label, "start": p.start, "end": p.end,
             "covered": p.covered, "share": round(p.share, 3)}
            for p in result
        ]}

    def findings(self, result: tuple[PeriodResult, ...], results: Mapping[str, Any]
                 ) -> "list[Finding]":
        from ..display import Finding

        return [Finding(1, 1, "warning", f"period not covered: {p.label} ({p.start}–{p.end}), "
                                         f"{p.share:.0%} of the words")
                for p in result if not p.covered]

    def hints(self, result: tuple[PeriodResult, ...], results: Mapping[str, Any]
              ) -> list[Hint]:
        hints = []
        events = results["events"].events
        for period in result:
            if not period.covered:
                names = [e.name for e in events if e.period == period.id and e.required]
                tail = f" Its key events: {'; '.join(names)}." if names else ""
                hints.append(Hint(
                    "period", period.id,
                    f"{period.label} ({period.start}–{period.end}) is barely discussed "
                    f"({period.share:.0%} of your words).{tail}",
                ))
        return hints

    def section(self, result: tuple[PeriodResult, ...]) -> "Section":
        from ..display import Cell, Section

        rows = []
        for p in result:
            tone = "good" if p.covered else "bad"
            rows.append((Cell(p.label), Cell(f"{p.start}–{p.end}"),
                         Cell(f"{bar(p.share)} {p.share:4.0%}", tone),
                         Cell("yes", "good") if p.covered else Cell("no", "bad")))
        return Section("Periods of the time frame", ("Period", "Years", "Share of words",
                                                     "Covered"), tuple(rows))

    def tally(self, result: tuple[PeriodResult, ...]) -> "Tally":
        from ..display import Tally

        return Tally("periods", sum(p.covered for p in result), len(result), self.column,
                     tuple(p.label for p in result if not p.covered), "not yet covered")


def periods_of(rubric: "Rubric") -> tuple[Period, ...]:
    """A rubric's periods, in order."""
    return rubric.parts["periods"]  # type: ignore[no-any-return]


def _by_id(result: tuple[PeriodResult, ...], ident: str) -> PeriodResult:
    return next(p for p in result if p.id == ident)


def _decade_anchor(state: "State", decade: int) -> int:
    """A decade's pull ("the 1950s"): on every period it overlaps."""
    return sum(1 << ANCHOR_BITS * p for p, (_, _, start, end) in enumerate(state["periods"])
               if start <= decade + 9 and decade <= end)


def _words_per_period(
    state: "State", anchors: list[int], paragraph_of: list[int],
    words_per_sentence: list[int], memo: dict[int, tuple[int, ...]],
) -> list[float]:
    """The words each period's sentences hold. A sentence belongs to its own strongest
    anchors; else to the previous anchored sentence of its paragraph; else, at a
    paragraph's start, to the first anchored sentence after it in the paragraph. A
    sentence that belongs to several periods shares its words equally among them."""
    periods = len(state["periods"])
    totals = [0.0] * periods
    waiting = 0  # words of unanchored sentences at the start of the current paragraph
    current: tuple[int, ...] = ()
    paragraph = -1
    for sentence, para in enumerate(paragraph_of):
        if para != paragraph:
            paragraph, current, waiting = para, (), 0
        weights = anchors[sentence]
        words = words_per_sentence[sentence]
        if weights:
            owners = memo.get(weights)
            if owners is None:
                owners = _strongest(weights, periods)
                if len(memo) < _MEMO_LIMIT:  # a few dozen pulls recur across drafts
                    memo[weights] = owners
            words += waiting
            waiting = 0
            current = owners
        elif current:
            owners = current
        else:
            waiting += words
            continue
        if len(owners) == 1:
            totals[owners[0]] += words
        else:
            for p in owners:
                totals[p] += words / len(owners)
    return totals


def _strongest(anchor: int, periods: int) -> tuple[int, ...]:
    """The periods a sentence's pull (non-zero) is strongest towards, as indices."""
    weights = [anchor >> ANCHOR_BITS * p & _ANCHOR_FIELD for p in range(periods)]
    top = max(weights)
    return tuple(p for p, weight in enumerate(weights) if weight == top)
