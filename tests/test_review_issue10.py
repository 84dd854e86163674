"""Review of issue 10 (cases, two-case questions, signals): bugs found by running them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from test_two_case import BERLIN, CONTENT, CUBA, HUNGARY, RUBRIC

import ibessay
from conftest import run
from ibessay.engine.display import Tally


def _region(result_stdout: str, case: str) -> str:
    data = json.loads(result_stdout)
    return next(c["region"] for c in data["cases"] if c["id"] == case)


def test_a_case_written_after_the_rubric_is_read_again_when_edited(tmp_path: Path) -> None:
    # The author writes the rubric first: its case is missing (an error), then written,
    # then edited. The edit must be seen: the cache's key holds the case's file.
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    case = content / "rubrics" / "cases" / "test-cuba-1962.yaml"
    text = case.read_text(encoding="utf-8")
    case.unlink()
    draft = tmp_path / "essay.md"
    draft.write_text(HUNGARY + CUBA, encoding="utf-8")
    env = {"IBESSAY_CONTENT_PATH": str(content)}
    args = ("check", str(draft), "--prompt", "test-two-crises", "--format", "json")
    assert run(*args, env=env).returncode == 2  # unknown case
    case.write_text(text, encoding="utf-8")
    assert _region(run(*args, env=env).stdout, "test-cuba-1962") == "americas"
    case.write_text(text.replace("region: americas", "region: asia-oceania"),
                    encoding="utf-8")
    assert _region(run(*args, env=env).stdout, "test-cuba-1962") == "asia-oceania"


def test_a_case_added_in_an_earlier_folder_is_used(tmp_path: Path) -> None:
    # A rubric in one content folder whose case comes from a later one; the author then
    # writes the case beside the rubric, which comes first.
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(CONTENT, first)
    (second / "rubrics" / "cases").mkdir(parents=True)
    moved = first / "rubrics" / "cases" / "test-cuba-1962.yaml"
    text = moved.read_text(encoding="utf-8")
    moved.rename(second / "rubrics" / "cases" / "test-cuba-1962.yaml")
    draft = tmp_path / "essay.md"
    draft.write_text(HUNGARY + CUBA, encoding="utf-8")
    env = {"IBESSAY_CONTENT_PATH": f"{first}:{second}"}
    args = ("check", str(draft), "--prompt", "test-two-crises", "--format", "json")
    assert _region(run(*args, env=env).stdout, "test-cuba-1962") == "americas"
    moved.write_text(text.replace("region: americas", "region: asia-oceania"),
                     encoding="utf-8")
    assert _region(run(*args, env=env).stdout, "test-cuba-1962") == "asia-oceania"


def _cases_tally(text: str) -> Tally:
    report = ibessay.check(text, rubric=RUBRIC, name="draft.md")
    return next(t for t in report.tallies() if t.label == "cases")


def test_the_dashboard_does_not_count_two_cases_from_one_region_as_done() -> None:
    tally = _cases_tally(HUNGARY + BERLIN)
    assert tally.done < tally.of == 2
    assert any("all come from Europe" in m for m in tally.missing)


def test_the_dashboard_names_a_treated_cases_missing_core_events() -> None:
    # Three sentences on Cuba, but neither the U-2 photographs nor the quarantine: the
    # Required events column is 0/0 on a two-case question, so this column must say so.
    thin = ("Cuba mattered. Castro feared an invasion of Cuba. Kennedy faced Khrushchev "
            "over Cuba and the Jupiter missiles in Turkey were traded.\n")
    tally = _cases_tally(HUNGARY + thin)
    assert tally.done < tally.of == 2
    assert any("U-2 photographs" in m for m in tally.missing), tally.missing


# A draft with the question pasted at the top and a heading per part: one real sentence
# on each theme and each signal, which is not enough (two are needed).
HEADED = (
    "Compare and contrast the causes and the impact of two Cold War crises, each chosen "
    "from a different region\n\n"
    "## Causes\n\nThe Hungarian rising had one cause: Soviet control.\n\n"
    "## Impact\n\nThe impact of Cuba was a hotline.\n\n"
    "## Similarities\n\nBoth crises frightened the world.\n\n"
    "## Differences\n\nWhereas Hungary was crushed, Cuba ended in a deal.\n")


def test_headings_and_the_question_pasted_on_top_are_not_sentences_on_a_theme() -> None:
    data = ibessay.check(HEADED, rubric=RUBRIC, name="draft.md").to_dict()
    themes = {t["id"]: (t["found"], t["sentences"]) for t in data["themes"]}
    assert themes == {"causes": (False, 1), "impact": (False, 1)}


def test_headings_are_not_evidence_of_a_signal() -> None:
    data = ibessay.check(HEADED, rubric=RUBRIC, name="draft.md").to_dict()
    signals = {s["id"]: s for s in data["command_term"]["signals"]}
    for ident in ("similarities", "differences"):
        assert not signals[ident]["found"]
        assert [e["text"] for e in signals[ident]["evidence"]] == [
            {"similarities": "Both crises frightened the world.",
             "differences": "Whereas Hungary was crushed, Cuba ended in a deal."}[ident]]


def test_a_heading_is_not_a_sentence_about_a_case() -> None:
    # Two sentences on Cuba under a heading that names it: a name in passing, not a case.
    cuba = "## Cuba and Kennedy\n\nKennedy announced a quarantine in 1962. Cuba mattered.\n"
    report = ibessay.check(HUNGARY + cuba, rubric=RUBRIC, name="draft.md")
    result = next(c for c in report.result("cases").cases if c.id == "test-cuba-1962")
    assert (result.sentences, result.treated) == (2, False)


def test_france_in_an_essay_on_algeria_is_not_read_as_franco() -> None:
    # The question accepts the Spanish Civil War too, whose case names Franco: a French
    # colony's war is not a misspelt Spanish general, nor sentences about Spain.
    essay = Path(__file__).parent.parent / "rubrics" / "examples" / \
        "guerrilla-wars-compared" / "exemplar.md"
    report = ibessay.check(essay.read_text(encoding="utf-8"),
                           rubric="guerrilla-wars-compared", name="exemplar.md")
    data = report.to_dict()
    assert [c for c in data["corrections"] if c["wrote"] == "France"] == []
    spain = next(c for c in data["cases"] if c["id"] == "spanish-civil-war")
    assert spain["sentences"] == 0


def test_an_essay_naming_no_case_gets_no_points_for_events() -> None:
    filler = ("This essay argues that the period was mainly about fear. " + "The world "
              "changed in many ways because leaders were afraid and people suffered. " * 30
              + "\n\nOverall, fear was the most important cause of the crises.\n")
    data = ibessay.check(filler, rubric=RUBRIC, name="draft.md").to_dict()
    assert not any(e["found"] for e in data["events"])
    assert data["score_parts"]["events"] == 0
    assert data["band"]["high"] <= 3
