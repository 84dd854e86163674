"""Signals: cue words that show what a command term and an essay's structure ask for.

Shared by the ``command_term`` and ``structure`` criteria (:mod:`.command_term`,
:mod:`.structure`): the cue words, which signal each one points to, and the few rules
that keep a cue from counting where a plain reader would not count it. Cues are phrases
of the one scanning pass (kind ``"signal-cue"``), so they are matched as whole words,
case-insensitively, inside one sentence, at no cost beyond the scan.

The rules (docs/authoring.md, "Command-term and structure signals"):

* ``while``, ``whilst``, ``like`` and ``so`` count only at the start of a sentence or
  a clause (after a comma, a semicolon, a colon, a dash or a bracket): "Stalin feared
  Tito, while Mao needed aid", "Like Hitler, Stalin ..."; and ``while`` not as a time
  word: not before an *-ing* word ("while visiting Beijing"), ``in``/``at``/``on``/
  ``during``/``still``/``under``, nor before "he was in", "they were still" ...;
* ``both`` counts at the start of a sentence or clause, or after a preposition, a
  pronoun or *to be*/*to have* ("in both cases", "they both", "were both"), not inside
  a clause ("the war both tested and tightened the alliance") nor in "both sides";
* ``as in`` not after "such"; ``different`` not in "different region(s)" (the
  question's own words); ``more than``/``less than`` not before a number (in
  digits or words: "more than a million");
  ``since`` not as a time word ("since 1956", "since then", "since the war").

The paragraphs of an essay (:func:`layout`): the *introduction* is the first prose
paragraph, the *conclusion* the last. Markdown headings, a one-sentence paragraph that
does not end in a full stop (a title, the question copied), footnote definitions, and
everything from a "Bibliography", "References", "Works cited", "Sources" or "Word count"
line on are not prose. A draft of one paragraph: its first two sentences are the
introduction, its last two the conclusion.
"""

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ..draft import Draft, Hit
    from ..scan import PhraseBook

#: The kind the cues are registered under in the phrase book.
CUE_KIND = "signal-cue"  # not "cue": the historians criterion names its reporting verbs so

# What a cue points to. "verdict" is the judgement and the conclusion's answer; "thesis"
# an argument stated in the introduction.
SIMILARITIES = "similarities"
DIFFERENCES = "differences"
COUNTER = "counter-argument"
VERDICT = "verdict"
LINK = "linked-factors"
CAUSE = "causes"
THESIS = "thesis"

# Rules a cue must pass in its sentence (see the module docstring).
_ANY, _CLAUSE, _WHILE, _BOTH, _AS_IN, _NOT_NUMBER, _SINCE, _DIFFERENT = range(8)

_S, _D, _C, _V, _L, _K, _T = SIMILARITIES, DIFFERENCES, COUNTER, VERDICT, LINK, CAUSE, THESIS

