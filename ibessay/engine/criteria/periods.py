"""Periods: does the draft cover the whole time frame of the question, with substance?

Each sentence belongs to the period its events and years point to (an event weighs more
than a bare year); a sentence with neither goes with the sentence before it in its
paragraph.

A rubric with a ``focus:`` (the question's subject: "China", "the Soviet Union", "Mao"
...) or a number of sentences (``require: {period_sentences: N}``, or ``sentences:`` on a
period) covers a period only with N sentences (default 2) that are *in* it and *on the
question*: placed there by their own events or years (or, with none, by the sentence
before them in their paragraph), and naming the focus (with two or more sides, every
side is named in the sentence or one next to it in its paragraph; an event listed in
the focus names every side). A sentence whose dates reach over three periods or more
("from the alliance of 1950 through 1956 to the clashes of 1969") is an overview and
counts for none. Without either key, the old rule: a period is covered when the draft
finds one of its events, or spends at least a tenth of its words there.

YAML (docs/authoring.md): ``periods:`` a list of ``{id, label, start, end, sentences}``
(``start``/``end`` a year or ``YYYY-MM``); ``focus:`` a list of phrases, or
``{words, events}`` where ``words`` is a list of phrases or of lists (one per side).
"""

from collections.abc import Mapping
from functools import reduce
from itertools import compress
from operator import itemgetter, ne, or_
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from ...content.model import PHRASE_WORDS
from ..dates import MONTHS, month_before, parse_period_bound, read_year_quickly
from ..report import bar
from ..text import normalize_phrase
from . import ClassItem, Criterion, Expectation, Hint
from .events import datable, event_periods
from .phrases import alias_variants, proper_words

if TYPE_CHECKING:
    from ...content.loader import Document, Node
    from ...content.model import Rubric
    from ..display import Finding, Section, Tally
    from ..draft import Draft
    from ..report import Locator
    from ..scan import PhraseBook


class Period(NamedTuple):
    id: str
    label: str
    start: int  # years; a month, when the rubric gives one, is in start_month/end_month
    end: int
    start_month: int = 0  # 0: from the start of the year
    end_month: int = 0  # 0: to the end of the year
    sentences: int | None = None  # sentences on the question it needs (None: the rubric's)

    def contains(self, year: int, month: int = 0) -> bool:
        """Does the period hold this month (or, month 0, any part of this year)?"""
        if not month:
            return self.start <= year <= self.end
        return (self.start, self.start_month or 1) <= (year, month) <= \
            (self.end, self.end_month or 12)


class Focus(NamedTuple):
    """The question's subject (``focus:``) and how many sentences a period needs."""

    sides: tuple[tuple[str, ...], ...]  # phrases of each side; () when no focus is given
    events: tuple[str, ...]  # ids of events on the question by themselves
    sentences: int | None  # require: period_sentences
    about: str | None = None  # the subject in words, for hints ("China and the USSR")


class PeriodResult(NamedTuple):
    id: str
    label: str
    start: int
    end: int
    covered: bool
    share: float  # of the draft's words
    events_found: int
    # With a focus or a sentence count (else None, 0, ()):
    needed: int | None = None  # sentences on the question that cover it
    sentences: int = 0  # sentences counted: in the period and on the question
    counted: tuple[int, ...] = ()  # those sentences, by index
    uncounted: tuple[tuple[int, str], ...] = ()  # (sentence, why): "focus" or "overview"
    years: str = ""  # "1949–1953", "Mar 1953–Jul 1960"
    trace: "Trace | None" = None  # where to look, for lines and --explain


