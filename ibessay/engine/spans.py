"""Questions about offsets in a long text, answered by bisection instead of by scanning.

An essay's sentence holds a few names, cues, events and dates, and the engine compares
each with each, slicing the text between them. A draft that is one sentence of 100,000
names or years (issue 8) turns each of those comparisons into a pass over the draft,
and the check into hours. The helpers here give the same answers in logarithmic time
after one linear pass, and do no more than the slice on an ordinary sentence:

* :class:`Words` counts the words between two offsets;
* :class:`Nearby` finds the spans within some words of a span;
* :class:`Enclosing` says whether a span lies within one of many others;
* :class:`ClauseWords` counts words between two hits as a co-occurrence rule does.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate
from typing import Generic, Protocol, TypeVar

_WORD = re.compile(r"\S+")
_CLAUSE_BREAK = re.compile(r"[,;:.()!?\[\]]")
_HARD_BREAK = re.compile(r"[,;:.!?]")  # what still breaks once brackets are read
_ASIDE = re.compile(r"\([^()\[\]]*\)|\[[^()\[\]]*\]")  # a bracketed aside, innermost
# Past this, a gap with brackets in it is not read (a draft that is one long sentence of
# brackets): its words are too many for any rule anyway.
_READ_UP_TO = 1 << 16
_CLAUSE_WORD = re.compile(r"[^\s']+")  # a word, where an apostrophe splits words
FAR = 1 << 30  # "not within any distance"
# A gap up to this long is sliced and split, as the engine always did: on an essay's
# sentences that is cheaper than any index, and it bounds what a slice can cost.
_SLICE_UP_TO = 1024
# Up to this many spans, Nearby measures each: no need to sort them.
_FEW = 16
# Spans longer than this are few (a co-occurrence rule's events: one per event and
# sentence) and are checked one by one; the others are found by their start.
_SHORT_SPAN = 128


class Words:
    """Counts words (what ``str.split()`` returns) between two offsets of ``text``.

    A gap of up to ~1,000 characters is sliced and split; the first longer one indexes
    where each word of the text starts, once, and every count after it is two
    bisections. One ``Words`` serves every sentence of a draft.
    """

    __slots__ = ("_text", "_starts")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def _index(self) -> list[int]:
        if self._starts is None:
            self._starts = [match.start() for match in _WORD.finditer(self._text)]
        return self._starts

    def count(self, a: int, b: int) -> int:
        """``len(text[a:b].split())``."""
        if b - a <= _SLICE_UP_TO:
            return len(self._text[a:b].split())
        starts = self._index()
        text = self._text
        # The tail of a word that starts before ``a`` is a word of the slice too.
        cut = a > 0 and not text[a - 1].isspace() and not text[a].isspace()
        return bisect_left(starts, b) - bisect_left(starts, a) + cut

    def back(self, pos: int, words: int) -> int:
        """An offset at or before every ``a`` with ``count(a, pos) <= words``."""
        starts = self._index()
        i = bisect_left(starts, pos) - words - 1
        return starts[i] if i >= 0 else 0

    def ahead(self, pos: int, words: int) -> int:
        """An offset at or after every ``b`` with ``count(pos, b) <= words``."""
        starts = self._index()
        i = bisect_left(starts, pos) + words
        return starts[i] if i < len(starts) else len(self._text)


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)


class Nearby(Generic[S]):
    """The spans (with ``start`` and ``end``) of one sentence near a given span.

    Built for the date check, where each date that does not fit an event is compared
    with the events around it, and each such event with the dates around it: with many
    of both in one sentence, comparing every pair is quadratic. Here the spans are
    sorted once, and each question bisects to a window of ``reach`` words.
    """

    __slots__ = ("_spans", "_words", "_reach", "_extent", "_sorted", "_nearest")

    def __init__(self, spans: Sequence[S], words: Words, reach: int) -> None:
        self._spans = spans
        self._words = words
        self._reach = reach
        # Few spans, once asked: where a question's span must lie for every gap to be a
        # short slice (as in an essay's sentences). See _within_a_slice.
        self._extent: tuple[int, int] | None = None
        # Many spans, once asked: the short ones by start, their starts, the long ones;
        # and the nearest span to each span asked about.
        self._sorted: tuple[list[int], list[int], list[int]] | None = None
        self._nearest: dict[tuple[int, int], S] | None = None

    def __call__(self, start: int, end: int) -> Sequence[S]:
        """The spans with at most ``reach`` words between them and ``text[start:end]``,
        or overlapping it, in their order; and, when all of them are a few characters
        away (as in an essay's sentences), perhaps a few more: the caller measures."""
        spans = self._spans
        if len(spans) <= _FEW:
            if self._extent is None:
                self._extent = _within_a_slice(spans)
            lowest, highest = self._extent
            if lowest <= start and end <= highest and end - start <= _SLICE_UP_TO:
                return spans
            near: Sequence[S] = spans
        else:
            if self._sorted is None:
                self._sorted = self._sort()
            short, starts, long = self._sorted
            # Every span within reach overlaps [lo, hi]; a short one starts after
            # lo - _SHORT_SPAN.
            lo = self._words.back(start, self._reach)
            hi = self._words.ahead(end, self._reach)
            first = bisect_left(starts, lo - _SHORT_SPAN)
            picked = [i for i in short[first:bisect_right(starts, hi, first)]
                      if spans[i].end >= lo]
            picked += [i for i in long if spans[i].start <= hi and spans[i].end >= lo]
            picked.sort()
            near = [spans[i] for i in picked]
        gap, reach = self._gap, self._reach
        return [span for span in near if gap(span, start, end) <= reach]

    def nearest(self, start: int, end: int) -> S:
        """The first span (in order) with the fewest words between it and
        ``text[start:end]``, of those within reach (there must be one). Remembered among
        many spans: a long one is near every date of its sentence."""
        count = self._words.count

        def gap(span: S) -> int:  # _gap, inline: this runs for each date of the sentence
            return count(span.end, start) if span.end <= start \
                else count(end, span.start) if end <= span.start else 0

        if len(self._spans) <= _FEW:
            return min(self._spans, key=gap)
        if self._nearest is None:
            self._nearest = {}
        key = (start, end)
        found = self._nearest.get(key)
        if found is None:
            found = self._nearest[key] = min(self(start, end), key=gap)
        return found

    def _gap(self, span: S, start: int, end: int) -> int:
        """Words between ``span`` and ``text[start:end]``; 0 when they overlap."""
        if span.end <= start:
            return self._words.count(span.end, start)
        if end <= span.start:
            return self._words.count(end, span.start)
        return 0

    def _sort(self) -> tuple[list[int], list[int], list[int]]:
        spans = self._spans
        starts = [span.start for span in spans]
        long = [i for i, span in enumerate(spans) if span.end - span.start > _SHORT_SPAN]
        short = [i for i, span in enumerate(spans) if span.end - span.start <= _SHORT_SPAN]
        short.sort(key=starts.__getitem__)
        return short, [starts[i] for i in short], long


def _within_a_slice(spans: Sequence[_Span]) -> tuple[int, int]:
    """Where a span must start and end for it and every one of ``spans`` to lie within
    :data:`_SLICE_UP_TO` characters: (lowest start, highest end)."""
    if not spans:
        return 0, -1
    first = min(span.start for span in spans)
    last = max(span.end for span in spans)
    if last - first > _SLICE_UP_TO:
        return 1, 0  # nowhere
    return last - _SLICE_UP_TO, first + _SLICE_UP_TO


class Enclosing:
    """Whether a span lies within one of ``spans`` ((start, end) pairs): by bisection,
    where ``any()`` over the spans made each question a pass over all of them."""

    __slots__ = ("_starts", "_ends")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        # The furthest end among the spans that start at or before each one.
        self._ends = list(accumulate((end for _, end in ordered), max))

    def encloses(self, start: int, end: int) -> bool:
        """Is ``(start, end)`` within one of the spans (``s <= start`` and ``end <= e``)?"""
        i = bisect_right(self._starts, start)
        return i > 0 and self._ends[i - 1] >= end


class ClauseWords:
    """Words between two hits, as a co-occurrence rule's ``within`` counts them.

    Counted in the folded draft between the end of one hit and the start of the next,
    not counting a possessive "s" ("Mao's death": 0; "the death of Mao": 1). A comma, a
    semicolon, a colon or a full stop between them puts them in different clauses, and
    they are :data:`FAR` apart: "After Stalin's death, Mao ..." is not Mao's death, nor
    is "After Stalin's death, in 1953, Mao ...". Brackets are read through: an aside
    between them counts no words ("the Yalta (February 1945) agreement": 0), and an
    opening bracket only opens an aside about the first word ("Yalta (February 1945": 1);
    but a closing bracket ends an aside the first word stood in, and breaks ("(after
    Stalin's death) Mao": apart).

    A rule tries up to 256 combinations of its words in a sentence, each gap a slice of
    the sentence; in a sentence of 100,000 words that is 256 passes over the draft. So,
    as :class:`Words` does, a long gap is counted with an index built once: where each
    word, each lone "s" and each clause break stands.
    """

    __slots__ = ("_text", "_to_source", "_starts", "_lone_s", "_breaks", "_brackets")

    def __init__(self, text: str, to_source: Callable[[int], int]) -> None:
        """``text`` is the folded draft; ``to_source`` maps flat offsets (the hits') to it."""
        self._text = text
        self._to_source = to_source
        self._starts: list[int] = []
        self._lone_s: list[int] = []
        self._breaks: list[int] | None = None
        self._brackets: list[int] = []

    def between(self, end: int, start: int) -> int:
        """Words between a hit ending at flat offset ``end`` and one starting at ``start``."""
        if start <= end:
            return 0
        a = self._to_source(end - 1) + 1
        b = self._to_source(start)
        text = self._text
        if b - a <= _SLICE_UP_TO:
            gap = text[a:b]
            if _CLAUSE_BREAK.search(gap):
                return clause_gap(gap)
            between = gap.replace("'", " ").split()
            return len(between) - between.count("s")
        if self._breaks is None:
            self._index()
        breaks, starts, lone_s = self._breaks, self._starts, self._lone_s
        assert breaks is not None
        i = bisect_left(breaks, a)
        if i < len(breaks) and breaks[i] < b:  # a break: brackets are read, others break
            brackets = self._brackets
            j = bisect_left(brackets, a)
            if j < len(brackets) and brackets[j] < b and b - a <= _READ_UP_TO:
                return clause_gap(text[a:b])
            return FAR
        words = bisect_left(starts, b) - bisect_left(starts, a)
        words -= bisect_left(lone_s, b) - bisect_left(lone_s, a)
        if _in_word(text, a - 1) and _in_word(text, a):  # the tail of a word
            words += text[a] != "s" or _in_word(text, a + 1)  # ...which may read "s"
        if text[b - 1] == "s" and _in_word(text, b) and not _in_word(text, b - 2):
            words -= 1  # the gap ends with an "s" that starts a longer word
        return words

    def _index(self) -> None:
        text = self._text
        for match in _CLAUSE_WORD.finditer(text):
            start = match.start()
            self._starts.append(start)
            if match.end() - start == 1 and text[start] == "s":
                self._lone_s.append(start)
        self._breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
        self._brackets = [i for i in self._breaks if text[i] in "()[]"]


def clause_gap(gap: str) -> int:
    """Words in ``gap`` (folded text between two hits) as :class:`ClauseWords` counts
    them, brackets read: :data:`FAR` across a clause break."""
    if "(" in gap or "[" in gap or ")" in gap or "]" in gap:
        read = _ASIDE.sub(" ", gap)
        while read != gap:  # asides within asides, innermost first
            gap, read = read, _ASIDE.sub(" ", read)
        if ")" in gap or "]" in gap:  # the first word stood in an aside that ends here
            return FAR
        gap = gap.replace("(", " ").replace("[", " ")  # the second stands in an aside
    if _HARD_BREAK.search(gap):
        return FAR
    between = gap.replace("'", " ").split()
    return len(between) - between.count("s")


def _in_word(text: str, i: int) -> bool:
    """Is ``text[i]`` part of a word (see ClauseWords)? False outside the text."""
    return 0 <= i < len(text) and not text[i].isspace() and text[i] != "'"
