"""The result of checking a draft: plain data, and its stable JSON form.

Renderers (``ibessay.render``) only read a :class:`Report`; they never re-run any check.
:func:`to_json` is the documented machine format (``docs/report-format.md``); bump
:data:`SCHEMA_VERSION` whenever a name in it changes meaning or disappears.
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


class PeriodResult(NamedTuple):
    id: str
    label: str
    start: int
    end: int
    covered: bool
    share: float  # of the draft's words
    events_found: int


class EventResult(NamedTuple):
    id: str
    name: str
    date: str
    period: str | None
    required: bool
    found: bool
    spans: tuple[tuple[int, int], ...]  # where it was found, in flat offsets
    locator: Locator | None = None

    @property
    def matches(self) -> tuple[Match, ...]:
        if self.locator is None:
            return ()
        return tuple(self.locator.match(start, end) for start, end in self.spans)


class HistorianMatch(NamedTuple):
    line: int
    column: int
    text: str
    cited: bool


class HistorianResult(NamedTuple):
    id: str
    name: str
    status: str  # "cited", "mentioned" or "absent"
    view: str
    works: tuple[str, ...]
    spans: tuple[tuple[int, int, bool], ...]  # (start, end, cited) in flat offsets
    locator: Locator | None = None

    @property
    def matches(self) -> tuple[HistorianMatch, ...]:
        if self.locator is None:
            return ()
        return tuple(HistorianMatch(*self.locator.line_col(s), self.locator.words(s, e), cited)
                     for s, e, cited in self.spans)


class DateIssue(NamedTuple):
    event: str
    year: int
    line: int
    column: int
    text: str
    message: str


class Hint(NamedTuple):
    kind: str  # "event", "period", "historian", "words"
    id: str | None
    message: str


class Report(NamedTuple):
    draft: str
    prompt_id: str | None
    question: str | None
    rubric_id: str
    rubric_title: str
    words: int
    word_range: tuple[int, int]
    historians_required: int
    score: int
    score_parts: dict[str, float]
    mark: int
    band: Band
    passed: bool
    unmet: tuple[str, ...]
    periods: tuple[PeriodResult, ...]
    events: tuple[EventResult, ...]
    historians: tuple[HistorianResult, ...]
    date_issues: tuple[DateIssue, ...]
    hints: tuple[Hint, ...]
    corrections: dict[str, str]  # folded misspelling -> the name it was read as

    def historians_with(self, status: str) -> list[HistorianResult]:
        return [h for h in self.historians if h.status == status]


def to_json(report: Report) -> dict[str, Any]:
    """The stable machine-readable form (schema version :data:`SCHEMA_VERSION`)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "draft": report.draft,
        "prompt": report.prompt_id,
        "question": report.question,
        "rubric": report.rubric_id,
        "words": report.words,
        "word_range": {"min": report.word_range[0], "max": report.word_range[1]},
        "score": report.score,
        "score_parts": report.score_parts,
        "band": {
            "marks": report.band.label,
            "low": report.band.low,
            "high": report.band.high,
            "mark": report.mark,
            "descriptor": report.band.descriptor,
            "indicative": True,
        },
        "passed": report.passed,
        "unmet": list(report.unmet),
        "periods": [
            {"id": p.id, "label": p.label, "start": p.start, "end": p.end,
             "covered": p.covered, "share": round(p.share, 3)}
            for p in report.periods
        ],
        "events": [
            {"id": e.id, "name": e.name, "date": e.date, "period": e.period,
             "required": e.required, "found": e.found,
             "matches": [_match(m) for m in e.matches]}
            for e in report.events
        ],
        "historians": [
            {"id": h.id, "name": h.name, "status": h.status,
             "matches": [{**_match(m), "cited": m.cited} for m in h.matches]}
            for h in report.historians
        ],
        "date_issues": [
            {"event": d.event, "year": d.year, "line": d.line, "column": d.column,
             "text": d.text, "message": d.message}
            for d in report.date_issues
        ],
        "hints": [{"kind": h.kind, "id": h.id, "message": h.message} for h in report.hints],
        "corrections": dict(sorted(report.corrections.items())),
    }


def _match(m: Match | HistorianMatch) -> dict[str, Any]:
    return {"line": m.line, "column": m.column, "text": m.text}
