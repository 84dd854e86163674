"""The result of checking a draft, and its stable JSON form.

Renderers (``ibessay.render``) only read a :class:`Report`; they never re-run any check.
:meth:`Report.to_dict` is the documented machine format (``docs/report-format.md``);
bump :data:`SCHEMA_VERSION` whenever a name in it changes meaning or disappears.
"""

# No "from __future__ import annotations": NamedTuple would compile every field's
# annotation string at import, doubling the cost of defining the classes on start-up.

from typing import Any, NamedTuple

from .markbands import Band
from .text import FlatText, LineIndex

SCHEMA_VERSION = 1


class Match(NamedTuple):
    line: int
    column: int
    text: str


class Locator:
    """Turns spans of a draft's flat text into lines, columns and words, on demand.

    A report holds hundreds of spans; most consumers (a class summary, a score) never
    look at them, so they are placed in the draft only when asked for.
    """

    __slots__ = ("_text", "_flat", "_lines", "_asked")

    _MAX_TEXT = 80
    # The engine places a date warning or two itself; an index of every line start pays
    # only when a report is rendered, with its dozens of matches.
    _COUNT_UP_TO = 8

    def __init__(self, text: str, flat: FlatText) -> None:
        self._text = text
        self._flat = flat
        self._lines: LineIndex | None = None
        self._asked = 0

    def line_col(self, flat_pos: int) -> tuple[int, int]:
        pos = self._flat.to_source(flat_pos)
        if self._lines is None:
            self._asked += 1
            if self._asked <= self._COUNT_UP_TO:
                text = self._text
                return text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)
            self._lines = LineIndex(self._text)
        return self._lines.line_col(pos)

    def words(self, start: int, end: int) -> str:
        """The draft's words in the flat span, on one line, shortened in the middle."""
        source = self._flat.to_source
        shown = " ".join(self._text[source(start):source(end - 1) + 1].split())
        if len(shown) > self._MAX_TEXT:
            half = self._MAX_TEXT // 2 - 2
            shown = f"{shown[:half]} … {shown[-half:]}"
        return shown

    def match(self, start: int, end: int) -> Match:
        return Match(*self.line_col(start), self.words(start, end))


class Report:
    """What checking a draft found: the score, the indicative band, whether it passes,
    and each criterion's result (by criterion name: :meth:`result`).

    :meth:`to_dict` is the documented JSON report (``docs/report-format.md``).
    """

    __slots__ = ("draft", "prompt_id", "question", "rubric_id", "rubric_title", "words",
                 "score", "score_parts", "mark", "band", "passed", "unmet", "results",
                 "hints", "corrections", "criteria")

    def __init__(self, *, draft: str, prompt_id: str | None, question: str | None,
                 rubric_id: str, rubric_title: str, words: int, score: int,
                 score_parts: dict[str, float], mark: int, band: Band, passed: bool,
                 unmet: tuple[str, ...], results: dict[str, Any], hints: tuple[Any, ...],
                 corrections: dict[str, str], criteria: tuple[Any, ...]) -> None:
        self.draft = draft
        self.prompt_id = prompt_id
        self.question = question
        self.rubric_id = rubric_id
        self.rubric_title = rubric_title
        self.words = words
        self.score = score
        self.score_parts = score_parts
        self.mark = mark
        self.band = band
        self.passed = passed
        self.unmet = unmet  # the criteria not met, as in score_parts
        self.results = results
        self.hints = hints
        self.corrections = corrections  # folded misspelling -> the name it was read as
        self.criteria = criteria  # the criteria that made it, in report order

    def result(self, criterion: str) -> Any:
        """One criterion's result: ``report.result("events").events``..."""
        return self.results[criterion]

    def to_dict(self) -> dict[str, Any]:
        """The stable machine-readable form (schema version :data:`SCHEMA_VERSION`)."""
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "draft": self.draft,
            "prompt": self.prompt_id,
            "question": self.question,
            "rubric": self.rubric_id,
            "words": self.words,
        }
        for criterion in self.criteria:
            out.update(criterion.summary_json(self.results[criterion.name]))
        out.update({
            "score": self.score,
            "score_parts": self.score_parts,
            "band": {
                "marks": self.band.label,
                "low": self.band.low,
                "high": self.band.high,
                "mark": self.mark,
                "descriptor": self.band.descriptor,
                "indicative": True,
            },
            "passed": self.passed,
            "unmet": list(self.unmet),
        })
        for criterion in self.criteria:
            out.update(criterion.to_json(self.results[criterion.name]))
        out["hints"] = [{"kind": h.kind, "id": h.id, "message": h.message} for h in self.hints]
        out["corrections"] = dict(sorted(self.corrections.items()))
        return out

    def findings(self) -> list[Any]:
        """Every located message, in order of place, then the score as a note."""
        from .display import Finding

        out = [finding for criterion in self.criteria
               for finding in criterion.findings(self.results[criterion.name], self.results)]
        out.sort(key=lambda f: (f.line, f.column))
        out.append(Finding(1, 1, "note",
                           f"score {self.score}/100, indicative band {self.band.label} "
                           f"({'passes' if self.passed else 'does not pass'} the rubric)"))
        return out

    def explanations(self) -> list[Any]:
        """Why each item of each criterion was or was not credited, criterion by
        criterion (``check --explain``)."""
        return [finding for criterion in self.criteria
                for finding in criterion.explain(self.results[criterion.name], self.results)]

    def sections(self) -> list[Any]:
        """Each criterion's table for people, in report order."""
        return [section for criterion in self.criteria
                if (section := criterion.section(self.results[criterion.name])) is not None]

    def tallies(self) -> list[Any]:
        """Each criterion's line on the dashboard."""
        return [tally for criterion in self.criteria
                if (tally := criterion.tally(self.results[criterion.name])) is not None]


def bar(share: float, width: int = 20) -> str:
    """A text bar for a share between 0 and 1: ``██████░░░░``."""
    filled = round(max(0.0, min(share, 1.0)) * width)
    return "█" * filled + "░" * (width - filled)