class Trace:
    """What a period's result needs to name lines and, for ``--explain``, the anchors
    and focus words of a sentence: the draft and the compiled state, not copies."""

    __slots__ = ("draft", "state")

    def __init__(self, draft: "Draft", state: "State") -> None:
        self.draft = draft
        self.state = state

    @property
    def locator(self) -> "Locator":
        return self.draft.locator

    def line_col(self, sentence: int) -> tuple[int, int]:
        return self.draft.locator.line_col(self.draft.sentence_starts[sentence])

    def line(self, sentence: int) -> int:
        return self.line_col(sentence)[0]

    def focus_hits(self) -> list[Any]:
        return [hit for kind in self.state["focus"] for hit in self.draft.hits(kind)]


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
        # A year a period starts or ends in by month: its pull by the month written
        # before it (index 0: no month, as in year_anchors).
        month_years: dict[int, list[int]]
        period_events: list[int]  # a bit per event, for the events of each period
        years: list[str]  # each period's span for people: "1949–1953", "Mar 1953–1960"
        months: list[tuple[int, int]]  # each period's first and last month, year * 12 + m - 1
        needed: list[int | None]  # sentences each period needs (None: the share rule)
        counting: bool  # does any period need sentences?
        focus: list[str]  # the phrase kind of each side of the focus ([]: no focus)
        about: str  # the subject in words, for hints: "China and the Soviet Union"
        focus_events: set[int]  # the events on the question by themselves


def _period_ids(parts: Mapping[str, Any]) -> list[str]:
    return [p.id for p in parts["periods"]]


ANCHOR_BITS = 20
_ANCHOR_FIELD = (1 << ANCHOR_BITS) - 1
EVENT_WEIGHT = 2
_MIN_SHARE = 0.10  # a period with no event found is covered by this share of the words
_MEMO_LIMIT = 4096
_SENTENCE = itemgetter(4)  # of a hit
_EVENT, _OCCURRENCE_SENTENCE = itemgetter(0), itemgetter(3)  # of an events.Occurrence
DEFAULT_SENTENCES = 2  # sentences on the question a period needs when the rubric has a focus
_OVERVIEW_SPAN = 3  # a sentence whose pulls reach over this many periods counts for none
#: Where the focus is kept among a rubric's parts (Periods.load puts it there).
FOCUS_PART = "focus"


