"""Dates: a year written beside an event that it does not fit is a possible error.

A year is judged against the event it is *attached to*, in its own clause, not against
the nearest event in the text (docs/authoring.md, "How dates are judged"):

1. A year that fits any event named in its sentence is fine: "Stalin died in 1953 and
   Khrushchev's Secret Speech of 1956". Most dates do, and this quick path is all they
   cost.
2. The few that fit none are read closely (:class:`_Reading`). Such a year is no event's
   date when it counts something ("1950 advisers"); labels a period (a heading, a
   table's header row, a range in a table's first column or at the start of a line:
   "| 1949–53 | Alliance |", "## 1953–1960: strain"); is a historian's ("(Westad,
   1998)", "Lüthi (2008)", "Chen Jian's 2001 study"); is one of a list of years or a
   lifespan; or is bounded by a relation word ("after 1953", "from 1960", "until
   1969", "between 1949 and 1960") — unless it stands as an adjective before an event:
   "after the 1961 withdrawal of experts" dates the withdrawal.
3. Otherwise it is attached to the nearest event of its own clause, within
   :data:`_DATE_REACH` words (a relative clause or brackets between do not count: "The
   treaty, which ..., was signed in 1951"). Not to an event across a relation word
   ("in 1954, after Stalin's death"), a semicolon, a colon, a new sentence after an
   abbreviation or a new clause (", and", ", but", "although"...); not to one a relation
   word introduces when a comma stands between ("After the 1960 withdrawal of experts,
   in 1962 ..."); not to one whose own, nearer date fits it; and to a later event only
   when the year opens its clause or stands a few words before it ("He went to Moscow
   in December 1949 and, after two months, signed the treaty": the year is the trip's).
4. A range written before the event it contains is a period ("From 1949 to 1953 the
   treaty ..."); any other date that does not fit its event is flagged, to the month
   where the rubric's date has months.

A year attached to a named *other* event (the events criterion's ``others:``: the 1945
treaty with the Guomindang) is that event's, and never flagged. :meth:`Dates.explain`
says, for each year in a sentence with an event, which event it was attached to and why.
"""

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping
from functools import partial
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from ..dates import (
    YEARS,
    YearMention,
    is_count,
    read_year_quickly,
    settle,
    spans_label,
    word_after,
    word_before,
)
from ..spans import Nearby
from ..text import spaced
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


class Verdict(NamedTuple):
    """Why a year was or was not flagged (for ``--explain``)."""

    kind: str  # see _EXPLAINED
    event: int | None  # the event it fits or was attached to, when there is one
    detail: str = ""


class DateIssues(tuple[DateIssue, ...]):
    """The criterion's result: the possible date errors, in order. It keeps what it was
    worked out from, so that ``--explain`` can say why each year was judged as it was
    without slowing the check of every draft down."""

    context: "tuple[Draft, State, Mapping[str, Any]] | None" = None


if TYPE_CHECKING:
    class State(TypedDict):
        """What a compiled rubric keeps for this criterion: plain data, a dict at run
        time (a class would cost start-up for nothing; see Criterion.compile)."""

        ids: list[str]  # every event a year can be attached to: the rubric's, then others
        names: list[str]
        labels: list[str]  # each event's dates, as people read them
        years: list[frozenset[int]]  # every year each event's dates touch
        spans: list[tuple[tuple[YMD, YMD], ...]]  # each event's dates
        month_spans: list[tuple[tuple[YMD, YMD], ...]]  # those precise to a month
        rubric_events: int  # events from here on are named others: never flagged

# A word between a year and an event that relates them instead of dating the event:
# "from 1960 until Mao's death", "in 1954, after Stalin's death".
_RELATION = frozenset(
    "until till before after since following followed preceded then later earlier prior "
    "afterwards subsequently".split()
)
# ...and before an event, one that makes it a point of reference, not the subject of
# the clause that follows: "After the 1960 withdrawal of experts, in 1962 China ...".
_INTRODUCING = frozenset("after before since until till following".split())
# A year after one of these is an adjective of the event after it: "the 1961 withdrawal
# of experts", "Khrushchev's 1955 speech" (the possessive "s").
_DETERMINERS = frozenset("the a an this that its his her their s".split())
# Years of historians' work: "Chen Jian's 2001 study", "published in 1998".
_WORKS = frozenset(
    "book books study studies work works article articles account biography history "
    "monograph edition essay analysis memoir memoirs volume interview".split()
)
_AUTHORING = frozenset("published publishing writing wrote written argued argues".split())
_DATE_REACH = 15  # words between a year and the event it is attached to
# Words between a year and a later event it is attached to, unless the year opens the
# clause ("In 1951, after two months in Moscow, Mao signed the treaty").
_AHEAD = 4
_NEAR = 30  # words looked across before brackets and relative clauses are left out
_LIFESPAN = 30  # a range this long is a lifespan or an era, not an event's date
_LIST = 3  # this many years in a row, "(1950, 1953, 1956)", are a list
_YEAR_MARGIN = 100  # years either side of the time frame that can date its events
_PENALTY = 2.5  # points for each possible date error
# Dates that fit no event of their sentence, looked into per draft (settled, compared
# with the events near them); the rest are let be. An essay has a handful, and a draft
# of 40,000 wrong dates took seconds to report 40,000 possible errors.
_MAX_DATES_LOOKED_INTO = 1000
_NOTHING_KNOWN = (0, 0)  # of a date never seen: (events worked out, events it fits)
_MEMO_LIMIT = 4096

