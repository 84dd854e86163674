"""Splitting a draft into sentences and paragraphs.

Co-occurrence rules, citations and date checks all work "within one sentence", so the
boundaries matter more than elegance: "Lorenz M. Lüthi", "c. 1950", "e.g." and "U.S."
must not end a sentence, and Markdown structure (headings, bullets, table rows, blank
lines) must. Works on folded text (see :mod:`ibessay.engine.text`), so offsets are draft
offsets.
"""

import operator
import re
from itertools import accumulate
from typing import NamedTuple

# Each pattern starts with a literal character, so the regex engine can skip ahead to it
# instead of trying every position (a few microseconds instead of ~80 per essay).
# (mark, pattern): looking for the mark alone is cheaper than a regex pass when an
# essay has none, as most have no "!".
_ENDS: tuple[tuple[str, re.Pattern[str]], ...] = ()  # set below, after _full_stops()
# Lines that start a new sentence: Markdown headings, bullets, numbered items, quotes,
# table rows and footnote definitions; headings and table rows also end at their newline.
# A mark followed by a space or a tab is not a word (see Sentences.line_marks). A
# footnote's label holds no bracket (as a link label in CommonMark): each "[^" that
# is never closed reads on only to the next bracket, not to the end of the draft.
_BLOCK_LINE = re.compile(
    r"\n[ \t]*(?:(?P<own>#{1,6}(?=\s)|\|)|[-*+](?=\s)|\d{1,3}[.)](?=\s)|>"
    r"|(?P<note>\[\^[^\[\]]+\]:))"
)
_END = operator.methodcaller("end")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st vs etc eg ie cf ca c al ed eds vol vols no nos pp p fig ch "
    "jan feb mar apr jun jul aug sep sept oct nov dec gen col lt capt sgt rev jr sr "
    "approx esp incl".split()
)


def _full_stops() -> re.Pattern[str]:
    """A full stop that may end a sentence, with the stops that cannot ruled out by
    look-behinds, so that the regex engine does the checking in C: after an initial or
    one-letter word ("Lorenz M. Lüthi"), a word with a dot in it ("e.g.", "U.S."), or a
    known abbreviation ("c.", "Dr.", "approx."). A word starts after a space or a line
    break, and any opening brackets or quotes ("(c. 1950").

    Look-behinds must have one width each, so the abbreviations go by length."""
    by_length: dict[int, list[str]] = {}
    for word in sorted(_ABBREVIATIONS):
        by_length.setdefault(len(word), []).append(word)
    # A dot earlier in the same word: "u.s.", "e.g.", ".com.", "etc..".
    not_after = [r"(?<!\.\.)", r"(?<!\.\S\.)", r"(?<!\.\S\S\.)", r"(?<!\.\S\S\S\.)"]
    for length in sorted({1, *by_length}):
        words = r"[^\s(\"'\[]" if length == 1 else "(?:" + "|".join(by_length[length]) + ")"
        # ...when a word start (a space, a line break, an opening bracket or quote, or
        # the start of the text) stands before it.
        not_after.append(rf"(?<!(?<![^ \n(\"'\[]){words}\.)")
    return re.compile(r"\.(?:" + "".join(not_after) + r")[\"')\]]*\s+(?=\S)")


class Sentences(NamedTuple):
    """Sentence and paragraph boundaries of a draft, as sorted start offsets."""

    starts: list[int]
    paragraph_of: list[int]  # paragraph index of each sentence
    length: int
    # Markdown marks that start a line, followed by a space or a tab: "- ", "1. ", "# ",
    # "> ", "| ". A word count leaves them out (see draft.count_words).
    line_marks: int = 0

    def spans(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, [*self.starts[1:], self.length]))


def split(folded: str, original: str) -> Sentences:
    """Find sentence starts in ``folded``; ``original`` tells capitals from lower case."""
    n = len(folded)
    starts = {0}
    paragraph_starts = {0}
    for match in _BLANK_LINES.finditer(folded):
        starts.add(match.end())
        paragraph_starts.add(match.end())
    line_marks = 0
    padded = "\n" + folded  # so that line 1 is seen too
    for match in _BLOCK_LINE.finditer(padded):
        line_start = match.start()  # in folded: the newline is one character earlier
        starts.add(line_start)
        if padded[match.end():match.end() + 1] in (" ", "\t") and not match.group("note"):
            line_marks += 1
        own = match.group("own")
        if own:
            line_end = folded.find("\n", line_start)
            starts.add(n if line_end == -1 else line_end + 1)
            if own[0] == "#":
                paragraph_starts.add(line_start)
    # A lower-case letter after the stop continues the sentence: "e.g. the treaty".
    for mark, pattern in _ENDS:
        if mark not in folded:
            continue
        starts.update([end for end in map(_END, pattern.finditer(folded))
                       if not original[end].islower()])
    ordered = sorted(starts)
    while len(ordered) > 1 and ordered[-1] >= n:  # a break at the very end starts nothing
        ordered.pop()
    if len(paragraph_starts) == 1:
        return Sentences(ordered, [0] * len(ordered), n, line_marks)
    # Every paragraph start is a sentence start: count them off as they pass (in C).
    paragraph_of = list(accumulate(map(paragraph_starts.__contains__, ordered), initial=-1))
    del paragraph_of[0]
    return Sentences(ordered, paragraph_of, n, line_marks)


_ENDS = (
    (".", _full_stops()),
    *((mark, re.compile(re.escape(mark) + r"[\"')\]]*\s+(?=\S)")) for mark in "!?"),
)
