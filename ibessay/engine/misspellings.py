"""Misspelling-tolerant proper names: "Kruschev" is Khrushchev, "Chiang" is not Chang.

A symmetric-deletion index (the SymSpell idea): every name and every misspelling within
the allowed distance share a string obtained by deleting at most two letters from each.
Looking a word up is a handful of dict probes, then an exact distance check on the few
candidates. It needs no compiled extension and imports in well under a millisecond, which
matters because the whole ``ibessay check`` process has a start-up budget of a few tens of
milliseconds on top of Typer (rapidfuzz alone costs ~30 ms to import; perf-baseline.md).

A correction is accepted only when it is safe:

* names shorter than 6 letters are never fuzzy-matched (Chang, Liu, Mao: too many
  near-namesakes);
* the misspelling starts with the same letter;
* neither word is a prefix of the other ("Robert" is not "Roberts", "Russian" is not
  "Russia");
* up to 8 letters one edit is allowed, from 9 letters two;
* a word the rubric itself uses is never "corrected", nor a common place or people
  (:data:`COMMON_NAMES`: "France" is not a misspelt "Franco", "Germans" not "Germany"),
  and a tie between two names is left alone.

A lookup costs tens of microseconds, so a draft's first :data:`MAX_WORDS` distinct
capitalised words are looked up and the rest are taken as written: an essay has about a
hundred, and a draft of 100,000 made-up names would otherwise take seconds.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from itertools import islice

from .text import fold

MIN_NAME_LENGTH = 6
#: Countries, peoples, continents and capitals an essay writes as themselves, folded: one
#: letter from a rubric's names (Franco, Germany, Austrian, Prussia...) but never a
#: misspelling of them. Only words of MIN_NAME_LENGTH letters or more need listing.
COMMON_NAMES = frozenset("""
    africa african africans america american americans asian austria austrian austrians
    balkan balkans belgium berlin bolivia brazil britain british canada castile chinese
    europe european europeans france french german germans germany greece hungarian
    hungary israel israeli italian italians ireland irish jewish london madrid mexican
    mexico moscow norway ottoman ottomans paraguay poland polish prague prussia prussian
    russia russian russians saxony serbia serbian soviet soviets sweden swedish turkey
    turkish vienna warsaw england english spanish japanese korean koreans vietnam
    """.split())
# How many words an index remembers (see NameIndex.correct_words). A draft has a few
# hundred distinct capitalised words and a class set a few thousand, but `ibessay watch`
# also sees every half-typed word ("Khrus", "Khrush"...) for as long as it runs.
MEMO_LIMIT = 10_000
#: Distinct capitalised words of one draft looked up, in order of first appearance.
MAX_WORDS = 2000
_FIND_UP_TO = 16  # misspellings found with str.find each; beyond, in one pass over the words


def _max_distance(word: str) -> int:
    return 1 if len(word) <= 8 else 2


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w)) if len(w) > 1}
        out |= frontier
    return out


def _shape(first: str, length: int) -> str:
    return f"{first}{length}"


def osa_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: edits, with adjacent swaps counting as one."""
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


