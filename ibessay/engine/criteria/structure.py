"""Structure: an introduction with a thesis, a conclusion that answers the question,
a length in range.

Read by cue words (:mod:`.signals`), every essay whatever its command term:

* ``thesis``: the first prose paragraph states an argument ("this essay argues",
  "mainly", "largely", "more important than", "rather than" ...);
* ``conclusion``: the last prose paragraph gives a verdict ("in conclusion", "overall",
  "to a large extent" ...) and uses a key word of the question (a word of four letters
  or more of the prompt's question, or else of the rubric's title, that is not a
  command term or a common word, matched on its first five letters: "relations" meets
  "relationship");
* ``length``: the words in the rubric's range (the words criterion scores and advises
  on it; this signal only reports it).

Not needed to pass; no thesis or no conclusion caps the indicative band at 10–12 (the
top band is "clearly focused and well structured"). No points.

This criterion also owns the test keys ``signals`` and ``missing_signals``, for the
command term's signals and its own: it reads the command term's result.
"""

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from . import ClassItem, Criterion, Expectation, Hint
from .command_term import SIGNAL_IDS, TermResult
from .signals import (
    THESIS,
    VERDICT,
    Signal,
    counted,
    cue_words,
    lines_of,
    shorten,
    signal_json,
)

if TYPE_CHECKING:
    from ..display import Finding, Section, Tally
    from ..draft import Draft

STRUCTURE_IDS = ("thesis", "conclusion", "length")
#: What a class set's picture calls each signal.
_CLASS_LABELS = {"thesis": "A thesis in the introduction",
                 "conclusion": "A conclusion that answers the question",
                 "length": "A length in the word range"}

# Words of a question that say nothing of its subject.
_COMMON = frozenset("""
    about after against also among analyse analyze answer before between both chosen compare
    contrast changing different discuss during each evaluate examine explain extent from
    have into nature other over reference region regions their them these they this those
    through under used using were what when which while with within
    """.split())
_WORD = re.compile(r"[a-z]{4,}")
_PREFIX = 5


class StructureResult(NamedTuple):
    signals: tuple[Signal, ...]  # thesis, conclusion, length
    term: TermResult  # the command term's result (its signals and the draft's cues)
    key_words: tuple[str, ...]  # of the question
    used: tuple[str, ...]  # those the last paragraph uses
    words: int
    low: int
    high: int


def _all_signals(result: StructureResult) -> tuple[Signal, ...]:
    return result.term.signals + result.signals


def _any_ids(parts: Mapping[str, Any]) -> list[str]:
    return [*SIGNAL_IDS, *STRUCTURE_IDS]


def _found(result: StructureResult, ident: str) -> bool:
    return any(s.id == ident and s.found for s in _all_signals(result))


def _missing(result: StructureResult, ident: str) -> bool:
    return any(s.id == ident and not s.found for s in _all_signals(result))


