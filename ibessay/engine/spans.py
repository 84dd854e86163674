"""Questions about offsets in a long text, answered by bisection instead of by scanning.

An essay's sentence holds a few names, cues, events and dates, and the engine compares
each with each, slicing the text between them. A draft that is one sentence of 100,000
names or years (issue 8) turns each of those comparisons into a pass over the draft,
and the check into hours. The helpers here give the same answers in logarithmic time
after one linear pass, and do no more than the slice on an ordinary sentence:

* :class:`Words` counts the words between two offsets;
* :class:`Enclosing` says whether a span lies within one of many others.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate

_WORD = re.compile(r"\S+")
# A gap up to this long is sliced and split, as the engine always did: on an essay's
# sentences that is cheaper than any index, and it bounds what a slice can cost.
_SLICE_UP_TO = 1024


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

