"""The public API: ibessay.check and ibessay.load_prompt, as a script would use them."""

from __future__ import annotations

import json

import pytest

import ibessay
from conftest import EXAMPLES, PROMPT, ROOT, run
from ibessay.errors import IbessayError

DRAFT = EXAMPLES / "counter-wrong-dates.md"


def test_to_dict_is_exactly_the_cli_json_report() -> None:
    text = DRAFT.read_text(encoding="utf-8")
    name = str(DRAFT.relative_to(ROOT))
    cli = run("check", name, "--prompt", PROMPT, "--format", "json", cwd=ROOT)
    assert cli.returncode == 0, cli.stderr
    report = ibessay.check(text, prompt=PROMPT, name=name)
    assert report.to_dict() == json.loads(cli.stdout)
    assert json.dumps(report.to_dict(), ensure_ascii=False) == cli.stdout.strip()


def test_a_rubric_by_id_or_by_path_gives_the_prompts_findings() -> None:
    text = DRAFT.read_text(encoding="utf-8")
    by_prompt = ibessay.check(text, prompt=PROMPT).to_dict()
    by_id = ibessay.check(text, rubric="sino-soviet-1949-1976").to_dict()
    by_path = ibessay.check(text, rubric=ROOT / "rubrics" / "sino-soviet-1949-1976.yaml")
    assert by_id == by_path.to_dict()
    assert by_id["prompt"] is None and by_prompt["prompt"] == PROMPT
    for key in ("score", "unmet", "events", "date_issues", "historians", "periods"):
        assert by_id[key] == by_prompt[key], key
    assert [d["event"] for d in by_id["date_issues"]] == [
        "treaty-1950", "stalin-death", "border-clashes-1969", "nixon-visit-1972"]


def test_a_report_answers_per_criterion() -> None:
    report = ibessay.check(DRAFT.read_text(encoding="utf-8"), prompt=PROMPT)
    assert report.unmet == ("dates",) and not report.passed
    assert len(report.result("dates")) == 4
    assert report.result("historians").cited >= 2


@pytest.mark.parametrize("kwargs", [{}, {"prompt": PROMPT, "rubric": "sino-soviet-1949-1976"}])
def test_a_prompt_or_a_rubric_is_needed(kwargs: dict[str, str]) -> None:
    with pytest.raises(IbessayError, match="give a prompt or a rubric"):
        ibessay.check("text", **kwargs)


def test_an_unknown_id_names_the_closest() -> None:
    with pytest.raises(IbessayError) as caught:
        ibessay.check("text", prompt="sino-soviet-1949-1967")
    assert caught.value.message == "unknown prompt 'sino-soviet-1949-1967'"
    assert caught.value.hint == "did you mean 'sino-soviet-1949-1976'?"


def test_load_prompt() -> None:
    prompt = ibessay.load_prompt(PROMPT)
    assert prompt.id == PROMPT and prompt.command_term == "examine"
    assert prompt.timeframe == (1949, 1976) and prompt.rubric == "sino-soviet-1949-1976"


def test_the_package_says_it_is_typed() -> None:
    assert (ROOT / "ibessay" / "py.typed").is_file()
    assert ibessay.check.__annotations__["return"] == "Report"


def test_suggestions_are_only_the_nearly_best() -> None:
    from ibessay.errors import closest

    ids = ["sino-soviet-1949-1976", "weimar-survival-1919-1929", "usa-civil-rights-1954-1965"]
    assert closest("sino-sovet-1949-1967", ids) == ["sino-soviet-1949-1976"]
    assert closest("weimar", ["weimar-a", "weimar-b", "zzz"]) == ["weimar-a", "weimar-b"]
