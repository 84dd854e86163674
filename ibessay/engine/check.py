"""Checking a draft against a rubric: the engine behind ``ibessay check``.

:func:`check_text` takes the draft's text and a compiled rubric (:class:`Matcher`) and
returns a :class:`~ibessay.report.Report`. It knows nothing of files, terminals or
formats. In order:

1. find phrases (:mod:`ibessay.matcher`) and written dates (:mod:`ibessay.dates`), and
   split the draft into sentences (:mod:`ibessay.sentences`);
2. events: an alias anywhere, or a co-occurrence rule satisfied within one sentence;
3. historians: cited when a reporting cue binds to the name (:mod:`ibessay.attribution`);
4. dates: a year beside an event that it does not fit is a possible error;
5. periods: each sentence belongs to the period its events and years point to, and a
   period's share is the share of the draft's words in its sentences;
6. score, band and hints (:mod:`ibessay.scoring`).

This runs once per draft, and a class set or a watch loop runs it often, so the inner
loops work on plain tuples (see bench/bench_engine.py for the budget).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from itertools import islice, product, repeat
from operator import itemgetter
from typing import NamedTuple

from ..content.model import Event, Prompt
from . import scoring
from .attribution import bind_cues
from .dates import YearMention, is_count, read_year_quickly, settle
from .markup import blank_markup
from .matcher import ALIAS, CUE, EXCLUDE, NAME, YEAR, Matcher
from .report import (
    DateIssue,
    EventResult,
    HistorianResult,
    Locator,
    PeriodResult,
    Report,
)
from .sentences import Sentences, split
from .spans import FAR as _FAR
from .spans import ClauseWords, Enclosing, Nearby, Words
from .text import fold

# Markdown marks and dashes standing alone are not words: bullets, quote marks, headings
# and table bars at the start of a line, and dashes and bars between words.
_LINE_MARKS = re.compile(r"\n[ \t]*(?:[-*+>|]|#{1,6}|\d{1,3}[.)])(?=[ \t])")
# A word between a year and an event that relates them instead of dating the event:
# "from 1960 until Mao's death", "in 1954, after Stalin's death".
_RELATION = frozenset(
    "until till before after since following followed preceded then later earlier prior "
    "afterwards subsequently eventually finally".split()
)
# Whitespace (as str.split() sees it in ASCII) to b" ", everything else to b"x": a word
# starts at every b" x". Four times faster than splitting into a list of words.
_WORD_CHARS = bytes(32 if c in b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f" else 120 for c in range(256))
_DATE_REACH = 15  # words between a year and the event it is checked against
# Dates that fit no event of their sentence, looked into per draft (settled, compared
# with the events near them); the rest are let be. An essay has a handful, and a draft
# of 40,000 wrong dates took seconds to report 40,000 possible errors.
_MAX_DATES_LOOKED_INTO = 1000
_MIN_SHARE = 0.10  # a period with no event found is covered by this share of the words


class _Occurrence(NamedTuple):
    """Where an event was found: flat offsets and the sentence."""

    event: int
    start: int
    end: int
    sentence: int


_as_occurrence = partial(tuple.__new__, _Occurrence)  # from (event, start, end, sentence)
_EVENT_AND_SENTENCE = itemgetter(0, 3)
_START = itemgetter(1)
_new_tuple = tuple.__new__
_NOTHING_KNOWN = (0, 0)  # of a date never seen: (events worked out, events it fits)
_FIRST = itemgetter(0)


def check_text(
    text: str, matcher: Matcher, draft_name: str = "-", prompt: Prompt | None = None
) -> Report:
    """Check ``text`` (a whole draft) against ``matcher``'s rubric."""
    rubric = matcher.rubric
    text = blank_markup(text)
    folded = fold(text)
    scan = matcher.scan(folded, text)
    sentences = split(folded, text)
    flat = scan.flat
    flat_text = flat.text
    to_source = flat.to_source
    # Sentence starts in flat offsets, where the hits are.
    flat_starts = flat.to_flat_all(sentences.starts)

    alias_hits: list[tuple[int, int, int, int]] = []
    cooc_masks = [0] * len(flat_starts)  # per sentence: the rule bits of its words
    # (sentence, start, last, pairs): the end is last - 1, worked out only if needed.
    cooc_hits: list[tuple[int, int, int, tuple[tuple[int, int], ...]]] = []
    unordered = False  # is a hit's sentence before the one of the hit before it?
    names: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    cues: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    year_hits: list[tuple[int, int, int, int, int]] = []
    blocked: list[tuple[int, int, int]] = []
    # The hottest loop of the engine: one turn per phrase found (hundreds per essay).
    # Hits come in order of their end, so the sentence moves forward with them; a hit
    # that starts before the current sentence (a long phrase) is looked up.
    sentence = 0
    bounds = [*flat_starts[1:], len(flat_text) + 1]
    for last, (n, entries, bits, pairs) in scan.hits:
        start = last - n
        while start >= bounds[sentence]:
            sentence += 1
        if start < flat_starts[sentence]:
            sentence = bisect_right(flat_starts, start) - 1
            unordered = True
        if bits:  # a word of co-occurrence rules: most hits are only that
            cooc_masks[sentence] |= bits
            cooc_hits.append((sentence, start, last, pairs))  # its end is last - 1
        for kind, a, b in entries:
            end = last - 1
            if kind == YEAR:
                year_hits.append((start, end, a, b, sentence))
            elif kind == CUE:
                cues[sentence].append((start, end, a))
            elif kind == ALIAS:
                alias_hits.append((a, start, end, sentence))
            elif kind == NAME:
                names[sentence].append((start, end, a))
            else:  # EXCLUDE or NOT_CUE
                blocked.append((start, end, NAME if kind == EXCLUDE else CUE))
    if blocked:
        _unblock(names, cues, blocked)

    # map() with C callables: no Python frame for each of ~50 hits.
    occurrences = list(map(_as_occurrence, alias_hits))
    found_in = set(map(_EVENT_AND_SENTENCE, alias_hits))
    if unordered:
        cooc_hits.sort(key=_FIRST)
    occurrences += _cooccurrences(matcher, cooc_masks, cooc_hits, found_in, folded, to_source)
    occurrences.sort(key=_START)

    # Words per sentence set the period shares; the total, counted as a word processor
    # would, starts from their sum. Both from one marking of word starts.
    marks = _word_marks(folded)
    words_per_sentence = _words_per_sentence(folded, marks, sentences)
    locator = Locator(text, flat)
    flat_words = Words(flat_text)  # between names, cues and dates: indexed if one is far
    return scoring.grade(
        draft=draft_name,
        prompt=prompt,
        rubric=rubric,
        words=count_words(folded, sum(words_per_sentence), sentences.line_marks),
        periods=_period_results(matcher, occurrences, year_hits, sentences, words_per_sentence),
        events=_event_results(matcher, occurrences, locator),
        historians=_historian_results(matcher, names, cues, flat_text, locator, flat_words),
        date_issues=_date_issues(matcher, occurrences, year_hits, flat_text, locator, flat_words),
        corrections=scan.corrections,
    )