class Periods(Criterion):
    name = "periods"
    keys = ("periods", "focus")
    case_keys = ("periods",)
    required_keys = ("periods",)
    require_keys = ("period_sentences",)
    weight = 20.0
    records = (Period, Focus)
    needs = ("events",)
    column = "Periods"
    class_heading = "Periods"
    class_states = ("covered", "not covered")
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
        if "periods" not in values:  # a case, or a two-case question: its cases' periods
            return ()
        node = values["periods"]
        periods = []
        ids = []
        for item in doc.sequence(node, "periods"):
            fields = doc.mapping(item, "a period", ("id", "label", "start", "end"),
                                 ("sentences",))
            start, start_month = _load_bound(doc, fields["start"], "start")
            end, end_month = _load_bound(doc, fields["end"], "end")
            period = Period(
                id=doc.ident(fields["id"], "a period's id"),
                label=doc.text(fields["label"], "a period's label"),
                start=start, end=end, start_month=start_month, end_month=end_month,
                sentences=doc.get(fields, "sentences",
                                  lambda n: doc.integer(n, "a period's sentences", 1, 50), None),
            )
            if (end, end_month or 12) < (start, start_month or 1):
                raise doc.error(fields["end"], f"period '{period.id}' ends before it starts")
            periods.append(period)
            ids.append((period.id, fields["id"]))
        if not periods:
            raise doc.error(node, "a rubric needs at least one period")
        doc.unique_ids(ids, "period")
        sentences = doc.get(require, "period_sentences",
                            lambda n: doc.integer(n, "period_sentences", 1, 50), None)
        focus = _load_focus(doc, values, sentences)
        if focus is not None:
            # The focus belongs to this criterion, but the rubric's "periods" part stays
            # the list of periods every criterion reads: it is kept beside it.
            parts[FOCUS_PART] = focus  # type: ignore[index]
        return tuple(periods)

    def compile(self, rubric: "Rubric", book: "PhraseBook") -> "State":
        periods: tuple[Period, ...] = rubric.parts["periods"]
        if not periods:  # a two-case question: each case has its own periods
            return {}  # type: ignore[typeddict-item]
        focus: Focus | None = rubric.parts.get(FOCUS_PART)
        owners = event_periods(rubric)
        year_periods = {
            year: tuple(i for i, p in enumerate(periods) if p.start <= year <= p.end)
            for year in range(min(p.start for p in periods), max(p.end for p in periods) + 1)
        }
        month_years = {}
        for year in {y for p in periods for y, m in ((p.start, p.start_month),
                                                     (p.end, p.end_month)) if m}:
            month_years[year] = [
                sum(1 << ANCHOR_BITS * i for i in year_periods.get(year, ())),
                *(sum(1 << ANCHOR_BITS * i for i, p in enumerate(periods)
                      if p.contains(year, month)) for month in range(1, 13)),
            ]
        masks = [0] * len(periods)
        for event, p in enumerate(owners):
            if p is not None:
                masks[p] |= 1 << event

        default = None if focus is None else focus.sentences
        if default is None and focus is not None and focus.sides:
            default = DEFAULT_SENTENCES
        sides = () if focus is None else focus.sides
        # A kind of phrase per side: a draft's sentences naming each side are then one
        # set each, built in C (a phrase of two sides, "Sino-Soviet", is in both).
        kinds = [f"focus:{side}" for side in range(len(sides))]
        for kind, phrases in zip(kinds, sides):
            number = book.kind(kind)
            # "Mao Zedong" names no side that "Mao" does not: a hit fewer each time.
            words = {normalize_phrase(p) for p in phrases if " " not in normalize_phrase(p)}
            for phrase in phrases:
                if words.isdisjoint(normalize_phrase(phrase).split()) or \
                        " " not in normalize_phrase(phrase):
                    book.add(alias_variants(phrase), (number, 0, 0), punctuated=True)
                if " " not in phrase.strip():  # a name a draft may misspell
                    book.names(proper_words(phrase))
        event_index = {e.id: i for i, e in enumerate(rubric.parts["events"])}
        needed = [p.sentences if p.sentences is not None else default for p in periods]
        return dict(
            periods=[tuple(p[:4]) for p in periods],  # type: ignore[misc]
            # Others (events.datable, after the rubric's events) anchor no period.
            event_anchors=[0 if p is None else EVENT_WEIGHT << ANCHOR_BITS * p for p in owners]
            + [0] * (len(datable(rubric)) - len(owners)),
            year_anchors={year: sum(1 << ANCHOR_BITS * p for p in ps)
                          for year, ps in year_periods.items()},
            month_years=month_years,
            period_events=masks,
            years=[_years_label(p) for p in periods],
            months=[(p.start * 12 + (p.start_month or 1) - 1, p.end * 12 + (p.end_month or 12) - 1)
                    for p in periods],
            needed=needed,
            counting=any(n is not None for n in needed),
            focus=kinds,
            about=(focus.about if focus and focus.about else
                   " and ".join(phrases[0] for phrases in sides)),
            focus_events={event_index[e] for e in (focus.events if focus else ())},
        )

    def detect(self, draft: "Draft", state: "State", results: Mapping[str, Any]
               ) -> tuple[PeriodResult, ...]:
        if not state:
            return ()
        words_per_sentence = draft.words_per_sentence
        anchors = [0] * len(words_per_sentence)
        found = 0  # a bit per event found
        event_anchors = state["event_anchors"]
        occurrences = results["events"].occurrences
        for o in occurrences:
            anchors[o.sentence] += event_anchors[o.event]
            found |= 1 << o.event
        needed = state["needed"]
        counting = state["counting"]
        # Every year written points at its period(s); a decade at those it overlaps.
        year_anchors = state["year_anchors"]
        years = draft.hits("year")
        month_years = state["month_years"]
        for start, end, year, decade, sentence in years:
            if decade:
                anchors[sentence] += _decade_anchor(state, year) if not counting else \
                    _decade_pull(state, draft.flat.text, start, end, year)
            elif month_years and year in month_years:  # a boundary year: read its month
                anchors[sentence] += month_years[year][month_before(draft.flat.text, start)]
            else:
                anchors[sentence] += year_anchors.get(year, 0)

        on = _on_the_question(state, draft, occurrences) if counting else None
        totals, counted, uncounted = _place(state, anchors, draft.sentences.paragraph_of,
                                            words_per_sentence, draft.memo(self.name),
                                            counting, on)
        all_words = sum(words_per_sentence) or 1
        events_found = [(found & mask).bit_count() for mask in state["period_events"]]
        if not counting:
            return tuple(
                PeriodResult(
                    id=ident, label=label, start=start, end=end,
                    covered=bool(events_found[p]) or totals[p] / all_words >= _MIN_SHARE,
                    share=totals[p] / all_words, events_found=events_found[p],
                )
                for p, (ident, label, start, end) in enumerate(state["periods"])
            )

        trace = Trace(draft, state)
        out = []
        for p, (ident, label, start, end) in enumerate(state["periods"]):
            share = totals[p] / all_words
            if needed[p] is None:
                covered = bool(events_found[p]) or share >= _MIN_SHARE
            else:
                covered = len(counted[p]) >= needed[p]  # type: ignore[operator]
            out.append(PeriodResult(
                ident, label, start, end, covered, share, events_found[p], needed[p],
                len(counted[p]), tuple(counted[p]), tuple(uncounted[p]), state["years"][p],
                trace))
        return tuple(out)

    def points(self, result: tuple[PeriodResult, ...]) -> float:
        covered = sum(p.covered for p in result)
        return self.weight * (covered / len(result) if result else 1.0)

    def met(self, result: tuple[PeriodResult, ...]) -> bool:
        return all(p.covered for p in result)

    def band_cap(self, result: tuple[PeriodResult, ...]) -> int | None:
        # 13-15 needs a balanced answer over the whole question.
        return None if self.met(result) else 12

    def to_json(self, result: tuple[PeriodResult, ...]) -> dict[str, Any]:
        periods = []
        for p in result:
            out: dict[str, Any] = {"id": p.id, "label": p.label, "start": p.start,
                                   "end": p.end, "covered": p.covered,
                                   "share": round(p.share, 3)}
            if p.needed is not None and p.trace is not None:
                out["sentences"] = p.sentences
                out["needed"] = p.needed
                out["lines"] = sorted({p.trace.line(s) for s in p.counted})
            periods.append(out)
        return {"periods": periods}

    def class_items(self, result: tuple[PeriodResult, ...]) -> list[ClassItem]:
        return [(p.id, f"{p.label}, {p.years or f'{p.start}–{p.end}'}",
                 "covered" if p.covered else "not covered", p.share, None) for p in result]

    def findings(self, result: tuple[PeriodResult, ...], results: Mapping[str, Any]
                 ) -> "list[Finding]":
        from ..display import Finding

        out = []
        for p in result:
            if p.covered:
                continue
            if p.needed is None:
                out.append(Finding(1, 1, "warning", f"period not covered: {p.label} "
                                                    f"({p.start}–{p.end}), "
                                                    f"{p.share:.0%} of the words"))
            else:
                out.append(Finding(1, 1, "warning", f"period not covered: {p.label} "
                                                    f"({p.years}), {_counted(p)}"))
        return out

    def hints(self, result: tuple[PeriodResult, ...], results: Mapping[str, Any]
              ) -> list[Hint]:
        hints = []
        events = results["events"].events
        for period in result:
            if not period.covered:
                names = [e.name for e in events if e.period == period.id and e.required]
                tail = f" Its key events: {'; '.join(names)}." if names else ""
                if period.needed is None:
                    message = (f"{period.label} ({period.start}–{period.end}) is barely "
                               f"discussed ({period.share:.0%} of your words).{tail}")
                else:
                    message = _substance_hint(period) + tail
                hints.append(Hint("period", period.id, message))
        return hints

    def explain(self, result: tuple[PeriodResult, ...], results: Mapping[str, Any]
                ) -> "list[Finding]":
        from ..display import Finding

        out = []
        events = results["events"]
        for index, p in enumerate(result):
            verdict = f"{p.id}: {'covered' if p.covered else 'not covered'}"
            if p.needed is None or p.trace is None:
                how = (f"{p.events_found} of its events found" if p.events_found
                       else f"{p.share:.0%} of the words (covered from {_MIN_SHARE:.0%})")
                out.append(Finding(1, 1, "info", f"{verdict} — {how}"))
                continue
            out.append(Finding(1, 1, "info", f"{verdict} — {_counted(p)}"))
            trace = p.trace
            focused = bool(trace.state["focus"])
            about = _sides_label(trace.state)
            for sentence, why in sorted([*((s, "") for s in p.counted), *p.uncounted]):
                placed = f"placed by {_anchors(trace, sentence, index, events)}"
                named = _focus_words(trace, sentence, events) if focused else ""
                if not why:
                    message = f"counts — {placed}; on the question: " + (
                        named or "the rubric has no focus, so every sentence placed counts")
                elif why == "overview":
                    message = (f"not counted — {placed}, but an overview: its dates and "
                               "events reach over three periods or more")
                elif named:
                    message = (f"not counted — {placed}, but names only {named}: the "
                               f"rest of {about} is in neither it nor a sentence next to it")
                else:
                    message = (f"not counted — {placed}, but names nothing of the "
                               f"question's focus ({about})")
                out.append(Finding(*trace.line_col(sentence), "info", f"{p.id}: {message}"))
        return out

    def section(self, result: tuple[PeriodResult, ...]) -> "Section | None":
        from ..display import Cell, Section

        if not result:
            return None
        substance = any(p.needed is not None for p in result)
        rows = []
        for p in result:
            tone = "good" if p.covered else "bad"
            row = [Cell(p.label), Cell(p.years or f"{p.start}–{p.end}"),
                   Cell(f"{bar(p.share)} {p.share:4.0%}", tone)]
            if substance:
                row.append(Cell("" if p.needed is None else
                                f"{p.sentences} (need {p.needed})", tone))
            row.append(Cell("yes", "good") if p.covered else Cell("no", "bad"))
            rows.append(tuple(row))
        columns = ("Period", "Years", "Share of words", *(("Sentences",) if substance else ()),
                   "Covered")
        return Section("Periods of the time frame", columns, tuple(rows))

    def tally(self, result: tuple[PeriodResult, ...]) -> "Tally | None":
        from ..display import Tally

        if not result:
            return None
        return Tally("periods", sum(p.covered for p in result), len(result), self.column,
                     tuple(p.label for p in result if not p.covered), "not yet covered")


