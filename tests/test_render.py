from __future__ import annotations

import io
import json

import pytest

from conftest import EXAMPLES, PROMPT
from ibessay.content.library import Library
from ibessay.engine.check import check_text
from ibessay.engine.compiled import rubric_for
from ibessay.engine.report import SCHEMA_VERSION, bar
from ibessay.render import REPORT_FORMATS, Format, renderer


def report():  # type: ignore[no-untyped-def]
    library = Library.default()
    prompt = library.prompt(PROMPT)
    text = (EXAMPLES / "counter-wrong-dates.md").read_text(encoding="utf-8")
    return check_text(text, rubric_for(library, prompt), "essay.md", prompt)


def test_every_format_has_a_renderer() -> None:
    for fmt in REPORT_FORMATS:
        out = io.StringIO()
        renderer(fmt)(report(), out, color=False)
        assert out.getvalue().strip(), fmt


def test_json_is_stable() -> None:
    out = io.StringIO()
    renderer(Format.json)(report(), out)
    data = json.loads(out.getvalue())
    assert data["schema_version"] == SCHEMA_VERSION == 2
    assert list(data) == ["schema_version", "draft", "prompt", "question", "rubric", "words",
                          "word_range", "score", "score_parts", "band", "passed", "unmet",
                          "periods", "events", "historians", "date_issues", "command_term",
                          "structure", "hints", "corrections"]


def test_line_format_names_severities() -> None:
    out = io.StringIO()
    renderer(Format.line)(report(), out)
    lines = out.getvalue().splitlines()
    assert lines[-1].startswith("essay.md:1:1: note: score ")
    assert sum(": warning: possible date error" in line for line in lines) == 4


def test_bar() -> None:
    assert bar(0.0, 4) == "░░░░" and bar(0.5, 4) == "██░░" and bar(2.0, 4) == "████"


@pytest.mark.parametrize("text", ["ab\ncd\n\nx y\n\n\nlast line", "\nstarts with a break",
                                  "ends with one\n", "one line", "“curly” — not ASCII\n\nnext"])
def test_every_place_has_the_line_and_column_people_count(text: str) -> None:
    """The Locator's index of line starts gives, for every offset, the line (1 + the
    breaks before it) and column (1 + the characters since the last break)."""
    from ibessay.engine.report import Locator
    from ibessay.engine.text import FlatText

    locator = Locator(text, FlatText(text))
    expected = []
    for pos in range(len(text)):
        before = text[:pos]
        expected.append((before.count("\n") + 1, len(before) - before.rfind("\n")))
    assert [locator.line_col(pos) for pos in range(len(text))] == expected


def test_markdown_has_a_table_per_criterion_and_shows_stars_literally() -> None:
    library = Library.default()
    prompt = library.prompt(PROMPT)
    text = (EXAMPLES / "counter-name-dropping.md").read_text(encoding="utf-8")
    report = check_text(text, rubric_for(library, prompt), "essay.md", prompt)
    out = io.StringIO()
    renderer(Format.markdown)(report, out)
    page = out.getvalue()
    for title in ("## Periods of the time frame", "## Events", "## Historians (cite at least 2)"):
        assert title in page
    assert "| Lorenz M. Lüthi | mentioned | l.3\\*, l.9\\*, l.19\\* |" in page
    assert "- \\* named without a view attributed" in page
