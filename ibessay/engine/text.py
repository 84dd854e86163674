"""Normalising text so that a phrase matches however the student typed it.

Drafts and rubric phrases go through the same steps, so a match is a plain substring
search afterwards:

1. :func:`fold` lower-cases and folds diacritics, curly quotes and dashes. It keeps the
   length of the text, so an offset in the folded text is an offset in the draft.
2. :func:`spaced` turns every ASCII character that is not a letter or digit into a space
   (still the same length): "de-Stalinisation", "de Stalinisation" and
   "**de**-Stalinisation" meet, and a word boundary is always a space.
3. :class:`FlatText` applies spelling corrections of names. That changes lengths, so it
   keeps anchors to map every offset back to the draft.

Spaces are never collapsed (that would need an anchor at every comma); instead the
scanner also looks for multi-word phrases with a double space where a comma or a full
stop may stand (:func:`ibessay.engine.scan._gap_variants`).
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache

_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# Characters NFKD leaves alone but which have an obvious one-letter base.
_EXTRA_FOLDS = {
    "ß": "s", "æ": "a", "œ": "o", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i",
    "þ": "t", "ħ": "h", "ŋ": "n",
}
_PUNCT_FOLDS = {
    **dict.fromkeys("‘’‚‛′ʼʹ`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    # Space-like characters (no-break, thin, ideographic...) and the soft hyphen.
    **dict.fromkeys("\u00a0\u00ad\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                    "\u2009\u200a\u200b\u202f\u205f\u3000\ufeff", " "),
    "…": ".",
}
# Between words, punctuation, hyphens, line breaks and Markdown marks all act as a space:
# "de-Stalinisation" is "de stalinisation", "Khrushchev's" is "khrushchev s".
_SPACED_BYTES = bytes(c if chr(c).isalnum() and c < 128 else 32 for c in range(256))
# The same for UTF-8: a byte below 128 is always a whole ASCII character there, so bytes
# from 128 up (the parts of every other character) are kept as they are.
_SPACED_UTF8 = bytes(c if chr(c).isalnum() or c >= 128 else 32 for c in range(256))


# Accented Latin letters (U+00C0-U+024F) and their base letters, as NFKD decomposition
# gives them. Spelled out because computing them with unicodedata costs ~8 ms per run;
# tests/test_textnorm.py recomputes and compares.
LATIN_ACCENTED = (
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆ"
    "ćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐő"
    "ŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚ"
    "ǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮ"
    "ȯȰȱȲȳ"
)
LATIN_BASES = (
    "aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaac"
    "cccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooo"
    "rrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzsoouuaaiioouuuuuuuu"
    "uuaaaaggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeooooo"
    "oooyy"
)


@lru_cache(maxsize=1)
def _fold_table() -> dict[str, str]:
    """Map each non-ASCII character we fold to its replacement (one character)."""
    table = dict(zip(LATIN_ACCENTED, LATIN_BASES))
    table.update(_EXTRA_FOLDS)
    table.update(_PUNCT_FOLDS)
    return table


# The typographic quotes and dashes a word processor types, most common first, as fold()
# gives them. Replaced in C before the folding codec: each non-ASCII run costs that codec
# a call of _fold_run (~9,000 instructions), and real prose has ~45 a draft, nearly all
# "’" (callgrind on the drafts of bench_classset.py --essay: fold 573,000 -> 160,000
# instructions a draft; bench_instructions.py --essay: -5 %).
_TYPOGRAPHIC = tuple((char, _PUNCT_FOLDS[char]) for char in "’–“”—‘")


def plain_punctuation(text: str) -> str:
    """``text`` with typographic quotes and dashes as their ASCII folds: same length,
    same letters, the same fold()."""
    for char, plain in _TYPOGRAPHIC:
        if text.isascii():  # a flag: free
            break
        if char in text:
            text = text.replace(char, plain)
    return text


def fold(text: str) -> str:
    """Lower-case ``text`` and fold accents, quotes and dashes, keeping its length."""
    if text.isascii():
        return text.lower()
    return fold_plain(plain_punctuation(text))


def fold_plain(text: str) -> str:
    """:func:`fold` for a text :func:`plain_punctuation` has been through."""
    if text.isascii():
        return text.lower()
    if "\0" not in text:  # as in every text draft: NUL marks what cannot be folded
        # The ASCII encoder runs in C and calls _fold_run only for the few non-ASCII
        # runs (curly quotes, dashes, accents): four times faster than lower() and a
        # pass over the text, and lower() is cheap on the ASCII result.
        low = text.encode("ascii", _FOLD_ERRORS).decode("ascii").lower()
        if "\0" not in low:
            return low
        # Characters with no fold (an arrow in notes, Greek, Chinese) came out as NUL:
        # put them back, lower-cased where that keeps the length. Three times faster
        # than the pass below for a draft with an arrow or two (bench_classset.py);
        # tests/test_textnorm.py checks that both give the same.
        pieces: list[str] = []
        done = 0
        at = low.find("\0")
        while at != -1:
            kept = text[at].lower()
            pieces += (low[done:at], kept if len(kept) == 1 else text[at])
            done = at + 1
            at = low.find("\0", done)
        pieces.append(low[done:])
        return "".join(pieces)
    return _fold_char_by_char(text)


def _fold_char_by_char(text: str) -> str:
    """:func:`fold`, the slow way: for a text with NUL characters in it."""
    low = text.lower()
    if len(low) != len(text):  # e.g. "İ" lower-cases to two characters
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    table = _fold_table()
    for char in set(_NON_ASCII.findall(low)):
        folded = table.get(char)
        if folded is not None:
            low = low.replace(char, folded)
    return low


def _fold_run(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the folds of a run of non-ASCII characters; NUL for each
    character with no one-letter ASCII fold (fold() puts those back)."""
    assert isinstance(exc, UnicodeEncodeError)
    table = _fold_table()
    out = []
    for char in exc.object[exc.start:exc.end]:
        out.append(table.get(char) or table.get(char.lower()) or "\0")
    return "".join(out), exc.end