def periods_of(rubric: "Rubric") -> tuple[Period, ...]:
    """A rubric's periods, in order."""
    return rubric.parts["periods"]  # type: ignore[no-any-return]


def focus_of(rubric: "Rubric") -> Focus | None:
    """A rubric's focus and sentence count, if it gives either."""
    return rubric.parts.get(FOCUS_PART)


def _by_id(result: tuple[PeriodResult, ...], ident: str) -> PeriodResult:
    return next(p for p in result if p.id == ident)


# -- loading ----------------------------------------------------------------------------


def _load_bound(doc: "Document", node: "Node", which: str) -> tuple[int, int]:
    try:
        year, month = parse_period_bound(doc.scalar(node, f"a period's {which}"))
    except ValueError as exc:
        # "'July 1947' is not a boundary: write 1947-07": the fix goes on its own line.
        problem, _, fix = str(exc).partition(": write ")
        raise doc.error(node, f"a period's {which}: {problem}",
                        f"write {fix}" if fix else None) from None
    if not 0 <= year <= 2100:
        raise doc.error(node, f"a period's {which} year must be between 0 and 2100, not {year}")
    return year, month


def _load_focus(doc: "Document", values: "Mapping[str, Node]", sentences: int | None
                ) -> Focus | None:
    if "focus" not in values:
        return None if sentences is None else Focus((), (), sentences)
    node = values["focus"]
    events_node = None
    words_node = node
    about = None
    if doc.is_mapping(node):
        fields = doc.mapping(node, "focus", ("words",), ("events", "about"))
        words_node, events_node = fields["words"], fields.get("events")
        about = doc.get(fields, "about", lambda n: doc.text(n, "focus about"), None)
    items = doc.sequence(words_node, "focus words")
    if not items:
        raise doc.error(words_node, "focus needs at least one word",
                        "e.g. focus: [China, Soviet Union, Mao, Khrushchev]")
    if all(doc.is_list(item) for item in items):
        sides = tuple(doc.texts(item, "a focus word", PHRASE_WORDS) for item in items)
        for item, side in zip(items, sides):
            if not side:
                raise doc.error(item, "a side of the focus needs at least one word")
    elif any(doc.is_list(item) for item in items):
        raise doc.error(words_node, "focus words are either all phrases (one subject) or "
                        "all lists (one per side), not both",
                        "e.g. [[China, Mao], [Soviet Union, Khrushchev]]")
    else:
        sides = (doc.texts(words_node, "a focus word", PHRASE_WORDS),)
    events: tuple[str, ...] = ()
    if events_node is not None:
        events = doc.texts(events_node, "an event id in focus")
        known = _event_ids(doc, values)
        for ident, item in zip(events, doc.sequence(events_node, "focus events")
                               if doc.is_list(events_node) else [events_node]):
            if ident not in known:
                raise doc.error(item, f"'{ident}' in focus events is not an event id in this "
                                "rubric", doc.suggest(ident, known, "events"))
    return Focus(sides, events, sentences, about)