def count_words(
    folded: str, word_starts: int | None = None, line_marks: int | None = None
) -> int:
    """Words as a word processor counts them: hyphenated words and dates are one word,
    Markdown marks and dashes between spaces are none. ``word_starts`` (runs of
    non-space characters) and ``line_marks`` (Markdown marks at line starts, as
    :class:`~ibessay.sentences.Sentences` counts them): when the caller has them."""
    if line_marks is None:
        line_marks = len(_LINE_MARKS.findall("\n" + folded))
    if word_starts is None:
        marks = _word_marks(folded)
        word_starts = len(folded.split()) if marks is None else \
            marks.count(b" x") + marks.startswith(b"x")
    # A bar is rare outside tables, and looking for one character is cheap.
    bars = folded.count(" | ") if "|" in folded else 0
    return word_starts - line_marks - folded.count(" - ") - bars


def _word_marks(folded: str) -> bytes | None:
    """``folded`` with whitespace as b" " and all else as b"x", so that every b" x" is
    the start of a word: counting those runs in C, where splitting builds a list of
    1,500 strings. None when the text is not ASCII (fold() leaves Greek, Chinese...)."""
    return folded.encode("ascii").translate(_WORD_CHARS) if folded.isascii() else None


def _words_per_sentence(folded: str, marks: bytes | None, sentences: Sentences) -> list[int]:
    starts = sentences.starts
    ends = [*starts[1:], sentences.length]
    if marks is None:
        return [len(folded[a:b].split()) for a, b in zip(starts, ends)]
    # A word starting at a sentence's first offset has its space just before it, so
    # each count starts one early (but the first). All in C: map() over three lists.
    froms = [0, *map((-1).__add__, starts[1:])]
    words = list(map(marks.count, repeat(b" x"), froms, ends))
    if words and marks.startswith(b"x"):
        words[0] += 1
    return words


