"""Events: the key events a question's answer needs, found by what students write.

An event is found by any of its aliases ("the Sino-Soviet split", "Moscow withdrew its
advisers"), with their spelling variants and plurals, or by a co-occurrence rule: one
word from each list in one sentence ("withdrew" + "experts"), optionally within a number
of words of each other. Required events score; optional ones help place sentences in
periods and dates.

False friends: an event's ``not:`` phrases, near a match (within 3 words, or as the
rubric says), stop it counting; its ``others:`` are different events that students
confuse with it (the 1945 Sino-Soviet treaty for the 1950 one), each with its own name,
date, aliases and rules. A match of an other credits neither: it is an occurrence of
its own (for the dates criterion, which judges its years against the other's date), and
any match of the event it overlaps is dropped. Where aliases of two different events
overlap, the longest match wins ("the Soviet Long Telegram" is not the Long Telegram).

Others are events of the phrase book after the rubric's own: other ``k`` (counting every
event's others in rubric order) is event ``len(events) + k`` in :attr:`Found.occurrences`;
:func:`datable` lists the ids, names and dates of both, in that order.

YAML (docs/authoring.md): ``events:`` a list of ``{id, name, date, aliases, cooccur,
required, period, hint, note, not, others}``.
"""

from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from itertools import compress, islice, product
from operator import itemgetter, lt
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from ...content.model import PHRASE_WORDS
from ..dates import Span, parse_span, spans_label
from ..report import Locator, Match
from ..spans import FAR as _FAR
from ..spans import ClauseWords
from ..text import normalize_phrase
from . import ClassItem, Criterion, Expectation, Hint
from .phrases import alias_variants, proper_words, word_forms

if TYPE_CHECKING:
    from ...content.loader import Document, Node
    from ...content.model import CaseSet, Rubric
    from ..display import Finding, Section, Tally
    from ..draft import Draft
    from ..scan import PhraseBook


class CoOccurrence(NamedTuple):
    """One word from each group in one sentence (or within ``within`` words) finds an event."""

    groups: tuple[tuple[str, ...], ...]
    within: int | None = None


class NotNear(NamedTuple):
    """A ``not:`` entry: any of ``phrases`` within ``within`` words of a match (None: in
    its sentence) stops the match counting."""

    phrases: tuple[str, ...]
    within: int | None = 3


class Other(NamedTuple):
    """A different event that students confuse with this one (``others:``)."""

    name: str
    dates: tuple[Span, ...]
    aliases: tuple[str, ...] = ()
    cooccur: tuple[CoOccurrence, ...] = ()


class Event(NamedTuple):
    id: str
    name: str
    dates: tuple[Span, ...]
    aliases: tuple[str, ...]
    cooccur: tuple[CoOccurrence, ...] = ()
    required: bool = True
    period: str | None = None
    hint: str | None = None
    nots: tuple[NotNear, ...] = ()
    others: tuple[Other, ...] = ()
    case: str | None = None  # the name of the case it came from (a two-case question)


class Occurrence(NamedTuple):
    """Where an event (or, from ``len(events)`` on, an other) was found: flat offsets,
    the sentence, and how: -1 by an alias, else the index of the event's cooccur rule."""

    event: int
    start: int
    end: int
    sentence: int
    rule: int = -1


class Suppressed(NamedTuple):
    """A match of a rubric event that does not count, and why (for ``--explain``)."""

    occurrence: Occurrence
    reason: str  # "other": an other's match (by: its event index); "longer": a longer
    # alias of another event (by: its event index); "not": a not: entry (by: its index)
    by: int


class EventResult(NamedTuple):
    id: str
    name: str
    date: str
    period: str | None
    required: bool
    found: bool
    spans: tuple[tuple[int, int], ...]  # where it was found, in flat offsets
    locator: Locator | None = None
    hint: str | None = None  # the rubric's advice on where to bring it in
    case: str | None = None  # the name of its case, on a two-case question

    @property
    def matches(self) -> tuple[Match, ...]:
        if self.locator is None:
            return ()
        return tuple(self.locator.match(start, end) for start, end in self.spans)


class Found(NamedTuple):
    """The events criterion's result: each event, and every occurrence (in order of
    position) for the criteria that read where events stand (dates, periods), others'
    included (``event >= len(events)``: they credit nothing)."""

    events: tuple[EventResult, ...]
    occurrences: list[Occurrence]
    suppressed: tuple[Suppressed, ...] = ()
    draft: "Draft | None" = None  # for explain(), which recomputes what it needs