def _event_ids(doc: "Document", values: "Mapping[str, Node]") -> list[str]:
    """The ids the rubric's events are written with (the events criterion loads them
    after the periods, and checks them)."""
    ids: list[str] = []
    node = values.get("events")
    if node is None or not doc.is_list(node):
        return ids
    for item in node.value:
        if doc.is_mapping(item):
            for key, value in item.value:
                if key.value == "id" and not doc.is_list(value) and not doc.is_mapping(value):
                    ids.append(str(value.value))
    return ids


def _years_label(p: Period) -> str:
    """ "1949–1953", or with months "Mar 1953–Jul 1960"."""
    def bound(year: int, month: int) -> str:
        return f"{MONTHS[month - 1].title()} {year}" if month else str(year)

    return f"{bound(p.start, p.start_month)}–{bound(p.end, p.end_month)}"


# -- a draft ------------------------------------------------------------------------------


def _decade_pull(state: "State", flat: str, start: int, end: int, decade: int) -> int:
    """A decade's pull, with the rule of sentences: on the periods that hold more than a
    year of it, as written ("the early 1950s" is 1950-53: the alliance, not the strain
    that starts in March 1953; "the 1960s" is not the strain that ends in July 1960)."""
    mention = read_year_quickly(flat, start, end, decade, True)
    first, last = mention.first * 12, mention.last * 12 + 11
    return sum(1 << ANCHOR_BITS * p for p, (lo, hi) in enumerate(state["months"])
               if min(hi, last) - max(lo, first) + 1 > 12)