def words_in(text: str) -> int:
    """Words of a whole draft, as :func:`check_text` counts them (comments and front
    matter excluded)."""
    return count_words(fold(blank_markup(text)))


def _unblock(
    names: dict[int, list[tuple[int, int, int]]], cues: dict[int, list[tuple[int, int, int]]],
    blocked: list[tuple[int, int, int]],
) -> None:
    """Drop names inside a look-alike ("Liu" in "Liu Shaoqi") and cues inside a not-cue
    ("written" in "written about")."""
    for table, kind in ((names, NAME), (cues, CUE)):
        spans = [(s, e) for s, e, k in blocked if k == kind]
        if not spans:
            continue
        enclosing = Enclosing(spans)
        for sentence, hits in table.items():
            table[sentence] = [h for h in hits if not enclosing.encloses(h[0], h[1])]


def _cooccurrences(
    matcher: Matcher, masks: list[int],
    hits: list[tuple[int, int, int, tuple[tuple[int, int], ...]]],
    found_in: set[tuple[int, int]], folded: str, to_source: Callable[[int], int],
) -> list[_Occurrence]:
    """Co-occurrence rules satisfied within a sentence where the event was not already
    found by an alias: one occurrence per event and sentence. ``hits`` are the words of
    the rules, in order of sentence."""
    feet, spares, all_spares = matcher.cooc_feet, matcher.cooc_spares, matcher.cooc_spare_bits
    rules = matcher.cooc_rules
    # Adding a 1 at the foot of every rule's field carries into its spare bit when the
    # sentence holds a word of each of the rule's lists (see Matcher.cooc_rules).
    wanted: dict[int, list[int]] = {}  # sentence -> rules filled there, for events not found
    for sentence, mask in enumerate(masks):
        carries = (mask + feet) & all_spares if mask else 0
        while carries:
            spare = carries & -carries
            carries ^= spare
            rule = spares[spare]
            if (rules[rule][0], sentence) not in found_in:
                wanted.setdefault(sentence, []).append(rule)
    found = []
    events = matcher.rubric.events
    gaps = ClauseWords(folded, to_source)
    for sentence, filled in wanted.items():
        # The sentence's words, sorted into the word lists of the rules it fills.
        lists = {rule: [[] for _ in events[rules[rule][0]].cooccur[rules[rule][1]].groups]
                 for rule in filled}
        lo = bisect_left(hits, sentence, key=_FIRST)
        for _, start, last, pairs in hits[lo:bisect_left(hits, sentence + 1, lo, key=_FIRST)]:
            for rule, group in pairs:
                words = lists.get(rule)
                if words is not None:
                    words[group].append((start, last - 1))
        for rule, groups in lists.items():
            event, rule_index, _ = rules[rule]
            if (event, sentence) in found_in:  # another rule of the event, same sentence
                continue
            cooccurrence = events[event].cooccur[rule_index]
            if cooccurrence.within is None:
                picked = sorted(map(min, groups))  # the first word of each list
            else:
                for group in groups:  # by start: of equally close combinations, the first wins
                    group.sort()
                distance, picked = _closest_combination(groups, gaps)
                if distance > cooccurrence.within:
                    continue
            found.append(_Occurrence(event, picked[0][0], picked[-1][1], sentence))
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