class Structure(Criterion):
    name = "structure"  # as in score_parts
    weight = 0.0  # caps the band; not needed to pass; no points
    needs = ("command_term", "words")
    column = "Signals"
    class_heading = "Structure"
    class_states = ("found", "missing")
    expectations = {
        "signals": Expectation(_any_ids, _found, "not found",
                               lambda r: [s.id for s in _all_signals(r) if s.found]),
        "missing_signals": Expectation(
            _any_ids, _missing, "found (or not asked for by the command term)",
            lambda r: [s.id for s in _all_signals(r) if not s.found]),
    }

    def detect(self, draft: "Draft", state: Any, results: Mapping[str, Any]
               ) -> StructureResult:
        term: TermResult = results["command_term"]
        analysis = term.analysis
        layout = analysis.layout
        thesis = counted(analysis, "thesis", THESIS, 1, layout.intro)
        verdicts = counted(analysis, "conclusion", VERDICT, 1, layout.conclusion)
        question = draft.prompt.question if draft.prompt is not None else \
            draft.compiled.rubric_title
        memo = draft.memo(self.name)
        keys = memo.get(question)
        if keys is None:
            keys = key_words(question)
            if len(memo) < 64:  # one question per rubric or prompt, in practice
                memo[question] = keys
        used = _used(draft, layout.conclusion, keys) if keys else ()
        conclusion = verdicts._replace(found=verdicts.found and (bool(used) or not keys))
        length = results["words"]
        in_range = length.low <= length.words <= length.high
        return StructureResult((thesis, conclusion, Signal("length", in_range, (), 0)),
                               term, keys, used, length.words, length.low, length.high)

    def band_cap(self, result: StructureResult) -> int | None:
        # 13-15: "clearly focused and well structured".
        return 12 if not (result.signals[0].found and result.signals[1].found) else None

    def to_json(self, result: StructureResult) -> dict[str, Any]:
        analysis = result.term.analysis
        return {"structure": {"signals": [signal_json(analysis, s) for s in result.signals]}}

    def class_items(self, result: StructureResult) -> list[ClassItem]:
        return [(s.id, _CLASS_LABELS.get(s.id, s.id), "found" if s.found else "missing",
                 None, None) for s in result.signals]

    def findings(self, result: StructureResult, results: Mapping[str, Any]
                 ) -> "list[Finding]":
        from ..display import Finding

        return [Finding(*_where(result, s.id), "warning", _missing_message(result, s))
                for s in result.signals[:2] if not s.found]

    def hints(self, result: StructureResult, results: Mapping[str, Any]) -> list[Hint]:
        thesis, conclusion, _ = result.signals
        hints = []
        if not thesis.found:
            hints.append(Hint("structure", "thesis", _missing_message(result, thesis) +
                              ". State your argument in the introduction (“This essay argues "
                              "that … was mainly …”)."))
        if not conclusion.found:
            hints.append(Hint("structure", "conclusion", _missing_message(result, conclusion)
                              + ". End by answering the question in its own words, with a "
                                "verdict (“Overall, … to a large extent …”)."))
        return hints  # the length has its own advice (the words criterion)

    def explain(self, result: StructureResult, results: Mapping[str, Any]
                ) -> "list[Finding]":
        from ..display import Finding

        analysis = result.term.analysis
        thesis, conclusion, length = result.signals
        out = []
        intro = analysis.layout.intro
        if thesis.found:
            why = f"found — in the first paragraph: {lines_of(analysis, thesis.cues)}"
        else:
            later = [c for c in analysis.counting(THESIS) if c.sentence not in intro]
            why = (f"not found — the first paragraph has none of {cue_words(THESIS)} …" +
                   (f"; later cues do not count: {lines_of(analysis, later, 2)}"
                    if later else ""))
        out.append(Finding(*_where(result, "thesis"), "info", f"thesis: {why}"))
        keys = ", ".join(result.key_words) or "none"
        used = ", ".join(result.used) or "none"
        verdict = (f"a verdict ({lines_of(analysis, conclusion.cues)})" if conclusion.cues
                   else f"no verdict (none of {cue_words(VERDICT)} …)")
        out.append(Finding(*_where(result, "conclusion"), "info",
                           f"conclusion: {'found' if conclusion.found else 'not found'} — "
                           f"the last paragraph has {verdict}; the question's key words "
                           f"({keys}) it uses: {used}"))
        out.append(Finding(1, 1, "info",
                           f"length: {'found' if length.found else 'not found'} — "
                           f"{result.words} words, expected {result.low}–{result.high}"))
        return out

    def section(self, result: StructureResult) -> "Section":
        from ..display import Cell, Section

        analysis = result.term.analysis
        rows = []
        for s in result.signals:
            if s.id == "length":
                where = f"{result.words} words (expected {result.low}–{result.high})"
            elif s.sentences:
                line = analysis.place(s.sentences[0])[0]
                where = f"line {line}: {shorten(analysis.text(s.sentences[0]))}"
            else:
                where = _missing_message(result, s)
            rows.append((Cell(s.id), Cell("yes", "good") if s.found else Cell("no", "bad"),
                         Cell(where, "dim")))
        return Section("Structure", ("Signal", "Found", "Where"), tuple(rows))


    def tally(self, result: StructureResult) -> "Tally":
        """The command term's signals, the thesis and the conclusion: "signals 2/3"."""
        from ..display import Tally

        shown = [s for s in _all_signals(result) if s.id != "length"]  # words: its own
        return Tally("signals", sum(s.found for s in shown), len(shown), self.column,
                     tuple(s.id for s in shown if not s.found), "not yet found")


def key_words(question: str) -> tuple[str, ...]:
    """The question's words that say what it is about (see the module docstring)."""
    from ..text import fold

    words = [w for w in _WORD.findall(fold(question)) if w not in _COMMON]
    return tuple(dict.fromkeys(words))


def _used(draft: "Draft", sentences: tuple[int, ...], keys: tuple[str, ...]
          ) -> tuple[str, ...]:
    if not sentences:
        return ()
    from ..text import spaced

    starts = draft.sentences.starts
    last = sentences[-1]
    end = starts[last + 1] if last + 1 < len(starts) else draft.sentences.length
    words = " " + spaced(draft.folded[starts[sentences[0]]:end])
    return tuple(k for k in keys if " " + k[:_PREFIX] in words)


def _where(result: StructureResult, ident: str) -> tuple[int, int]:
    layout = result.term.analysis.layout
    sentences = layout.conclusion if ident == "conclusion" else layout.intro
    return result.term.analysis.place(sentences[0]) if sentences else (1, 1)


def _missing_message(result: StructureResult, s: Signal) -> str:
    layout = result.term.analysis.layout
    if s.id == "thesis":
        return ("No thesis: the introduction states no argument" if layout.intro
                else "No thesis: the draft has no introduction")
    if s.id == "conclusion":
        if not layout.conclusion:
            return "No conclusion: the draft has no last paragraph"
        if not s.cues:
            return "No conclusion: the last paragraph gives no verdict"
        return ("No conclusion: the last paragraph does not answer the question in its "
                f"own terms ({', '.join(result.key_words[:4])})")
    return f"{result.words} words, expected {result.low}–{result.high}"
