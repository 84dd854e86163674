"""Events: the key events a question's answer needs, found by what students write.

An event is found by any of its aliases ("the Sino-Soviet split", "Moscow withdrew its
advisers"), with their spelling variants and plurals, or by a co-occurrence rule: one
word from each list in one sentence ("withdrew" + "experts"), optionally within a number
of words of each other. Required events score; optional ones help place sentences in
periods and dates.

YAML (docs/authoring.md): ``events:`` a list of ``{id, name, date, aliases, cooccur,
required, period, hint, note}``.
"""

from bisect import bisect_left
from collections.abc import Callable, Mapping
from itertools import islice, product
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from ..dates import Span, parse_span, spans_label
from ..report import Locator, Match
from ..spans import FAR as _FAR
from ..spans import ClauseWords
from ..text import normalize_phrase
from . import Criterion, Expectation, Hint
from .phrases import alias_variants, proper_words, word_forms

if TYPE_CHECKING:
    from ...content.loader import Document, Node
    from ...content.model import Rubric
    from ..display import Finding, Section, Tally
    from ..draft import Draft
    from ..scan import PhraseBook


class CoOccurrence(NamedTuple):
    """One word from each group in one sentence (or within ``within`` words) finds an event."""

    groups: tuple[tuple[str, ...], ...]
    within: int | None = None


class Event(NamedTuple):
    id: str
    name: str
    dates: tuple[Span, ...]
    aliases: tuple[str, ...]
    cooccur: tuple[CoOccurrence, ...] = ()
    required: bool = True
    period: str | None = None
    hint: str | None = None


class Occurrence(NamedTuple):
    """Where an event was found: flat offsets and the sentence."""

    event: int
    start: int
    end: int
    sentence: int


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

    @property
    def matches(self) -> tuple[Match, ...]:
        if self.locator is None:
            return ()
        return tuple(self.locator.match(start, end) for start, end in self.spans)


class Found(NamedTuple):
    """The events criterion's result: each event, and every occurrence (in order of
    position) for the criteria that read where events stand (dates, periods)."""

    events: tuple[EventResult, ...]
    occurrences: list[Occurrence]


if TYPE_CHECKING:
    class State(TypedDict):
        """What a compiled rubric keeps for this criterion: plain data, a dict at run
        time (a class would cost start-up for nothing; see Criterion.compile)."""

        alias: int  # the phrase kinds
        cooc: int
        facts: list[tuple[str, str, str, str | None, bool]]  # EventResult's first fields
        hints: list[str | None]  # EventResult's last
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

def event_ids(parts: Mapping[str, Any]) -> list[str]:
    """The ids of a rubric's events, given its parts."""
    return [e.id for e in parts["events"]]


_START = itemgetter(1)  # of an Occurrence
_EVENT_AND_SENTENCE: Callable[[Occurrence], tuple[int, int]] = itemgetter(0, 3)
_SENTENCE = itemgetter(4)  # of a hit (see draft.Hit)


class Events(Criterion):
    name = "events"
    keys = ("events",)
    required_keys = ("events",)
    weight = 40.0
    records = (Event, CoOccurrence, Span)
    column = "Required events"
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
        node = values["events"]
        period_ids = [p.id for p in parts.get("periods", ())]
        events: list[Event] = []
        ids: list[tuple[str, Node]] = []
        for item in doc.sequence(node, "events"):
            fields = doc.mapping(
                item, "an event", ("id", "name", "date"),
                ("aliases", "cooccur", "required", "period", "hint", "note"),
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
            no_aliases: tuple[str, ...] = ()
            no_rules: tuple[CoOccurrence, ...] = ()
            aliases = doc.get(fields, "aliases", lambda n: doc.texts(n, "an alias"), no_aliases)
            cooccur = doc.get(fields, "cooccur", lambda n: _load_cooccurrences(doc, n), no_rules)
            if not aliases and not cooccur:
                raise doc.error(
                    item, f"event '{event_id}' has no aliases and no cooccur rules, so it can "
                    "never be found", "add the phrases a student would write under 'aliases'",
                )
            events.append(Event(
                id=event_id,
                name=doc.text(fields["name"], "an event's name"),
                dates=_load_dates(doc, fields["date"]),
                aliases=aliases,
                cooccur=cooccur,
                required=doc.get(fields, "required", lambda n: doc.boolean(n, "required"), True),
                period=period,
                hint=doc.get(fields, "hint", lambda n: doc.text(n, "a hint"), None),
            ))
            ids.append((event_id, fields["id"]))
        doc.unique_ids(ids, "event")
        doc.no_shared_aliases(node, "aliases", normalize_phrase)
        return tuple(events)

    def compile(self, rubric: "Rubric", book: "PhraseBook") -> "State":
        events: tuple[Event, ...] = rubric.parts["events"]
        periods = rubric.parts["periods"]
        owners = event_periods(rubric)

        rules: list[tuple[int, int, int]] = []
        bit = 0
        for e, event in enumerate(events):
            for r, rule in enumerate(event.cooccur):
                rules.append((e, r, bit))
                bit += len(rule.groups) + 1
        rule_lists = [len(events[e].cooccur[r].groups) for e, r, _ in rules]
        spares = {1 << foot + rule_lists[i]: i for i, (_, _, foot) in enumerate(rules)}

        alias, cooc = book.kind("alias"), book.kind("cooc")
        cooc_bits: dict[str, int] = {}  # word form -> its bits in every rule that lists it
        cooc_pairs: dict[str, set[tuple[int, int]]] = {}  # form -> (rule, word list)
        rule_of = {(e, r): i for i, (e, r, _) in enumerate(rules)}
        for e, event in enumerate(events):
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
            rules=rules, rule_lists=rule_lists,
            rule_within=[events[e].cooccur[r].within for e, r, _ in rules],
            feet=sum(1 << foot for _, _, foot in rules), spares=spares,
            spare_bits=sum(spares),
        )

    # -- a draft -----------------------------------------------------------------------

    def detect(self, draft: "Draft", state: "State", results: Mapping[str, Any]) -> Found:
        aliases = draft.hits("alias")
        # map() with C callables: no Python frame for each of ~50 hits.
        occurrences = list(map(_alias_occurrence, aliases))
        found_in = set(map(_EVENT_AND_SENTENCE, occurrences))
        occurrences += _cooccurrences(draft, state, found_in)
        occurrences.sort(key=_START)
        spans: list[list[tuple[int, int]]] = [[] for _ in state["facts"]]
        for o in occurrences:
            spans[o.event].append((o.start, o.end))
        locator = draft.locator
        return Found(tuple(
            EventResult(*facts, bool(where), tuple(where), locator, hint)
            for facts, where, hint in zip(state["facts"], spans, state["hints"])
        ), occurrences)

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
            name = event.name + ("" if event.required else " (optional)")
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


def _by_id(result: Found, ident: str) -> EventResult:
    return next(e for e in result.events if e.id == ident)


def _alias_occurrence(hit: tuple[int, int, int, int, int]) -> Occurrence:
    start, end, event, _, sentence = hit
    return Occurrence(event, start, end, sentence)




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
            found.append(Occurrence(event, picked[0][0], picked[-1][1], sentence))
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
            doc.texts(group, "a cooccur word") for group in doc.sequence(groups_node, "words")
        )
        if not 2 <= len(groups) <= 3:
            raise doc.error(
                groups_node, f"a cooccur rule needs 2 or 3 word lists, not {len(groups)}",
                "e.g. [[withdrew, recalled], [experts, advisers]]",
            )
        rules.append(CoOccurrence(groups, within))
    return tuple(rules)