if TYPE_CHECKING:
    class State(TypedDict):
        """What a compiled rubric keeps for this criterion: plain data, a dict at run
        time (a class would cost start-up for nothing; see Criterion.compile)."""

        alias: int  # the phrase kinds
        cooc: int
        facts: list[tuple[str, str, str, str | None, bool]]  # EventResult's first fields
        hints: list[str | None]  # EventResult's last
        cases: list[str | None]  # the case of each event (a two-case question), else None
        # Co-occurrence rules as bit fields of one integer, a bit per word list and a spare
        # bit above each rule: a sentence ORs together the bits of the words it holds, and
        # adding a 1 at each field's foot carries into the spare bit exactly where every
        # list of a rule is present. One addition tests every rule.
        rules: list[tuple[int, int, int]]  # (event, rule, its foot bit)
        rule_lists: list[int]  # how many word lists each rule has
        rule_within: list[int | None]
        feet: int
        spares: dict[int, int]  # spare bit -> index in rules
        spare_bits: int
        # False friends: the owner (a rubric event) of each other, by other k (event
        # len(facts) + k); each event's not: entries' reach (-1: the sentence).
        owners: list[int]
        nots: list[list[int]]
        guarded: bool  # any not: or others: at all (else detect skips looking)
        notk: int  # the phrase kind of not: phrases

def event_ids(parts: Mapping[str, Any]) -> list[str]:
    """The ids of a rubric's events, given its parts."""
    return [e.id for e in parts["events"]]


def datable(rubric: "Rubric") -> list[tuple[str, str, tuple[Span, ...]]]:
    """(id, name, dates) of everything an occurrence's ``event`` may index: the rubric's
    events, then every event's others in rubric order (id ``<event-id>~<k>``, k counting
    all others), as :attr:`Found.occurrences` numbers them."""
    events: tuple[Event, ...] = rubric.parts["events"]
    out = [(e.id, e.name, e.dates) for e in events]
    for owner, other in _others(events):
        out.append((f"{events[owner].id}~{len(out) - len(events)}", other.name, other.dates))
    return out


def _others(events: tuple[Event, ...]) -> list[tuple[int, Other]]:
    """Every event's others, in rubric order, with the index of the event they belong to."""
    return [(e, other) for e, event in enumerate(events) for other in event.others]


_START = itemgetter(1)  # of an Occurrence
_EVENT = itemgetter(0)  # of an Occurrence
_HIT_START = itemgetter(0)  # of a hit (see draft.Hit)
_HIT_END = itemgetter(1)
_NOT_REACH = 3  # words between a not: phrase and a match, unless the entry says
_EVENT_AND_SENTENCE: Callable[[Occurrence], tuple[int, int]] = itemgetter(0, 3)
_SENTENCE = itemgetter(4)  # of a hit (see draft.Hit)