#: (cue, what it points to, rule). Written as students write them; the scan matches them
#: as whole words in any case, with any spacing.
CUES: tuple[tuple[str, tuple[str, ...], int], ...] = (
    # compare: similarities
    ("both", (_S,), _BOTH),
    ("similarly", (_S,), _ANY),
    ("similar", (_S,), _ANY),
    ("similarity", (_S,), _ANY),
    ("similarities", (_S,), _ANY),
    ("likewise", (_S,), _ANY),
    ("in common", (_S,), _ANY),
    ("in the same way", (_S,), _ANY),
    ("the same as", (_S,), _ANY),
    ("as in", (_S,), _AS_IN),
    ("shared", (_S,), _ANY),
    ("like", (_S,), _CLAUSE),
    # contrast: differences
    ("whereas", (_D,), _ANY),
    ("unlike", (_D,), _ANY),
    ("in contrast", (_D,), _ANY),
    ("by contrast", (_D,), _ANY),
    ("contrasted", (_D,), _ANY),
    ("on the other hand", (_D, _C), _ANY),
    ("differed", (_D,), _ANY),
    ("differs", (_D,), _ANY),
    ("differ", (_D,), _ANY),
    ("difference", (_D,), _ANY),
    ("differences", (_D,), _ANY),
    ("differently", (_D,), _ANY),
    ("different", (_D,), _DIFFERENT),
    ("while", (_D,), _WHILE),
    ("whilst", (_D,), _WHILE),
    # evaluate, discuss, to what extent: a view or a limitation weighed
    ("however", (_C,), _ANY),
    ("nevertheless", (_C,), _ANY),
    ("nonetheless", (_C,), _ANY),
    ("it could be argued", (_C,), _ANY),
    ("it can be argued", (_C,), _ANY),
    ("it might be argued", (_C,), _ANY),
    ("it may be argued", (_C,), _ANY),
    ("critics", (_C,), _ANY),
    ("a limitation", (_C,), _ANY),
    ("limitations", (_C,), _ANY),
    ("some historians", (_C,), _ANY),
    ("other historians", (_C,), _ANY),
    ("others argue", (_C,), _ANY),
    ("an alternative view", (_C,), _ANY),
    ("alternatively", (_C,), _ANY),
    ("conversely", (_C,), _ANY),
    ("on the contrary", (_C,), _ANY),
    ("admittedly", (_C,), _ANY),
    ("despite this", (_C,), _ANY),
    ("in spite of this", (_C,), _ANY),
    # a verdict (the judgement, the conclusion) and a thesis
    ("in conclusion", (_V,), _ANY),
    ("to conclude", (_V,), _ANY),
    ("to sum up", (_V,), _ANY),
    ("in summary", (_V,), _ANY),
    ("overall", (_V, _T), _ANY),
    ("ultimately", (_V, _T), _ANY),
    ("on balance", (_V, _T), _ANY),
    ("to a large extent", (_V, _T), _ANY),
    ("to a great extent", (_V, _T), _ANY),
    ("to a considerable extent", (_V, _T), _ANY),
    ("to a limited extent", (_V, _T), _ANY),
    ("to some extent", (_V, _T), _ANY),
    ("to a certain extent", (_V, _T), _ANY),
    ("more important than", (_V, _T), _ANY),
    ("more significant than", (_V, _T), _ANY),
    ("the most important", (_V, _T), _ANY),
    ("the most significant", (_V, _T), _ANY),
    ("mattered most", (_V, _T), _ANY),
    ("above all", (_V, _T), _ANY),
    ("the main", (_V, _T), _ANY),
    ("mainly", (_V, _T), _ANY),
    ("largely", (_V, _T), _ANY),
    ("primarily", (_V, _T), _ANY),
    ("chiefly", (_V, _T), _ANY),
    ("more than", (_T,), _NOT_NUMBER),
    ("less than", (_T,), _NOT_NUMBER),
    ("rather than", (_T,), _ANY),
    ("this essay argues", (_T,), _ANY),
    ("this essay will argue", (_T,), _ANY),
    ("this essay contends", (_T,), _ANY),
    ("this essay will show", (_T,), _ANY),
    ("i will argue", (_T,), _ANY),
    ("i argue", (_T,), _ANY),
    ("i would argue", (_T,), _ANY),
    ("it will be argued", (_T,), _ANY),
    ("my argument", (_T,), _ANY),
    ("not simply", (_T,), _ANY),
    ("not merely", (_T,), _ANY),
    ("not just", (_T,), _ANY),
    ("in reality", (_T,), _ANY),
    ("the key", (_T,), _ANY),
    ("decisive", (_T,), _ANY),
    ("crucial", (_T,), _ANY),
    # analyse, examine: factors linked; explain: causes
    ("because", (_L, _K, _T), _ANY),
    ("as a result", (_L, _K), _ANY),
    ("as a consequence", (_L,), _ANY),
    ("consequently", (_L,), _ANY),
    ("therefore", (_L,), _ANY),
    ("thus", (_L,), _ANY),
    ("hence", (_L,), _ANY),
    ("in turn", (_L,), _ANY),
    ("led to", (_L, _K), _ANY),
    ("lead to", (_L, _K), _ANY),
    ("leads to", (_L, _K), _ANY),
    ("leading to", (_L, _K), _ANY),
    ("resulted in", (_L, _K), _ANY),
    ("the result of", (_L, _K), _ANY),
    ("combined with", (_L,), _ANY),
    ("this meant", (_L,), _ANY),
    ("which meant", (_L,), _ANY),
    ("contributed to", (_L, _K), _ANY),
    ("due to", (_L, _K, _T), _ANY),
    ("owing to", (_L, _K), _ANY),
    ("caused", (_L, _K), _ANY),
    ("driven by", (_L, _K, _T), _ANY),
    ("drove", (_L,), _ANY),
    ("produced", (_L,), _ANY),
    ("prompted", (_L, _K), _ANY),
    ("in response to", (_L,), _ANY),
    ("meant that", (_L,), _ANY),
    ("this made", (_L,), _ANY),
    ("which made", (_L,), _ANY),
    ("explains", (_L,), _ANY),
    ("which is why", (_L, _K), _ANY),
    ("for this reason", (_L, _K), _ANY),
    ("and so", (_L,), _ANY),
    ("so", (_L,), _CLAUSE),
    ("since", (_L, _K), _SINCE),
    ("cause", (_K,), _ANY),
    ("causes", (_K,), _ANY),
    ("reason", (_K,), _ANY),
    ("reasons", (_K,), _ANY),
    ("triggered", (_K,), _ANY),
    ("provoked", (_K,), _ANY),
)

