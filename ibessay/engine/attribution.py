"""Is a historian *cited* (a view attributed to them) or only *mentioned*?

A name counts as cited when a reporting cue in the same sentence is bound to it:

* a reporting verb after the name ("Westad argues", "Lüthi, in his 2008 study, contends")
  or just before it ("as argued by Radchenko"), or a cue the rubric adds
  (``citation_cues:``), read the same way;
* "according to" just before the name;
* a possessive view noun after it ("Chen Jian's interpretation", "Gaddis's thesis");
* "in his/her/their book" anywhere in the sentence;
* a note form, as plans write them (:func:`note_form`): "Gaddis — Stalin main cause",
  "Kolko: open door" (a name opening its line or sentence, then a colon or dash), "For
  Feis, ...", "In Alperovitz's book ...".

Each cue binds to the nearest name, so in "Kissinger flew to Beijing in 1971, a trip
Westad argues was decisive" only Westad is cited. Names joined by "and" or a comma share
the cue ("Westad and Lüthi argue").

Some names are *ambiguous*: a historian who was also an actor (Kissinger in 1971–72), or
a short name the draft also uses for someone else ("Chen" where "Chen Yi" is named).
Such a name is cited only by a cue that speaks of a writer (:data:`WRITER_CUES`: a
present-tense or perfect verb, "according to", a view noun such as "interpretation",
"in his memoirs", "In Kissinger's book"), or by any cue when the sentence refers to
writing (a work's title, "book", "memoirs", "wrote", "later"). "Kissinger believed the
split could be exploited" describes the actor: a past-tense belief, no writing.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import accumulate

from .spans import Words

# Cue kinds: phrases found by the scan ...
VERB, ACCORDING, VIEW_NOUN, BOOK, VERB_PAST, STANCE_NOUN = range(6)
# ... and note forms, read around a name (note_form).
NOTE_LABEL, NOTE_FOR, NOTE_IN_BOOK, NOTE_REFERENCE = range(6, 10)
#: Cues that attribute a view to a writer even where the name may be an actor's.
WRITER_CUES = frozenset((VERB, ACCORDING, VIEW_NOUN, BOOK, NOTE_IN_BOOK, NOTE_REFERENCE))
#: What each kind of cue is called in ``check --explain``.
CUE_NAMES = {
    VERB: "the reporting verb", VERB_PAST: "the reporting verb", ACCORDING: "the phrase",
    VIEW_NOUN: "the view noun", STANCE_NOUN: "the view noun", BOOK: "the phrase",
    NOTE_LABEL: "the note form (name, then a colon or dash)", NOTE_FOR: "the note form",
    NOTE_IN_BOOK: "the note form", NOTE_REFERENCE: "the reference in brackets",
}

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
    "deduce", "reason", "allege", "affirm", "hypothesise", "caution", "qualify", "say",
)
# Verbs that speak of writing in any tense ("Kissinger wrote that ...").
_WRITER_VERBS = frozenset(("write",))
_ACCORDING = ("according to", "in the view of", "in the words of", "as argued by",
              "as shown by", "as noted by", "in the opinion of", "as claimed by")
# Nouns for what a writer produces ...
_VIEW_NOUNS = (
    "interpretation", "thesis", "analysis", "argument", "reading", "contention", "theory",
    "hypothesis", "account", "evaluation", "critique", "characterisation", "portrayal",
    "depiction", "explanation",
)
# ... and for what anyone may hold: "Kissinger's view was that ..." may be the actor's.
_STANCE_NOUNS = (
    "view", "assessment", "conclusion", "claim", "position", "perspective", "verdict",
    "judgement", "judgment", "emphasis", "insistence", "opinion",
)
_BOOK = tuple(
    f"in {who} {what}"
    for who in ("his", "her", "their")
    for what in ("book", "books", "study", "monograph", "memoir", "memoirs", "history")
)
#: Words that refer to writing: with one in its sentence, an ambiguous name may be
#: cited by any cue, and is mentioned without one ("Kissinger's memoirs are long").
#: (Works' titles are added by the rubric.)
WRITING_WORDS = ("book", "books", "memoir", "memoirs", "wrote", "writes", "written",
                 "autobiography")
#: Words that let any cue cite an ambiguous name ("Kissinger later argued"), but do not
#: make it a mention ("Kissinger later returned to Beijing").
LOOKING_BACK = ("later", "in retrospect", "looking back")

_MAX_WORDS_BEFORE_VERB = 12  # "Lüthi, in The Sino-Soviet Split (2008), argues"
_MAX_WORDS_AFTER_VERB = 3  # "argues Radchenko", "as argued by Radchenko"
_MAX_WORDS_AFTER_ACCORDING = 4  # "according to the historian Lorenz Lüthi"
# Gaps in the flat text, where punctuation is already a space: "Westad's influential
# interpretation" leaves " s influential "; "Westad, Lüthi and Radchenko" leaves " ", " and ".
_COORDINATORS = frozenset(("", "and", "or", "as well as"))


def cue_phrases(extra: Iterable[str] = ()) -> dict[str, int]:
    """Every normalised cue phrase and its kind (used when a rubric is compiled);
    ``extra`` are a rubric's own cues, read as reporting verbs."""
    from .wordforms import phrase_inflections, spelling_variants

    out: dict[str, int] = {}
    for verb in (*_VERBS, *extra):
        forms = phrase_inflections(verb.lower())
        writer = verb in _WRITER_VERBS
        lemma = _lemma(verb.lower(), forms)
        for form in sorted(forms):
            kind = VERB if writer or _present(form, lemma) else VERB_PAST
            for variant in spelling_variants(form):  # emphasise, emphasize
                out.setdefault(variant, kind)
    for nouns, kind in ((_VIEW_NOUNS, VIEW_NOUN), (_STANCE_NOUNS, STANCE_NOUN)):
        for noun in nouns:
            for form in phrase_inflections(noun.title()):  # a noun: plural only
                for variant in spelling_variants(form):
                    out.setdefault(variant, kind)
    out.update(dict.fromkeys(_ACCORDING, ACCORDING))
    out.update(dict.fromkeys(_BOOK, BOOK))
    return out