class Events(Criterion):
    name = "events"
    keys = ("events",)
    required_keys = ("events",)
    case_keys = ("events",)
    weight = 40.0
    records = (Event, CoOccurrence, Span, NotNear, Other)
    column = "Required events"
    class_heading = "Events"
    class_states = ("found", "missing")
    expectations = {
        "found": Expectation(
            event_ids, lambda r, i: _by_id(r, i).found, "not found",
            lambda r: [e.id for e in r.events if e.found]),
        "missing": Expectation(
            event_ids, lambda r, i: not _by_id(r, i).found, "found",
            lambda r: [e.id for e in r.events if not e.found]),
    }

    # -- the rubric --------------------------------------------------------------------

    def load(self, doc: "Document", values: "Mapping[str, Node]", require: "Mapping[str, Node]",
             parts: Mapping[str, Any]) -> tuple[Event, ...]:
        if "events" not in values:  # a two-case question: its cases bring the events
            return ()
        node = values["events"]
        period_ids = [p.id for p in parts.get("periods", ())]
        events: list[Event] = []
        ids: list[tuple[str, Node]] = []
        for item in doc.sequence(node, "events"):
            fields = doc.mapping(
                item, "an event", ("id", "name", "date"),
                ("aliases", "cooccur", "required", "period", "hint", "note", "not",
                 "others"),
            )
            event_id = doc.ident(fields["id"], "an event's id")
            period = None
            if "period" in fields:
                period = doc.text(fields["period"], "an event's period")
                if period not in period_ids:
                    raise doc.error(
                        fields["period"], f"event '{event_id}' names unknown period '{period}'",
                        doc.suggest(period, period_ids, "periods"),
                    )
            aliases, cooccur = _load_finders(doc, fields, item, f"event '{event_id}'")
            events.append(Event(
                id=event_id,
                name=doc.text(fields["name"], "an event's name"),
                dates=_load_dates(doc, fields["date"]),
                aliases=aliases,
                cooccur=cooccur,
                required=doc.get(fields, "required", lambda n: doc.boolean(n, "required"), True),
                period=period,
                hint=doc.get(fields, "hint", lambda n: doc.text(n, "a hint"), None),
                nots=doc.get(fields, "not", lambda n: _load_nots(doc, n), ()),
                others=doc.get(fields, "others", lambda n: _load_others(doc, n), ()),
            ))
            ids.append((event_id, fields["id"]))
            if "not" in fields:
                _no_alias_is_not(doc, event_id, aliases, fields["not"])
        doc.unique_ids(ids, "event")
        doc.no_shared_aliases(node, "aliases", normalize_phrase)
        _others_aliases_unique(doc, node)
        return tuple(events)

    def join(self, part: tuple[Event, ...], cases: "CaseSet",
             sources: "Sequence[tuple[Document, Mapping[str, Node]]]") -> tuple[Event, ...]:
        """The question's events, then each case's. A case's events are credited when
        used: whether a case needs them is the cases criterion's to say (only a case
        the draft treats does). Their periods are their case's, not the question's."""
        owners = [("the question", part), *((f"case '{c.id}'", c.parts["events"])
                                             for c in cases.cases)]
        ids: dict[str, str] = {}
        phrases: dict[str, tuple[str, str]] = {}  # alias -> (event id, whose)
        for (doc, values), (whose, events) in zip(sources, owners):
            items = doc.sequence(values["events"], "events") if "events" in values else []
            for event, item in zip(events, items):
                fields = {k.value: v for k, v in item.value}
                if event.id in ids:
                    raise doc.error(
                        fields["id"], f"event id '{event.id}' is used by {ids[event.id]} "
                        f"and {whose}", "start each case's event ids with the case's id")
                ids[event.id] = whose
                for alias in _alias_nodes(doc, fields.get("aliases")):
                    phrase = normalize_phrase(str(alias.value))
                    other = phrases.setdefault(phrase, (event.id, whose))
                    if other[0] != event.id:
                        raise doc.error(
                            alias, f"'{alias.value}' is an alias of both '{other[0]}' "
                            f"({other[1]}) and '{event.id}' ({whose})",
                            "make one more specific, or declare the other as a false "
                            "friend (others:)")
        joined = list(part)
        for case in cases.cases:
            joined += [e._replace(required=False, period=None, case=case.name)
                       for e in case.parts["events"]]
        return tuple(joined)

    def compile(self, rubric: "Rubric", book: "PhraseBook") -> "State":
        events: tuple[Event, ...] = rubric.parts["events"]
        periods = rubric.parts["periods"]
        owners = event_periods(rubric)
        others = _others(events)
        # Others are found as events after the rubric's own (see datable()).
        findable: list[Event | Other] = [*events, *(other for _, other in others)]

        rules: list[tuple[int, int, int]] = []
        bit = 0
        for e, event in enumerate(findable):
            for r, rule in enumerate(event.cooccur):
                rules.append((e, r, bit))
                bit += len(rule.groups) + 1
        rule_lists = [len(findable[e].cooccur[r].groups) for e, r, _ in rules]
        spares = {1 << foot + rule_lists[i]: i for i, (_, _, foot) in enumerate(rules)}

        alias, cooc, notk = book.kind("alias"), book.kind("cooc"), book.kind("not")
        for e, event in enumerate(events):
            for g, entry in enumerate(event.nots):
                for phrase in entry.phrases:
                    book.add(alias_variants(phrase), (notk, e, g), punctuated=True)
        cooc_bits: dict[str, int] = {}  # word form -> its bits in every rule that lists it
        cooc_pairs: dict[str, set[tuple[int, int]]] = {}  # form -> (rule, word list)
        rule_of = {(e, r): i for i, (e, r, _) in enumerate(rules)}
        for e, event in enumerate(findable):
            for phrase in event.aliases:
                book.add(alias_variants(phrase), (alias, e, 0), punctuated=True)
                # Only one-word aliases are names ("Zhenbao"); in "Taiwan Strait crisis"
                # the capitals belong to common nouns, and "Strain" must stay "strain".
                if " " not in phrase.strip():
                    book.names(proper_words(phrase))
            for r, rule in enumerate(event.cooccur):
                index = rule_of[e, r]
                foot = rules[index][2]
                for g, group in enumerate(rule.groups):
                    for word in group:
                        for form in word_forms(word):
                            cooc_bits[form] = cooc_bits.get(form, 0) | 1 << foot + g
                            cooc_pairs.setdefault(form, set()).add((index, g))
                        book.names(proper_words(word))
        for form, bits in cooc_bits.items():
            book.add([form], (cooc, bits, tuple(sorted(cooc_pairs[form]))))

        return dict(
            alias=alias, cooc=cooc,
            facts=[(event.id, event.name, spans_label(event.dates),
                    None if owners[i] is None else periods[owners[i]].id,
                    event.required) for i, event in enumerate(events)],
            hints=[event.hint for event in events],
            cases=[event.case for event in events],
            rules=rules, rule_lists=rule_lists,
            rule_within=[findable[e].cooccur[r].within for e, r, _ in rules],
            feet=sum(1 << foot for _, _, foot in rules), spares=spares,
            spare_bits=sum(spares),
            owners=[e for e, _ in others],
            nots=[[-1 if n.within is None else n.within for n in e.nots] for e in events],
            guarded=bool(others) or any(e.nots for e in events), notk=notk,
        )

    # -- a draft -----------------------------------------------------------------------

    def detect(self, draft: "Draft", state: "State", results: Mapping[str, Any]) -> Found:
        aliases = draft.hits("alias")
        # map() with C callables: no Python frame for each of ~50 hits.
        occurrences = list(map(_alias_occurrence, aliases))
        suppressed: list[Suppressed] = []
        # Hits come in order of their end, so a hit overlaps an earlier one only where
        # it starts before the previous one ends: looked for in C, each such hit then
        # compared in Python with those before it (most overlap their own event's).
        later = list(compress(range(1, len(aliases)), map(
            lt, map(_HIT_START, islice(aliases, 1, None)), map(_HIT_END, aliases))))
        if later:
            occurrences = _longest(occurrences, later, state, suppressed)
        found_in = set(map(_EVENT_AND_SENTENCE, occurrences))
        n = len(state["facts"])
        if state["owners"]:  # an other's rules run where its alias was found too: they
            found_in = {k for k in found_in if k[0] < n}  # say which matches are its
        occurrences += _cooccurrences(draft, state, found_in)
        if state["guarded"] and (draft.hits("not")
                                 or max(map(_EVENT, occurrences), default=0) >= n):
            occurrences = _guard(draft, state, occurrences, suppressed)
        occurrences.sort(key=_START)
        spans: list[list[tuple[int, int]]] = [[] for _ in state["facts"]]
        for o in occurrences:
            if o.event < n:
                spans[o.event].append((o.start, o.end))
        locator = draft.locator
        return Found(tuple(
            EventResult(*facts, bool(where), tuple(where), locator, hint, case)
            for facts, where, hint, case in zip(state["facts"], spans, state["hints"],
                                                state["cases"])
        ), occurrences, tuple(suppressed), draft)

    # -- scoring -----------------------------------------------------------------------

    def points(self, result: Found) -> float:
        required = [e for e in result.events if e.required]
        return self.weight * (sum(e.found for e in required) / len(required) if required
                              else 1.0)

    def met(self, result: Found) -> bool:
        return all(e.found for e in result.events if e.required)

    # -- the report --------------------------------------------------------------------

    def to_json(self, result: Found) -> dict[str, Any]:
        return {"events": [
            {"id": e.id, "name": e.name, "date": e.date, "period": e.period,
             "required": e.required, "found": e.found,
             "matches": [{"line": m.line, "column": m.column, "text": m.text}
                         for m in e.matches]}
            for e in result.events
        ]}

    def class_items(self, result: Found) -> list[ClassItem]:
        return [(e.id, f"{e.name} ({e.date})", "found" if e.found else "missing", None,
                 e.case) for e in result.events]

    def findings(self, result: Found, results: Mapping[str, Any]) -> "list[Finding]":
        from ..display import Finding

        return [Finding(1, 1, "warning", f"missing required event: {e.name} ({e.date})")
                for e in result.events if e.required and not e.found]

    def hints(self, result: Found, results: Mapping[str, Any]) -> list[Hint]:
        labels = {p.id: f"{p.label}, {p.start}–{p.end}" for p in results["periods"]}
        hints = []
        for event in result.events:
            if event.required and not event.found:
                where = f" — {labels[event.period]}" if event.period in labels else ""
                extra = f" {event.hint}" if event.hint else ""
                hints.append(Hint(
                    "event", event.id, f"Missing: {event.name} ({event.date}){where}.{extra}",
                ))
        return hints

    def explain(self, result: Found, results: Mapping[str, Any]) -> "list[Finding]":
        """For each event found, the alias or rule that matched and where; for each
        match that does not count, the ``not:``, other or longer match that took it;
        for each required event missing, its nearest miss. Recomputed from the draft
        (this runs only for ``check --explain``)."""
        from ..display import Finding

        draft = result.draft
        if draft is None:
            return []
        rubric = draft.compiled.rubric
        state: State = draft.compiled.states[self.name]
        events: tuple[Event, ...] = rubric.parts["events"]
        labels = datable(rubric)
        locator = draft.locator
        flat = draft.flat.text
        out: list[Finding] = []

        def where(start: int) -> tuple[int, int]:
            return locator.line_col(start)

        for e, (event, found) in enumerate(zip(events, result.events)):
            occurrences = [o for o in result.occurrences if o.event == e]
            for o in occurrences[:_EXPLAIN_MATCHES]:
                how = _how(event, o, flat)
                out.append(Finding(*where(o.start), "info", f"{event.id}: found by {how}: "
                                   f"“{locator.words(o.start, o.end)}”"))
            if len(occurrences) > _EXPLAIN_MATCHES:
                first = occurrences[_EXPLAIN_MATCHES]
                out.append(Finding(*where(first.start), "info", f"{event.id}: and "
                                   f"{len(occurrences) - _EXPLAIN_MATCHES} more matches"))
            told: set[tuple[int, int]] = set()  # an alias and a rule may find one span
            for lost in result.suppressed:
                o = lost.occurrence
                if o.event != e or (o.start, o.end) in told:
                    continue
                told.add((o.start, o.end))
                text = locator.words(o.start, o.end)
                if lost.reason == "not":
                    entry = event.nots[lost.by]
                    reach = "in the same sentence" if entry.within is None else \
                        f"within {entry.within} words"
                    why = f"a 'not' phrase ({_listed(entry.phrases)}) stands {reach}"
                elif lost.reason == "other":
                    ident, name, dates = labels[lost.by]
                    why = f"it is {name}, dated {spans_label(dates)} (one of its 'others')"
                else:
                    ident, name, _ = labels[lost.by]
                    why = f"a longer match belongs to {name}"
                out.append(Finding(*where(o.start), "info",
                                   f"{event.id}: “{text}” does not count: {why}"))
            if not found.found and event.required and not told:
                line, column, miss = _nearest_miss(draft, state, e, event)
                out.append(Finding(line, column, "info", f"{event.id}: missing; {miss}"))
        return out

    def section(self, result: Found) -> "Section":
        from ..display import Cell, Section

        rows = []
        for event in result.events:
            if not event.found and not event.required:
                continue
            if event.found:
                mark = Cell("✓", "good")
                where = "; ".join(f"l.{m.line} “{m.text}”" for m in event.matches[:2])
                if len(event.matches) > 2:
                    where += f" (+{len(event.matches) - 2})"
                found = Cell(where)
            else:
                mark, found = Cell("✗", "bad"), Cell("missing", "bad")
            name = event.name + (f" ({event.case})" if event.case else
                                 "" if event.required else " (optional)")
            rows.append((mark, Cell(name), Cell(event.date), found))
        return Section("Events", ("", "Event", "Date", "Found as"), tuple(rows))

    def tally(self, result: Found) -> "Tally":
        from ..display import Tally

        required = [e for e in result.events if e.required]
        return Tally("events", sum(e.found for e in required), len(required),
                     self.column, tuple(e.name for e in required if not e.found),
                     "events still to bring in")


