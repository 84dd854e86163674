"""One draft, prepared once for every criterion: its text, sentences, words and the
phrases the rubric's automaton found in it, sorted into buckets by kind.

:func:`prepare` does the shared work of a check in order: blank the markup that is not
prose (front matter, HTML comments), fold the text (:mod:`ibessay.engine.text`), run the
one scanning pass (:mod:`ibessay.engine.scan`), split sentences
(:mod:`ibessay.engine.sentences`) and count words. Criteria read what they need from the
:class:`Draft` (:mod:`ibessay.engine.criteria`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import repeat
from typing import TYPE_CHECKING, Any

from .markup import blank_markup
from .report import Locator
from .sentences import Sentences, split
from .spans import Words
from .text import FlatText, fold, fold_plain, plain_punctuation

if TYPE_CHECKING:
    from ..content.model import Prompt
    from .compiled import CompiledRubric

# Markdown marks and dashes standing alone are not words: bullets, quote marks, headings
# and table bars at the start of a line, and dashes and bars between words.
_LINE_MARKS = re.compile(r"\n[ \t]*(?:[-*+>|]|#{1,6}|\d{1,3}[.)])(?=[ \t])")
# Whitespace (as str.split() sees it in ASCII) to b" ", everything else to b"x": a word
# starts at every b" x". Four times faster than splitting into a list of words.
_WORD_CHARS = bytes(32 if c in b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f" else 120 for c in range(256))

#: A hit handed to a criterion: (start, end, a, b, sentence), offsets in the flat text
#: (the phrase is flat[start:end]); a and b are what the criterion stored with the phrase.
Hit = tuple[int, int, Any, Any, int]


class Draft:
    """What every criterion sees of one draft."""

    __slots__ = ("name", "text", "folded", "flat", "sentences", "sentence_starts",
                 "words_per_sentence", "words", "locator", "corrections", "compiled",
                 "_buckets", "in_order", "_flat_words", "prompt", "essay")

    def __init__(self, name: str, text: str, folded: str, flat: FlatText,
                 sentences: Sentences, sentence_starts: list[int],
                 words_per_sentence: list[int], words: int, corrections: dict[str, str],
                 buckets: list[list[Hit]], in_order: bool, compiled: CompiledRubric,
                 prompt: Prompt | None = None) -> None:
        self.name = name
        self.text = text  # the draft, markup blanked
        self.folded = folded
        self.flat = flat
        self.sentences = sentences
        self.sentence_starts = sentence_starts  # in flat offsets, where the hits are
        self.words_per_sentence = words_per_sentence
        self.words = words
        self.locator = Locator(text, flat, folded)
        self.corrections = corrections
        self.compiled = compiled
        self._buckets = buckets
        #: False when a long phrase made a hit's sentence come before the previous one's.
        self.in_order = in_order
        self._flat_words: Words | None = None
        #: The question the draft answers, when checked against a prompt: its command
        #: term and wording (else the rubric's ``command_term`` and title stand in).
        self.prompt = prompt
        #: Its introduction and conclusion, and the sentences that are not prose
        #: (headings, a title ...), once a criterion has asked
        #: (:func:`~ibessay.engine.criteria.signals.essay_of`).
        self.essay: tuple[Any, frozenset[int]] | None = None

    @property
    def flat_words(self) -> Words:
        """Words between two offsets of the flat text (one index for every criterion,
        built only if a gap is long: see :class:`~ibessay.engine.spans.Words`)."""
        if self._flat_words is None:
            self._flat_words = Words(self.flat.text)
        return self._flat_words

    def hits(self, kind: str) -> list[Hit]:
        """The hits of phrases registered under ``kind``, in order of their end."""
        return self._buckets[self.compiled.kind_index[kind]]

    def memo(self, criterion: str) -> dict[Any, Any]:
        """A criterion's memory across drafts of this rubric (bounded; see CompiledRubric)."""
        return self.compiled.memo(criterion)


def prepare(text: str, compiled: CompiledRubric, name: str = "-",
            prompt: Prompt | None = None) -> Draft:
    """Blank markup, fold, scan, split and count ``text``, once for every criterion
    (``prompt``: the question it answers, if known)."""
    text = blank_markup(text)
    # Where the folding, the misspelt names and the sentence splitting read the draft's
    # characters, its typographic punctuation is ASCII (cheaper to fold, the same letters).
    plain = plain_punctuation(text)
    folded = fold_plain(plain)
    scan = compiled.scanner.scan(folded, plain)
    sentences = split(folded, plain)
    flat_text = scan.flat.text
    # Sentence starts in flat offsets, where the hits are.
    flat_starts = scan.flat.to_flat_all(sentences.starts)

    # The hottest loop of the engine: one turn per phrase found (hundreds per essay),
    # each meaning handed to the bucket of its kind. Hits come in order of their end, so
    # the sentence moves forward with them; a hit that starts before the current
    # sentence (a long phrase) is looked up.
    buckets: list[list[Hit]] = [[] for _ in compiled.scanner.kinds]
    appenders = [bucket.append for bucket in buckets]
    in_order = True
    sentence = 0
    bounds = [*flat_starts[1:], len(flat_text) + 1]
    for last, (n, entries) in scan.hits:
        start = last - n
        while start >= bounds[sentence]:
            sentence += 1
        if start < flat_starts[sentence]:
            sentence = bisect_right(flat_starts, start) - 1
            in_order = False
        for kind, a, b in entries:
            appenders[kind]((start, last - 1, a, b, sentence))

    # Words per sentence set the period shares; the total, counted as a word processor
    # would, starts from their sum. Both from one marking of word starts.
    marks = _word_marks(folded)
    words_per_sentence = _words_per_sentence(folded, marks, sentences)
    words = count_words(folded, sum(words_per_sentence), sentences.line_marks)
    return Draft(name, text, folded, scan.flat, sentences, flat_starts, words_per_sentence,
                 words, scan.corrections, buckets, in_order, compiled, prompt)


def count_words(
    folded: str, word_starts: int | None = None, line_marks: int | None = None
) -> int:
    """Words as a word processor counts them: hyphenated words and dates are one word,
    Markdown marks and dashes between spaces are none. ``word_starts`` (runs of
    non-space characters) and ``line_marks`` (Markdown marks at line starts, as
    :class:`~ibessay.engine.sentences.Sentences` counts them): when the caller has them."""
    if line_marks is None:
        line_marks = len(_LINE_MARKS.findall("\n" + folded))
    if word_starts is None:
        marks = _word_marks(folded)
        word_starts = len(folded.split()) if marks is None else \
            marks.count(b" x") + marks.startswith(b"x")
    # A bar is rare outside tables, and looking for one character is cheap.
    bars = folded.count(" | ") if "|" in folded else 0
    return word_starts - line_marks - folded.count(" - ") - bars


def words_in(text: str) -> int:
    """Words of a whole draft, as a check counts them (comments and front matter
    excluded)."""
    return count_words(fold(blank_markup(text)))


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