def _decade_anchor(state: "State", decade: int) -> int:
    """A decade's pull ("the 1950s"): on every period it overlaps."""
    return sum(1 << ANCHOR_BITS * p for p, (_, _, start, end) in enumerate(state["periods"])
               if start <= decade + 9 and decade <= end)


def _on_the_question(state: "State", draft: "Draft", occurrences: list[Any]) -> int | None:
    """The sentences on the question, a bit per sentence (None: no focus, all are): each
    names a side of the focus, and every side is named in it or in a sentence next to
    it in its paragraph. A sentence names a side by one of its phrases, or every side
    by an event on the question by itself.

    Bits, not sets or a loop: ~130 focus hits a draft, each a few C calls (a Python
    loop over them, or over the sentences, cost the engine 4 %)."""
    if not state["focus"]:
        return None
    paragraph_of = draft.sentences.paragraph_of
    bits = _bits(len(paragraph_of))
    sides = [sum(map(bits.__getitem__, set(map(_SENTENCE, draft.hits(kind)))))
             for kind in state["focus"]]
    on_their_own = state["focus_events"]
    if on_their_own:
        events = reduce(or_, compress(map(bits.__getitem__, map(_OCCURRENCE_SENTENCE,
                                                                 occurrences)),
                                      map(on_their_own.__contains__,
                                          map(_EVENT, occurrences))), 0)
        sides = [named | events for named in sides]
    on = reduce(or_, sides)
    if len(sides) > 1:
        # The sentences that start a paragraph: no side reaches them from the sentence
        # before, nor the sentence before from them.
        starts = ~reduce(or_, compress(bits[1:], map(ne, paragraph_of[1:], paragraph_of)), 0)
        for named in sides:
            on &= named | (named << 1 & starts) | (named & starts) >> 1
    return on


