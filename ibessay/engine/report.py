"""The result of checking a draft, and its stable JSON form.

Renderers (``ibessay.render``) only read a :class:`Report`; they never re-run any check.
:meth:`Report.to_dict` is the documented machine format (``docs/report-format.md``);
bump :data:`SCHEMA_VERSION` whenever a name in it changes meaning or disappears.

Version 2: ``corrections`` became a list of ``{wrote, read_as, line, column}``, one per
place, where version 1 had a dict of folded misspelling to name.
"""

# No "from __future__ import annotations": NamedTuple would compile every field's
# annotation string at import, doubling the cost of defining the classes on start-up.

from typing import Any, NamedTuple

from .markbands import Band
from .text import FlatText, LineIndex

SCHEMA_VERSION = 2

#: The most lines "what to work on" lists for one misspelling written many times.
_LINES_SHOWN = 10

#: The most items "what to work on" shows in ``--brief`` and in the rich report's
#: summary: what fits a terminal with the score below it.
TOP_ITEMS = 8


class Match(NamedTuple):
    line: int
    column: int
    text: str


class Locator:
    """Turns spans of a draft's flat text into lines, columns and words, on demand.

    A report holds hundreds of spans; most consumers (a class summary, a score) never
    look at them, so they are placed in the draft only when asked for.
    """

    __slots__ = ("_text", "_flat", "_folded", "_lines")

    _MAX_TEXT = 80

    def __init__(self, text: str, flat: FlatText, folded: str | None = None) -> None:
        self._text = text
        self._flat = flat
        self._folded = folded  # fold(text), when the caller has it
        self._lines: LineIndex | None = None

    def line_col(self, flat_pos: int) -> tuple[int, int]:
        # The index of line starts is made at the first ask: counting the line breaks
        # before each place instead is as cheap for the engine's one or two date
        # warnings, but a draft with curly quotes is not ASCII, str.count is then slow,
        # and a class set's what-to-work-on asks ~18 times a draft (0.05 of its 2 ms).
        if self._lines is None:
            self._lines = LineIndex(self._text)
        return self._lines.line_col(self._flat.to_source(flat_pos))

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

    def corrections(self, corrections: dict[str, str]) -> list[tuple[str, str, int, int]]:
        """Every place where a misspelling (folded, a key of ``corrections``) was read as
        a name, in order of place: (as written, the name folded, line, column)."""
        if not corrections:
            return []
        from .misspellings import correction_places
        from .text import fold, spaced

        text = self._text
        if self._lines is None:
            self._lines = LineIndex(text)
        place = self._lines.line_col
        # The draft's folded text, kept from the check: folding it again cost a class
        # set's worker 1.6 % of its instructions (bench/bench_instructions.py --class-set).
        folded = fold(text) if self._folded is None else self._folded
        return [(text[start:end], name, *place(start))
                for start, end, name in correction_places(spaced(folded), corrections)]