def events_of(rubric: "Rubric") -> tuple[Event, ...]:
    """A rubric's events."""
    return rubric.parts["events"]  # type: ignore[no-any-return]


def event_periods(rubric: "Rubric") -> list[int | None]:
    """The period of each event, as an index into the rubric's periods: the one it
    names, else the one its first date falls in (None: outside every period)."""
    periods = rubric.parts["periods"]
    index = {p.id: i for i, p in enumerate(periods)}
    owners: list[int | None] = []
    for event in rubric.parts["events"]:
        period = event.period
        if period is None:
            year, month, _ = event.dates[0].start  # a period may start or end by month
            period = next((p.id for p in periods if p.contains(year, month)), None)
        owners.append(None if period is None else index[period])
    return owners


_EXPLAIN_MATCHES = 5  # matches of one event explained one by one; the rest counted


def _listed(words: tuple[str, ...], most: int = 4) -> str:
    shown = ", ".join(words[:most])
    return shown + (", …" if len(words) > most else "")


def _describe(rule: CoOccurrence) -> str:
    lists = " + ".join(f"[{_listed(group)}]" for group in rule.groups)
    reach = "in one sentence" if rule.within is None else \
        f"within {rule.within} word{'s' if rule.within != 1 else ''}"
    return f"{lists} {reach}"


