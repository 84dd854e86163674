"""Is a historian *cited* (a view attributed to them) or only *mentioned*?

A name counts as cited when a reporting cue in the same sentence is bound to it:

* a reporting verb after the name ("Westad argues", "Lüthi, in his 2008 study, contends")
  or just before it ("as argued by Radchenko");
* "according to" just before the name;
* a possessive view noun after it ("Chen Jian's interpretation", "Gaddis's thesis");
* "in his/her/their book" anywhere in the sentence.

Each cue binds to the nearest name, so in "Kissinger flew to Beijing in 1971, a trip
Westad argues was decisive" only Westad is cited: Kissinger is an actor there. Names
joined by "and" or a comma share the cue ("Westad and Lüthi argue").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate

from .spans import Words

VERB, ACCORDING, VIEW_NOUN, BOOK = range(4)

_VERBS = (
    "argue", "contend", "claim", "suggest", "note", "observe", "maintain", "assert",
    "highlight", "emphasise", "stress", "believe", "write", "point out", "conclude",
    "insist", "state", "show", "demonstrate", "explain", "describe", "characterise",
    "portray", "depict", "interpret", "attribute", "blame", "trace", "posit", "propose",
    "challenge", "dispute", "reject", "question", "counter", "agree", "disagree",
    "acknowledge", "concede", "remark", "warn", "imply", "hold", "think", "consider",
    "regard", "judge", "assess", "identify", "underline", "underscore", "see", "view",
    "call", "label", "reveal", "find", "put it", "recognise", "criticise", "dismiss",
    "downplay", "overstate", "exaggerate", "doubt", "speculate", "theorise", "infer",
    "deduce", "reason", "allege", "affirm", "hypothesise", "caution", "qualify",
)
_ACCORDING = ("according to", "in the view of", "in the words of", "as argued by",
              "as shown by", "as noted by", "in the opinion of", "as claimed by")
_VIEW_NOUNS = (
    "view", "interpretation", "thesis", "analysis", "argument", "reading", "assessment",
    "conclusion", "claim", "contention", "position", "perspective", "verdict", "judgement",
    "judgment", "explanation", "emphasis", "insistence", "theory", "hypothesis", "opinion",
    "account", "evaluation", "critique", "characterisation", "portrayal", "depiction",
)
_BOOK = tuple(
    f"in {who} {what}"
    for who in ("his", "her", "their")
    for what in ("book", "books", "study", "monograph", "memoir", "memoirs", "history")
)

_MAX_WORDS_BEFORE_VERB = 12  # "Lüthi, in The Sino-Soviet Split (2008), argues"
_MAX_WORDS_AFTER_VERB = 3  # "argues Radchenko", "as argued by Radchenko"
_MAX_WORDS_AFTER_ACCORDING = 4  # "according to the historian Lorenz Lüthi"
# Gaps in the flat text, where punctuation is already a space: "Westad's influential
# interpretation" leaves " s influential "; "Westad, Lüthi and Radchenko" leaves " ", " and ".
_COORDINATORS = frozenset(("", "and", "or", "as well as"))


def cue_phrases() -> dict[str, int]:
    """Every normalised cue phrase and its kind (used when a rubric is compiled)."""
    from .wordforms import phrase_inflections, spelling_variants

    out: dict[str, int] = {}
    for verb in _VERBS:
        for form in phrase_inflections(verb):
            for variant in spelling_variants(form):  # emphasise, emphasize
                out.setdefault(variant, VERB)
    for noun in _VIEW_NOUNS:
        for form in phrase_inflections(noun.title()):  # a noun: plural only
            for variant in spelling_variants(form):
                out.setdefault(variant, VIEW_NOUN)
    out.update(dict.fromkeys(_ACCORDING, ACCORDING))
    out.update(dict.fromkeys(_BOOK, BOOK))
    return out


Span = tuple[int, int]  # (start, end) in the flat text
Names = Sequence[tuple[int, ...]]  # (start, end, ...) of each name, in order


def bind_cues(
    flat: str, names: Names, cues: Sequence[tuple[int, int, int]], words: Words | None = None
) -> set[int]:
    """Indices of the ``names`` (all in one sentence, in order of position) that a cue
    binds to. Names are ``(start, end, ...)`` and cues ``(start, end, kind)``.

    Each cue finds its name by bisection, and ``words`` (for ``flat``: one for all the
    sentences of a draft, so that it is indexed once if at all) counts the words up to
    it: a sentence of 100,000 names and cues takes a second, not hours."""
    cited: set[int] = set()
    if not cues or not names:
        return cited
    lookup = _Lookup(flat, names, Words(flat) if words is None else words)
    for cue_start, cue_end, kind in cues:
        cue = (cue_start, cue_end)
        if kind == VERB:
            bound = lookup.before(cue, _MAX_WORDS_BEFORE_VERB)
            if bound is None:
                bound = lookup.after(cue, _MAX_WORDS_AFTER_VERB)
        elif kind == ACCORDING:
            bound = lookup.after(cue, _MAX_WORDS_AFTER_ACCORDING)
        elif kind == VIEW_NOUN:
            bound = lookup.possessor(cue)
        else:  # BOOK: the nearest name on either side
            bound = lookup.either_side(cue)
        # A name already cited brought the names coordinated with it along.
        if bound is not None and bound not in cited:
            cited.add(bound)
            cited.update(_coordinated(flat, names, bound))
    return cited


class _Lookup:
    """The names of one sentence, indexed (when first asked) for finding a cue's name
    by bisection."""

    __slots__ = ("flat", "names", "words", "_starts", "_lowest_ends", "_longest")

    def __init__(self, flat: str, names: Names, words: Words) -> None:
        self.flat = flat
        self.names = names
        self.words = words
        self._starts: list[int] | None = None
        self._lowest_ends: list[int] | None = None
        self._longest = -1  # the longest name's length

    def _last_before(self, pos: int) -> int:
        """The last name (by index) that ends at or before ``pos``, or -1."""
        lowest_ends = self._lowest_ends
        if lowest_ends is None:
            # The lowest end from each name on: the last name to end before an offset
            # is found by bisection even where a long name ends after a short one that
            # follows it.
            lowest_ends = list(accumulate([name[1] for name in reversed(self.names)], min))
            lowest_ends.reverse()
            self._lowest_ends = lowest_ends
        return bisect_right(lowest_ends, pos) - 1

    def _first_after(self, pos: int) -> int:
        """The first name (by index) that starts at or after ``pos``, or len(names)."""
        if self._starts is None:
            self._starts = [name[0] for name in self.names]
        return bisect_left(self._starts, pos)

    def before(self, cue: Span, limit: int) -> int | None:
        """The last name ending before the cue, if at most ``limit`` words away."""
        i = self._last_before(cue[0])
        if i < 0:
            return None
        return i if self.words.count(self.names[i][1], cue[0]) <= limit else None

    def after(self, cue: Span, limit: int) -> int | None:
        """The first name starting after the cue, if at most ``limit`` words away."""
        i = self._first_after(cue[1])
        if i == len(self.names):
            return None
        return i if self.words.count(cue[1], self.names[i][0]) <= limit else None

    def possessor(self, cue: Span) -> int | None:
        """The last name before a view noun, if only "'s" and two words stand between."""
        i = self._last_before(cue[0])
        if i < 0:
            return None
        end = self.names[i][1]
        # More than three words ("s" and two) cannot pass: no need to join them.
        if self.words.count(end, cue[0]) > 3:
            return None
        gap = " ".join(self.flat[end:cue[0]].split())
        return i if _possessive_then_noun(gap) else None

    def either_side(self, cue: Span) -> int | None:
        """The name nearest the cue on either side, in characters; the first of equals."""
        names = self.names

        def distance(i: int) -> int:
            return min(abs(names[i][0] - cue[1]), abs(cue[0] - names[i][1]))

        if len(names) <= _FEW_NAMES:
            return min(range(len(names)), key=distance)
        # A name's distance is at most its start's distance from the cue's end, and at
        # least that less the lengths of the longest name and of the cue: the nearest
        # start bounds where the nearest name can start.
        if self._longest < 0:
            self._longest = max(name[1] - name[0] for name in names)
        j = self._first_after(cue[1])
        starts = self._starts
        assert starts is not None
        reach = min(starts[j] - cue[1] if j < len(starts) else cue[1] - starts[j - 1],
                    cue[1] - starts[j - 1] if j else starts[j] - cue[1])
        reach += self._longest + cue[1] - cue[0]
        lo = bisect_left(starts, cue[1] - reach)
        return min(range(lo, bisect_right(starts, cue[1] + reach, lo)), key=distance)


_FEW_NAMES = 16  # names in a sentence compared one by one for a book cue


def _coordinated(flat: str, names: Names, bound: int) -> list[int]:
    """Names joined to ``names[bound]`` by "and" or commas, on either side."""
    out = []
    for step in (-1, 1):
        i = bound
        while 0 <= i + step < len(names):
            a, b = (names[i + step], names[i]) if step < 0 else (names[i], names[i + step])
            gap = " ".join(flat[a[1]:b[0]].split())
            if gap not in _COORDINATORS:
                break
            i += step
            out.append(i)
    return out


def _possessive_then_noun(gap: str) -> bool:
    """Is ``gap`` (single-spaced) an optional possessive "s" and at most two plain words,
    as between "Westad" and "view" in "Westad's influential view"?"""
    words = gap.split()
    if words[:1] == ["s"]:
        words = words[1:]
    return len(words) <= 2 and all(w.isascii() and w.isalpha() and w.islower() for w in words)
