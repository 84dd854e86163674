"""The one pass over a draft: every phrase any criterion asks for, found at once.

Criteria register their phrases in a :class:`PhraseBook` when a rubric is compiled, each
under a *kind* the criterion names ("alias", "name", "year" ...). Every phrase is
normalised (:mod:`ibessay.engine.text`), expanded with its spelling variants and
inflections (:mod:`ibessay.engine.wordforms`) by the criterion, and added to one
Aho-Corasick automaton as " phrase ": in the flat text every word boundary is a single
space, so a match is always a whole-word match and needs no checking in Python.

:meth:`Scanner.scan` corrects misspelt names, then runs the automaton once over the
draft; :func:`ibessay.engine.check.check_text` hands each hit to the bucket of its kind.
"""

import re
from typing import Any, NamedTuple

import ahocorasick

from .misspellings import MIN_NAME_LENGTH, NameIndex, correction_edits
from .text import FlatText, fold, spaced

#: One thing a phrase means: (kind, a, b), two small values the criterion chose.
Entry = tuple[int, Any, Any]
#: A raw automaton match: (last, (n, entries)); the phrase is flat[last - n:last - 1].
Hit = tuple[int, tuple[int, tuple[Entry, ...]]]

# Capitalised words in the draft that may be misspelt names: a capital and 4+ letters.
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{4,}")
_SPACES = re.compile(" *")


class Scan(NamedTuple):
    """A draft's flat text and every phrase found in it."""

    flat: FlatText
    hits: list[Hit]  # in order of their end
    corrections: dict[str, str]  # folded misspelling -> rubric name


class TooManyPhrases(Exception):
    """A rubric compiles to more automaton keys (or characters of keys) than its limit,
    ``what`` says which; ``phrases`` were being added when it went over (see
    :func:`ibessay.engine.compiled.compile_rubric`)."""

    def __init__(self, what: str, phrases: list[str]) -> None:
        super().__init__(what)
        self.what = what
        self.phrases = phrases


class PhraseBook:
    """The phrases of a rubric being compiled, by kind; then the :class:`Scanner`.

    The automaton's keys and their characters are counted as phrases are added
    (:attr:`keys`, :attr:`chars`; each gap of a punctuated phrase is a key of its own):
    past ``limits`` (keys, characters), :class:`TooManyPhrases`."""

    def __init__(self, limits: tuple[int, int] | None = None) -> None:
        self.kinds: list[str] = []
        # phrase -> its entries, in order (a dict: a phrase shared by many items, a not:
        # phrase of every event, is added in constant time each, not in their number)
        self._entries: dict[str, dict[Entry, None]] = {}
        self._punctuated: set[str] = set()  # may be written with a comma or full stop inside
        self._names: set[str] = set()  # folded proper names, for misspelling correction
        # The automaton's keys so far and their characters (about: the spaces of gaps are
        # not counted), with the misspellings of names indexed (see names()).
        self.keys = 0
        self.chars = 0
        self.limits = limits

    def kind(self, name: str) -> int:
        """The number of the kind ``name`` (a new one the first time it is asked for)."""
        if name not in self.kinds:
            self.kinds.append(name)
        return self.kinds.index(name)

    def add(self, phrases: set[str] | list[str], entry: Entry, punctuated: bool = False) -> None:
        """Find ``phrases`` (normalised) as ``entry``. A ``punctuated`` phrase (an alias,
        a name) is also found with a comma or a full stop between its words."""
        for phrase in phrases:
            entries = self._entries.get(phrase)
            if entries is None:
                entries = self._entries[phrase] = {}
                self.keys += 1
                self.chars += len(phrase) + 2
            entries[entry] = None
            if punctuated and phrase not in self._punctuated:
                self._punctuated.add(phrase)
                more = _gap_count(phrase) - 1
                self.keys += more
                self.chars += more * (len(phrase) + 2)
        self._check(phrases)

    def names(self, words: set[str]) -> None:
        """Proper names (folded words) that a draft may misspell ("Kruschev"). Each
        counts towards the limits with the misspellings it is indexed under (every word
        one or two letters shorter: about n²/2 of n letters, see misspellings.NameIndex)."""
        for word in words - self._names:
            self._names.add(word)
            n = len(word)
            if n >= MIN_NAME_LENGTH:
                deletions = 1 + n + (n * (n - 1) // 2 if n > 8 else 0)
                self.keys += deletions
                self.chars += deletions * n
                self._check({word})

    def _check(self, phrases: set[str] | list[str]) -> None:
        """Past a limit, :class:`TooManyPhrases` for ``phrases``, being added."""
        if self.limits is not None:
            keys, chars = self.limits
            if self.keys > keys:
                raise TooManyPhrases(f"the limit of {keys:,} phrases", sorted(phrases))
            if self.chars > chars:
                raise TooManyPhrases(f"the limit of {chars:,} characters of phrases",
                                     sorted(phrases))

    def scanner(self) -> "Scanner":
        automaton = ahocorasick.Automaton()
        # Phrases that mean the same share one tuple of entries, and variants of the
        # same length one value: marshal stores a shared object once, and these values
        # were most of what loading a cached rubric unmarshals (3,321 of them: 1.9 ms,
        # 0.16 ms shared).
        shared: dict[object, object] = {}
        for phrase, entries in self._entries.items():
            meaning = shared.setdefault(tuple(entries), tuple(entries))
            for variant in _gap_variants(phrase) if phrase in self._punctuated else [phrase]:
                value = (len(variant) + 1, meaning)
                automaton.add_word(f" {variant} ", shared.setdefault(value, value))
        automaton.make_automaton()
        known = {word for phrase in self._entries for word in phrase.split()}
        return Scanner(automaton, NameIndex(self._names, known), tuple(self.kinds))


class Scanner:
    """A compiled rubric's automaton and misspelling index."""

    def __init__(self, automaton: Any, names: NameIndex, kinds: tuple[str, ...]) -> None:
        self._automaton = automaton
        self.names = names
        self.kinds = kinds

    def to_state(self) -> tuple[object, ...]:
        _, automaton_args = self._automaton.__reduce__()
        return automaton_args, self.names.to_state(), self.kinds

    @classmethod
    def from_state(cls, state: tuple[Any, ...]) -> "Scanner":
        automaton_args, names, kinds = state
        return cls(ahocorasick.Automaton(*automaton_args), NameIndex.from_state(names),
                   tuple(kinds))

    def scan(self, folded: str, original: str) -> Scan:
        """Find every phrase in a draft, given its folded text (:func:`text.fold`)."""
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
        # In the draft's order: only the first misspellings.MAX_WORDS are looked up.
        found = self.names.correct_words(_CAPITALISED.findall(original))
        return {fold(word): name for word, name in found.items()}


def _long_spaces(source: str, folded: str) -> list[tuple[int, int, str]]:
    """Edits that make each run of three or more spaces in ``source`` one space, but
    for runs across a blank line (two line breaks in ``folded``). str.find skips to the
    next run in C, faster than a regex pass, and drafts hold a few dozen runs."""
    edits = []
    find, count = source.find, folded.count
    start = find("   ")
    while start != -1:
        end = _SPACES.match(source, start + 3).end()  # type: ignore[union-attr]
        if count("\n", start, end) < 2:
            edits.append((start, end, " "))
        start = find("   ", end)
    return edits


def _gap_count(phrase: str) -> int:
    """``len(_gap_variants(phrase))`` for a normalised phrase, without making them."""
    gaps = phrase.count(" ")
    return 1 if gaps == 0 else 2 if gaps == 1 else gaps + 2


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