def _lemma(verb: str, forms: set[str]) -> str:
    """The first word of a verb's base form: "argue" for "argue", "contends", "argued"."""
    first = verb.split(" ", 1)[0]
    if not first.endswith(("s", "ed", "ing")):
        return first
    bases = [f.split(" ", 1)[0] for f in forms]
    bases = [b for b in bases if not b.endswith(("s", "ed", "ing"))]
    return min(bases, key=len) if bases else first


def _present(form: str, lemma: str) -> bool:
    """Is a verb form present tense ("argue", "argues", "arguing"), not past ("argued",
    "held", "shown")?"""
    first = form.split(" ", 1)[0]
    return first == lemma or first.endswith(("s", "ing"))


Span = tuple[int, int]  # (start, end) in the flat text
Names = Sequence[tuple[int, ...]]  # (start, end, ...) of each name, in order


Cue = tuple[int, int, int]  # (start, end, kind) in the flat text


def bind_cues(
    flat: str, names: Names, cues: Sequence[Cue], words: Words | None = None,
    ambiguous: Collection[int] = (), writing: bool = False,
    rejected: dict[int, Cue] | None = None,
) -> dict[int, Cue]:
    """The ``names`` (all in one sentence, in order of position) that a cue binds to:
    their indices, each with the first cue that cites it. Names are ``(start, end, ...)``
    and cues ``(start, end, kind)``.

    Names whose index is in ``ambiguous`` (an actor's, or a namesake's) are cited only
    by a writer's cue, or by any cue when ``writing`` (the sentence refers to writing);
    a cue that binds to one and does not cite it is kept in ``rejected``.

    Each cue finds its name by bisection, and ``words`` (for ``flat``: one for all the
    sentences of a draft, so that it is indexed once if at all) counts the words up to
    it: a sentence of 100,000 names and cues takes a second, not hours."""
    cited: dict[int, Cue] = {}
    if not cues or not names:
        return cited
    lookup = _Lookup(flat, names, Words(flat) if words is None else words)
    check = None if writing or not ambiguous else ambiguous
    for cue in cues:
        kind = cue[2]
        span = (cue[0], cue[1])
        if kind == VERB or kind == VERB_PAST:
            bound = lookup.before(span, _MAX_WORDS_BEFORE_VERB)
            if bound is None:
                bound = lookup.after(span, _MAX_WORDS_AFTER_VERB)
        elif kind == ACCORDING:
            bound = lookup.after(span, _MAX_WORDS_AFTER_ACCORDING)
        elif kind == VIEW_NOUN or kind == STANCE_NOUN:
            bound = lookup.possessor(span)
        else:  # BOOK: the nearest name on either side
            bound = lookup.either_side(span)
        # A name already cited brought the names coordinated with it along.
        if bound is None or bound in cited:
            continue
        if check is not None and bound in check and not _writer(flat, names[bound], cue):
            # "Westad and Kissinger agreed": Westad still shares the cue.
            if rejected is not None:
                rejected.setdefault(bound, cue)
        else:
            cited[bound] = cue
        for other in _coordinated(flat, names, bound):
            if check is None or other not in check or _writer(flat, names[other], cue):
                cited.setdefault(other, cue)
    return cited


