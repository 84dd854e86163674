"""Length: is the draft in the range of words the rubric expects?

Below the minimum, the whole score is scaled by ``sqrt(words / minimum)``: a 250-word
list of events is not an essay, however many names it drops. Outside the range the draft
does not pass, so its indicative band is at most 10-12; below three quarters of the
minimum at most 7-9 (the demands "only partly addressed"), below half at most 4-6.
Words are counted as a word processor counts them
(:func:`ibessay.engine.draft.count_words`).

YAML (docs/authoring.md): ``require: {words: [minimum, maximum]}``.
"""

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from . import Criterion, Hint

if TYPE_CHECKING:
    from ...content.loader import Document, Node
    from ...content.model import Rubric
    from ..display import Finding
    from ..draft import Draft
    from ..scan import PhraseBook


class WordRange(NamedTuple):
    low: int
    high: int


class Length(NamedTuple):
    words: int
    low: int
    high: int


_DEFAULT = WordRange(700, 1100)


class Words(Criterion):
    name = "words"  # as in score_parts and unmet
    require_keys = ("words",)
    weight = 10.0
    records = (WordRange,)

    def load(self, doc: "Document", values: "Mapping[str, Node]", require: "Mapping[str, Node]",
             parts: Mapping[str, Any]) -> WordRange:
        if "words" not in require:
            return _DEFAULT
        items = doc.sequence(require["words"], "words")
        if len(items) != 2:
            raise doc.error(require["words"], "words must be [minimum, maximum], e.g. [700, 1100]")
        low = doc.integer(items[0], "the minimum word count", 0, 100_000)
        high = doc.integer(items[1], "the maximum word count", 0, 100_000)
        if high <= low:
            raise doc.error(items[1], "the maximum word count must be above the minimum")
        return WordRange(low, high)

    def compile(self, rubric: "Rubric", book: "PhraseBook") -> tuple[int, int]:
        low, high = rubric.parts[self.name]
        return low, high

    def detect(self, draft: "Draft", state: tuple[int, int], results: Mapping[str, Any]
               ) -> Length:
        return Length(draft.words, *state)

    def points(self, result: Length) -> float:
        words, low = result.words, result.low
        return self.weight * (1.0 if words >= low else words / low if low else 1.0)

    def score_factor(self, result: Length) -> float:
        return math.sqrt(result.words / result.low) if result.low and \
            result.words < result.low else 1.0

    def met(self, result: Length) -> bool:
        return result.low <= result.words <= result.high

    def band_cap(self, result: Length) -> int | None:
        words, low = result.words, result.low
        if words * 2 < low:
            return 6
        if words * 4 < low * 3:
            return 9
        return None

    def summary_json(self, result: Length) -> dict[str, Any]:
        return {"word_range": {"min": result.low, "max": result.high}}

    def findings(self, result: Length, results: Mapping[str, Any]) -> "list[Finding]":
        from ..display import Finding

        if self.met(result):
            return []
        return [Finding(1, 1, "note",
                        f"{result.words} words; expected {result.low}–{result.high}")]

    def explain(self, result: Length, results: Mapping[str, Any]) -> "list[Finding]":
        from ..display import Finding

        words, low, high = result
        verdict = "in range" if low <= words <= high else \
            f"{low - words} short" if words < low else f"{words - high} over"
        how = ("words counted as a word processor counts them: a hyphenated word or a "
               "date is one word; headings count, Markdown marks, front matter and "
               "<!-- comments --> do not")
        scaled = f"; the score is scaled by √({words}/{low}) = " \
                 f"{self.score_factor(result):.2f}" if words < low else ""
        return [Finding(1, 1, "info", f"words: {words}, expected {low}–{high}: {verdict}"
                                      f"{scaled} ({how})")]

    def hints(self, result: Length, results: Mapping[str, Any]) -> list[Hint]:
        words, low, high = result
        if words < low:
            return [Hint("words", None,
                         f"{words} words is short of the expected {low}–{high}: develop each "
                         "point with evidence and explain its significance.")]
        if words > high:
            return [Hint("words", None,
                         f"{words} words is above the expected {low}–{high}: in the exam, "
                         "time is better spent on analysis than on length.")]
        return []


def word_range(rubric: "Rubric") -> WordRange:
    """The words a rubric expects: (minimum, maximum)."""
    return rubric.parts["words"]  # type: ignore[no-any-return]
