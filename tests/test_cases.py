"""Data-driven matching cases: tests/cases/*.yaml (see the comment at the top of each).

Each case runs ``text`` through the file's rubric and checks only the keys it names:
the criteria's expectations (``found``/``missing`` event ids, ``cited``/``mentioned``/
``absent`` historian ids, ``covered``/``uncovered`` period ids), ``date_issues`` (every
issue, in order, as ``{event, year}``), ``no_date_issues: true`` and ``corrections`` (misspelling ->
name). ``exactly: [found, cited]`` says those lists are complete: anything else found
or cited fails the case. ``xfail: why`` marks a known gap (the case must still fail,
so that a fix is noticed). ``unmet`` names requirements not met (as in an example).
``command_term`` (and ``question``) read the text as an answer to a question with that
term and wording instead of the rubric's (its ``command_term`` and title): the signals
(``signals``/``missing_signals``) of any term on one rubric. Any other key is an error:
a typo must not make a case pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import ibessay
from ibessay.engine.examples import EXPECTATIONS, expectation_failures

CASES = Path(__file__).parent / "cases"
#: Keys a case may have beyond the criteria's expectations.
_CASE_KEYS = {"name", "text", "exactly", "xfail", "no_date_issues", "date_issues",
              "corrections", "command_term", "question", "unmet"}
_FILE_KEYS = {"rubric", "cases"}


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        unknown = set(data) - _FILE_KEYS
        assert not unknown, f"{path.name}: unknown keys {sorted(unknown)}"
        for case in data["cases"]:
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] \
                if "xfail" in case else []
            params.append(pytest.param(data["rubric"], case, marks=marks,
                                       id=f"{path.stem}: {case['name']}"))
    return params


def case_failures(rubric: str, case: dict[str, Any]) -> list[str]:
    """What the report of ``case["text"]`` contradicts in ``case``."""
    unknown = set(case) - _CASE_KEYS - set(EXPECTATIONS)
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}; allowed: "
                         f"{sorted(_CASE_KEYS | set(EXPECTATIONS))}")
    exactly = set(case.get("exactly", ()))
    wrong = exactly - set(EXPECTATIONS)
    if wrong:
        raise ValueError(f"exactly names keys that are not lists of ids: {sorted(wrong)}")
    report = _check(rubric, case)
    failures = []
    for key in EXPECTATIONS:
        if key == "date_issues" and "date_issues" in case:
            continue  # a case lists {event, year}, checked in full below
        if key in case or key in exactly:
            failures += expectation_failures(((key, tuple(case.get(key, ()))),), report,
                                             exactly=key in exactly)
    if "unmet" in case:  # as in an example: these, perhaps among others, are unmet
        failures += expectation_failures((("unmet", tuple(case["unmet"])),), report)
    issues = [{"event": d.event, "year": d.year} for d in report.result("dates")]
    if case.get("no_date_issues") and issues:
        failures.append(f"date issues: {issues}")
    if "date_issues" in case and issues != case["date_issues"]:
        failures.append(f"date issues: {issues}, not {case['date_issues']}")
    if "corrections" in case and report.corrections != case["corrections"]:
        failures.append(f"corrections: {report.corrections}")
    return failures


def _check(rubric: str, case: dict[str, Any]) -> Any:
    """The report of the case's text: against the rubric, or as an answer to a question
    with the case's ``command_term`` and ``question``."""
    if "command_term" not in case and "question" not in case:
        return ibessay.check(case["text"], rubric=rubric, name="case.md")
    from ibessay.content.library import Library
    from ibessay.content.model import Prompt
    from ibessay.engine.check import check_text
    from ibessay.engine.compiled import rubric_named

    compiled = rubric_named(Library.default(), rubric)
    prompt = Prompt(id="case", question=case.get("question", compiled.rubric_title),
                    command_term=case.get("command_term", compiled.rubric.command_term),
                    topic=0, rubric=rubric)
    return check_text(case["text"], compiled, "case.md", prompt)


@pytest.mark.parametrize(("rubric", "case"), _load())
def test_case(rubric: str, case: dict[str, Any]) -> None:
    failures = case_failures(rubric, case)
    assert not failures, "\n".join(failures)


# -- the runner itself -----------------------------------------------------------------

RUBRIC = "sino-soviet-1949-1976"


def test_an_unknown_key_is_an_error_not_a_pass() -> None:
    with pytest.raises(ValueError, match="unknown keys \\['fond'\\]"):
        case_failures(RUBRIC, {"name": "typo", "text": "The Korean War.", "fond": ["x"]})


def test_exactly_fails_on_anything_not_listed() -> None:
    text = "The Korean War and the Great Leap Forward."
    assert case_failures(RUBRIC, {"text": text, "found": ["korean-war"]}) == []
    failures = case_failures(RUBRIC, {"text": text, "found": ["korean-war"],
                                      "exactly": ["found"]})
    assert failures == ["found: 'great-leap-forward' too, not listed"]
    assert case_failures(RUBRIC, {"text": text, "found": ["korean-war", "great-leap-forward"],
                                  "exactly": ["found"]}) == []


def test_exactly_with_no_list_means_none() -> None:
    failures = case_failures(RUBRIC, {"text": "Westad argues that it mattered.",
                                      "exactly": ["cited"]})
    assert failures == ["cited: 'westad' too, not listed"]


def test_a_wrong_expectation_is_reported() -> None:
    failures = case_failures(RUBRIC, {"text": "Nothing here.", "found": ["korean-war"],
                                      "cited": ["westad"]})
    assert failures == ["found: 'korean-war' is not found", "cited: 'westad' is not cited"]


@pytest.mark.xfail(reason="shows that a case marked xfail must fail", strict=True)
def test_xfail_cases_are_strict() -> None:
    assert case_failures(RUBRIC, {"text": "The Korean War.", "missing": ["korean-war"]}) == []
