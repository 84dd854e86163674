"""Finding every phrase a rubric cares about in one pass over a draft.

:class:`Matcher` compiles a rubric. Every phrase (event
aliases, co-occurrence words, historians' names, look-alike names to exclude, reporting
cues) is normalised (:mod:`ibessay.textnorm`), expanded with its spelling variants and
inflections (:mod:`ibessay.wordforms`), and added to one Aho-Corasick automaton as
" phrase ": in the flat text every word boundary is a single space, so a match is always
a whole-word match and needs no checking in Python. :meth:`Matcher.scan` runs the
automaton once over the draft (after correcting misspelt names).
"""

from __future__ import annotations

import operator
import re
from functools import cached_property
from typing import NamedTuple

import ahocorasick

from ..content.model import Rubric, from_plain, to_plain
from . import attribution
from .dates import Span, spans_label
from .misspellings import NameIndex, correction_edits
from .text import FlatText, fold, normalize_phrase, spaced

# What a key is, stored as small tuples: (kind, a, b). Co-occurrence words are not
# entries but bits (see Matcher.cooc_rules): they are most of the hits, and few fill a rule.
ALIAS = 0  # (ALIAS, event, 0)
NAME = 2  # (NAME, historian, 0)
EXCLUDE = 3  # (EXCLUDE, historian, 0): a look-alike that is someone else
CUE = 4  # (CUE, cue kind, 0): a reporting verb or phrase
NOT_CUE = 5  # (NOT_CUE, 0, 0): looks like a cue but attributes nothing ("written about")
YEAR = 6  # (YEAR, year, 1 for "1950s" else 0): years are found in the same pass
YEARS = range(1000, 2100)
ANCHOR_BITS = 20
_ANCHOR_FIELD = (1 << ANCHOR_BITS) - 1
EVENT_WEIGHT = 2
_YEAR_MARGIN = 100

# "Westad has written about the split" names a topic, not a view.
_NOT_CUES = tuple(
    f"{verb} {prep}"
    for verb in ("write", "writes", "wrote", "written", "writing")
    for prep in ("about", "on", "a book", "books", "extensively")
)
# Capitalised words in the draft that may be misspelt names: a capital and 4+ letters.
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{4,}")
_MIN_PROPER_NAME = 6
_SPACES = re.compile(" *")
Entry = tuple[int, int, int]  # (kind, a, b) as above
#: A raw automaton match: (last, (n, entries, cooc bits, cooc pairs)); the phrase is
#: flat[last - n:last - 1]; the pairs are (index in cooc_rules, word list).
Hit = tuple[int, tuple[int, tuple[Entry, ...], int, tuple[tuple[int, int], ...]]]


class Scan(NamedTuple):
    """A draft's flat text and every phrase found in it."""

    flat: FlatText
    hits: list[Hit]  # in order of their end
    corrections: dict[str, str]  # folded misspelling -> rubric name