def _how(event: Event, o: Occurrence, flat: str) -> str:
    """The alias or the rule that found an occurrence, in words."""
    if o.rule >= 0:
        return f"rule {_describe(event.cooccur[o.rule])}"
    written = " ".join(flat[o.start:o.end].split())
    alias = next((a for a in event.aliases if written in alias_variants(a)), written)
    return f"alias “{alias}”"


def _nearest_miss(draft: "Draft", state: "State", e: int, event: Event
                  ) -> tuple[int, int, str]:
    """Where a missing event came closest to being found, as (line, column, words):
    the sentence where one of its rules had the most of its word lists, the closest."""
    rules = [i for i, (owner, _, _) in enumerate(state["rules"]) if owner == e]
    if not rules:
        return 1, 1, "none of its aliases appears"
    # (rule, sentence) -> the hits of each word list of the rule there
    seen: dict[tuple[int, int], list[list[tuple[int, int]]]] = {}
    for start, end, _, pairs, sentence in draft.hits("cooc"):
        for rule, group in pairs:
            if rule in rules:
                lists = seen.setdefault((rule, sentence),
                                        [[] for _ in range(state["rule_lists"][rule])])
                lists[group].append((start, end))
    if not seen:
        return 1, 1, "none of its aliases appears, nor any word of its rules"
    gaps = ClauseWords(draft.folded, draft.flat.to_source)
    best: tuple[int, int, int, int] | None = None  # (-lists present, distance, rule, sentence)
    for (rule, sentence), lists in seen.items():
        present = sum(1 for hits in lists if hits)
        distance = _FAR
        if present == len(lists):
            for hits in lists:
                hits.sort()
            distance = _closest_combination(lists, gaps)[0]
        key = (-present, distance, rule, sentence)
        if best is None or key < best:
            best = key
    assert best is not None
    _, distance, rule, sentence = best
    lists = seen[rule, sentence]
    r = state["rules"][rule][1]
    described = _describe(event.cooccur[r])
    locator = draft.locator
    first = min(hit for hits in lists for hit in hits)
    line, column = locator.line_col(first[0])
    written = [locator.words(*min(hits)) for hits in lists if hits]
    if distance < _FAR:
        return line, column, (f"nearest miss: rule {described}: “{'”, “'.join(written)}” "
                              f"are {distance} words apart")
    if all(lists):
        return line, column, (f"nearest miss: rule {described}: “{'”, “'.join(written)}” "
                              "stand in different clauses (a comma, colon or full stop "
                              "between them)")
    wanting = [_listed(group) for group, hits in zip(event.cooccur[r].groups, lists)
               if not hits]
    return line, column, (f"nearest miss: rule {described}: the sentence has "
                          f"“{'”, “'.join(written)}” but no word of "
                          + " nor of ".join(f"[{w}]" for w in wanting))


