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

from collections.abc import Sequence

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
    flat: str, names: Names, cues: Sequence[tuple[int, int, int]]
) -> set[int]:
    """Indices of the ``names`` (all in one sentence, in order of position) that a cue
    binds to. Names are ``(start, end, ...)`` and cues ``(start, end, kind)``."""
    cited: set[int] = set()
    for cue_start, cue_end, kind in cues:
        cue = (cue_start, cue_end)
        if kind == VERB:
            bound = _nearest_before(flat, names, cue, _MAX_WORDS_BEFORE_VERB)
            if bound is None:
                bound = _nearest_after(flat, names, cue, _MAX_WORDS_AFTER_VERB)
        elif kind == ACCORDING:
            bound = _nearest_after(flat, names, cue, _MAX_WORDS_AFTER_ACCORDING)
        elif kind == VIEW_NOUN:
            bound = _possessor(flat, names, cue)
        else:  # BOOK: the nearest name on either side
            bound = min(
                range(len(names)),
                key=lambda i: min(abs(names[i][0] - cue[1]), abs(cue[0] - names[i][1])),
                default=None,
            )
        if bound is not None:
            cited.add(bound)
            cited.update(_coordinated(flat, names, bound))
    return cited


def _words_between(flat: str, start: int, end: int) -> int:
    return len(flat[start:end].split()) if end > start else 0


def _nearest_before(flat: str, names: Names, cue: Span, limit: int) -> int | None:
    for i in range(len(names) - 1, -1, -1):
        if names[i][1] <= cue[0]:
            return i if _words_between(flat, names[i][1], cue[0]) <= limit else None
    return None


def _nearest_after(flat: str, names: Names, cue: Span, limit: int) -> int | None:
    for i, name in enumerate(names):
        if name[0] >= cue[1]:
            return i if _words_between(flat, cue[1], name[0]) <= limit else None
    return None


def _possessor(flat: str, names: Names, cue: Span) -> int | None:
    for i in range(len(names) - 1, -1, -1):
        if names[i][1] <= cue[0]:
            gap = " ".join(flat[names[i][1]:cue[0]].split())
            return i if _possessive_then_noun(gap) else None
    return None


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