class Matcher:
    """A rubric compiled for matching. Picklable, so it can be cached between runs."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        # Facts the engine looks up per draft, computed once.
        self.event_dates = [spans_label(e.dates) for e in rubric.events]
        period_index = {p.id: i for i, p in enumerate(rubric.periods)}
        self.event_periods: list[int | None] = []
        for event in rubric.events:
            period = event.period
            if period is None:
                year = event.dates[0].first_year
                period = next((p.id for p in rubric.periods if p.start <= year <= p.end), None)
            self.event_periods.append(None if period is None else period_index[period])

        # Every year each event's dates touch, for a quick "does 1951 fit?".
        self.event_years = [
            frozenset(y for span in e.dates for y in range(span.first_year, span.last_year + 1))
            for e in rubric.events
        ]
        self.historian_works = [tuple(w.label() for w in h.works) for h in rubric.historians]
        # The periods each year of the time frame falls in (a boundary year is in two).
        self.year_periods: dict[int, tuple[int, ...]] = {
            year: tuple(i for i, p in enumerate(rubric.periods) if p.start <= year <= p.end)
            for year in range(min(p.start for p in rubric.periods),
                              max(p.end for p in rubric.periods) + 1)
        }
        # Co-occurrence rules as bit fields of one integer, a bit per word list and a
        # spare bit above each rule: a sentence ORs together the bits of the words it
        # holds, and adding a 1 at each field's foot carries into the spare bit exactly
        # where every list of a rule is present. One addition tests every rule.
        self.cooc_rules: list[tuple[int, int, int]] = []  # (event, rule, its foot bit)
        bit = 0
        for e, event in enumerate(rubric.events):
            for r, rule in enumerate(event.cooccur):
                self.cooc_rules.append((e, r, bit))
                bit += len(rule.groups) + 1
        self.cooc_feet = sum(1 << foot for _, _, foot in self.cooc_rules)
        self.cooc_spares = {  # spare bit -> index in cooc_rules
            1 << foot + len(rubric.events[e].cooccur[r].groups): i
            for i, (e, r, foot) in enumerate(self.cooc_rules)
        }
        self.cooc_spare_bits = sum(self.cooc_spares)

        keys: dict[str, list[Entry]] = {}
        cooc_bits: dict[str, int] = {}  # phrase -> its bits in every rule that lists it
        cooc_pairs: dict[str, set[tuple[int, int]]] = {}  # phrase -> (rule, word list)
        rule_of = {(e, r): i for i, (e, r, _) in enumerate(self.cooc_rules)}
        punctuated: set[str] = set()  # names and aliases: may hold a comma or a full stop
        proper: set[str] = set()

        def add(phrases: set[str], entry: Entry) -> None:
            for phrase in phrases:
                entries = keys.setdefault(phrase, [])
                if entry not in entries:
                    entries.append(entry)
                if entry[0] in (ALIAS, NAME, EXCLUDE):
                    punctuated.add(phrase)

        for e, event in enumerate(rubric.events):
            for alias in event.aliases:
                add(_variants(alias), (ALIAS, e, 0))
                # Only one-word aliases are names ("Zhenbao"); in "Taiwan Strait crisis"
                # the capitals belong to common nouns, and "Strain" must stay "strain".
                if " " not in alias.strip():
                    proper.update(_proper_words(alias))
            for r, rule in enumerate(event.cooccur):
                index = rule_of[e, r]
                foot = self.cooc_rules[index][2]
                for g, group in enumerate(rule.groups):
                    for word in group:
                        for form in _word_forms(word):
                            keys.setdefault(form, [])
                            cooc_bits[form] = cooc_bits.get(form, 0) | 1 << foot + g
                            cooc_pairs.setdefault(form, set()).add((index, g))
                        proper.update(_proper_words(word))
        for h, historian in enumerate(rubric.historians):
            for alias in (historian.name, *historian.aliases):
                add(_variants(alias), (NAME, h, 0))
                proper.update(_proper_words(alias))
            for phrase in historian.exclude:
                add(_variants(phrase), (EXCLUDE, h, 0))
        for phrase, kind in attribution.cue_phrases().items():
            add({phrase}, (CUE, kind, 0))
        add(set(_NOT_CUES), (NOT_CUE, 0, 0))

        # Years near the rubric's time frame: only they can date its events or anchor a
        # sentence to a period (a century either side leaves room for wrong dates).
        first = min(p.start for p in rubric.periods) - _YEAR_MARGIN
        last = max(p.end for p in rubric.periods) + _YEAR_MARGIN
        for year in range(max(first, YEARS.start), min(last, YEARS.stop - 1) + 1):
            add({str(year)}, (YEAR, year, 0))
            if year % 10 == 0:
                add({f"{year}s"}, (YEAR, year, 1))

        automaton = ahocorasick.Automaton()
        for phrase, entries in keys.items():
            value = (tuple(entries), cooc_bits.get(phrase, 0),
                     tuple(sorted(cooc_pairs.get(phrase, ()))))
            for variant in _gap_variants(phrase) if phrase in punctuated else [phrase]:
                automaton.add_word(f" {variant} ", (len(variant) + 1, *value))
        automaton.make_automaton()
        self._automaton = automaton
        self.names = NameIndex(proper, {word for phrase in keys for word in phrase.split()})

    # -- storing (see ibessay.cache): plain data that marshal can write ----------------

    _STATE = ("event_dates", "event_periods", "event_years", "historian_works",
              "year_periods", "cooc_rules", "cooc_feet", "cooc_spares", "cooc_spare_bits")

    def to_state(self) -> tuple[object, ...]:
        _, automaton_args = self._automaton.__reduce__()
        return (to_plain(self.rubric), [getattr(self, name) for name in self._STATE],
                automaton_args, self.names.to_state())

    @classmethod
    def from_state(cls, state: tuple[object, ...]) -> Matcher:
        rubric, values, automaton_args, names = state
        matcher = cls.__new__(cls)
        matcher.rubric = from_plain(rubric)  # type: ignore[assignment]
        for name, value in zip(cls._STATE, values):  # type: ignore[call-overload]
            setattr(matcher, name, value)
        matcher._automaton = ahocorasick.Automaton(*automaton_args)  # type: ignore[misc]
        matcher.names = NameIndex.from_state(names)  # type: ignore[arg-type]
        return matcher

    @cached_property
    def fits_seen(self) -> dict[tuple[int, int, int, str], tuple[int, int]]:
        """Which events a way of writing a date fits, as check._fitting works it out."""
        return {}

    # -- period anchors (see check._period_results) ------------------------------------
    # A sentence's pull towards each period is one integer, a field of ANCHOR_BITS per
    # period, so that adding an event's or a year's pull is one addition. An event pulls
    # with EVENT_WEIGHT (it says more about a sentence's period than a bare year), a year
    # with 1. 2**20 leaves room for the years of the largest draft (1 MB).

    @cached_property
    def event_anchors(self) -> list[int]:
        """Each event's pull on its sentence (0 for an event outside every period)."""
        return [0 if p is None else EVENT_WEIGHT << ANCHOR_BITS * p for p in self.event_periods]

    @cached_property
    def year_anchors(self) -> dict[int, int]:
        """Each year's pull, for the years of the time frame (a boundary year is in two)."""
        return {year: sum(1 << ANCHOR_BITS * p for p in periods)
                for year, periods in self.year_periods.items()}

    def decade_anchor(self, decade: int) -> int:
        """A decade's pull ("the 1950s"): on every period it overlaps."""
        return sum(1 << ANCHOR_BITS * p for p, period in enumerate(self.rubric.periods)
                   if period.start <= decade + 9 and decade <= period.end)

    @cached_property
    def period_events(self) -> list[int]:
        """A bit per event, for the events of each period."""
        masks = [0] * len(self.rubric.periods)
        for event, p in enumerate(self.event_periods):
            if p is not None:
                masks[p] |= 1 << event
        return masks

    @cached_property
    def _strongest(self) -> dict[int, tuple[int, ...]]:
        return {}

    def strongest_periods(self, anchor: int) -> tuple[int, ...]:
        """The periods a sentence's pull (non-zero) is strongest towards, as indices.
        Remembered: a few dozen pulls recur across drafts."""
        owners = self._strongest.get(anchor)
        if owners is None:
            weights = [anchor >> ANCHOR_BITS * p & _ANCHOR_FIELD
                       for p in range(len(self.rubric.periods))]
            top = max(weights)
            owners = tuple(p for p, weight in enumerate(weights) if weight == top)
            if len(self._strongest) < 4096:
                self._strongest[anchor] = owners
        return owners

    @cached_property
    def event_facts(self) -> list[tuple[str, str, str, str | None, bool]]:
        """What a report says of each event whatever the draft: the first fields of
        :class:`~ibessay.report.EventResult` (id, name, date, period, required)."""
        periods = self.rubric.periods
        return [
            (event.id, event.name, self.event_dates[i],
             None if self.event_periods[i] is None else periods[self.event_periods[i]].id,
             event.required)
            for i, event in enumerate(self.rubric.events)
        ]

    @cached_property
    def month_spans(self) -> list[tuple[Span, ...]]:
        """Each event's dates that name a month ("Feb 1950"), for checking "in March 1950"."""
        return [tuple(s for s in e.dates if s.has_months()) for e in self.rubric.events]

    def scan(self, folded: str, original: str) -> Scan:
        """Find every phrase in a draft, given its folded text (:func:`textnorm.fold`)."""
        source = spaced(folded)
        corrections = self._corrections(original)
        # Keys allow one or two spaces between words (a comma or full stop leaves two);
        # longer runs ("**Cultural** *Revolution*", indented lines) become one space,
        # except across a blank line: no phrase spans two paragraphs, and leaving them
        # keeps the flat text a copy of the draft for longer stretches (cheaper offsets).
        edits = _long_spaces(source, folded)
        edits += correction_edits(source, corrections)
        flat = FlatText(source, edits)
        # Padded with a space at each end so the first and last words match too. A key
        # " phrase " stored with n = len(phrase) + 1 and ending at padded offset `last`
        # covers flat offsets [last - n, last - 1). One C-level list: no Python per hit.
        return Scan(flat, list(self._automaton.iter(f" {flat.text} ")), corrections)

    def _corrections(self, original: str) -> dict[str, str]:
        found = self.names.correct_words(_CAPITALISED.findall(original))
        return {fold(word): name for word, name in found.items()}