# Compiled on first use (re caches them): only dates that fit no event are read so.
# A new clause between a year and an event: a strong break anywhere, or a conjunction.
_BREAK = r"[;:|!?]|,\s*(?:and|but|while|whilst|whereas|although|though|yet|so|or)\b" \
    r"|\b(?:but|while|whilst|whereas|although|though|because|yet)\b"
# ...and, in the gap from an event to a later year, "and in 1969".
_AND_THEN = r"\band\s+(?:then\s+)?(?:in|during|on|by)\s*$"
# A full stop that ends a sentence the splitter kept going: "... the U.S. In 1969".
_STOP = r"[.][\"')\]]*\s+[A-Z]"
# Left out of the words between an event and a later year: "(...)", ", which ...,".
_ASIDE = r"\([^()]*\)|,\s*(?:which|who|whose|where)\b[^,;:()]*,"
_RELATION_WORD = r"\b(?:" + "|".join(sorted(_RELATION)) + r")\b"
# Between an event and its year in a timeline: a table's next cell, or a note's colon.
_CELL_OR_LABEL = r"\s*[|:]\s*"
# A year that a "when" clause explains: "came in August 1959, when Khrushchev recalled
# the experts" dates the recall.
_WHEN = r"\s*,\s*when\b"
_LIST_GAP = r"\s*(?:,|;|/|&|and|or|, and|, or)\s*"
_SEPARATOR_ROW = r"[ \t]*\|?[ \t]*:?-{3,}"
_LINE_LABEL_BEFORE = r"[ \t]*(?:[-*+>]|\d{1,3}[.)])?[ \t]*(?:\*\*|__|\*|_)?[ \t]*"
_LINE_LABEL_AFTER = r"(?:\*\*|__|\*|_)?[ \t]*(?:[:|)\-–—]|\n|\Z)"
_CITED_IN_BRACKETS = r"[A-Z][\w'’.-]*(?: et al\.?)?,?\s*\Z"  # "(Lüthi, 2008; Chen, 2001)"
_NAME_BEFORE_BRACKET = r"([A-Z][\w'’-]*)\s*$"
_MONTH_NAMES = frozenset(
    "January February March April May June July August September October November "
    "December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)


_LOOSE_AND_DISTANCE = itemgetter(0, 1)  # of a candidate: the nearest tight one wins
_OCCURRENCE_START = itemgetter(1)
# Occurrences looked at before a date for a tight one: overlapping matches of an event
# ("Zhenbao", "border clashes") can end in any order.
_TIGHT_LOOK_BACK = 3
_EXPLAIN_REACH = 8  # occurrences each side of a date looked at to name the event it fits
_PATTERNS: dict[str, "re.Pattern[str]"] = {}


def _pattern(source: str) -> "re.Pattern[str]":
    """``source`` compiled, once: cheaper than re's own cache in the loop over a
    sentence's events."""
    compiled = _PATTERNS.get(source)
    if compiled is None:
        compiled = _PATTERNS[source] = re.compile(source)
    return compiled


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
        # A two-case question has no periods of its own: its cases' events span it.
        bounds = [(p.start, p.end) for p in rubric.parts["periods"]] or [
            (s.first_year, s.last_year) for _, _, dates in datable(rubric) for s in dates]
        year = book.kind("year")
        first = min(start for start, _ in bounds) - _YEAR_MARGIN
        last = max(end for _, end in bounds) + _YEAR_MARGIN
        for y in range(max(first, YEARS.start), min(last, YEARS.stop - 1) + 1):
            book.add({str(y)}, (year, y, 0))
            if y % 10 == 0:
                book.add({f"{y}s"}, (year, y, 1))
        # The rubric's events, then their others: an occurrence's event indexes both, and
        # a year near an other is judged against the other's date, never flagged.
        events = datable(rubric)
        return dict(
            ids=[ident for ident, _, _ in events], names=[name for _, name, _ in events],
            labels=[spans_label(dates) for _, _, dates in events],
            years=[frozenset(y for s in dates for y in range(s.first_year, s.last_year + 1))
                   for _, _, dates in events],
            spans=[tuple((s.start, s.end) for s in dates) for _, _, dates in events],
            month_spans=[tuple((s.start, s.end) for s in dates if s.has_months())
                         for _, _, dates in events],
            rubric_events=len(rubric.parts["events"]),
        )

    def detect(self, draft: "Draft", state: "State", results: Mapping[str, Any]
               ) -> DateIssues:
        result = DateIssues(_judge(draft, state, results))
        # Not ``results`` itself, which will hold this result: a cycle keeps every
        # draft alive until the garbage collector runs, and it runs long over them.
        result.context = (draft, state, {"events": results["events"]})
        return result

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

    def explain(self, result: tuple[DateIssue, ...], results: Mapping[str, Any]
                ) -> "list[Finding]":
        """For each year in a sentence that names an event: the event it fits or was
        attached to and whether it fits, or why it was not judged."""
        from ..display import Finding

        context = getattr(result, "context", None)
        if context is None:
            return []
        draft, state, found = context
        trace: list[tuple[YearMention, Verdict]] = []
        _judge(draft, state, found, trace)
        locator = draft.locator
        out = []
        for mention, verdict in sorted(trace, key=lambda t: t[0].start):
            line, column = locator.line_col(mention.start)
            written = locator.words(mention.start, mention.end)
            out.append(Finding(line, column, "info", _explained(written, verdict, state)))
        return out

    def section(self, result: tuple[DateIssue, ...]) -> "Section | None":
        from ..display import Cell, Section

        if not result:
            return None
        return Section("Dates to check", ("Where", "Date"), tuple(
            (Cell(f"line {d.line}:{d.column}", "warn"), Cell(d.message)) for d in result))

    def tally(self, result: tuple[DateIssue, ...]) -> "Tally":
        from ..display import Tally

        # Each one with where it is, for the dashboard to list (a count alone sends
        # the student hunting through the draft).
        return Tally("date warnings", len(result), None, self.column, tuple(
            f"line {d.line}:{d.column}: {d.message.removeprefix('possible date error: ')}"
            for d in result), "dates to check")


def _judge(draft: "Draft", state: "State", results: Mapping[str, Any],
           trace: list[tuple[YearMention, Verdict]] | None = None) -> list[DateIssue]:
    """The possible date errors of ``draft``; with ``trace``, also why each year in a
    sentence with an event was judged as it was (appended to it)."""
    found: Found = results["events"]
    by_sentence_events: dict[int, list[Occurrence]] = defaultdict(list)
    for occurrence in found.occurrences:
        by_sentence_events[occurrence.sentence].append(occurrence)
    flat = draft.flat.text
    # Read the dates (ranges, decades, months) only where an event stands.
    by_sentence_years: dict[int, list[YearMention]] = defaultdict(list)
    last_end = -1
    for start, end, year, decade, sentence in draft.hits("year"):
        if sentence not in by_sentence_events or start < last_end:
            continue  # no event to date, or the second year of a range ("1949-1953")
        # Years and month are enough to see that a date fits, as most do; its day,
        # its relation ("after 1953"), whether it counts something ("1950 advisers")
        # and the event it belongs to are read below, only for a date that does not fit.
        mention = read_year_quickly(flat, start, end, year, bool(decade))
        last_end = mention.end
        by_sentence_years[sentence].append(mention)

    issues = []
    memo = draft.memo("dates")
    reading: _Reading | None = None
    looked_into = 0
    for sentence, mentions in by_sentence_years.items():
        present = by_sentence_events[sentence]
        present_mask = 0  # a bit per event found in the sentence
        for o in present:
            present_mask |= 1 << o.event
        for i, mention in enumerate(mentions):
            fits = _fitting(mention, present_mask, state, memo)
            if fits == present_mask or (fits and not _tight_against_other(
                    flat, mention, present, fits)):
                # It plainly belongs to the events of this sentence, or fits one and
                # stands tight against none that it does not fit.
                if trace is not None:
                    trace.append((mention, Verdict("fits", _nearest_fitting(
                        draft, mention, present, fits))))
                continue
            if looked_into == _MAX_DATES_LOOKED_INTO:
                if trace is None:
                    break
                trace.append((mention, Verdict("limit", None)))
                continue
            looked_into += 1
            if reading is None:
                reading = _Reading(draft, state, memo)
            mention, verdict = reading.judge(sentence, mentions, i, present,
                                             trace is not None, fits)
            if trace is not None:
                trace.append((mention, verdict))
            if verdict.kind == "flagged" and verdict.event is not None:
                issues.append(_issue(draft, state, mention, verdict.event))
        if looked_into == _MAX_DATES_LOOKED_INTO and trace is None:
            break
    issues.sort(key=lambda d: (d.line, d.column))
    return issues


def _issue(draft: "Draft", state: "State", mention: YearMention, event: int) -> DateIssue:
    locator = draft.locator
    written = locator.words(mention.start, mention.end)
    line, column = locator.line_col(mention.start)
    return DateIssue(
        event=state["ids"][event],
        year=_wrong_year(mention, state["spans"][event]),
        line=line,
        column=column,
        text=written,
        message=f"possible date error: '{written}' does not fit "
                f"{state['names'][event]} ({state['labels'][event]})",
    )


class _Reading:
    """A draft read closely around the dates that fit no event of their sentence: the
    few that may be errors. Everything here runs for those alone."""

    def __init__(self, draft: "Draft", state: "State", memo: dict[Any, Any]) -> None:
        self.flat = draft.flat.text
        self.text = draft.text  # the draft as written (capitals tell names)
        self.folded = draft.folded  # ...lower-cased, with its punctuation
        self.source = draft.flat.to_source
        self.words = draft.flat_words
        self.starts = draft.sentences.starts
        self.length = draft.sentences.length
        self.state = state
        self.memo = memo
        self.to_flat = draft.flat.to_flat
        self._layouts: dict[int, tuple[str, int]] = {}
        self._event_starts: dict[int, list[int]] = {}
        self._near: dict[int, tuple[Nearby[Occurrence], Nearby[YearMention] | None]] = {}

    def judge(self, sentence: int, mentions: list[YearMention], i: int,
              present: list["Occurrence"], thorough: bool = False, fits: int = 0
              ) -> tuple[YearMention, Verdict]:
        """The date ``mentions[i]`` (which fits not every event of ``present``: only those
        of the bits ``fits``), settled, and what it is: see the module docstring for the
        questions. A date that fits some event of its sentence is flagged only when it
        stands tight against one it does not fit ("the border clashes on Zhenbao Island
        in 1968", in a sentence that also names the Cultural Revolution).

        Whether it is a historian's, one of a list or a lifespan is asked only of a date
        that would be flagged, unless ``thorough`` (for ``--explain``, which says why a
        date was not judged): the answer is the same, a date is flagged or not, and most
        such dates are attached to no event."""
        mention, verdict = self._judge(sentence, mentions, i, present, thorough, fits)
        if fits and verdict.kind != "flagged":
            return mention, Verdict("fits", _first_bit(fits))
        return mention, verdict

    def _judge(self, sentence: int, mentions: list[YearMention], i: int,
               present: list["Occurrence"], thorough: bool, fits: int
               ) -> tuple[YearMention, Verdict]:
        flat, state = self.flat, self.state
        mention = settle(flat, mentions[i])
        adjective_of = self.adjective_of(mention, present)
        if mention.relational and adjective_of is None:
            return mention, Verdict("bound", None,
                                    self.relation_word(mention) if thorough else "")
        if is_count(flat, mention):
            return mention, Verdict("count", None)
        a = self.source(mention.start)
        b = self.source(mention.end - 1) + 1
        kind, first_cell_end = self.layout(sentence)
        timeline = False  # "- 1950: the treaty", "| 1950 | the treaty |": the line's date
        if kind == "heading":
            return mention, Verdict("label", None, "in a heading")
        if kind == "header":
            return mention, Verdict("label", None, "in a table's header row")
        if kind == "row" and a < first_cell_end:
            if mention.kind != "year":
                return mention, Verdict("label", None, "in a table's first column")
            timeline = True
        elif self.starts_line(a, b):
            if mention.kind != "year":
                return mention, Verdict("label", None, "at the start of a line")
            timeline = True
        if thorough:
            verdict = self.not_a_date(mentions, i, mention, a, present)
            if verdict is not None:
                return mention, verdict

        # The event it is attached to: of those in its clause, the nearest.
        candidates: list[tuple[bool, int, Occurrence]] = []
        refused: tuple[int, Occurrence, str] | None = None  # the nearest refused, and why
        if adjective_of is not None:
            candidates.append((False, 0, adjective_of))
        else:
            near_events, _ = self.near(sentence, present, mentions)
            brackets = None if timeline else self.brackets(a, b)
            for o in (present if timeline else near_events(mention.start, mention.end)):
                if brackets is not None and not self.before_or_in(o, *brackets):
                    # "border clashes (1969)": a bracketed year dates what stands just
                    # before the bracket, or its own words
                    why = "the year is in brackets after something else"
                    if refused is None:
                        refused = (_DATE_REACH, o, why)
                    continue
                before = o.end <= mention.start
                if before:
                    flat_gap = flat[o.end:mention.start]
                    gap = self.folded[self.source(o.end - 1) + 1:a]
                elif mention.end <= o.start:
                    flat_gap = flat[mention.end:o.start]
                    gap = self.folded[b:self.source(o.start)]
                else:  # the year is part of what was found ("the 1950 treaty")
                    candidates.append((False, 0, o))
                    continue
                words = flat_gap.split()
                distance = len(words)
                if before and ("(" in gap or ", wh" in gap):  # brackets, ", which ...,"
                    distance = len(spaced(re.sub(_ASIDE, " ", gap)).split())
                if timeline:
                    why = ""
                elif distance > _DATE_REACH:
                    why = f"more than {_DATE_REACH} words apart"
                else:
                    why = self.refusal(o, before, words, gap)
                if why and not before and not fits and distance <= _AHEAD + 4 \
                        and self.out_of_order(mention, o, gap):
                    # "In 1970, after the table tennis team's visit": the year bounds
                    # the event, and the bound is wrong (the visit was in 1971).
                    return mention, Verdict("flagged", o.event)
                when = not before and re.match(_WHEN, gap) is not None
                if not why and not timeline and not before and not when \
                        and (len(words) > _AHEAD or "," in gap) \
                        and not self.opens_clause(sentence, a):
                    # "He travelled to Moscow in December 1949 and ... signed the
                    # treaty", "signed in 1954, by which time Stalin had died": a year
                    # that ends a phrase dates that phrase.
                    why = "the year ends an earlier phrase of its clause"
                if not why and self.dated_otherwise(sentence, present, mentions, mention, o,
                                                    timeline):
                    why = "its own, nearer date fits it"
                if why:
                    if refused is None or distance < refused[0]:
                        refused = (distance, o, why)
                    continue
                if timeline:  # "1952 – Stalin dies": the events after it on its line
                    tight = not before and "\n" not in gap
                else:
                    tight = (before and _tight(words)) or when
                candidates.append((not tight, distance, o))
        if not candidates:
            if refused is None:
                return mention, Verdict("unattached", None)
            _, o, why = refused
            return mention, Verdict("unattached", o.event, why)
        if not thorough:
            verdict = self.not_a_date(mentions, i, mention, a, present)
            if verdict is not None:
                return mention, verdict
        loose, _, culprit = min(candidates, key=_LOOSE_AND_DISTANCE)
        event = culprit.event
        if fits and (loose or fits >> event & 1):  # it fits its own event, or may be
            return mention, Verdict("fits", event if fits >> event & 1 else _first_bit(fits))
        if event >= state["rubric_events"]:
            return mention, Verdict("other", event)
        if mention.kind == "range" and loose and mention.end <= culprit.start \
                and adjective_of is None and _contains(mention, state["spans"][event]):
            return mention, Verdict("period", event)
        return mention, Verdict("flagged", event)

    # -- the questions ---------------------------------------------------------------

    def not_a_date(self, mentions: list[YearMention], i: int, mention: YearMention, a: int,
                   present: list["Occurrence"]) -> Verdict | None:
        """Why ``mention`` (at ``a`` in the text) is no event's date whatever stands
        near it: a lifespan, a historian's year, one of a list; None when it may be."""
        if mention.kind == "range" and mention.last - mention.first >= _LIFESPAN:
            return Verdict("lifespan", None, str(mention.last - mention.first))
        if self.cited(mention, a, present):
            return Verdict("citation", None)
        if self.in_list(mentions, i):
            return Verdict("list", None)
        return None

    def layout(self, sentence: int) -> tuple[str, int]:
        """What the sentence is on the page: "heading", "header" (a table's header row),
        "row" (a table row: with where its first cell ends) or "prose"."""
        known = self._layouts.get(sentence)
        if known is not None:
            return known
        text = self.text
        start = self.starts[sentence]
        end = self.starts[sentence + 1] if sentence + 1 < len(self.starts) else self.length
        head = text[start:start + 16].lstrip(" \t\n")
        layout = ("prose", -1)
        if head.startswith("#"):
            layout = ("heading", -1)
        elif head.startswith("|"):
            if re.compile(_SEPARATOR_ROW).match(text, end):
                layout = ("header", -1)
            else:
                bar = text.find("|", start, end)
                cell_end = text.find("|", bar + 1, end)
                layout = ("row", end if cell_end == -1 else cell_end)
        self._layouts[sentence] = layout
        return layout

    def starts_line(self, a: int, b: int) -> bool:
        """Does the date at text[a:b] start a line, as a label does ("- 1949–53:
        alliance", "**1953–60.**", "1950 – the treaty")?"""
        text = self.text
        line = text.rfind("\n", max(0, a - 16), a) + 1
        if line == 0 and a > 16:
            return False
        return re.compile(_LINE_LABEL_BEFORE).fullmatch(text, line, a) is not None and \
            re.compile(_LINE_LABEL_AFTER).match(text, b) is not None

    def cited(self, mention: YearMention, a: int, present: list["Occurrence"]) -> bool:
        """Is the year a historian's: "(Westad, 1998)", "Lüthi (2008)", "Chen Jian's
        2001 study", "published in 1998"?"""
        flat, text = self.flat, self.text
        if word_after(flat, mention.end) in _WORKS:
            return True
        word, cut = word_before(flat, mention.start)
        if word == "in" and word_before(flat, cut)[0] in _AUTHORING:
            return True
        bracket = text.rfind("(", max(0, a - 60), a)
        if bracket == -1 or ")" in text[bracket:a]:
            return False
        inside = text[bracket + 1:a]
        if inside.strip():  # "(Westad, 1998)": a name just before the year
            name = _pattern(_CITED_IN_BRACKETS).search(inside)
            return name is not None and \
                name.group().split()[0].rstrip(",") not in _MONTH_NAMES and \
                not self.event_between(present, bracket, a)
        # "Lüthi (2008)": a name just before the bracket, not an event ("the Korean War
        # (1955)").
        name = re.compile(_NAME_BEFORE_BRACKET).search(text, max(0, bracket - 40), bracket)
        return name is not None and name.group(1) not in _MONTH_NAMES and \
            not self.event_between(present, name.start(1), bracket)

    def brackets(self, a: int, b: int) -> tuple[int, int] | None:
        """The brackets the date at text[a:b] stands in, "(1950)", "(signed 1951)",
        when it does (offsets of "(" and ")")."""
        folded = self.folded
        opened = folded.rfind("(", max(0, a - 40), a)
        if opened == -1 or ")" in folded[opened:a]:
            return None
        closed = folded.find(")", b, b + 40)
        return None if closed == -1 or "(" in folded[b:closed] else (opened, closed)

    def before_or_in(self, o: "Occurrence", opened: int, closed: int) -> bool:
        """Does the event ``o`` end just before the bracket at ``opened`` (a word at
        most between them) or stand inside the brackets?"""
        start, end = self.source(o.start), self.source(o.end - 1) + 1
        if opened < start and end <= closed:
            return True
        return end <= opened and len(self.folded[end:opened].split()) <= 1 and \
            not re.search(r"[,;:.|]", self.folded[end:opened])

    def event_between(self, present: list["Occurrence"], a: int, b: int) -> bool:
        """Does an event found in the sentence overlap text[a:b] (a few words)? Only
        the last few that start before ``b`` are looked at: a sentence may hold
        thousands."""
        to_flat = self.to_flat
        flat_a, flat_b = to_flat(a), to_flat(b)
        i = bisect_left(self.event_starts(present), flat_b)
        return any(o.end > flat_a for o in present[max(0, i - 8):i])

    def event_starts(self, present: list["Occurrence"]) -> list[int]:
        """Where the events of a sentence start, in order (occurrences are sorted)."""
        key = id(present)
        starts = self._event_starts.get(key)
        if starts is None:
            starts = self._event_starts[key] = [o.start for o in present]
        return starts

    def in_list(self, mentions: list[YearMention], i: int) -> bool:
        """Is ``mentions[i]`` one of a list of years, "(1950, 1953, 1956)"?"""
        def joined(j: int) -> bool:  # mentions[j] and mentions[j + 1] are listed together
            a = self.source(mentions[j].end - 1) + 1
            b = self.source(mentions[j + 1].start)
            return b - a <= 8 and re.compile(_LIST_GAP).fullmatch(self.folded, a, b) is not None

        first = i
        while first > 0 and joined(first - 1):
            first -= 1
        last = i
        while last + 1 < len(mentions) and joined(last):
            last += 1
        return last - first + 1 >= _LIST

    def adjective_of(self, mention: YearMention, present: list["Occurrence"]
                     ) -> "Occurrence | None":
        """The event the year stands before as an adjective, after a determiner or a
        possessive: "the 1961 withdrawal of experts", "Khrushchev's 1955 speech"."""
        if mention.kind == "decade" or word_before(self.flat, mention.start)[0] \
                not in _DETERMINERS:
            return None  # "by the 1960s the 1950 treaty ...": a decade is no adjective
        i = bisect_left(self.event_starts(present), mention.end)
        if i == len(present):
            return None
        o = present[i]
        gap = self.folded[self.source(mention.end - 1) + 1:self.source(o.start)]
        if len(gap.split()) <= 1 and not re.search(r"[,;:.()|\n]", gap):
            return o
        return None

    def relation_word(self, mention: YearMention) -> str:
        word, cut = word_before(self.flat, mention.start)
        while word in ("the", "early", "mid", "late", "to", "and") or word.isdigit():
            word, cut = word_before(self.flat, cut)
            if not word:
                break
        return word

    def refusal(self, o: "Occurrence", before: bool, words: list[str], gap: str) -> str:
        """Why the year is not attached to the event ``o`` (``gap``: the text between
        them, with its punctuation), or "" when nothing stands in the way."""
        if before and re.fullmatch(_CELL_OR_LABEL, gap):
            return ""  # "| Sino-Soviet Treaty | 1951 |", "- Secret Speech: 1957"
        if not _RELATION.isdisjoint(words) and (before or self.relates(o, gap)):
            return f"'{min(_RELATION.intersection(words))}' stands between them"
        if _pattern(_BREAK).search(gap) \
                or ("." in gap and _pattern(_STOP).search(self.text_of(gap, o, before))) \
                or (before and "and" in gap and _pattern(_AND_THEN).search(gap)):
            return "they are in different clauses"
        if before and "," in gap and self.introduced(o):
            return "a relation word introduces the event, in another clause"
        return ""

    def opens_clause(self, sentence: int, a: int) -> bool:
        """Does the date at ``a`` open its clause: "In 1951, ...", "Then, in 1969 ..."
        (two words at most since the sentence, a comma or a bracket)?"""
        start = max(self.starts[sentence], a - 60)
        before = self.folded[start:a]
        cut = max(before.rfind(c) for c in ",;:(\n")
        return len(before[cut + 1:].split()) <= 2 and (cut != -1 or start == self.starts[sentence])

    def out_of_order(self, mention: YearMention, o: "Occurrence", gap: str) -> bool:
        """Does the relation word that introduces the later event ``o`` put it on the
        wrong side of the year: "in 1970, after [an event of 1971]", "in 1951, before
        [an event of 1950]"? (Only "after" and "before", which order two times.)"""
        last = _last_relation(gap)
        if last is None or last.group() not in ("after", "before") \
                or re.search(r"[,;:.()]", gap[last.end():]) or not self.introduced(o):
            return False
        spans = self.state["spans"][o.event]
        if last.group() == "after":  # the event came first: it began by the year
            return min(start[0] for start, _ in spans) > mention.last
        return max(end[0] for _, end in spans) < mention.first

    def relates(self, o: "Occurrence", gap: str) -> bool:
        """Does a relation word in ``gap``, between a year and the later event ``o``,
        introduce that event ("In 1954, after Stalin's death, ...") rather than
        something else ("In 1951, after two months in Moscow, Mao signed the treaty")?"""
        last = _last_relation(gap)
        return last is None or not re.search(r"[,;:.()]", gap[last.end():])

    def text_of(self, gap: str, o: "Occurrence", before: bool) -> str:
        """``gap`` as written (with its capitals), for the full-stop test; cheap: only
        when the gap has a full stop."""
        if "." not in gap:
            return ""
        start = self.source(o.end - 1) + 1 if before else self.source(o.start) - len(gap)
        return self.text[start:start + len(gap) + 2]

    def introduced(self, o: "Occurrence") -> bool:
        """Does a relation word stand just before the event: "after the 1960
        withdrawal", "since Stalin's death"?"""
        flat = self.flat
        cut = o.start
        for _ in range(3):
            word, cut = word_before(flat, cut)
            if word in _INTRODUCING:
                return not re.search(r"[,;:.()]",
                                     self.folded[self.source(cut):self.source(o.start)])
            if not word:
                return False
        return False

    def near(self, sentence: int, present: list["Occurrence"], mentions: list[YearMention]
             ) -> tuple["Nearby[Occurrence]", "Nearby[YearMention] | None"]:
        near = self._near.get(sentence)
        if near is None:
            near = self._near[sentence] = (Nearby(present, self.words, _NEAR), None)
        return near

    def dated_otherwise(self, sentence: int, present: list["Occurrence"],
                        mentions: list[YearMention], mention: YearMention,
                        o: "Occurrence", far: bool) -> bool:
        """Does a nearer date of the sentence fit the event ``o``: "the treaty (1950)
        ... in 1951"?"""
        near_events, near_dates = self.near(sentence, present, mentions)
        if near_dates is None:
            flat = self.flat
            dates = [m for m in map(partial(settle, flat), mentions)
                     if not m.relational and not is_count(flat, m)]
            near_dates = Nearby(dates, self.words, _NEAR)
            self._near[sentence] = (near_events, near_dates)
        # The date itself is near the event, unless the event is anywhere on its line.
        if far and not near_dates(o.start, o.end):
            return False
        nearest = near_dates.nearest(o.start, o.end)
        return nearest.start != mention.start and \
            bool(_fitting(nearest, 1 << o.event, self.state, self.memo))


def _contains(mention: YearMention, spans: tuple[tuple[YMD, YMD], ...]) -> bool:
    """Does the range written contain every date of the event?"""
    return all(mention.first <= start[0] and end[0] <= mention.last for start, end in spans)


def _nearest_fitting(draft: "Draft", mention: YearMention, present: list["Occurrence"],
                     fits: int) -> int:
    """Of the events of the sentence that the date fits (bits), the nearest (explain)."""
    count = draft.flat_words.count

    def gap(o: "Occurrence") -> int:
        return count(o.end, mention.start) if o.end <= mention.start \
            else count(mention.end, o.start) if mention.end <= o.start else 0

    # The occurrences either side of the date, a few at most: a sentence of thousands of
    # events must not be read once per date (a 40 KB one took seconds to explain).
    at = bisect_left(present, mention.start, key=_OCCURRENCE_START)
    near = [o for o in present[max(at - _EXPLAIN_REACH, 0):at + _EXPLAIN_REACH]
            if fits >> o.event & 1]
    return min(near, key=gap).event if near else _first_bit(fits)


_EXPLAINED = {
    "fits": "fits {name} ({label}), named in its sentence",
    "flagged": "is attached to {name} ({label}) and does not fit it: flagged",
    "other": "is attached to {name} ({label}), a different event from the rubric's: "
             "not judged against them",
    "period": "is a period that contains {name} ({label}), written before it: not judged",
    "unattached": "is attached to no event of its clause: not judged",
    "count": "counts something, it is not a date",
    "label": "labels a period ({detail}): not an event's date",
    "citation": "is a historian's (a publication year): not an event's date",
    "list": "is one of a list of years: not judged",
    "lifespan": "spans {detail} years, a lifespan or an era: not an event's date",
    "bound": "is bounded by '{detail}': a limit in time, not an event's date",
    "limit": "was not looked into: more than "
             f"{_MAX_DATES_LOOKED_INTO:,} dates in the draft fit no event",
}


def _explained(written: str, verdict: Verdict, state: "State") -> str:
    event = verdict.event
    ident = "date" if event is None else state["ids"][event]
    name = label = ""
    if event is not None:
        name, label = state["names"][event], state["labels"][event]
    if verdict.kind == "unattached" and event is not None:
        return (f"date: '{written}' is attached to no event of its clause: the nearest, "
                f"{name}, is not its event ({verdict.detail}); not judged")
    message = _EXPLAINED[verdict.kind].format(name=name, label=label, detail=verdict.detail)
    return f"{ident}: '{written}' {message}"


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


def _last_relation(gap: str) -> "re.Match[str] | None":
    """The last relation word in ``gap`` ("after", "until"...), if any."""
    last = None
    for last in _pattern(_RELATION_WORD).finditer(gap):  # noqa: B007 (the last one)
        pass
    return last


def _tight(words: list[str]) -> bool:
    """Do ``words``, between an event and the year after it, hold the year tight to the
    event: "the treaty of 1951", "Zhenbao Island in 1968", "was signed in 1949"?"""
    return not set(words) - {"of", "in"} or (len(words) <= 3 and words[-1] in ("in", "of", "on"))


def _tight_against_other(flat: str, mention: YearMention, present: list["Occurrence"],
                         fits: int) -> bool:
    """Does the date stand tight against an event of its sentence that it does not fit
    ("Zhenbao Island in 1968", "experts withdrawn 1959"; or ", when" and the event after
    it)? The cheap test before a date that fits another event is read closely: most
    such dates stand loose between events, and are let be. Only the events just before
    and just after it are looked at (``present`` is in order of place): a sentence of
    thousands of events must not be read once per date."""
    after = bisect_left(present, mention.end, key=_OCCURRENCE_START)
    for o in present[max(after - _TIGHT_LOOK_BACK, 0):after]:
        if fits >> o.event & 1 or o.end > mention.start:
            continue
        if _tight(flat[o.end:mention.start].split()):
            return True
    if after < len(present):
        o = present[after]
        return not fits >> o.event & 1 and o.start - mention.end < 40 \
            and flat[mention.end:o.start].split()[:1] == ["when"]  # flat: no comma
    return False


def _first_bit(bits: int) -> int:
    """The index of the lowest set bit: the first event of a mask."""
    return (bits & -bits).bit_length() - 1


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