def _writer(flat: str, name: tuple[int, ...], cue: Cue) -> bool:
    """Does ``cue``, bound to ``name``, attribute a view to a writer (not an actor)?"""
    kind = cue[2]
    if kind == VERB_PAST:  # "has argued", not "argued" or "had argued"
        return flat[max(cue[0] - 6, 0):cue[0]].endswith((" has ", " have "))
    if kind == VERB and name[1] < cue[0]:
        # "Kissinger's view", "Kissinger's claim": a verb's form used as a noun
        return flat[name[1]:cue[0]].split() != ["s"]
    return kind in WRITER_CUES


NOTE_OPENING = 6  # flat characters before a name that opens its line: "  12  "
# Patterns as sources, compiled on first use (re keeps them): compiling six at import
# cost ~1 ms of every start-up, and most checks never read a note form.
_BOOK_NOUNS = ("book", "books", "study", "studies", "monograph", "memoir", "memoirs",
               "history", "work", "works", "biography", "article")
# After a possessive, at most one word, then a book: " s book", " s 1965 book".
_IN_BOOK = r" +s +(?:[a-z0-9]+ +)?(?:{}) ".format("|".join(_BOOK_NOUNS))
# After a name in the draft: spaces or emphasis, an optional "et al." and "(1998)", then
# the mark.
_AFTER_NAME = r"[ \t*_]*(?:et al\.?[ \t]*)?(?:\([^()\n]{0,40}\)[ \t*_]*)?(:|--?|—|–|,)"
# "Kissinger, *On China*: ...": after the comma, a title of a few words, then a colon.
_TITLE_THEN_COLON = r"[^,;:.!?()\n]{1,60}:"
# A reference in brackets: "(Westad, 1998)", "(see Westad 1998, p. 12)", "(Lüthi 2008: 4)".
_BEFORE_REFERENCE = r"(?i)\((?:see |cf\.? |e\.g\.? )?[ \t]*\Z"
_AFTER_REFERENCE = r"(?:[ \t]+et al\.?)?,?[ \t]+\d{4}[a-z]?[,;:)\s]"
# A table cell the name opens: "| 1953–1960 | strain | Lüthi — ideology decisive |".
_CELL_OPENING = r"\|[ \t*_]*\Z"


