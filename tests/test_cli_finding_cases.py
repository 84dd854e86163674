"""Finding two-case questions through the installed command: ``prompts --case`` and
``--region``, the ``cases`` key of ``prompts --format json`` and the cases table of
``show`` (issue 10, items 2 and 8).

The fixture (tests/data/finding-cases) holds two two-case questions on six cases of its
own (ids starting ``fx-``, so that they meet no bundled case): fx-crises (four Cold War
crises, two from Europe, one each from the Americas and Asia, from different regions)
and fx-leaders (two leaders from the Americas, any regions)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, assert_clean_error, on_screen, run

CASES = ROOT / "tests" / "data" / "finding-cases"


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def case_bank(isolated: None, shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IBESSAY_CONTENT_PATH", str(CASES))
    # One cache for the module (it is keyed on content): a listing of the whole bank
    # reads every rubric once, not once per test.
    monkeypatch.setenv("IBESSAY_CACHE_DIR", str(shared_cache))


def ids(*args: str) -> list[str]:
    result = run("prompts", "--tag", "fx-cases", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)]


def test_case_filter_by_id_or_its_start() -> None:
    assert ids("--case", "fx-hungary-1956") == ["fx-crises"]
    assert ids("--case", "fx-hung") == ["fx-crises"]
    assert ids("--case", "FX-Castro") == ["fx-leaders"]


def test_region_filter() -> None:
    assert ids("--region", "americas") == ["fx-crises", "fx-leaders"]
    assert ids("--region", "europe") == ["fx-crises"]
    assert ids("--region", "Asia") == ["fx-crises"]
    assert ids("--region", "oceania", "--topic", "12") == ["fx-crises"]


def test_case_and_region_combine_with_the_other_filters() -> None:
    assert ids("--region", "americas", "--term", "evaluate") == ["fx-leaders"]
    assert ids("--case", "fx-cuban", "--region", "eu") == ["fx-crises"]
    result = run("prompts", "--tag", "fx-cases", "--topic", "10", "--region", "europe")
    assert result.returncode == 0, result.stderr
    assert on_screen(result.stdout) == (
        "1 prompt matches --topic 10 --tag fx-cases, but none also matches --region europe.")


def test_unknown_and_ambiguous_cases_are_clear_errors() -> None:
    assert_clean_error(run("prompts", "--case", "fx-hungry-1956"),
                       "unknown case 'fx-hungry-1956'", "did you mean 'fx-hungary-1956'")
    assert_clean_error(run("prompts", "--case", "fx-c"), "is the start of 2 case ids",
                       "fx-castro-cuba", "fx-cuban-missile-crisis-1962")


def test_json_gives_each_two_case_question_its_cases() -> None:
    listed = {p["id"]: p for p in json.loads(
        run("prompts", "--tag", "fx-cases", "--format", "json").stdout)}
    assert listed["fx-crises"]["cases"] == {
        "required": 2,
        "different_regions": True,
        "accepted": ["fx-hungary-1956", "fx-berlin-wall-1961",
                     "fx-cuban-missile-crisis-1962", "fx-korean-war-1950-1953"],
        "regions": {"fx-hungary-1956": "europe", "fx-berlin-wall-1961": "europe",
                    "fx-cuban-missile-crisis-1962": "americas",
                    "fx-korean-war-1950-1953": "asia-oceania"},
    }
    assert listed["fx-leaders"]["cases"]["different_regions"] is False
    assert listed["fx-leaders"]["cases"]["accepted"] == ["fx-castro-cuba",
                                                         "fx-peron-argentina"]


def test_show_lists_the_cases_their_regions_and_the_rule() -> None:
    result = run("show", "fx-cr", env={"COLUMNS": "160"})  # a table row on one line
    assert result.returncode == 0, result.stderr
    screen = on_screen(result.stdout)
    assert ("Cases: treat 2, each from a different region (4 accepted, from americas, "
            "asia-oceania, europe)") in screen
    for row in ("fx-cuban-missile-crisis-1962 │ americas │ Cuban Missile Crisis, 1962 │ │ "
                "• Cuban Missile Crisis (Oct 1962)",
                "fx-korean-war-1950-1953 │ asia-oceania │ Korean War, 1950–1953 │ │ "
                "• North Korea invades the South (25 Jun 1950)",
                "fx-hungary-1956 │ europe │ Hungarian Uprising, 1956 │ │ "
                "• Soviet intervention in Hungary (4 Nov 1956)"):
        assert row in screen, screen
    # What the question asks of each case (its themes), not the cases' events as a list
    # of optional ones.
    assert "• Causes of each crisis (Say why each crisis broke out.)" in screen
    assert "optional events" not in screen
    leaders = on_screen(run("show", "fx-leaders").stdout)
    assert "Cases: treat 2, from any region (2 accepted, from americas)" in leaders


def test_a_question_without_cases_shows_no_cases_table() -> None:
    result = run("show", "fx-crises")
    assert "Cases:" in result.stdout
    plain = run("show", "sino-soviet-1949-1976")
    assert plain.returncode == 0 and "Cases:" not in plain.stdout


# --- what a listing reads (without a subprocess) ---------------------------------------

def test_a_listing_reads_cases_and_rereads_them_when_a_case_changes(tmp_path: Path) -> None:
    import shutil

    from ibessay.content.cache import Cache
    from ibessay.content.library import Library
    from ibessay.render.listings import prompt_cases

    content = tmp_path / "content"
    shutil.copytree(CASES, content)
    # A one-subject rubric is not parsed to be listed: a broken one is check's to report.
    (content / "prompts" / "fx-plain.yaml").write_text(
        "id: fx-plain\nquestion: Q?\ncommand_term: discuss\ntopic: 9\nrubric: fx-plain\n")
    (content / "rubrics" / "fx-plain.yaml").write_text("id: fx-plain\nperiods: [oops\n")
    library = Library([content], Cache(tmp_path / "cache"))
    assert prompt_cases(library, library.prompt("fx-plain")) is None

    crises = library.prompt("fx-crises")
    summary = prompt_cases(library, crises)
    assert summary is not None and summary.required == 2 and summary.different_regions
    assert ("fx-korean-war-1950-1953", "Korean War, 1950–1953", "asia-oceania") in \
        summary.accepted
    case = content / "rubrics" / "cases" / "fx-korean-war-1950-1953.yaml"
    case.write_text(case.read_text().replace("region: asia-oceania", "region: americas"))
    again = Library([content], Cache(tmp_path / "cache"))  # a new run, the same cache
    changed = prompt_cases(again, again.prompt("fx-crises"))
    assert changed is not None
    assert ("fx-korean-war-1950-1953", "Korean War, 1950–1953", "americas") in \
        changed.accepted