_BIT_TABLE: list[int] = []


def _bits(n: int) -> list[int]:
    """``[1 << i for i in range(n)]`` at least, made once."""
    if len(_BIT_TABLE) < n:
        _BIT_TABLE.extend(1 << i for i in range(len(_BIT_TABLE), max(n, 256)))
    return _BIT_TABLE


def _place(
    state: "State", anchors: list[int], paragraph_of: list[int],
    words_per_sentence: list[int], memo: dict[int, tuple[tuple[int, ...], bool]],
    counting: bool, on: int | None,
) -> tuple[list[float], list[list[int]], list[list[tuple[int, str]]]]:
    """The words each period's sentences hold; and, when ``counting`` (the rule of
    sentences), the sentences that count for each period and those placed there that do
    not, with why ("focus": not on the question; "overview": reaches too far).

    For words, a sentence belongs to its own strongest anchors; else to the previous
    anchored sentence of its paragraph; else, at a paragraph's start, to the first
    anchored sentence after it in the paragraph. A sentence that belongs to several
    periods shares its words equally among them.

    For sentences, a sentence's own events and years place it: in its strongest period,
    or in each of two neighbouring ones it pulls at equally (a boundary year, "the
    1950s"); a sentence that pulls at three periods or more is an overview and counts
    for none. A sentence with no event or year of its own counts with the anchored
    sentence before it in its paragraph, if that one is in a single period (so nothing
    follows an overview or a "1950s" into a period; and a paragraph's opening sentence
    waits for no later one). A sentence counts when it is ``on`` the question
    (:func:`_on_the_question`: a bit per sentence; None: all are); those placed by
    their own anchors that are not are listed."""
    periods = len(state["periods"])
    totals = [0.0] * periods
    counted: list[list[int]] = [[] for _ in range(periods)] if counting else []
    uncounted: list[list[tuple[int, str]]] = [[] for _ in range(periods)] if counting else []
    waiting = 0  # words of unanchored sentences at the start of the current paragraph
    current: tuple[int, ...] = ()
    carry = -1  # the one period a sentence with no anchor of its own counts for, or -1
    paragraph = -1
    for sentence, para in enumerate(paragraph_of):
        if para != paragraph:
            paragraph, current, waiting, carry = para, (), 0, -1
        weights = anchors[sentence]
        words = words_per_sentence[sentence]
        if weights:
            placed = memo.get(weights)
            if placed is None:
                placed = _placement(weights, periods)
                if len(memo) < _MEMO_LIMIT:  # a few dozen pulls recur across drafts
                    memo[weights] = placed
            owners, overview = placed
            words += waiting
            waiting = 0
            current = owners
            if counting:
                if overview:
                    carry = -1
                    for p in owners:
                        uncounted[p].append((sentence, "overview"))
                else:
                    carry = owners[0] if len(owners) == 1 else -1
                    is_on = on is None or on >> sentence & 1
                    for p in owners:
                        if is_on:
                            counted[p].append(sentence)
                        else:
                            uncounted[p].append((sentence, "focus"))
        elif current:
            owners = current
            if carry >= 0 and (on is None or on >> sentence & 1):
                counted[carry].append(sentence)
        else:
            waiting += words
            continue
        if len(owners) == 1:
            totals[owners[0]] += words
        else:
            for p in owners:
                totals[p] += words / len(owners)
    return totals, counted, uncounted


def _placement(anchor: int, periods: int) -> tuple[tuple[int, ...], bool]:
    """The periods a sentence counts for, by its own pull, and whether it is an
    overview: its pulls reach over _OVERVIEW_SPAN periods or more (then its strongest
    are at most two neighbours)."""
    weights = [anchor >> ANCHOR_BITS * p & _ANCHOR_FIELD for p in range(periods)]
    pulled = [p for p, weight in enumerate(weights) if weight]
    top = max(weights)
    owners = tuple(p for p, weight in enumerate(weights) if weight == top)
    return owners, pulled[-1] - pulled[0] + 1 >= _OVERVIEW_SPAN