def _by_id(result: Found, ident: str) -> EventResult:
    return next(e for e in result.events if e.id == ident)


def _alias_occurrence(hit: tuple[int, int, int, int, int]) -> Occurrence:
    start, end, event, _, sentence = hit
    return Occurrence(event, start, end, sentence)




def _longest(occurrences: list[Occurrence], later: list[int], state: "State",
             suppressed: list[Suppressed]) -> list[Occurrence]:
    """Alias matches of different events that overlap: the longest wins ("the Soviet
    Long Telegram" over "Long Telegram"), and an event's other always beats the event.
    Matches of one event may overlap ("Great Leap" in "Great Leap Forward").
    ``occurrences`` are in order of their end; ``later`` indexes those that start
    before the previous one ends."""
    n, owners = len(state["facts"]), state["owners"]
    lost: dict[Occurrence, tuple[str, int]] = {}
    for j in later:
        p = occurrences[j]
        for i in range(j - 1, -1, -1):  # ends only fall going back
            o = occurrences[i]
            if o.end <= p.start:
                break
            if p.event == o.event:
                continue
            if o.event >= n and p.event < n and owners[o.event - n] == p.event:
                lost.setdefault(p, ("other", o.event))
            elif p.event >= n and o.event < n and owners[p.event - n] == o.event:
                lost.setdefault(o, ("other", p.event))
            elif o.end - o.start > p.end - p.start:
                lost.setdefault(p, ("longer", o.event))
            elif p.end - p.start > o.end - o.start:
                lost.setdefault(o, ("longer", p.event))
    if not lost:
        return occurrences
    suppressed += [Suppressed(o, *why) for o, why in lost.items() if o.event < n]
    return [o for o in occurrences if o not in lost]


def _guard(draft: "Draft", state: "State", occurrences: list[Occurrence],
           suppressed: list[Suppressed]) -> list[Occurrence]:
    """Drop the matches of rubric events that a match of one of their others overlaps,
    or that one of their ``not:`` phrases stands near."""
    n, owners, reaches = len(state["facts"]), state["owners"], state["nots"]
    others = [p for p in occurrences if p.event >= n]
    nots: dict[tuple[int, int], list[tuple[int, int, int]]] = {}  # (event, sentence) ->
    for start, end, event, entry, sentence in draft.hits("not"):
        nots.setdefault((event, sentence), []).append((start, end, entry))
    # Only a rubric event's match in a sentence with a not: phrase of its own or a match
    # of one of its others can lose: usually none.
    exposed = {(owners[p.event - n], p.sentence) for p in others}
    exposed.update(nots)
    exposed.intersection_update(map(_EVENT_AND_SENTENCE, occurrences))
    if not exposed:
        return occurrences
    words = draft.flat_words
    kept = []
    for o in occurrences:
        why: tuple[str, int] | None = None
        if (o.event, o.sentence) in exposed:
            for p in others:
                if owners[p.event - n] == o.event and p.start < o.end and o.start < p.end:
                    why = ("other", p.event)
                    break
            for start, end, entry in nots.get((o.event, o.sentence), ()) if why is None else ():
                reach = reaches[o.event][entry]
                gap = 0 if start < o.end and o.start < end else \
                    words.count(o.end, start) if o.end <= start else words.count(end, o.start)
                if reach < 0 or gap <= reach:
                    why = ("not", entry)
                    break
        if why is None:
            kept.append(o)
        else:
            suppressed.append(Suppressed(o, *why))
    return kept


