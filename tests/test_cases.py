"""Data-driven matching cases: the bundled pack's test cases (tests/cases/*.yaml, see the
comment at the top of each), run through the same harness as ``ibessay pack test``
(:mod:`ibessay.packs.harness`; the file format is in :mod:`ibessay.content.testcases`).

Each case runs ``text`` through the file's rubric and checks only the keys it names;
``xfail: why`` marks a known gap (the case must still fail, so that a fix is noticed).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from ibessay.content.cache import Cache, default_directory
from ibessay.content.library import Library
from ibessay.content.testcases import CheckCase, load_test_file
from ibessay.engine.compiled import rubric_named
from ibessay.engine.examples import EXPECTATIONS
from ibessay.errors import ContentError
from ibessay.packs.harness import FAILED, PASSED, XFAILED, XPASSED, load_cases, run_case

CASES = ROOT / "tests" / "cases"


def _library() -> Library:
    return Library([ROOT], Cache(default_directory()))


@functools.cache
def _compiled(rubric: str) -> Any:
    """Each rubric compiled once for the whole module (reading it from the cache for
    each of ~700 cases took most of their time)."""
    return rubric_named(_library(), rubric)


def _params() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        loaded = load_test_file(path, EXPECTATIONS)
        for case in loaded.cases:
            marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
            params.append(pytest.param(loaded.rubric.value, case, marks=marks,
                                       id=f"{path.stem}: {case.name}"))
    return params


@pytest.mark.parametrize(("rubric", "case"), _params())
def test_case(rubric: str, case: CheckCase) -> None:
    outcome = run_case(case, _compiled(rubric))
    assert not outcome.failures, "\n".join(outcome.failures)


@pytest.mark.parametrize("path", sorted(CASES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_id_a_case_names_is_in_its_rubric(path: Path) -> None:
    load_cases(path, _library())


# -- the harness itself ----------------------------------------------------------------

RUBRIC = "sino-soviet-1949-1976"


def _cases(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "cases.yaml"
    path.write_text(f"rubric: {RUBRIC}\ncases:\n{body}", encoding="utf-8")
    return path


def _outcomes(path: Path) -> list[Any]:
    loaded, compiled = load_cases(path, _library())
    return [run_case(case, compiled, loaded.path) for case in loaded.cases]


def test_an_unknown_key_is_an_error_at_its_place_not_a_pass(tmp_path: Path) -> None:
    path = _cases(tmp_path, "  - name: typo\n    text: The Korean War.\n    fond: [x]\n")
    with pytest.raises(ContentError, match=r"cases.yaml:5:5: unknown key 'fond'") as caught:
        load_cases(path, _library())
    assert caught.value.hint == "did you mean 'found'?"


def test_an_id_the_rubric_lacks_is_an_error_not_a_case_that_holds(tmp_path: Path) -> None:
    # `missing: [korean-wr]` would hold for ever: a typo must not pass.
    path = _cases(tmp_path, "  - name: typo\n    text: Nothing.\n    missing: [korean-wr]\n"
                            "  - name: two\n    text: Nothing.\n    cited: [westadd]\n")
    with pytest.raises(ContentError) as caught:
        load_cases(path, _library())
    assert str(caught.value).startswith(f"{path}:5:15: 'korean-wr' in missing is not an id")
    assert caught.value.hint == "did you mean 'korean-war'?"
    assert [str(e).splitlines()[0] for e in caught.value.more] == [
        f"{path}:8:13: 'westadd' in cited is not an id of the rubric '{RUBRIC}'"]


def test_exactly_fails_on_anything_not_listed(tmp_path: Path) -> None:
    text = "The Korean War and the Great Leap Forward."
    path = _cases(tmp_path, f"  - {{name: a, text: {text}, found: [korean-war]}}\n"
                            f"  - {{name: b, text: {text}, found: [korean-war], "
                            "exactly: [found]}\n"
                            f"  - {{name: c, text: {text}, found: [korean-war, "
                            "great-leap-forward], exactly: [found]}\n"
                            "  - {name: d, text: Westad argues that it mattered., "
                            "exactly: [cited]}\n")
    outcomes = _outcomes(path)
    assert [o.failures for o in outcomes] == [
        (), ("found: 'great-leap-forward' too, not listed",), (),
        ("cited: 'westad' too, not listed",)]


def test_a_wrong_expectation_is_reported_with_the_difference(tmp_path: Path) -> None:
    path = _cases(tmp_path, "  - name: wrong\n    text: Nothing here.\n"
                            "    found: [korean-war]\n    cited: [westad]\n"
                            "  - name: dates\n    text: The Treaty of Friendship was signed "
                            "in 1951.\n    no_date_issues: true\n")
    outcomes = _outcomes(path)
    assert outcomes[0].failures == ("found: 'korean-war' is not found",
                                    "cited: 'westad' is not cited")
    assert outcomes[1].failures == ("date issues: [treaty-1950 1951], expected none",)
    assert [o.status for o in outcomes] == [FAILED, FAILED]


def test_xfail_cases_must_fail(tmp_path: Path) -> None:
    path = _cases(tmp_path, "  - {name: gap, text: The Korean War., missing: [korean-war], "
                            "xfail: a known gap}\n"
                            "  - {name: fixed, text: The Korean War., found: [korean-war], "
                            "xfail: fixed since}\n"
                            "  - {name: fine, text: The Korean War., found: [korean-war]}\n")
    outcomes = _outcomes(path)
    assert [o.status for o in outcomes] == [XFAILED, XPASSED, PASSED]
    assert [o.ok for o in outcomes] == [True, False, True]