#: A few cues of each kind, for messages.
_EXAMPLES = {
    SIMILARITIES: ("both", "similarly", "likewise", "in common", "like X, Y"),
    DIFFERENCES: ("whereas", "unlike", "in contrast", "differed", "X …, while Y …"),
    COUNTER: ("however", "nevertheless", "it could be argued", "some historians",
              "a limitation"),
    VERDICT: ("in conclusion", "overall", "ultimately", "to a large extent",
              "more important than"),
    LINK: ("because", "as a result", "in turn", "led to", "this meant", "consequently"),
    CAUSE: ("because", "caused", "led to", "due to", "the reason"),
    THESIS: ("this essay argues", "mainly", "largely", "more important than",
             "rather than"),
}


def cue_words(what: str) -> str:
    """A few cues that point to ``what``, for messages: "“both”, “similarly”, ..."."""
    return ", ".join(f"“{w}”" for w in _EXAMPLES[what])


_CLAUSE_MARKS = ",;:(-—"
_TIME_WORDS = frozenset("in at on during still under away abroad there alive".split())
_SINCE_TIME = frozenset("then the that its his her their this these those".split())
_BE = frozenset("was were is are".split())
# Numbers and amounts in words: "more than a million", "less than half", "more than
# twice", "more than a decade" give a quantity, not an argument.
_NUMBER_WORDS = frozenset("""
    one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
    forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million
    millions billion billions dozen dozens half third quarter twice double triple
    year years decade decades century centuries month months week weeks day days
    """.split())
_BEFORE_BOTH = frozenset(
    "in for of to on by with that they we these those them were are was is had have "
    "and".split())


def register(book: "PhraseBook") -> None:
    """Add the cues to ``book`` (each entry: the cue's index; the same entries twice
    are one)."""
    kind = book.kind(CUE_KIND)
    for index, (cue, _, _) in enumerate(CUES):
        book.add({cue}, (kind, index, 0))


class Cue(NamedTuple):
    """A cue found in a sentence."""

    sentence: int
    start: int  # in the draft's flat text, as a hit
    end: int
    cue: int  # index in CUES
    rejected: str  # "" when it counts, else why not (for --explain)


class Layout(NamedTuple):
    """Where the essay's introduction and conclusion are, by sentence index."""

    intro: tuple[int, ...]  # its sentences (empty when the draft has no prose)
    conclusion: tuple[int, ...]
    paragraphs: int  # prose paragraphs: 0, 1, or 2 for two or more


class Analysis(NamedTuple):
    """Every cue of one draft, with the essay's layout, for both criteria."""

    found: "dict[str, list[Hit]]"  # the hits that count, by what they point to, in order
    rejected_cues: tuple[Cue, ...]  # those a rule turned down, with why
    layout: Layout
    draft: "Draft"

    def counting(self, what: str, within: "tuple[int, ...] | None" = None) -> list[Cue]:
        """The cues that count for ``what``, the first of each sentence, in order
        (within the sentences ``within`` when given)."""
        out: list[Cue] = []
        last = -1
        low, high = (within[0], within[-1]) if within else (-1, -1)
        for start, end, index, _, sentence in self.found.get(what, ()):
            if sentence == last or within is not None and not (
                    low <= sentence <= high and sentence in within):
                continue
            last = sentence
            out.append(Cue(sentence, start, end, index, ""))
        return out

    def rejected(self, what: str) -> list[Cue]:
        return [cue for cue in self.rejected_cues if what in CUES[cue.cue][1]]

    def word(self, cue: Cue) -> str:
        """The cue as the draft writes it."""
        return self.draft.locator.words(cue.start, cue.end)

    def place(self, sentence: int) -> tuple[int, int]:
        """Line and column where a sentence's text starts."""
        return _sentence_place(self.draft, sentence)

    def text(self, sentence: int) -> str:
        """The sentence on one line, shortened to about 120 characters."""
        return _sentence_text(self.draft, sentence)


