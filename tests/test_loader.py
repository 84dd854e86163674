"""Rubric and prompt files: what loads, and the file:line:col of everything that doesn't.

One broken fixture per failure mode lives in tests/data/invalid/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ibessay.content.loader import load_prompt
from ibessay.engine.compiled import load_rubric
from ibessay.engine.criteria.events import events_of
from ibessay.engine.criteria.historians import historians_of
from ibessay.engine.criteria.length import word_range
from ibessay.errors import ContentError, IbessayError

DATA = Path(__file__).parent / "data"
INVALID = DATA / "invalid"


def test_minimal_rubric_loads_with_defaults() -> None:
    rubric = load_rubric(DATA / "minimal-rubric.yaml")
    assert rubric.id == "minimal-rubric"
    assert rubric.title == "minimal-rubric"
    assert [e.id for e in events_of(rubric)] == ["event-a"]
    assert events_of(rubric)[0].required is True
    assert historians_of(rubric).cited == 2
    assert word_range(rubric) == (700, 1100)


@pytest.mark.parametrize(
    ("name", "line", "column", "fragments"),
    [
        ("malformed", 5, 7, ["YAML syntax error: did not find expected ',' or ']'"]),
        ("unknown-key", 8, 5, ["unknown key 'alises' in an event",
                               "allowed: id, name, date, aliases", "did you mean 'aliases'?"]),
        ("duplicate-id", 9, 9, ["duplicate event id 'event-a'"]),
        ("bad-date", 7, 11, ["'1905-13' has month 13; months run 1 to 12"]),
        ("unknown-period", 8, 13, ["unknown period 'erly'", "did you mean 'early'?"]),
        ("missing-key", 5, 5, ["missing the required key 'name'"]),
        ("duplicate-key", 7, 5, ["duplicate key 'name'"]),
        ("wrong-id", 1, 5, ["does not match its file name 'wrong-id.yaml'"]),
        ("shared-alias", 6, 56, ["'The Crisis' is an alias of both 'event-a' and 'event-b'"]),
        ("no-aliases", 5, 5, ["has no aliases and no cooccur rules"]),
        ("bad-cooccur", 9, 9, ["needs 2 or 3 word lists, not 1"]),
        ("not-utf8", 3, 1, ["not valid UTF-8 (byte 0xe9)"]),
        ("empty", 1, 1, ["the file is empty"]),
    ],
)
def test_invalid_rubric_is_located(name: str, line: int, column: int, fragments: list[str]) -> None:
    path = INVALID / f"{name}.yaml"
    with pytest.raises(ContentError) as caught:
        load_rubric(path)
    error = caught.value
    assert (error.path, error.line, error.column) == (str(path), line, column), str(error)
    assert str(error).startswith(f"{path}:{line}:{column}: ")
    for fragment in fragments:
        assert fragment in str(error)


def test_missing_rubric_file() -> None:
    with pytest.raises(IbessayError, match="not found"):
        load_rubric(DATA / "no-such-rubric.yaml")


def test_prompt_loads(tmp_path: Path) -> None:
    path = tmp_path / "p1.yaml"
    path.write_text(
        "id: p1\nquestion: Why?\ncommand_term: to-what-extent\ntopic: 10\n"
        "rubric: minimal-rubric\ntimeframe: {start: 1918, end: 1939}\n", encoding="utf-8")
    prompt = load_prompt(path)
    assert prompt.timeframe == (1918, 1939)
    assert prompt.minutes == 45
    assert (prompt.rubric_line, prompt.rubric_column) == (5, 9)


@pytest.mark.parametrize(
    ("body", "line", "column", "fragment"),
    [
        ("command_term: describe\n", 3, 15,
         "unknown command term 'describe'; allowed: analyse, compare"),
        ("command_term: examine\ntopic: 13\n", 4, 8, "topic must be between 1 and 12, not 13"),
        ("command_term: examine\ntopic: 12\nminutes: lots\n", 5, 10,
         "minutes must be a whole number"),
    ],
)
def test_invalid_prompt_is_located(tmp_path: Path, body: str, line: int, column: int,
                                   fragment: str) -> None:
    path = tmp_path / "p1.yaml"
    text = "id: p1\nquestion: Why?\n" + body
    if "topic" not in body:
        text += "topic: 12\n"
    path.write_text(text + "rubric: r\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_prompt(path)
    assert (caught.value.line, caught.value.column) == (line, column), str(caught.value)
    assert fragment in str(caught.value)
