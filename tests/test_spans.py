"""engine/spans.py gives the answers of the slices and loops it replaces (issue 8).

Each helper is compared with the plain computation on random texts and spans, with
gaps both short (sliced) and long (counted with the index), so that both paths agree
with what the engine did before.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import NamedTuple

import pytest

from ibessay.engine.markup import blank_markup
from ibessay.engine.misspellings import _whole_words, correction_edits
from ibessay.engine.spans import FAR, ClauseWords, Enclosing, Nearby, Words

_PIECES = ["a", "bb", "s", "'s", "x'y", " ", "  ", "\n", "\t", "\u2028", ",", ".", "(", ")", "é",
           "war", "korea", "s ", " s", "-"]


def _text(rng: random.Random, size: int) -> str:
    """Random text, with an occasional long word or long run of words."""
    out: list[str] = []
    length = 0
    while length < size:
        roll = rng.random()
        if roll < 0.01:
            piece = "w" * rng.randrange(1000, 3000)
        elif roll < 0.02:
            piece = " the" * rng.randrange(300, 600)
        else:
            piece = rng.choice(_PIECES)
        out.append(piece)
        length += len(piece)
    return "".join(out)


def _offsets(rng: random.Random, text: str) -> tuple[int, int]:
    a = rng.randrange(len(text) + 1)
    b = rng.randrange(len(text) + 1) if rng.random() < 0.5 else \
        min(len(text), a + rng.randrange(0, 2500))
    return a, b


@pytest.mark.parametrize("seed", range(20))
def test_words_counts_as_split_does(seed: int) -> None:
    rng = random.Random(seed)
    text = _text(rng, 20_000)
    words = Words(text)
    for _ in range(300):
        a, b = _offsets(rng, text)
        assert words.count(a, b) == len(text[a:b].split()), (a, b)


@pytest.mark.parametrize("seed", range(10))
def test_words_back_and_ahead_bound_the_reach(seed: int) -> None:
    rng = random.Random(seed)
    text = _text(rng, 10_000)
    words = Words(text)
    for _ in range(100):
        pos = rng.randrange(len(text) + 1)
        reach = rng.randrange(0, 20)
        lowest, highest = _reach(text, pos, reach)
        assert words.back(pos, reach) <= lowest and highest <= words.ahead(pos, reach)


def _reach(text: str, pos: int, reach: int) -> tuple[int, int]:
    """The lowest a and the highest b with at most ``reach`` words in text[a:pos] and
    in text[pos:b]. The words from a to pos only fall as a rises, and from pos to b
    only grow: bisect."""
    lowest = _first(range(pos + 1), lambda a: len(text[a:pos].split()) <= reach)
    highest = _first(range(len(text), pos - 1, -1), lambda b: len(text[pos:b].split()) <= reach)
    return lowest, highest


def _first(candidates: range, ok: Callable[[int], bool]) -> int:
    """The first of ``candidates`` that is ``ok``, where all after it are too."""
    lo, hi = 0, len(candidates) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(candidates[mid]):
            hi = mid
        else:
            lo = mid + 1
    return candidates[lo]


class _Span(NamedTuple):
    start: int
    end: int


def _gap(text: str, span: _Span, start: int, end: int) -> int:
    if span.end <= start:
        return len(text[span.end:start].split())
    if end <= span.start:
        return len(text[end:span.start].split())
    return 0


@pytest.mark.parametrize("count", [3, 16, 17, 400])
def test_nearby_finds_every_span_within_reach_in_order(count: int) -> None:
    rng = random.Random(count)
    text = _text(rng, 12_000)
    spans = []
    for _ in range(count):
        start = rng.randrange(len(text))
        long = rng.random() < 0.05  # a co-occurrence's span: long, and rare
        spans.append(_Span(start, min(len(text), start + rng.randrange(1, 3000 if long else 40))))
    nearby = Nearby(spans, Words(text), 15)
    for _ in range(100):
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randrange(1, 30))
        within = [s for s in spans if _gap(text, s, start, end) <= 15]
        found = list(nearby(start, end))
        # Every span within reach, in order; any more are what the caller measures again.
        assert [s for s in found if s in within] == within
        if within:
            assert nearby.nearest(start, end) == min(
                spans, key=lambda s: _gap(text, s, start, end))


@pytest.mark.parametrize("seed", range(10))
def test_enclosing_is_any_span_around(seed: int) -> None:
    rng = random.Random(seed)
    spans = [(s, s + rng.randrange(0, 60)) for s in (rng.randrange(2000) for _ in range(50))]
    enclosing = Enclosing(spans)
    for _ in range(500):
        start = rng.randrange(2100)
        end = start + rng.randrange(0, 40)
        assert enclosing.encloses(start, end) == any(s <= start and end <= e for s, e in spans)


def _clause_words(text: str, a: int, b: int) -> int:
    """check._words_between as it was, on source offsets, with brackets read: an aside
    (innermost first) counts nothing, an opening bracket is skipped, a closing one breaks."""
    gap = text[a:b]
    while True:
        read = re.sub(r"\([^()\[\]]*\)|\[[^()\[\]]*\]", " ", gap)
        if read == gap:
            break
        gap = read
    if any(c in gap for c in ",;:.)!?]"):
        return FAR
    between = gap.replace("(", " ").replace("[", " ").replace("'", " ").split()
    return len(between) - between.count("s")


@pytest.mark.parametrize("seed", range(20))
def test_clause_words_counts_as_the_slice_did(seed: int) -> None:
    rng = random.Random(seed)
    # Clause breaks are rare here, so that long gaps without one are common.
    text = "".join(c for c in _text(rng, 20_000) if c not in ",.()" or rng.random() < 0.02)
    gaps = ClauseWords(text, lambda pos: pos)  # flat offsets are the text's
    for _ in range(300):
        a, b = _offsets(rng, text)
        if a < 1 or b <= a:
            continue
        # A hit ends at flat offset `end` (exclusive) and the next starts at `start`.
        assert gaps.between(a, b) == _clause_words(text, a, b), (a, b)


@pytest.mark.parametrize("seed", range(10))
def test_correction_edits_are_the_whole_words(seed: int) -> None:
    rng = random.Random(seed)
    vocabulary = [f"kruschev{i}" for i in range(40)] + ["a", "xkruschev1", "kruschev1x", ""]
    text = " ".join(rng.choice(vocabulary) for _ in range(3000))
    for size in (2, 30):  # a few: one str.find pass each; many: one pass over the words
        corrections = {f"kruschev{i}": "khrushchev" for i in range(size)}
        expected = sorted((start, start + len(wrong), right)
                          for wrong, right in corrections.items()
                          for start in _whole_words(text, wrong))
        assert sorted(correction_edits(text, corrections)) == expected


def test_an_unclosed_comment_hides_the_rest_of_the_draft() -> None:
    blanked = "a " + " " * 6 + "\n" + " " * 5 + " d " + " " * 6 + "\n" + " "
    assert blank_markup("a <!-- b\nc --> d <!-- e\nf") == blanked
    assert blank_markup("<!--->x-->y") == "          y"
    assert blank_markup("---\ntitle: x\n---\nbody") == "   \n        \n   \nbody"
    assert blank_markup("---\nnever closed") == "---\nnever closed"