_span = operator.methodcaller("span")


def _long_spaces(source: str, folded: str) -> list[tuple[int, int, str]]:
    """Edits that make each run of three or more spaces in ``source`` one space, but
    for runs across a blank line (two line breaks in ``folded``). str.find skips to the
    next run in C, faster than a regex pass, and drafts hold a few dozen runs."""
    edits = []
    find, count = source.find, folded.count
    start = find("   ")
    while start != -1:
        end = _SPACES.match(source, start + 3).end()
        if count("\n", start, end) < 2:
            edits.append((start, end, " "))
        start = find("   ", end)
    return edits


def _gap_variants(phrase: str) -> list[str]:
    """``phrase`` as written in the flat text: each gap between words may be a double
    space, where punctuation stood ("friendship, alliance" -> "friendship  alliance")."""
    words = phrase.split(" ")
    if len(words) == 1:
        return [phrase] if phrase else []
    variants = {phrase, "  ".join(words)}
    for gap in range(1, len(words)):
        variants.add(" ".join(words[:gap]) + "  " + " ".join(words[gap:]))
    return sorted(variants)


def _variants(phrase: str) -> set[str]:
    from .wordforms import spelling_variants, with_plural

    return {plural for variant in spelling_variants(phrase) for plural in with_plural(variant)}


def _word_forms(word: str) -> set[str]:
    from .wordforms import phrase_inflections, spelling_variants

    return {v for form in phrase_inflections(word) for v in spelling_variants(form)}


def _proper_words(phrase: str) -> set[str]:
    """Folded words of ``phrase`` written with a capital: candidates for fuzzy matching."""
    return {
        normalize_phrase(word)
        for word in re.split(r"[\s\-]+", phrase)
        if word[:1].isupper() and len(word) >= _MIN_PROPER_NAME and word.isalpha()
    }