def _event_results(
    matcher: Matcher, occurrences: list[_Occurrence], locator: Locator
) -> tuple[EventResult, ...]:
    spans: list[list[tuple[int, int]]] = [[] for _ in matcher.event_facts]
    for o in occurrences:
        spans[o.event].append((o.start, o.end))
    # Built as a plain tuple of the fields in order: a NamedTuple's own constructor is a
    # Python function, called here for each of the rubric's events.
    return tuple(
        _new_tuple(EventResult, (*facts, bool(found), tuple(found), locator))
        for facts, found in zip(matcher.event_facts, spans)
    )


def _historian_results(
    matcher: Matcher, names: dict[int, list[tuple[int, int, int]]],
    cues: dict[int, list[tuple[int, int, int]]], flat: str, locator: Locator, words: Words,
) -> tuple[HistorianResult, ...]:
    found: dict[int, list[tuple[int, int, bool]]] = defaultdict(list)
    for sentence, hits in names.items():
        hits = _longest_only(hits)
        cited = bind_cues(flat, hits, cues.get(sentence, []), words)
        for i, (start, end, historian) in enumerate(hits):
            found[historian].append((start, end, i in cited))
    results = []
    for i, historian in enumerate(matcher.rubric.historians):
        spans = found.get(i)
        if spans is None:
            status = "absent"
        else:
            spans.sort()
            status = "cited" if any(c for _, _, c in spans) else "mentioned"
        results.append(_new_tuple(HistorianResult, (  # as in _event_results
            historian.id, historian.name, status, historian.view,
            matcher.historian_works[i], tuple(spans or ()), locator,
        )))
    return tuple(results)