def analyse(draft: "Draft") -> Analysis:
    """Every cue in ``draft`` (counted or, with why, not), and the essay's layout: one
    turn per cue found (a few dozen in an essay)."""
    found: dict[str, list[Hit]] = {}
    rejected = []
    essay, skipped = essay_of(draft)
    for hit in draft.hits(CUE_KIND):
        if hit[4] in skipped:
            continue
        _, points, rule = CUES[hit[2]]
        if rule:
            start, end, index, _, sentence = hit
            to_source = draft.flat.to_source
            why = _rule(rule, draft.folded, draft.sentences.starts[sentence],
                        to_source(start), to_source(end - 1) + 1)
            if why:
                rejected.append(Cue(sentence, start, end, index, why))
                continue
        for what in points:
            bucket = found.get(what)
            if bucket is None:
                found[what] = [hit]
            else:
                bucket.append(hit)
    return Analysis(found, tuple(rejected), essay, draft)


def _rule(rule: int, folded: str, sentence_start: int, at: int, end: int) -> str:
    """Why a cue at folded[at:end] does not count under ``rule``, or ""."""
    # The words just before it are enough: a clause's start, "such", "in both".
    before = folded[max(sentence_start, at - 40):at].rstrip()
    # Markdown marks at a line start ("- ", "> ") are not words before the cue.
    before = before.lstrip(" \t\n#>*+-|")
    after = folded[end:end + 60].split()
    if rule == _AS_IN:
        return "“such as in” gives an example" if before.endswith("such") else ""
    if rule == _NOT_NUMBER:
        words = [w.strip(",.;:") for w in after[:2]]
        if words and words[0] in ("a", "an"):
            words = words[1:]  # "more than a million", "less than a year"
        return "before a number" if words and (
            words[0][:1].isdigit() or words[0] in _NUMBER_WORDS) else ""
    if rule == _DIFFERENT:
        return ("the question's “different region”" if after and after[0].startswith("region")
                else "")
    if rule == _SINCE:
        if after and (after[0][:1].isdigit() or after[0].strip(",.;:") in _SINCE_TIME):
            return "a time word (“since 1956”, “since then”, “since the war”)"
        return ""
    clause_start = not before or before[-1] in _CLAUSE_MARKS
    if rule == _BOTH:
        if after and after[0].strip(",.;:") == "sides":
            return "“both sides” of one conflict"
        previous = before.split()[-1] if before.split() else ""
        if clause_start or previous in _BEFORE_BOTH:
            return ""
        return "inside a clause (“the war both tested and tightened …”), not a comparison"
    if not clause_start:
        return "not at the start of a sentence or clause"
    if rule == _WHILE:
        words = [w.strip(",.;:") for w in after[:4]]
        if words and (words[0].endswith("ing") or words[0] in _TIME_WORDS):
            return "a time word (“while visiting …”, “while in …”)"
        for i in (1, 2):
            if len(words) > i + 1 and words[i] in _BE and \
                    (words[i + 1] in _TIME_WORDS or words[i + 1].endswith("ing")):
                return "a time word (“while he was in …”)"
    return ""


# A line that starts the end matter: nothing after it is the essay. Each is looked for
# with str.find (in C; most drafts have none) and then checked to stand on a line of
# its own, with only Markdown marks around it.
_END_MATTER = ("bibliography", "references", "works cited", "sources", "word count")
_MARKS_BEFORE = frozenset(" \t#*_")
_MARKS_AFTER = frozenset(" \t*_:.")
# Footnote references at the end of a sentence ("... than any other.[^1]").
_FOOTNOTE_REFS = re.compile(r"(?:\[\^[^\]\s]*\])+$")