def _cooccurrences(draft: "Draft", state: "State", found_in: set[tuple[int, int]]
                   ) -> list[Occurrence]:
    """Co-occurrence rules satisfied within a sentence where the event was not already
    found by an alias: one occurrence per event and sentence."""
    words = draft.hits("cooc")
    if not words:
        return []
    masks = [0] * len(draft.sentence_starts)  # per sentence: the rule bits of its words
    for _, _, bits, _, sentence in words:
        masks[sentence] |= bits
    if not draft.in_order:
        words = sorted(words, key=_SENTENCE)
    rules, spares = state["rules"], state["spares"]
    # Adding a 1 at the foot of every rule's field carries into its spare bit when the
    # sentence holds a word of each of the rule's lists.
    wanted: dict[int, list[int]] = {}  # sentence -> rules filled there, for events not found
    for sentence, mask in enumerate(masks):
        carries = (mask + state["feet"]) & state["spare_bits"] if mask else 0
        while carries:
            spare = carries & -carries
            carries ^= spare
            rule = spares[spare]
            if (rules[rule][0], sentence) not in found_in:
                wanted.setdefault(sentence, []).append(rule)
    found = []
    gaps = ClauseWords(draft.folded, draft.flat.to_source)
    for sentence, filled in wanted.items():
        # The sentence's words, sorted into the word lists of the rules it fills.
        lists: dict[int, list[list[tuple[int, int]]]] = {
            rule: [[] for _ in range(state["rule_lists"][rule])] for rule in filled}
        lo = bisect_left(words, sentence, key=_SENTENCE)
        for start, end, _, pairs, _ in words[lo:bisect_left(words, sentence + 1, lo,
                                                            key=_SENTENCE)]:
            for rule, group in pairs:
                hits = lists.get(rule)
                if hits is not None:
                    hits[group].append((start, end))
        for rule, groups in lists.items():
            event = rules[rule][0]
            if (event, sentence) in found_in:  # another rule of the event, same sentence
                continue
            within = state["rule_within"][rule]
            if within is None:
                picked = sorted(map(min, groups))  # the first word of each list
            else:
                for group in groups:  # by start: of equally close combinations, the first wins
                    group.sort()
                distance, picked = _closest_combination(groups, gaps)
                if distance > within:
                    continue
            found.append(Occurrence(event, picked[0][0], picked[-1][1], sentence,
                                    rules[rule][1]))
            found_in.add((event, sentence))
    return found




def _closest_combination(
    groups: list[list[tuple[int, int]]], gaps: ClauseWords
) -> tuple[int, list[tuple[int, int]]]:
    """One hit from each group, as close together as possible: (words between, hits).

    Words between are counted between the end of one hit and the start of the next,
    not counting a possessive "s" ("Mao's death": 0; "the death of Mao": 1). A comma, a
    full stop or a bracket between them puts them in different clauses: "After Stalin's
    death, Mao ..." is not Mao's death (see :class:`~ibessay.engine.spans.ClauseWords`).
    """
    if len(groups) == 2 and len(groups[0]) == 1 and len(groups[1]) == 1:
        # Two words, once each: most rules, most of the time.
        first, second = sorted((groups[0][0], groups[1][0]))
        return gaps.between(first[1], second[0]), [first, second]
    best: tuple[int, list[tuple[int, int]]] = (_FAR, [])
    # Often each group has one hit: one combination, no product to build.
    one_each = sum(map(len, groups)) == len(groups)
    for combination in [[g[0] for g in groups]] if one_each else islice(product(*groups), 256):
        combo = sorted(combination)
        words = 0
        for (_, end), (start, _) in zip(combo, combo[1:]):
            words += gaps.between(end, start)
            if words >= _FAR:
                break
        if words < best[0]:
            best = (words, combo)
            if not words:
                break  # none can be closer
    return best


def _load_finders(doc: "Document", fields: "Mapping[str, Node]", item: "Node", what: str
                  ) -> tuple[tuple[str, ...], tuple[CoOccurrence, ...]]:
    """An event's (or an other's) aliases and co-occurrence rules: at least one."""
    no_aliases: tuple[str, ...] = ()
    no_rules: tuple[CoOccurrence, ...] = ()
    aliases = doc.get(fields, "aliases", lambda n: doc.texts(n, "an alias", PHRASE_WORDS),
                      no_aliases)
    cooccur = doc.get(fields, "cooccur", lambda n: _load_cooccurrences(doc, n), no_rules)
    if not aliases and not cooccur:
        raise doc.error(
            item, f"{what} has no aliases and no cooccur rules, so it can never be found",
            "add the phrases a student would write under 'aliases'",
        )
    return aliases, cooccur


def _load_dates(doc: "Document", node: "Node") -> tuple[Span, ...]:
    items = doc.sequence(node, "date") if doc.is_list(node) else [node]
    spans = []
    for item in items:
        try:
            spans.append(parse_span(doc.scalar(item, "a date")))
        except ValueError as exc:
            raise doc.error(item, str(exc)) from None
    if not spans:
        raise doc.error(node, "an event needs at least one date")
    return tuple(spans)