_FOLD_ERRORS = "ibessay-fold"
codecs.register_error(_FOLD_ERRORS, _fold_run)


def spaced(folded: str) -> str:
    """Replace everything but letters and digits in folded text by spaces."""
    if folded.isascii():  # as most drafts are once folded: bytes translate faster
        return folded.encode("ascii").translate(_SPACED_BYTES).decode("ascii")
    # Text fold() leaves non-ASCII (an arrow in notes, Greek, Chinese): str.translate
    # looks up every character in Python, 20 times slower than bytes.translate on its
    # UTF-8 (0.5 ms a draft; bench/bench_classset.py). surrogatepass: stdin decoded with
    # surrogateescape may hold lone surrogates; they pass through unchanged.
    return folded.encode("utf-8", "surrogatepass").translate(_SPACED_UTF8).decode(
        "utf-8", "surrogatepass")


def normalize_phrase(phrase: str) -> str:
    """The form a rubric phrase is matched in: folded, spaced, single spaces, trimmed."""
    return " ".join(spaced(fold(phrase)).split())


class FlatText:
    """The spaced text a rubric's phrases are matched in, mapped back to the draft.

    Usually it *is* the spaced text, offset for offset. Spelling corrections ("Kruschev"
    -> "khrushchev") change lengths; then anchors map every offset back.

    Attributes:
        text: the flat text that phrases are matched against.
    """

    __slots__ = ("text", "_flat_starts", "_orig_starts", "_orig_limits")

    def __init__(self, source: str, edits: Iterable[tuple[int, int, str]] = ()) -> None:
        """Build from ``source`` (the spaced text, as long as the draft).

        Args:
            source: output of :func:`spaced`.
            edits: ``(start, end, replacement)`` edits in ``source`` offsets, such as
                spelling corrections; they must not overlap.
        """
        pieces: list[str] = []
        flat_starts = [0]
        orig_starts = [0]
        orig_limits = [len(source)]  # largest original offset reachable in each segment
        flat_len = 0
        cursor = 0
        for start, end, replacement in sorted(edits):
            pieces.append(source[cursor:start])
            flat_len += start - cursor
            # The replaced stretch maps onto the original stretch, clamped to its end.
            flat_starts.append(flat_len)
            orig_starts.append(start)
            orig_limits.append(end - 1)
            pieces.append(replacement)
            flat_len += len(replacement)
            # After it, the text is a plain copy again.
            flat_starts.append(flat_len)
            orig_starts.append(end)
            orig_limits.append(len(source))
            cursor = end
        pieces.append(source[cursor:])
        self.text = "".join(pieces) if len(pieces) > 1 else source
        self._flat_starts = flat_starts
        self._orig_starts = orig_starts
        self._orig_limits = orig_limits

    @property
    def is_identity(self) -> bool:
        """True when flat offsets are draft offsets (no corrections were applied)."""
        return len(self._flat_starts) == 1

    def to_flat(self, pos: int) -> int:
        """The flat offset of draft offset ``pos`` (the start of an edit, inside one)."""
        return self.to_flat_all([pos])[0]

    def to_flat_all(self, positions: list[int]) -> list[int]:
        """:meth:`to_flat` for sorted draft offsets, in one walk."""
        if self.is_identity:
            return positions
        out: list[int] = []
        starts, flat_starts = self._orig_starts, self._flat_starts
        segments = len(starts)
        lo = 0
        # Segment by segment: a slice of positions moves by one constant; only inside a
        # replaced stretch (shorter or longer than the original) are they clamped.
        for i in range(segments):
            last = i + 1 == segments
            hi = len(positions) if last else bisect_left(positions, starts[i + 1], lo)
            if hi > lo:
                shift = flat_starts[i] - starts[i]
                flat_end = len(self.text) if last else flat_starts[i + 1]
                orig_end = self._orig_limits[i] + 1 if last else starts[i + 1]
                if flat_end - flat_starts[i] == orig_end - starts[i]:
                    out += [p + shift for p in positions[lo:hi]]
                else:
                    cap = flat_starts[i] + max(flat_end - flat_starts[i] - 1, 0)
                    out += [min(p + shift, cap) for p in positions[lo:hi]]
            lo = hi
        return out

    def to_source(self, pos: int) -> int:
        """The offset in the original draft of flat offset ``pos``."""
        i = bisect_right(self._flat_starts, pos) - 1
        return min(self._orig_starts[i] + pos - self._flat_starts[i], self._orig_limits[i])


class LineIndex:
    """Turns an offset in the draft into a 1-based line and column (in characters)."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        # Each line starts one past a line break. str.find skips to the next in C; split()
        # copied every line of the draft first, twice as slow on a typical essay.
        starts = [0]
        find = text.find
        end = find("\n")
        while end != -1:
            starts.append(end + 1)
            end = find("\n", end + 1)
        self._starts = starts

    def line_col(self, pos: int) -> tuple[int, int]:
        line = bisect_right(self._starts, pos)
        return line, pos - self._starts[line - 1] + 1