class NameIndex:
    """Finds the rubric name a misspelt word stands for."""

    def __init__(self, names: Iterable[str], known: Iterable[str]) -> None:
        """
        Args:
            names: folded proper-name words from the rubric ("khrushchev", "radchenko").
            known: every folded word the rubric uses; these are never corrected.
        """
        self._known = frozenset(known)
        index: dict[str, list[str]] = {}
        shapes: set[str] = set()
        for name in {n for n in names if len(n) >= MIN_NAME_LENGTH}:
            for variant in _deletes(name, _max_distance(name)):
                index.setdefault(variant, []).append(name)
            reach = _max_distance(name)
            shapes.update(_shape(name[0], length)
                          for length in range(len(name) - reach, len(name) + reach + 1))
        # Most deletions lead to one name: they share one tuple, which the cache then
        # stores (and loads) once.
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._index = {k: shared.setdefault(tuple(v), tuple(v)) for k, v in index.items()}
        # First letter and length of every word that could be close to a name: most
        # words of an essay are ruled out by this before any deletion is generated.
        self._shapes = frozenset(shapes)
        self._memo: dict[str, str | None] = {}
        self._clean: set[str] = set()

    def to_state(self) -> tuple[frozenset[str], dict[str, tuple[str, ...]], frozenset[str]]:
        return self._known, self._index, self._shapes

    @classmethod
    def from_state(
        cls, state: tuple[frozenset[str], dict[str, tuple[str, ...]], frozenset[str]]
    ) -> NameIndex:
        index = cls.__new__(cls)
        index._known, index._index, index._shapes = state
        index._memo = {}
        index._clean = set()
        return index

    def correct_words(self, words: Collection[str]) -> dict[str, str]:
        """The rubric name each misspelt word among ``words`` (as written, in the order
        of the draft, repeats and all) stands for; the first :data:`MAX_WORDS` distinct
        words are looked at.

        Words found to need no correction are remembered in a set, so that the next
        draft's words (a class set, a watch loop) are ruled out by one set difference.
        """
        distinct = set(words)
        if len(distinct) > MAX_WORDS:
            distinct = set(islice(dict.fromkeys(words), MAX_WORDS))
        out = {}
        clean = self._clean
        for word in distinct - clean:
            name = self.correct_word(word)
            if name is None:
                if len(clean) >= MEMO_LIMIT:
                    # Forget everything rather than the oldest: the next draft relearns
                    # its words in one pass, and a hit stays one set operation (an LRU
                    # would cost a move on every hit).
                    clean.clear()
                clean.add(word)
            else:
                out[word] = name
        return out

    def correct_word(self, word: str) -> str | None:
        """Like :meth:`correct`, for a word as written in the draft ("Kruschev").

        Remembered per word: an essay, and a class set, repeat their capitalised words.
        """
        memo = self._memo
        try:
            return memo[word]
        except KeyError:
            pass
        if len(memo) >= MEMO_LIMIT:  # bounded as correct_words' set is, and for its reason
            memo.clear()
        result = memo[word] = self.correct(fold(word))
        return result

    def correct(self, word: str) -> str | None:
        """The rubric name ``word`` (folded) is a misspelling of, or None."""
        if word in self._known or word in COMMON_NAMES or \
                _shape(word[0], len(word)) not in self._shapes:
            return None
        return self._lookup(word)

    def _lookup(self, word: str) -> str | None:
        candidates: set[str] = set()
        index = self._index
        for variant in _deletes(word, 2):
            candidates.update(index.get(variant, ()))
        best: list[tuple[int, str]] = []
        for name in candidates:
            if name[0] != word[0] or name.startswith(word) or word.startswith(name):
                continue
            distance = osa_distance(word, name)
            if distance <= _max_distance(name):
                best.append((distance, name))
        if not best:
            return None
        best.sort()
        if len(best) > 1 and best[0][0] == best[1][0]:
            return None  # two names equally close: do not guess
        return best[0][1]


def correction_edits(text: str, corrections: dict[str, str]) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` edits that replace each misspelling (a key of
    ``corrections``) standing as a whole word in ``text``, spaced text where words are
    separated by spaces, by its name."""
    edits = []
    if len(corrections) <= _FIND_UP_TO:  # str.find skips through the text in C
        for wrong, right in corrections.items():
            edits += [(start, start + len(wrong), right) for start in _whole_words(text, wrong)]
        return edits
    # Many misspellings: one pass over the words, not one pass for each.
    start = 0
    for word in text.split(" "):
        name = corrections.get(word)
        if name is not None:
            edits.append((start, start + len(word), name))
        start += len(word) + 1
    return edits


def correction_places(text: str, corrections: dict[str, str]) -> list[tuple[int, int, str]]:
    """Where each misspelling was read as a name: :func:`correction_edits` in order of
    place, for the report (``corrections`` in the JSON, located findings)."""
    return sorted(correction_edits(text, corrections))


def _whole_words(text: str, word: str) -> list[int]:
    """Offsets of ``word`` standing alone in spaced text (where boundaries are spaces)."""
    found = []
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        if (not start or text[start - 1] == " ") and (end == len(text) or text[end] == " "):
            found.append(start)
        start = text.find(word, end)
    return found