class Report:
    """What checking a draft found: the score, the indicative band, whether it passes,
    and each criterion's result (by criterion name: :meth:`result`).

    :meth:`to_dict` is the documented JSON report (``docs/report-format.md``).
    """

    __slots__ = ("draft", "prompt_id", "question", "rubric_id", "rubric_title", "words",
                 "score", "score_parts", "mark", "band", "passed", "unmet", "results",
                 "corrections", "criteria", "source", "_locator", "_misspellings",
                 "_source_lines", "_byte_memo", "_advice", "_hints")

    def __init__(self, *, draft: str, prompt_id: str | None, question: str | None,
                 rubric_id: str, rubric_title: str, words: int, score: int,
                 score_parts: dict[str, float], mark: int, band: Band, passed: bool,
                 unmet: tuple[str, ...], results: dict[str, Any],
                 corrections: dict[str, str], criteria: tuple[Any, ...],
                 locator: Locator | None = None, source: str | None = None) -> None:
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
        self.corrections = corrections  # folded misspelling -> the name it was read as
        self.criteria = criteria  # the criteria that made it, in report order
        #: The draft as given (before markup was blanked), for columns counted as an
        #: editor counts them (:meth:`byte_column`).
        self.source = source
        self._locator = locator
        self._misspellings: list[tuple[str, str, int, int]] | None = None
        self._source_lines: list[str] | None = None
        self._byte_memo: dict[int, tuple[int, int]] = {}
        self._advice: dict[str, list[Any]] = {}
        self._hints: tuple[Any, ...] | None = None

    @property
    def hints(self) -> tuple[Any, ...]:
        """What to work on next: each criterion's advice (a
        :class:`~ibessay.engine.criteria.Hint`), in report order."""
        if self._hints is None:
            self._hints = tuple(hint for c in self.criteria for hint in self._advice_of(c))
        return self._hints

    def _advice_of(self, criterion: Any) -> list[Any]:
        """``criterion``'s hints, made when first asked and kept. A class set's markbook
        row never reads them, and :meth:`work_on` asks each criterion whether it gives
        advice: made in every check, then again there, they cost 2 % of a check's
        instructions (bench/bench_instructions.py --essay)."""
        advice = self._advice.get(criterion.name)
        if advice is None:
            advice = self._advice[criterion.name] = criterion.hints(
                self.results[criterion.name], self.results)
        return advice

    def result(self, criterion: str) -> Any:
        """One criterion's result: ``report.result("events").events``..."""
        return self.results[criterion]

    def misspellings(self) -> list[Any]:
        """Each place a misspelt name was read as the rubric's name, in order of place
        (:class:`~ibessay.engine.display.Correction`)."""
        from .display import Correction

        return [Correction(*c) for c in self._placed_corrections()]

    def _placed_corrections(self) -> list[tuple[str, str, int, int]]:
        if self._misspellings is None:
            self._misspellings = [] if self._locator is None else \
                self._locator.corrections(self.corrections)
        return self._misspellings

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        """The stable machine-readable form (schema version :data:`SCHEMA_VERSION`);
        with ``explain``, also an ``explain`` list (``check --explain``)."""
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
        out["corrections"] = [
            {"wrote": wrote, "read_as": read_as, "line": line, "column": column}
            for wrote, read_as, line, column in self._placed_corrections()]
        if explain:
            out["explain"] = [
                {"criterion": name, "line": f.line, "column": f.column, "message": f.message}
                for name, f in self._explained()]
        return out

    def findings(self) -> list[Any]:
        """Every located message, in order of place, then the score as a note."""
        from .display import Finding

        out = [finding for criterion in self.criteria
               for finding in criterion.findings(self.results[criterion.name], self.results)]
        out += [Finding(c.line, c.column, "warning", c.message) for c in self.misspellings()]
        out.sort(key=lambda f: (f.line, f.column))
        out.append(Finding(1, 1, "note", f"score {self.score}/100, {self.verdict()}"))
        return out

    def verdict(self) -> str:
        """``"indicative band 10–12 (does not pass the rubric)"``."""
        return (f"indicative band {self.band.label} "
                f"({'passes' if self.passed else 'does not pass'} the rubric)")

    def explanations(self) -> list[Any]:
        """Why each item of each criterion was or was not credited, criterion by
        criterion (``check --explain``)."""
        return [finding for _, finding in self._explained()]

    def explanations_by_criterion(self) -> list[tuple[str, list[Any]]]:
        """:meth:`explanations` under the name of the criterion that gave them (those
        that gave none left out)."""
        return [(criterion.name, found) for criterion in self.criteria
                if (found := criterion.explain(self.results[criterion.name], self.results))]

    def _explained(self) -> list[tuple[str, Any]]:
        return [(name, finding) for name, found in self.explanations_by_criterion()
                for finding in found]

    def work_on(self) -> list[Any]:
        """What to work on, most weighty first: each criterion's advice, then the problems
        found at a place in the draft (possible date errors, misspelt names), in order
        of place. A name misspelt the same way several times is one item, at its first
        place (the JSON and ``--format line`` list every place).

        A criterion that gives advice says in it what its located warnings would repeat
        (the historian named without a view), so only the located warnings of criteria
        without advice are listed here.
        """
        from .display import WorkItem

        items = [WorkItem(hint.message) for hint in self.hints]
        placed: list[WorkItem] = []
        for criterion in self.criteria:
            if self._advice_of(criterion):
                continue
            result = self.results[criterion.name]
            placed += [WorkItem(f.message, f.line, f.column)
                       for f in criterion.findings(result, self.results)
                       if f.severity == "warning"]
        # One item per misspelling, at its first place: "Kruschev" written eight times
        # is one thing to fix, and would otherwise fill the brief report.
        same: dict[tuple[str, str], list[Any]] = {}
        for c in self.misspellings():
            same.setdefault((c.wrote, c.read_as), []).append(c)
        for first, *more in same.values():
            message = first.message
            if more:
                lines = list(dict.fromkeys(c.line for c in (first, *more)))
                # A name misspelt on every line of a long draft is not a list of lines.
                shown = ", ".join(map(str, lines[:_LINES_SHOWN])) + (
                    f" and {len(lines) - _LINES_SHOWN:,} more"
                    if len(lines) > _LINES_SHOWN else "")
                message += (f" ({len(more) + 1} times, on line{'s' if len(lines) > 1 else ''} "
                            f"{shown})")
            placed.append(WorkItem(message, first.line, first.column))
        placed.sort(key=lambda item: (item.line, item.column))
        return items + placed

    def byte_column(self, line: int, column: int, encoding: str = "utf-8") -> int:
        """``column`` (in characters) of ``line`` as vim's quickfix counts it: 1 + the
        UTF-8 bytes before it (vim's ``%c`` is a byte index). With ``encoding``
        "utf-16-le", 1 + the UTF-16 code units before it, as VS Code counts columns (an
        emoji is two).

        Linear over calls in order of place, however long the line: each line remembers
        the last column asked and its units, and counts on from there.
        """
        if self.source is None or column <= 1:
            return column
        if self._source_lines is None:
            self._source_lines = self.source.split("\n")
            self._byte_memo = {}
        if not 1 <= line <= len(self._source_lines):
            return column
        text = self._source_lines[line - 1]
        memo = self._byte_memo
        key = line if encoding == "utf-8" else -line  # one memo, two encodings
        last = memo.get(key)
        if last is None:
            last = memo[key] = (0, 0) if text.isascii() else (1, 0)
        if last == (0, 0):  # an ASCII line: bytes are characters
            return column
        since, before = last if last[0] <= column else (1, 0)
        units = len(text[since - 1:column - 1].encode(encoding, "surrogatepass"))
        before += units if encoding == "utf-8" else units // 2
        memo[key] = (column, before)
        return before + 1

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