#: End matter is looked for in the last characters of a draft only: each search of a
#: whole essay costs a few microseconds, and a bibliography is at the end.
_END_MATTER_TAIL = 4000


def _end_matter(text: str) -> int | None:
    """Where the first end-matter line starts, if any."""
    first = None
    tail = max(0, len(text) - _END_MATTER_TAIL)
    for word in _END_MATTER:
        at = text.find(word, tail)
        while at != -1 and (first is None or at < first):
            line = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            rest = text[at + len(word):len(text) if end == -1 else end]
            if _MARKS_BEFORE.issuperset(text[line:at]) and (
                    _MARKS_AFTER.issuperset(rest) or word == "word count" and len(rest) < 20):
                first = line
                break
            at = text.find(word, at + 1)
    return first


# A run of letters and digits: a character \w matches that is not "_" (str.isalnum).
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=64)
def _question_words(question: str) -> list[str]:
    """The words of a prompt's question, folded: the same for every draft of a class
    set, and needed only for a one-sentence first or last paragraph."""
    return _words(question.casefold())


def _is_question(line: str, question: str | None) -> bool:
    """Is ``line`` (folded) the ``question`` copied at the top of the draft, perhaps after
    "Question:" or with a word changed? Most of its words, in order, are the question's."""
    asked = _question_words(question) if question else None
    if not asked:
        return False
    import difflib  # only for a one-sentence first or last paragraph

    words = _words(line)
    if words[:1] == ["question"]:
        words = words[1:]
    # The two quick upper bounds of the ratio first, as difflib's documentation
    # suggests: most one-sentence paragraphs are far longer than the question.
    matcher = difflib.SequenceMatcher(None, words, asked)
    return matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8 and \
        matcher.ratio() >= 0.8


def layout(draft: "Draft") -> Layout:
    """The introduction and the conclusion of ``draft`` (see the module docstring):
    only the paragraphs at each end are looked at."""
    text = draft.folded
    sentences = draft.sentences
    starts = sentences.starts
    paragraph_of = sentences.paragraph_of
    limit = len(starts)
    end_matter = _end_matter(text)
    if end_matter is not None:
        limit = bisect_left(starts, end_matter)
    end_of_prose = sentences.length if limit == len(starts) else starts[limit]
    question = draft.prompt.question if draft.prompt else None

    def is_prose(index: int) -> bool:
        # Its first characters say enough: a heading, a footnote, or nothing (then the
        # whole sentence is looked at).
        start = starts[index]
        head = text[start:start + 8].lstrip()
        if head:
            return not head.startswith(("#", "[^"))
        end = starts[index + 1] if index + 1 < limit else end_of_prose
        return not text[start:end].isspace()

    def one_sentence(found: list[int]) -> list[int]:
        """``found``, or [] when it is one sentence that is not prose: a title, the
        question copied, a "Word count" line."""
        if len(found) == 1:
            one = found[0]
            end = starts[one + 1] if one + 1 < limit else end_of_prose
            line = _FOOTNOTE_REFS.sub("", text[starts[one]:end].rstrip()).rstrip("\"')]*_")
            if not line.endswith((".", "!")) or _is_question(line, question):
                return []
        return found

    def prose(first: int, last: int) -> list[int]:
        """The prose sentences of the paragraph of sentences first..last, or []."""
        return one_sentence(list(filter(is_prose, range(first, last + 1))))

    # A paragraph's ends by bisection (paragraph_of never decreases): a draft of one
    # paragraph of 70 sentences is not walked sentence by sentence to find them.
    intro: list[int] = []
    first = 0
    while first < limit and not intro:
        last = bisect_right(paragraph_of, paragraph_of[first], first, limit) - 1
        if last == limit - 1:  # the last paragraph: the conclusion too, if prose
            intro = prose(first, last)  # (not walked again for the conclusion)
            return Layout(tuple(intro[:2]), tuple(intro[-2:]), 1) if intro \
                else Layout((), (), 0)
        intro = prose(first, last)
        first = last + 1
    if not intro:
        return Layout((), (), 0)
    conclusion: list[int] = []
    last = limit - 1
    while not conclusion:
        first = bisect_left(paragraph_of, paragraph_of[last], 0, last)
        conclusion = prose(first, last)
        last = first - 1
    if conclusion == intro:
        return Layout(tuple(intro[:2]), tuple(intro[-2:]), 1)
    return Layout(tuple(intro), tuple(conclusion), 2)