def may_open_note(text: str, at: int) -> bool:
    """Could a note form start at the name at ``at`` in the draft, given what stands
    before it: a bracket ("(Westad, 1998)") or a table cell's bar ("| Lüthi — ...")?
    (The quick test; :func:`note_form` decides.)"""
    before = text[max(at - 8, 0):at].rstrip(" \t*_")
    return before.endswith(("(", "|")) or bool(
        re.compile(_BEFORE_REFERENCE).search(text, max(at - 8, 0), at))


def note_form(flat: str, text: str, to_source: Callable[[int], int],
              first: tuple[int, ...], last: tuple[int, ...], sentence_start: int) -> int | None:
    """The note form that attributes a view to the names ``first`` ... ``last`` (one
    name, or names joined by "and"), or None. ``text`` is the draft and ``to_source``
    maps a flat offset into it; ``sentence_start`` is the flat offset of the sentence.

    * NOTE_LABEL: the name opens its line or sentence and a colon or a dash follows it
      ("Gaddis — Stalin main cause", "Kolko: open door", "Westad (1998): doomed");
    * NOTE_FOR: "For Feis, ..." ("For" with its capital, a comma after the name);
    * NOTE_IN_BOOK: "In Alperovitz's book ...", "in Kissinger's memoirs";
    * NOTE_REFERENCE: a reference in brackets after a claim: "(Westad, 1998)".
    """
    name_at = to_source(first[0])
    if text[name_at - 1:name_at] in ("(", " ") and re.compile(_BEFORE_REFERENCE).search(
            text, max(name_at - 8, 0), name_at):
        end = to_source(last[1] - 1) + 1
        return NOTE_REFERENCE if re.compile(_AFTER_REFERENCE).match(text, end) else None
    before = flat[max(first[0] - 5, 0):first[0]].rjust(5)  # " for " or "   in "
    if before.endswith(" in "):
        return NOTE_IN_BOOK if re.compile(_IN_BOOK).match(flat, last[1]) else None
    if before == " for ":
        at = to_source(first[0] - 4)
        if text[at:at + 3] != "For":
            return None
        mark = re.compile(_AFTER_NAME).match(text, to_source(last[1] - 1) + 1)
        return NOTE_FOR if mark is not None and mark.group(1) == "," else None
    if not re.compile(_CELL_OPENING).search(text, max(name_at - 8, 0), name_at):  # "| Gaddis"
        if first[0] - sentence_start > NOTE_OPENING:
            return None
        opening = flat[sentence_start:first[0]].strip()
        if opening and not opening.isdigit():  # "Gaddis", "- Gaddis", "2) Gaddis"
            return None
    end = to_source(last[1] - 1) + 1
    mark = re.compile(_AFTER_NAME).match(text, end)
    if mark is None:
        return None
    if mark.group(1) == ",":  # "Kissinger, On China: ..."; not "Gaddis, who ..."
        return NOTE_LABEL if re.compile(_TITLE_THEN_COLON).match(text, mark.end()) else None
    if mark.group(1) != ":":
        if text[mark.end():mark.end() + 1] not in (" ", "\t"):
            return None  # "Gaddis-style", not "Gaddis - ..."
        # "Westad — a Norwegian historian — wrote ...": a dash that closes is an aside.
        line_end = text.find("\n", mark.end())
        rest = text[mark.end():line_end if line_end >= 0 else len(text)]
        if f" {mark.group(1)} " in rest:
            return None
    return NOTE_LABEL


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


def name_groups(flat: str, names: Names) -> list[tuple[int, int]]:
    """Runs of names joined by "and" or commas ("Westad and Lüthi"): (first, last) indices."""
    out = []
    first = 0
    for i in range(1, len(names) + 1):
        if i == len(names) or " ".join(flat[names[i - 1][1]:names[i][0]].split()) \
                not in _COORDINATORS:
            out.append((first, i - 1))
            first = i
    return out


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