def _load_nots(doc: "Document", node: "Node") -> tuple[NotNear, ...]:
    """``not:``: phrases (within 3 words of a match), or ``{phrases, within}`` where
    ``within`` is a number of words or ``sentence``."""
    nots = []
    for item in doc.sequence(node, "not"):
        if not doc.is_mapping(item):
            nots.append(NotNear((doc.text(item, "a 'not' phrase", PHRASE_WORDS),), _NOT_REACH))
            continue
        values = doc.mapping(item, "a 'not' entry", ("phrases",), ("within",))
        within: int | None = _NOT_REACH
        if "within" in values:
            reach = doc.scalar(values["within"], "within")
            if reach == "sentence":
                within = None
            elif isinstance(reach, int) and not isinstance(reach, bool):
                within = doc.integer(values["within"], "within", 0, 50)
            else:
                raise doc.error(values["within"], "within must be a number of words or "
                                "'sentence'", "e.g. within: 5, or within: sentence")
        nots.append(NotNear(doc.texts(values["phrases"], "a 'not' phrase", PHRASE_WORDS),
                            within))
    return tuple(nots)


def _load_others(doc: "Document", node: "Node") -> tuple[Other, ...]:
    """``others:``: different events a match may belong to, ``{name, date, aliases,
    cooccur, note}``."""
    others: list[Other] = []
    for item in doc.sequence(node, "others"):
        fields = doc.mapping(item, "an other event", ("name", "date"),
                             ("aliases", "cooccur", "note"))
        name = doc.text(fields["name"], "an other event's name")
        aliases, cooccur = _load_finders(doc, fields, item, f"other event '{name}'")
        others.append(Other(name, _load_dates(doc, fields["date"]), aliases, cooccur))
    return tuple(others)


def _no_alias_is_not(doc: "Document", event_id: str, aliases: tuple[str, ...],
                     node: "Node") -> None:
    """A ``not:`` phrase that is also one of the event's aliases would stop every match
    of it: say where."""
    own = {normalize_phrase(a) for a in aliases}
    for item in node.value:
        values = {k.value: v for k, v in item.value} if doc.is_mapping(item) else \
            {"phrases": item}
        phrases = values["phrases"]
        for phrase in [phrases] if not doc.is_list(phrases) else phrases.value:
            if normalize_phrase(str(phrase.value)) in own:
                raise doc.error(
                    phrase, f"'{phrase.value}' is both an alias and a 'not' phrase of "
                    f"'{event_id}', so the alias could never count",
                    "remove it from one of the lists",
                )


def _others_aliases_unique(doc: "Document", node: "Node") -> None:
    """An other's alias may not be an event's, nor another other's: say where."""
    owner: dict[str, str] = {}
    for item in node.value:
        values = {k.value: v for k, v in item.value}
        ident = values["id"].value
        for alias in _alias_nodes(doc, values.get("aliases")):
            owner.setdefault(normalize_phrase(str(alias.value)), f"'{ident}'")
    for item in node.value:
        values = {k.value: v for k, v in item.value}
        others = values.get("others")
        for other in () if others is None else others.value:
            fields = {k.value: v for k, v in other.value}
            name = f"other event '{fields['name'].value}'"
            for alias in _alias_nodes(doc, fields.get("aliases")):
                phrase = normalize_phrase(str(alias.value))
                if owner.get(phrase, name) != name:
                    raise doc.error(
                        alias, f"'{alias.value}' is an alias of both {owner[phrase]} and "
                        f"{name}", "keep each phrase on one item; a longer alias of the "
                        "other (with its year or its place) wins where both match",
                    )
                owner[phrase] = name


def _alias_nodes(doc: "Document", node: "Node | None") -> list["Node"]:
    if node is None:
        return []
    return list(node.value) if doc.is_list(node) else [node]


def _load_cooccurrences(doc: "Document", node: "Node") -> tuple[CoOccurrence, ...]:
    rules = []
    for item in doc.sequence(node, "cooccur"):
        within = None
        groups_node = item
        if doc.is_mapping(item):
            values = doc.mapping(item, "a cooccur rule", ("words",), ("within",))
            groups_node = values["words"]
            within = doc.get(values, "within", lambda n: doc.integer(n, "within", 1, 50), None)
        groups = tuple(
            doc.texts(group, "a cooccur word", PHRASE_WORDS)
            for group in doc.sequence(groups_node, "words")
        )
        if not 2 <= len(groups) <= 3:
            raise doc.error(
                groups_node, f"a cooccur rule needs 2 or 3 word lists, not {len(groups)}",
                "e.g. [[withdrew, recalled], [experts, advisers]]",
            )
        rules.append(CoOccurrence(groups, within))
    return tuple(rules)

