"""Two-case questions: a case library shared by reference, which cases a draft treats,
the question's rule (how many, from different regions) and its themes (issue 10).

The fixture content (tests/data/two-case) has two European cases and one American one,
so every way of missing the rule can be written in a few sentences.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import ibessay
from conftest import assert_clean_error, run
from ibessay.engine.compiled import load_rubric
from ibessay.engine.criteria.cases import cases_of
from ibessay.errors import ContentError

CONTENT = Path(__file__).parent / "data" / "two-case"
RUBRIC = CONTENT / "rubrics" / "test-two-crises.yaml"

HUNGARY = (
    "The Hungarian Uprising began in Budapest in October 1956 because Hungarians resented "
    "Soviet control. Imre Nagy promised to withdraw from the Warsaw Pact. Soviet tanks "
    "crushed the rising in Budapest in November 1956. The impact was a hardening of the "
    "Eastern bloc.\n\n")
CUBA = (
    "In Cuba the cause was different. U-2 photographs showed missile sites in October "
    "1962. Kennedy announced a quarantine because he would not accept the missiles. As a "
    "result the effect was a hotline between the superpowers. Gaddis argues that both "
    "crises showed the limits of Soviet power.\n\nWhereas Soviet tanks settled Hungary, "
    "Khrushchev backed down over Cuba. Similarly, each crisis left the blocs more wary.\n")
BERLIN = (
    "In Berlin the cause was the flight of East Germans to the West. The Berlin Wall went "
    "up in August 1961. Ulbricht had pressed Khrushchev since the Berlin ultimatum of "
    "November 1958. As a result the effect was a divided city for a generation. Gaddis "
    "argues that both crises showed the limits of Soviet power.\n")


def _check(text: str) -> ibessay.Report:
    return ibessay.check(text, rubric=RUBRIC, name="draft.md")


def test_two_cases_from_different_regions_meet_the_rule() -> None:
    report = _check(HUNGARY + CUBA)
    data = report.to_dict()
    treated = [c["id"] for c in data["cases"] if c["treated"]]
    assert treated == ["test-hungary-1956", "test-cuba-1962"]
    assert data["case_rule"] == {
        "required": 2, "different_regions": True, "met": True,
        "message": "Cases treated: Hungarian Uprising, 1956 (Europe) and Cuban Missile "
                   "Crisis, 1962 (the Americas)"}
    assert report.passed, report.unmet
    cuba = next(c for c in data["cases"] if c["id"] == "test-cuba-1962")
    assert {e["id"]: (e["core"], e["found"]) for e in cuba["events"]} == {
        "test-cuba-missiles-found": (True, True), "test-cuba-quarantine": (True, True),
        "test-cuba-deal": (False, False)}
    assert cuba["historians"] == [{"id": "fursenko", "name": "Aleksandr Fursenko",
                                   "status": "absent"}]
    assert [t["id"] for t in data["themes"] if t["found"]] == ["causes", "impact"]


def test_one_case_is_not_an_answer() -> None:
    report = _check(HUNGARY)
    rule = report.to_dict()["case_rule"]
    assert not rule["met"] and "cases" in report.unmet
    assert rule["message"].startswith("Only one case treated (Hungarian Uprising, 1956)")
    assert report.mark <= 9  # fewer cases than asked: at most 7-9
    assert any(h.kind == "case" for h in report.hints)


def test_two_cases_from_one_region_are_told_so() -> None:
    report = _check(HUNGARY + BERLIN)
    rule = report.to_dict()["case_rule"]
    assert [c.id for c in report.result("cases").treated] == [
        "test-hungary-1956", "test-berlin-wall-1961"]
    assert not rule["met"] and "cases" in report.unmet
    assert "all come from Europe" in rule["message"]
    assert "each from a different region" in rule["message"]
    # Half the question answered: scaled as an essay on one case, never 100.
    assert report.score < _check(HUNGARY + CUBA).score and report.score <= 80


def test_a_case_named_in_passing_is_not_treated() -> None:
    passing = "Unlike the Cuban crisis of 1962, Kennedy was not involved in Hungary.\n\n"
    report = _check(HUNGARY + passing)
    cuba = next(c for c in report.result("cases").cases if c.id == "test-cuba-1962")
    assert cuba.sentences == 1 and not cuba.treated
    assert "named only in passing" in report.to_dict()["case_rule"]["message"]


def test_a_treated_case_needs_its_core_events() -> None:
    # Three sentences on Cuba, but neither the U-2 photographs nor the quarantine.
    thin = ("Cuba mattered. Castro feared an invasion of Cuba. Kennedy faced Khrushchev "
            "over Cuba and the Jupiter missiles in Turkey were traded.\n")
    report = _check(HUNGARY + thin)
    cuba = next(c for c in report.result("cases").cases if c.id == "test-cuba-1962")
    assert cuba.treated and not cuba.complete
    assert report.to_dict()["case_rule"]["met"]
    assert "cases" in report.unmet
    assert any("U-2 photographs" in h.message for h in report.hints)


def test_themes_need_their_sentences() -> None:
    report = _check(HUNGARY.replace("because", "as").replace("impact", "story") + CUBA)
    themes = {t["id"]: t for t in report.to_dict()["themes"]}
    assert themes["causes"]["found"]
    assert "themes" not in report.unmet or not themes["impact"]["found"]


def test_a_question_on_one_subject_reports_no_cases() -> None:
    data = ibessay.check("Mao met Stalin.", prompt="sino-soviet-1949-1976").to_dict()
    assert "cases" not in data and "case_rule" not in data and "themes" not in data


def test_cases_are_shared_by_reference() -> None:
    rubric = load_rubric(RUBRIC)
    part = cases_of(rubric)
    assert part is not None and part.required == 2 and part.different_regions
    assert [(c.id, c.region) for c in part.accepted] == [
        ("test-hungary-1956", "europe"), ("test-berlin-wall-1961", "europe"),
        ("test-cuba-1962", "americas")]
    # Gaddis is in two cases: one historian in the joined rubric.
    ids = [h.id for h in rubric.parts["historians"].known]
    assert ids.count("gaddis") == 1


def test_the_cli_checks_a_two_case_prompt(tmp_path: Path) -> None:
    draft = tmp_path / "essay.md"
    draft.write_text(HUNGARY + BERLIN, encoding="utf-8")
    env = {"IBESSAY_CONTENT_PATH": str(CONTENT)}
    result = run("check", str(draft), "--prompt", "test-two-crises", "--format", "json",
                 env=env)
    assert result.returncode == 0, result.stderr  # a report, not an error
    data = json.loads(result.stdout)
    assert data["case_rule"]["met"] is False
    line = run("check", str(draft), "--prompt", "test-two-crises", "--format", "line",
               env=env)
    assert "all come from Europe" in line.stdout
    rich = run("check", str(draft), "--prompt", "test-two-crises", env=env)
    assert "Cases" in rich.stdout and "Hungarian Uprising, 1956" in rich.stdout


def test_an_edited_case_is_read_again(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    draft = tmp_path / "essay.md"
    draft.write_text(HUNGARY + CUBA, encoding="utf-8")
    env = {"IBESSAY_CONTENT_PATH": str(content)}
    args = ("check", str(draft), "--prompt", "test-two-crises", "--format", "json")
    assert json.loads(run(*args, env=env).stdout)["case_rule"]["met"]
    case = content / "rubrics" / "cases" / "test-hungary-1956.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace(
        "region: europe", "region: americas"), encoding="utf-8")
    again = run(*args, env=env)
    assert "all come from the Americas" in json.loads(again.stdout)["case_rule"]["message"]


def test_a_historian_belongs_to_a_case_only_if_that_case_alone_brings_them(
        tmp_path: Path) -> None:
    # Fursenko: Cuba's alone; Gaddis: Hungary's and Berlin's, so no one case's.
    known = {h.id: h.case for h in load_rubric(RUBRIC).parts["historians"].known}
    assert known == {"gaddis": "", "fursenko": "Cuban Missile Crisis, 1962"}
    # Named by the question too, Fursenko (and Gaddis) concern every draft.
    content = _content_with(tmp_path, ("require:", "historians:\n"
                                       "  - id: fursenko\n    name: Aleksandr Fursenko\n"
                                       "    view: Khrushchev gambled.\n"
                                       "  - id: gaddis\n    name: John Lewis Gaddis\n"
                                       "    view: The West won.\nrequire:"))
    rubric = load_rubric(content / "rubrics" / "test-two-crises.yaml")
    assert {h.id: h.case for h in rubric.parts["historians"].known} == {
        "fursenko": "", "gaddis": ""}


# --- bad content: file:line:col, exit 2 -------------------------------------------------

def _content_with(tmp_path: Path, rubric_edit: tuple[str, str] = ("", ""),
                  case: str | None = None, case_text: str | None = None) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    rubric = content / "rubrics" / "test-two-crises.yaml"
    old, new = rubric_edit
    if old:
        text = rubric.read_text(encoding="utf-8")
        assert old in text
        rubric.write_text(text.replace(old, new), encoding="utf-8")
    if case is not None and case_text is not None:
        (content / "rubrics" / "cases" / f"{case}.yaml").write_text(case_text, encoding="utf-8")
    return content


@pytest.mark.parametrize(("edit", "where", "fragments"), [
    (("test-berlin-wall-1961, test-cuba", "test-berlin-wal-1961, test-cuba"),
     "test-two-crises.yaml:5:31", ["unknown case 'test-berlin-wal-1961'",
                                   "did you mean 'test-berlin-wall-1961'?"]),
    (("test-cuba-1962]", "test-cuba-1962, test-hungary-1956]"),
     "test-two-crises.yaml:5:70", ["case 'test-hungary-1956' is accepted twice"]),
    (("accept: [test-hungary-1956, test-berlin-wall-1961, test-cuba-1962]",
      "accept: [test-hungary-1956, test-berlin-wall-1961]"),
     "test-two-crises.yaml:7:22", ["come from 1 region(s), fewer than the 2 required"]),
])
def test_a_bad_case_list_is_located(tmp_path: Path, edit: tuple[str, str], where: str,
                                    fragments: list[str]) -> None:
    content = _content_with(tmp_path, edit)
    with pytest.raises(ContentError) as caught:
        load_rubric(content / "rubrics" / "test-two-crises.yaml")
    assert str(caught.value).startswith(str(content / "rubrics" / where)), str(caught.value)
    for fragment in fragments:
        assert fragment in str(caught.value)


_CUBA = (CONTENT / "rubrics" / "cases" / "test-cuba-1962.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "where", "fragments"), [
    ("region: americas", "region: latin-america", "3:9",
     ["unknown region 'latin-america'", "africa-middle-east, americas, asia-oceania, europe"]),
    ("id: test-cuba-quarantine", "id: test-hungary-invasion", "11:9",
     ["event id 'test-hungary-invasion' is used by case 'test-hungary-1956' and case "
      "'test-cuba-1962'", "start each case's event ids with the case's id"]),
    ("aliases: [quarantine, naval blockade of Cuba]", "aliases: [quarantine, Berlin Wall]",
     "14:27", ["'Berlin Wall' is an alias of both 'test-berlin-wall-built' (case "
               "'test-berlin-wall-1961') and 'test-cuba-quarantine' (case 'test-cuba-1962')"]),
    ("id: fursenko\n    name: Aleksandr Fursenko", "id: gaddis\n    name: J. L. Gaddis", "23:11",
     ["historian 'gaddis' is 'John Lewis Gaddis' elsewhere and 'J. L. Gaddis' here"]),
])
def test_a_bad_case_is_located(tmp_path: Path, old: str, new: str, where: str,
                               fragments: list[str]) -> None:
    assert old in _CUBA
    content = _content_with(tmp_path, case="test-cuba-1962", case_text=_CUBA.replace(old, new))
    with pytest.raises(ContentError) as caught:
        load_rubric(content / "rubrics" / "test-two-crises.yaml")
    expected = str(content / "rubrics" / "cases" / "test-cuba-1962.yaml") + ":" + where
    assert str(caught.value).startswith(expected), str(caught.value)
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_the_cli_says_where_a_case_is_wrong(tmp_path: Path) -> None:
    content = _content_with(tmp_path, case="test-cuba-1962",
                            case_text=_CUBA.replace("region: americas", "region: south"))
    draft = tmp_path / "essay.md"
    draft.write_text(HUNGARY + CUBA, encoding="utf-8")
    result = run("check", str(draft), "--prompt", "test-two-crises",
                 env={"IBESSAY_CONTENT_PATH": str(content)})
    assert_clean_error(result, "test-cuba-1962.yaml:3:9", "unknown region 'south'")


def test_historians_of_the_cases_written_on_are_suggested_first() -> None:
    cuba = CUBA.replace("Gaddis argues that both crises showed the limits of Soviet power.",
                        "")
    report = _check(cuba)
    (hint,) = [h for h in report.hints if h.kind == "historian"]
    assert hint.message.index("Fursenko") < hint.message.index("Gaddis")


def test_an_empty_section_says_so_in_a_line(tmp_path: Path) -> None:
    draft = tmp_path / "essay.md"
    draft.write_text("This essay argues that fear mattered most.\n", encoding="utf-8")
    env = {"IBESSAY_CONTENT_PATH": str(CONTENT)}
    rich = run("check", str(draft), "--prompt", "test-two-crises", env=env).stdout
    assert "Cases: none yet" in rich and "Events: none yet" in rich
    assert "┃ Case ┃" not in rich and "named without a view" not in rich
    markdown = run("check", str(draft), "--prompt", "test-two-crises", "--format",
                   "markdown", env=env).stdout
    assert "## Events\n\nNone yet." in markdown