def _sentence_bounds(draft: "Draft", sentence: int) -> tuple[int, int]:
    starts = draft.sentences.starts
    start = starts[sentence]
    end = starts[sentence + 1] if sentence + 1 < len(starts) else draft.sentences.length
    text = draft.text
    while start < end and (text[start].isspace() or
                           text[start] in "#>*+-|" and text[start + 1:start + 2] in " #"):
        start += 1
    return start, end


def _sentence_place(draft: "Draft", sentence: int) -> tuple[int, int]:
    start, _ = _sentence_bounds(draft, sentence)
    return draft.locator.line_col(draft.flat.to_flat(start))


_MAX_TEXT = 120


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _sentence_text(draft: "Draft", sentence: int) -> str:
    start, end = _sentence_bounds(draft, sentence)
    return shorten(" ".join(draft.text[start:end].split()), _MAX_TEXT)


def evidence_json(analysis: Analysis, sentences: "list[int] | tuple[int, ...]",
                  limit: int = 5) -> list[dict[str, Any]]:
    """``[{line, column, text}]`` of the first ``limit`` sentences."""
    out = []
    for sentence in sentences[:limit]:
        line, column = analysis.place(sentence)
        out.append({"line": line, "column": column, "text": analysis.text(sentence)})
    return out



class Signal(NamedTuple):
    """One signal of a draft: found or not, and the sentences that show it."""

    id: str
    found: bool
    sentences: tuple[int, ...]  # the sentences that count, in order
    needed: int = 1  # how many sentences it takes
    cues: tuple[Cue, ...] = ()  # the cue that counted in each of ``sentences``


def signal_json(analysis: Analysis, signal: Signal) -> dict[str, Any]:
    return {"id": signal.id, "found": signal.found,
            "evidence": evidence_json(analysis, signal.sentences)}


def counted(analysis: Analysis, ident: str, what: str, needed: int,
            within: "tuple[int, ...] | None" = None) -> Signal:
    """The signal ``ident``: found when ``needed`` sentences (``within`` some, when
    given) hold a cue for ``what``."""
    cues = analysis.counting(what, within)
    return Signal(ident, len(cues) >= needed, tuple(c.sentence for c in cues), needed,
                  tuple(cues))


def lines_of(analysis: Analysis, cues: "list[Cue] | tuple[Cue, ...]", limit: int = 4) -> str:
    """“because” line 4, “as a result” line 9, … (for --explain)."""
    shown = [f"“{analysis.word(c)}” line {analysis.place(c.sentence)[0]}"
             for c in cues[:limit]]
    if len(cues) > limit:
        shown.append(f"… ({len(cues) - limit} more)")
    return ", ".join(shown)


def not_prose(draft: "Draft") -> frozenset[int]:
    """The sentences a plain reader does not read as the essay's prose: headings and
    footnote definitions, and what stands before its introduction (a title, the
    question pasted on top) or after its conclusion (a bibliography, a word count).
    Their words are neither cues nor a theme's words: "## Similarities" is not a
    comparison, nor "the causes and the impact" of the question copied a sentence on
    causes."""
    return essay_of(draft)[1]


def essay_of(draft: "Draft") -> "tuple[Layout, frozenset[int]]":
    """The draft's :func:`layout` and :func:`not_prose`, worked out once per draft (the
    cases, themes and command-term criteria each ask)."""
    known = draft.essay
    if known is not None:
        return known  # type: ignore[no-any-return]
    essay = layout(draft)
    starts = draft.sentences.starts
    # A heading or a footnote definition starts a line, and a sentence there.
    text = draft.folded
    skipped = {bisect_right(starts, match.end() - 1) - 1
               for match in _HEAD_LINES.finditer(text)}
    if text.lstrip(" \t")[:1] == "#" or text.lstrip(" \t").startswith("[^"):
        skipped.add(0)
    if essay.intro:
        skipped.update(range(essay.intro[0]))
        skipped.update(range(essay.conclusion[-1] + 1, len(starts)))
    draft.essay = known = (essay, frozenset(skipped))
    return known


_HEAD_LINES = re.compile(r"\n[ \t]*(?:#|\[\^)")