def _longest_only(hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Drop a name inside a longer name of the same historian ("Lüthi" in "Lorenz Lüthi")."""
    if len(hits) == 1:  # most sentences name one historian once
        return hits
    hits = sorted(hits, key=lambda h: (h[0], -h[1]))
    kept: list[tuple[int, int, int]] = []
    for hit in hits:
        if kept and hit[0] < kept[-1][1] and hit[2] == kept[-1][2]:
            continue
        kept.append(hit)
    return kept


def _date_issues(
    matcher: Matcher, occurrences: list[_Occurrence],
    year_hits: list[tuple[int, int, int, int, int]], flat: str, locator: Locator,
    words: Words,
) -> tuple[DateIssue, ...]:
    by_sentence_events: dict[int, list[_Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        by_sentence_events[occurrence.sentence].append(occurrence)
    # Read the dates (ranges, decades, months, relations) only where an event stands.
    by_sentence_years: dict[int, list[YearMention]] = defaultdict(list)
    last_end = -1
    for start, end, year, decade, sentence in year_hits:
        if sentence not in by_sentence_events or start < last_end:
            continue  # no event to date, or the second year of a range ("1949-1953")
        # Years and month are enough to see that a date fits, as most do; its day, its
        # relation ("after 1953") and whether it counts something ("1950 advisers")
        # are read below, only in a sentence where a date does not fit.
        mention = read_year_quickly(flat, start, end, year, bool(decade))
        last_end = mention.end
        by_sentence_years[sentence].append(mention)

    issues = []
    events = matcher.rubric.events
    fits_seen = matcher.fits_seen
    looked_into = 0
    for sentence, mentions in by_sentence_years.items():
        if looked_into == _MAX_DATES_LOOKED_INTO:
            break
        present = by_sentence_events[sentence]
        present_mask = 0  # a bit per event found in the sentence
        for o in present:
            present_mask |= 1 << o.event
        # The events, and the settled dates, near a date or an event: when one does not fit.
        near_events: Nearby[_Occurrence] | None = None
        near_dates: Nearby[YearMention] | None = None
        for mention in mentions:
            # _fitting's answer when it is already known, as it mostly is: inline.
            known, fits = fits_seen.get(mention[2:6], _NOTHING_KNOWN)
            if fits & present_mask or (
                present_mask & ~known and _fitting(mention, present_mask, matcher)
            ):
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
                if nearest != mention and _fitting(nearest, 1 << o.event, matcher):
                    continue
                suspects.append((distance, o))
            if not suspects:
                continue
            _, culprit = min(suspects, key=lambda s: s[0])
            event = events[culprit.event]
            written = locator.words(mention.start, mention.end)
            line, column = locator.line_col(mention.start)
            issues.append(DateIssue(
                event=event.id,
                year=_wrong_year(mention, event),
                line=line,
                column=column,
                text=written,
                message=f"possible date error: '{written}' does not fit {event.name} "
                        f"({matcher.event_dates[culprit.event]})",
            ))
    issues.sort(key=lambda d: (d.line, d.column))
    return tuple(issues)


def _fitting(mention: YearMention, events: int, matcher: Matcher) -> int:
    """Which of ``events`` (a bit per event) the written date agrees with, as bits.

    Remembered per rubric, as (events worked out, events it fits) for each way of
    writing a date: an essay, and a class set, write the same few dates again and again.
    """
    key = mention[2:6]  # first, last, month, kind
    known, fits = matcher.fits_seen.get(key, _NOTHING_KNOWN)
    unknown = events & ~known
    if unknown:
        known |= unknown
        while unknown:
            bit = unknown & -unknown
            unknown ^= bit
            if _date_fits(mention, bit.bit_length() - 1, matcher):
                fits |= bit
        matcher.fits_seen[key] = (known, fits)
    return fits & events


def _date_fits(mention: YearMention, event: int, matcher: Matcher) -> bool:
    years = matcher.event_years[event]
    if mention.kind == "decade":  # "the 1950s" only has to overlap
        return not years.isdisjoint(range(mention.first, mention.last + 1))
    if mention.first not in years or mention.last not in years:
        return False
    if not mention.month or mention.kind != "year":
        return True
    spans = matcher.month_spans[event]
    return not spans or any(s.contains_month(mention.first, mention.month) for s in spans)


def _wrong_year(mention: YearMention, event: Event) -> int:
    if mention.kind == "range" and any(
        s.contains_years(mention.first, mention.first) for s in event.dates
    ):
        return mention.last
    return mention.first


def _gap(flat: str, mention: YearMention, occurrence: _Occurrence) -> str:
    """The words between a date and an event's occurrence."""
    if mention.end <= occurrence.start:
        return flat[mention.end:occurrence.start]
    if occurrence.end <= mention.start:
        return flat[occurrence.end:mention.start]
    return ""


def _period_results(
    matcher: Matcher, occurrences: list[_Occurrence],
    year_hits: list[tuple[int, int, int, int, int]], sentences: Sentences,
    words_per_sentence: list[int],
) -> tuple[PeriodResult, ...]:
    periods = matcher.rubric.periods
    # Anchors: the weights with which a sentence's events and years point at each
    # period, as one integer per sentence (see Matcher.event_anchors).
    anchors = [0] * len(words_per_sentence)
    found = 0  # a bit per event found
    event_anchors = matcher.event_anchors
    for o in occurrences:
        anchors[o.sentence] += event_anchors[o.event]
        found |= 1 << o.event
    # Every year written points at its period(s); a decade at those it overlaps.
    year_anchors = matcher.year_anchors
    for _, _, year, decade, sentence in year_hits:
        anchors[sentence] += year_anchors.get(year, 0) if not decade else \
            matcher.decade_anchor(year)

    totals = _words_per_period(
        matcher, anchors, sentences.paragraph_of, words_per_sentence, len(periods))
    all_words = sum(words_per_sentence) or 1
    events_found = [(found & mask).bit_count() for mask in matcher.period_events]
    return tuple(
        PeriodResult(
            id=period.id, label=period.label, start=period.start, end=period.end,
            covered=bool(events_found[p]) or totals[p] / all_words >= _MIN_SHARE,
            share=totals[p] / all_words, events_found=events_found[p],
        )
        for p, period in enumerate(periods)
    )


def _words_per_period(
    matcher: Matcher, anchors: list[int], paragraph_of: list[int],
    words_per_sentence: list[int], periods: int,
) -> list[float]:
    """The words each period's sentences hold. A sentence belongs to its own strongest
    anchors; else to the previous anchored sentence of its paragraph; else, at a
    paragraph's start, to the first anchored sentence after it in the paragraph. A
    sentence that belongs to two periods gives each half its words."""
    strongest = matcher.strongest_periods
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
            owners = strongest(weights)
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