# -- the report -----------------------------------------------------------------------------

_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten")


def _number(n: int) -> str:
    return _NUMBERS[n] if n < len(_NUMBERS) else str(n)


def _lines(trace: Trace, sentences: "tuple[int, ...] | list[int]") -> str:
    lines = list(dict.fromkeys(trace.line(s) for s in sentences))
    if len(lines) == 1:
        return f"line {lines[0]}"
    return "lines " + ", ".join(map(str, lines[:-1])) + f" and {lines[-1]}"


def _sides_label(state: "State") -> str:
    return state["about"]


def _counted(p: PeriodResult) -> str:
    """ "1 sentence on the question (line 3), 2 needed"."""
    where = f" ({_lines(p.trace, p.counted)})" if p.counted and p.trace else ""
    plural = "sentence" if p.sentences == 1 else "sentences"
    return f"{p.sentences} {plural} on the question{where}, {p.needed} needed"


def _substance_hint(p: PeriodResult) -> str:
    """What a period without enough substance needs, in the student's terms."""
    trace = p.trace
    state = trace.state if trace else None
    about = f" about {_sides_label(state)}" if state and state["about"] else ""
    needed = p.needed or 0
    plural = "sentence" if needed == 1 else "sentences"
    if not p.sentences or trace is None:
        so_far = "none does yet"
    else:
        verb = "does" if p.sentences == 1 else "do"
        so_far = f"only {_number(p.sentences)} {verb} ({_lines(trace, p.counted)})"
    message = (f"Spend at least {_number(needed)} {plural} on {p.label} ({p.years})"
               f"{',' if about else ''}{about}: {so_far}.")
    off = [s for s, why in p.uncounted if why == "focus"]
    if off and trace is not None and about:
        some = "One sentence" if len(off) == 1 else f"{_number(len(off)).capitalize()} sentences"
        message += (f" {some} in this period ({_lines(trace, off)}) "
                    f"{'is' if len(off) == 1 else 'are'} not{about}.")
    return message


def _anchors(trace: Trace, sentence: int, period: int, events: Any) -> str:
    """What places ``sentence`` in ``period``: its events and years there, as written."""
    state = trace.state
    locator = trace.locator
    spans = sorted((o.start, -o.end, o.event) for o in events.occurrences
                   if o.sentence == sentence and state["event_anchors"][o.event] >>
                   ANCHOR_BITS * period & _ANCHOR_FIELD)
    shown, reach = [], -1
    for start, end, event in spans:  # "Great Leap Forward", not also "Great Leap" in it
        if -end > reach:
            shown.append(f"“{locator.words(start, -end)}” ({events.events[event].id})")
            reach = -end
    for start, end, year, decade, hit_sentence in trace.draft.hits("year"):
        if hit_sentence != sentence:
            continue
        if decade:
            pull = _decade_anchor(state, year) if not state["counting"] else \
                _decade_pull(state, trace.draft.flat.text, start, end, year)
        elif year in state["month_years"]:
            pull = state["month_years"][year][month_before(trace.draft.flat.text, start)]
        else:
            pull = state["year_anchors"].get(year, 0)
        if pull >> ANCHOR_BITS * period & _ANCHOR_FIELD:
            shown.append(f"“{locator.words(start, end)}”")
    return ", ".join(dict.fromkeys(shown)) or "the sentence before it in its paragraph"


def _focus_words(trace: Trace, sentence: int, events: Any) -> str:
    """The focus words (and focus events) ``sentence`` names, as written."""
    state = trace.state
    hits = sorted((start, -end) for start, end, _, _, s in trace.focus_hits() if s == sentence)
    shown, reach = [], -1
    for start, end in hits:  # "Soviet Union", not also "Soviet" inside it
        if -end > reach:
            shown.append(f"“{trace.locator.words(start, -end)}”")
            reach = -end
    shown += [f"“{trace.locator.words(o.start, o.end)}” ({events.events[o.event].id})"
              for o in events.occurrences
              if o.sentence == sentence and o.event in state["focus_events"]]
    return ", ".join(dict.fromkeys(shown))
