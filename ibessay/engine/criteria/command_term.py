"""Command term: does the draft do what the question's command term asks?

Each command term asks for signals a plain reader can find in the text, by cue words
(:mod:`.signals`):

* compare: ``similarities``; contrast: ``differences``; compare-and-contrast: both
  (two sentences each);
* evaluate, discuss, to-what-extent: ``counter-argument`` (a sentence that weighs
  another view or a limitation) and ``judgement`` (a verdict in the *last* paragraph);
* analyse, examine: ``linked-factors`` (three sentences linking causes and effects,
  not a bare chronology);
* explain: ``causes`` (two sentences giving reasons).

The term is the prompt's when the draft is checked against a prompt, else the rubric's
``command_term:``; with neither, nothing is checked. Every signal is needed to pass
(unmet: ``command_term``), and a missing one caps the indicative band at 10–12 (two at
7–9): a one-sided essay does not reach the top bands. No points: the score stays a
measure of coverage.

YAML (docs/authoring.md): ``command_term:`` at the top of a rubric.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from . import ClassItem, Criterion, Hint
from .signals import (
    CAUSE,
    COUNTER,
    DIFFERENCES,
    LINK,
    SIMILARITIES,
    VERDICT,
    Analysis,
    Signal,
    analyse,
    counted,
    cue_words,
    lines_of,
    register,
    shorten,
    signal_json,
)

if TYPE_CHECKING:
    from ...content.model import Rubric
    from ..display import Finding, Section
    from ..draft import Draft
    from ..scan import PhraseBook

JUDGEMENT = "judgement"

#: The signals each command term asks for.
TERM_SIGNALS: dict[str, tuple[str, ...]] = {
    "compare": (SIMILARITIES,),
    "contrast": (DIFFERENCES,),
    "compare-and-contrast": (SIMILARITIES, DIFFERENCES),
    "evaluate": (COUNTER, JUDGEMENT),
    "discuss": (COUNTER, JUDGEMENT),
    "to-what-extent": (COUNTER, JUDGEMENT),
    "analyse": (LINK,),
    "examine": (LINK,),
    "explain": (CAUSE,),
}

#: Sentences each signal needs (a judgement: one verdict in the last paragraph).
NEEDED = {SIMILARITIES: 2, DIFFERENCES: 2, COUNTER: 1, JUDGEMENT: 1, LINK: 3, CAUSE: 2}

#: Every command-term signal id.
SIGNAL_IDS = (SIMILARITIES, DIFFERENCES, COUNTER, JUDGEMENT, LINK, CAUSE)

_ASKS = {SIMILARITIES: "similarities", DIFFERENCES: "differences",
         COUNTER: "a counter-argument", JUDGEMENT: "a judgement",
         LINK: "linked factors", CAUSE: "causes"}

_ADVICE = {
    SIMILARITIES: "Set out what the cases have in common, in sentences that say so "
                  "(“Both …”, “Similarly, …”, “Like X, Y …”).",
    DIFFERENCES: "Set out how the cases differ, in sentences that say so (“whereas”, "
                 "“unlike”, “in contrast”, “X …, while Y …”).",
    COUNTER: "Weigh another view or a limitation of your argument (“However, …”, "
             "“Some historians …”, “It could be argued …”) before you judge.",
    JUDGEMENT: "End with an explicit verdict in your last paragraph (“Overall, … was "
               "more important than …”, “to a large extent”).",
    LINK: "Link the factors instead of telling events in order: say how one led to "
          "another (“because”, “as a result”, “which in turn”, “this meant”).",
    CAUSE: "Give reasons, not just events: say why (“because”, “led to”, “due to”, "
           "“the main reason”).",
}


class TermResult(NamedTuple):
    term: str | None
    signals: tuple[Signal, ...]  # in the order the term asks for them; () with no term
    analysis: Analysis  # every cue and the essay's layout (read by the structure criterion)

    def missing(self) -> list[Signal]:
        return [s for s in self.signals if not s.found]


if TYPE_CHECKING:
    class State(TypedDict):
        term: str | None  # the rubric's command_term


class CommandTerm(Criterion):
    name = "command_term"  # as in score_parts and unmet
    weight = 0.0  # caps the band and is needed to pass; no points
    class_heading = "Command term"
    class_states = ("found", "missing")

    def compile(self, rubric: "Rubric", book: "PhraseBook") -> "State":
        register(book)
        return {"term": rubric.command_term}

    def detect(self, draft: "Draft", state: "State", results: Mapping[str, Any]
               ) -> TermResult:
        term = draft.prompt.command_term if draft.prompt is not None else state["term"]
        analysis = analyse(draft)
        return TermResult(term, tuple(_signal(analysis, ident)
                                      for ident in TERM_SIGNALS.get(term or "", ())),
                          analysis)

    def met(self, result: TermResult) -> bool:
        return all(s.found for s in result.signals)

    def band_cap(self, result: TermResult) -> int | None:
        missing = len(result.missing())
        return None if not missing else 12 if missing == 1 else 9

    def to_json(self, result: TermResult) -> dict[str, Any]:
        return {"command_term": {
            "term": result.term,
            "signals": [signal_json(result.analysis, s) for s in result.signals]}}

    def class_items(self, result: TermResult) -> list[ClassItem]:
        return [(s.id, _ASKS[s.id][0].upper() + _ASKS[s.id][1:],
                 "found" if s.found else "missing", None, None) for s in result.signals]

    def findings(self, result: TermResult, results: Mapping[str, Any]) -> "list[Finding]":
        from ..display import Finding

        out = []
        for s in result.missing():
            line, column = _where(result.analysis, s.id)
            out.append(Finding(line, column, "warning",
                               f"{s.id} missing ({result.term}): "
                               f"{_missing_message(result.analysis, s)}"))
        return out

    def hints(self, result: TermResult, results: Mapping[str, Any]) -> list[Hint]:
        return [Hint("command_term", s.id,
                     f"{_label(result.term)} asks for {_ASKS[s.id]}"
                     f"{': ' if s.id == JUDGEMENT else ', '}"
                     f"{_missing_message(result.analysis, s)}. {_ADVICE[s.id]}")
                for s in result.missing()]

    def explain(self, result: TermResult, results: Mapping[str, Any]) -> "list[Finding]":
        from ..display import Finding

        if not result.signals:
            return [Finding(1, 1, "info", "command term: none given (by the prompt or the "
                                          "rubric's command_term), so no signals checked")]
        out = []
        for s in result.signals:
            line, column = _where(result.analysis, s.id)
            out.append(Finding(line, column, "info",
                               f"{s.id}: {_why(result.analysis, s)}"))
        return out

    def section(self, result: TermResult) -> "Section | None":
        from ..display import Cell, Section

        if not result.signals:
            return None
        rows = []
        for s in result.signals:
            first = ""
            if s.sentences:
                line = result.analysis.place(s.sentences[0])[0]
                first = f"line {line}: {shorten(result.analysis.text(s.sentences[0]))}"
            rows.append((Cell(s.id), Cell(f"{len(s.sentences)} (need {s.needed})"),
                         Cell("yes", "good") if s.found else Cell("no", "bad"),
                         Cell(first, "dim")))
        return Section(f"Command term: {_label(result.term)}",
                       ("Signal", "Sentences", "Found", "First evidence"), tuple(rows))


def _signal(analysis: Analysis, ident: str) -> Signal:
    if ident == JUDGEMENT:
        return counted(analysis, JUDGEMENT, VERDICT, 1, analysis.layout.conclusion)
    return counted(analysis, ident, ident, NEEDED[ident])


def _label(term: str | None) -> str:
    from ...content.terms import COMMAND_TERM_LABELS

    return COMMAND_TERM_LABELS.get(term or "", term or "")


def _where(analysis: Analysis, ident: str) -> tuple[int, int]:
    """A missing judgement at the last paragraph; anything else at the first."""
    layout = analysis.layout
    sentences = layout.conclusion if ident == JUDGEMENT else layout.intro
    return analysis.place(sentences[0]) if sentences else (1, 1)


def _plural(n: int, word: str = "sentence") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _missing_message(analysis: Analysis, s: Signal) -> str:
    if s.id == JUDGEMENT:
        if not analysis.layout.conclusion:
            return "the draft has no last paragraph"
        return "the last paragraph gives no verdict"
    n = len(s.sentences)
    return f"found in {'only ' + _plural(n) if n else 'no sentence'} ({s.needed} needed)"


def _why(analysis: Analysis, s: Signal) -> str:
    """The cues that found a signal, or why it was not found, with the nearest miss."""
    verdict = "found" if s.found else "not found"
    if s.id == JUDGEMENT:
        conclusion = analysis.layout.conclusion
        if s.found:
            return f"found — a verdict in the last paragraph: {lines_of(analysis, s.cues)}"
        where = (f"the last paragraph (line {analysis.place(conclusion[0])[0]})"
                 if conclusion else "no last paragraph")
        elsewhere = [c for c in analysis.counting(VERDICT) if c.sentence not in conclusion]
        miss = (f"; a verdict elsewhere does not count: {lines_of(analysis, elsewhere, 2)}"
                if elsewhere else "")
        return (f"not found — {where} has none of {cue_words(VERDICT)} …{miss}")
    cues = f": {lines_of(analysis, s.cues)}" if s.cues else f" (cues: {cue_words(s.id)} …)"
    message = (f"{verdict} — {_plural(len(s.sentences))} with a cue, "
               f"{s.needed} needed{cues}")
    rejected = analysis.rejected(s.id)
    if rejected:
        first = rejected[0]
        message += (f"; not counted: “{analysis.word(first)}” line "
                    f"{analysis.place(first.sentence)[0]} ({first.rejected})")
        if len(rejected) > 1:
            message += f" and {len(rejected) - 1} more"
    return message
