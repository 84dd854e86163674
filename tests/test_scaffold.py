"""``ibessay pack new``: the scaffold is a pack that works as it is, and teaches by example.

The pack is checked with the harness of ``ibessay pack test`` (its example drafts and
test cases) and through the commands a teacher runs, its facts against the bundled notes it reuses,
and its ids against the bundled library's, where ids are shared.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, assert_clean_error, run
from ibessay.content.manifest import load_manifest
from ibessay.errors import IbessayError
from ibessay.packs.harness import PackTests, run_pack_tests
from ibessay.packs.harness import test_files as case_files_in  # not a test
from ibessay.packs.scaffold import TEMPLATE, id_from_folder, scaffold
from ibessay.packs.validate import pack_library, validate_pack, yaml_files

RUBRIC = "crises-reasons-results"
CASE = "sino-soviet-border-1969"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A freshly scaffolded pack."""
    target = tmp_path / "smith-topic12"
    scaffold(target)
    return target


def _pack_test(pack: Path) -> PackTests:
    """What ``ibessay pack test`` runs on ``pack``."""
    return run_pack_tests(pack_library(pack), yaml_files(pack / "rubrics"),
                          case_files_in(pack / "tests"))


def _case_failures(pack: Path) -> dict[str, tuple[str, ...]]:
    """Each test case's name, and what it got wrong."""
    result = _pack_test(pack)
    assert result.errors == []
    return {c.case.name: c.failures for c in result.cases}


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# -- what is written ---------------------------------------------------------------------

def test_the_pack_has_every_file_the_readme_explains(tmp_path: Path) -> None:
    target = tmp_path / "smith-topic12"
    written = scaffold(target, name="Ms Smith's Topic 12: crises #1")
    relative = {p.relative_to(target).as_posix() for p in written}
    assert relative == {
        "pack.yaml", "README.md", f"prompts/{RUBRIC}.yaml", f"rubrics/{RUBRIC}.yaml",
        f"rubrics/cases/{CASE}.yaml", f"tests/{RUBRIC}.yaml",
        f"rubrics/examples/{RUBRIC}/exemplar.md",
        f"rubrics/examples/{RUBRIC}/counter-one-case.md",
        f"rubrics/examples/{RUBRIC}/counter-wrong-date.md",
    }
    assert all(p.is_file() for p in written)
    readme = (target / "README.md").read_text(encoding="utf-8")
    for path in relative - {"README.md"}:
        assert path.rpartition("/")[2] in readme, path
    assert readme.startswith("# Ms Smith's Topic 12: crises #1\n")
    assert "{{" not in readme


def test_the_manifest_has_every_field_filled_in(tmp_path: Path) -> None:
    target = tmp_path / "anything"
    scaffold(target, pack_id="smith-topic12", name="Ms Smith's Topic 12: crises #1")
    manifest = load_manifest(target / "pack.yaml")
    assert manifest.id == "smith-topic12"
    assert manifest.name == "Ms Smith's Topic 12: crises #1"  # quoted: ' : # survive
    assert manifest.version == "0.1.0"
    assert manifest.requires == ">=0.1"
    assert manifest.tests == "tests"
    assert manifest.author and manifest.licence and manifest.description
    lines = (target / "pack.yaml").read_text(encoding="utf-8").splitlines()
    for key in ("id", "name", "version", "author", "licence", "ibessay", "tests"):
        at = next(i for i, x in enumerate(lines) if x.startswith(f"{key}:"))
        assert lines[at - 1].startswith("# "), f"{key}: no comment above says what it is for"


@pytest.mark.parametrize(("folder", "expected"), [
    ("smith-topic12", "smith-topic12"),
    ("My Pack", "my-pack"),
    ("Ms_Smith's  Topic--12", "ms-smith-s-topic-12"),
])
def test_the_id_defaults_to_the_folder_name(tmp_path: Path, folder: str,
                                            expected: str) -> None:
    assert id_from_folder(folder) == expected
    scaffold(tmp_path / folder)
    assert load_manifest(tmp_path / folder / "pack.yaml").id == expected


@pytest.mark.parametrize(("folder", "pack_id", "message"), [
    ("ok", "Smith", "'Smith' is not a pack id"),
    ("ok", "smith--12", "'smith--12' is not a pack id"),
    ("ok", "../evil", "'../evil' is not a pack id"),
    ("---", None, "the folder name '---' gives no pack id"),
    ("ibessay", None, "is the id of the content bundled with ibessay"),
])
def test_a_bad_id_is_refused_and_nothing_is_written(tmp_path: Path, folder: str,
                                                    pack_id: str | None,
                                                    message: str) -> None:
    with pytest.raises(IbessayError, match=message) as raised:
        scaffold(tmp_path / folder, pack_id=pack_id)
    assert raised.value.hint and "--id" in raised.value.hint
    assert list(tmp_path.iterdir()) == []


def test_a_folder_with_files_is_refused_untouched(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(IbessayError, match="is not empty"):
        scaffold(target)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]  # nothing half-made beside it
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    with pytest.raises(IbessayError, match="is a file"):
        scaffold(tmp_path / "a-file")


def test_an_empty_folder_is_filled_and_nothing_is_left_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    scaffold(target)
    assert (target / "pack.yaml").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["empty"]


def test_a_multi_line_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IbessayError, match="one line"):
        scaffold(tmp_path / "p", name="two\nlines")


# -- it works as it is -------------------------------------------------------------------

def test_it_is_valid(pack: Path) -> None:
    checked = validate_pack(pack)
    assert checked.errors == [] and checked.warnings == []
    assert checked.manifest is not None and checked.manifest.id == "smith-topic12"


def test_the_example_drafts_behave_as_the_rubric_says(pack: Path) -> None:
    result = _pack_test(pack)
    assert result.errors == []
    assert [o.path.name for _, o in result.examples] == [
        "exemplar.md", "counter-one-case.md", "counter-wrong-date.md"]
    assert [o.failures for _, o in result.examples] == [(), (), ()]
    # Each counter-example fails for its one stated reason, and for nothing else.
    assert [o.report.unmet for _, o in result.examples] == [(), ("cases",), ("dates",)]


def test_the_test_cases_pass(pack: Path) -> None:
    failures = _case_failures(pack)
    assert len(failures) >= 6
    assert {name: f for name, f in failures.items() if f} == {}


def test_a_wrong_date_in_the_exemplar_makes_it_fail(pack: Path) -> None:
    exemplar = pack / "rubrics" / "examples" / RUBRIC / "exemplar.md"
    text = exemplar.read_text(encoding="utf-8")
    assert text.count("In July 1971 Kissinger") == 1
    exemplar.write_text(text.replace("In July 1971 Kissinger", "In July 1970 Kissinger"),
                        encoding="utf-8")
    outcome = _pack_test(pack).examples[0][1]
    assert outcome.failures == ("expected to pass, but it fails (unmet: dates)",)
    assert [(d.event, d.year) for d in outcome.report.result("dates")] == \
        [("border-1969-kissinger-trip", 1970)]


NOT_CASE = "China's border war with India is not this crisis (not)"
OTHERS_CASE = "the treaties that drew the border are not the 1969 clashes (others)"


def test_the_false_friend_cases_fail_without_the_false_friends(pack: Path) -> None:
    """The `not:` and `others:` test cases test something: remove either and its case
    fails (a test case that passes anyway would teach nothing)."""
    case_file = pack / "rubrics" / "cases" / f"{CASE}.yaml"
    text = case_file.read_text(encoding="utf-8")

    not_line = "    not: [India, Indian, Sino-Indian, Nehru]\n"
    assert not_line in text
    case_file.write_text(text.replace(not_line, ""), encoding="utf-8")
    failures = _case_failures(pack)
    assert failures[NOT_CASE] and not failures[OTHERS_CASE]

    start, end = text.index("    others:\n"), text.index("  - id: border-1969-czechoslovakia")
    case_file.write_text(text[:start] + text[end:], encoding="utf-8")
    failures = _case_failures(pack)
    assert failures[OTHERS_CASE] and not failures[NOT_CASE]


def test_a_student_who_follows_a_hint_is_credited(pack: Path) -> None:
    """Each event's hint, written as a test case, finds its event (as the bundled
    rubrics' hints do)."""
    events = _yaml(pack / "rubrics" / "cases" / f"{CASE}.yaml")["events"]
    cases = [{"name": e["id"], "text": e["hint"], "found": [e["id"]], "no_date_issues": True}
             for e in events]
    (pack / "tests" / "hints.yaml").write_text(
        yaml.safe_dump({"rubric": RUBRIC, "cases": cases}), encoding="utf-8")
    failures = _case_failures(pack)
    assert {e["id"] for e in events} <= set(failures)
    assert {name: f for name, f in failures.items() if f} == {}


def test_the_prompt_names_the_rubric(pack: Path) -> None:
    prompt = pack_library(pack).prompt(RUBRIC)
    assert prompt.rubric == RUBRIC and prompt.topic == 12
    assert prompt.command_term == "examine"


# -- through the commands, as a teacher runs them -----------------------------------------

def test_new_validate_and_test_succeed_on_the_scaffold(tmp_path: Path) -> None:
    made = run("pack", "new", "d", "--id", "smith-topic12", "--name", "Ms Smith's crises",
               cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "made a pack in d (9 files)" in made.stdout
    validated = run("pack", "validate", "d", cwd=tmp_path)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "smith-topic12 0.1.0: valid" in validated.stdout
    tested = run("pack", "test", "d", cwd=tmp_path)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert tested.stdout.strip().splitlines()[-1] == \
        "3 example drafts and 11 cases: 14 passed, 0 failed"


def test_a_wrong_date_in_the_exemplar_fails_pack_test(tmp_path: Path) -> None:
    assert run("pack", "new", "d", cwd=tmp_path).returncode == 0
    exemplar = tmp_path / "d" / "rubrics" / "examples" / RUBRIC / "exemplar.md"
    text = exemplar.read_text(encoding="utf-8")
    exemplar.write_text(text.replace("In July 1971 Kissinger", "In July 1970 Kissinger"),
                        encoding="utf-8")
    tested = run("pack", "test", "d", cwd=tmp_path)
    assert tested.returncode == 1, tested.stdout + tested.stderr
    assert tested.stdout.splitlines()[:2] == [
        f"FAIL d/rubrics/examples/{RUBRIC}/exemplar.md (rubric {RUBRIC}, expected to pass)",
        "       expected to pass, but it fails (unmet: dates)"]
    assert "13 passed, 1 failed" in tested.stdout


def test_new_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "essay.md").write_text("mine", encoding="utf-8")
    assert_clean_error(run("pack", "new", "d", cwd=tmp_path), "d is not empty")
    assert_clean_error(run("pack", "new", "e", "--id", "Bad_Id", cwd=tmp_path),
                       "'Bad_Id' is not a pack id", "--id")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"]


def test_a_scaffolded_pack_goes_from_teacher_to_student(tmp_path: Path) -> None:
    """docs/authoring.md's round: new, export, install, practise, upgrade, remove."""
    import importlib.util

    if importlib.util.find_spec("ibessay.packs.install") is None:
        pytest.skip("pack install is not on this branch yet (ibessay.packs.install)")
    env = {"IBESSAY_HOME": str(tmp_path / "home")}

    def ibessay(*args: str) -> subprocess.CompletedProcess[str]:
        return run(*args, env=env, cwd=tmp_path)

    assert ibessay("pack", "new", "smith-topic12").returncode == 0
    exported = ibessay("pack", "export", "smith-topic12", "-o", "v1.zip")
    assert exported.returncode == 0, exported.stderr
    installed = ibessay("pack", "install", "v1.zip")
    assert installed.returncode == 0, installed.stderr
    listed = ibessay("pack", "list")
    assert "smith-topic12" in listed.stdout and "0.1.0" in listed.stdout
    assert "smith-topic12/crises-reasons-results" in ibessay("prompts", "--tag", "crises").stdout

    exemplar = f"smith-topic12/rubrics/examples/{RUBRIC}/exemplar.md"
    checked = ibessay("check", exemplar, "--prompt", f"smith-topic12/{RUBRIC}",
                      "--format", "json")
    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout)
    assert report["passed"] and report["prompt"] == f"smith-topic12/{RUBRIC}"
    assert {c["id"] for c in report["cases"] if c["treated"]} == {CASE, "hungary-1956"}

    manifest = tmp_path / "smith-topic12" / "pack.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "version: 0.1.0", "version: 0.2.0"), encoding="utf-8")
    assert ibessay("pack", "export", "smith-topic12", "-o", "v2.zip").returncode == 0
    assert ibessay("pack", "install", "v2.zip").returncode == 0
    assert "0.2.0" in ibessay("pack", "list").stdout
    assert_clean_error(ibessay("pack", "install", "v1.zip"), "0.1.0")  # a downgrade
    assert "0.2.0" in ibessay("pack", "list").stdout
    assert ibessay("pack", "install", "v1.zip", "--force").returncode == 0
    assert "0.1.0" in ibessay("pack", "list").stdout

    assert ibessay("pack", "remove", "smith-topic12").returncode == 0
    assert "smith-topic12" not in ibessay("prompts").stdout


def _docs_block(after: str, language: str) -> str:
    """The first fenced block of ``language`` after the text ``after`` in
    docs/authoring.md."""
    docs = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    start = docs.index(f"```{language}\n", docs.index(after)) + len(language) + 4
    return docs[start:docs.index("```", start)]


def test_the_docs_show_what_pack_test_prints(tmp_path: Path) -> None:
    """docs/authoring.md's failing `pack test` is the real output of the edits it names."""
    assert run("pack", "new", "smith-topic12", cwd=tmp_path).returncode == 0
    pack = tmp_path / "smith-topic12"
    exemplar = pack / "rubrics" / "examples" / RUBRIC / "exemplar.md"
    exemplar.write_text(exemplar.read_text(encoding="utf-8").replace(
        "2 March 1969 Chinese", "2 March 1968 Chinese"), encoding="utf-8")
    case_file = pack / "rubrics" / "cases" / f"{CASE}.yaml"
    case_file.write_text(case_file.read_text(encoding="utf-8").replace(
        "    not: [India, Indian, Sino-Indian, Nehru]\n", ""), encoding="utf-8")
    tested = run("pack", "test", ".", cwd=pack)
    assert tested.returncode == 1
    assert tested.stdout == _docs_block("Put the Zhenbao\nclashes of the exemplar", "")


def test_the_docs_manifest_is_a_valid_one(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(_docs_block("`pack.yaml` says what the pack is",
                                                    "yaml"), encoding="utf-8")
    manifest = load_manifest(tmp_path / "pack.yaml")
    assert (manifest.id, manifest.version, manifest.requires) == ("smith-topic12", "0.1.0",
                                                                  ">=0.1")
    hooks = _yaml(ROOT / ".pre-commit-hooks.yaml")
    config = _docs_block("Add a\n`.pre-commit-config.yaml`", "yaml")
    assert [h["id"] for h in hooks] == ["ibessay-validate"]
    assert "id: ibessay-validate" in config
    assert hooks[0]["entry"] == "ibessay pack validate" and not hooks[0]["pass_filenames"]


# -- the template against the bundled library ----------------------------------------------

def _bundled_ids() -> tuple[set[str], set[str]]:
    """Every case id and every event id of the bundled content (both are shared)."""
    cases = {p.stem for p in (ROOT / "rubrics" / "cases").glob("*.yaml")}
    events: set[str] = set()
    for path in [*(ROOT / "rubrics").glob("*.yaml"), *(ROOT / "rubrics" / "cases").glob("*.yaml")]:
        events.update(e["id"] for e in (_yaml(path).get("events") or ()))
    return cases, events


def test_no_case_or_event_id_is_one_of_the_bundled_ones() -> None:
    cases, events = _bundled_ids()
    case = _yaml(TEMPLATE / "rubrics" / "cases" / f"{CASE}.yaml")
    assert case["id"] == CASE and CASE not in cases
    ours = {e["id"] for e in case["events"]}
    assert not ours & events
    assert all(e.startswith("border-1969-") for e in ours)
    assert RUBRIC not in {p.stem for p in (ROOT / "rubrics").glob("*.yaml")}
    # The bundled cases it accepts exist.
    accepted = _yaml(TEMPLATE / "rubrics" / f"{RUBRIC}.yaml")["cases"]["accept"]
    assert [c for c in accepted if c != CASE and c not in cases] == []


def _dates_of(path: Path, event_id: str) -> Any:
    return next(e["date"] for e in _yaml(path)["events"] if e["id"] == event_id)


def test_the_dates_agree_with_the_bundled_notes_they_reuse() -> None:
    """Facts are reused from checked bundled content, not retyped from memory: where an
    event is the same, the date is the same."""
    ours = TEMPLATE / "rubrics" / "cases" / f"{CASE}.yaml"
    sino = ROOT / "rubrics" / "sino-soviet-1949-1976.yaml"
    prague = ROOT / "rubrics" / "cases" / "prague-spring-1968.yaml"
    assert _dates_of(sino, "border-clashes-1969")[0] == _dates_of(ours, "border-1969-zhenbao")
    assert _dates_of(sino, "kissinger-trip-1971") == \
        _dates_of(ours, "border-1969-kissinger-trip")
    assert _dates_of(sino, "nixon-visit-1972") == _dates_of(ours, "border-1969-nixon-visit")
    assert _dates_of(prague, "prague-spring-invasion") == \
        _dates_of(ours, "border-1969-czechoslovakia")
    sheet = (ROOT / "docs" / "sources" / "sino-soviet-1949-1976.md").read_text(encoding="utf-8")
    assert "| 1969-08-13 |" in sheet  # Tielieketi
    assert str(_dates_of(ours, "border-1969-tielieketi")) == "1969-08-13"
    treaties = next(e for e in _yaml(ours)["events"] if e["id"] == "border-1969-zhenbao")
    bundled = next(e for e in _yaml(sino)["events"] if e["id"] == "border-clashes-1969")
    assert treaties["others"][0]["date"] == bundled["others"][0]["date"]


_FOR_AUTHORS = ("file", "yaml", "note", "readme", "rubric", ".md", "folder", "pack")


def test_what_students_see_never_mentions_files_or_notes() -> None:
    prompt = _yaml(TEMPLATE / "prompts" / f"{RUBRIC}.yaml")
    rubric = _yaml(TEMPLATE / "rubrics" / f"{RUBRIC}.yaml")
    case = _yaml(TEMPLATE / "rubrics" / "cases" / f"{CASE}.yaml")
    shown = [prompt["question"], rubric["title"], case["name"],
             *(t[k] for t in rubric["themes"] for k in ("name", "hint")),
             *(p["label"] for p in case["periods"]),
             *(e[k] for e in case["events"] for k in ("name", "hint")),
             *(o["name"] for e in case["events"] for o in e.get("others", ())),
             *(h[k] for h in case["historians"] for k in ("name", "view"))]
    for text in shown:
        assert not [w for w in _FOR_AUTHORS if w in text.lower()], text


@pytest.mark.slow
def test_the_wheel_ships_the_template(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                    "--wheel-dir", str(tmp_path), str(ROOT)], check=True)
    names = set(zipfile.ZipFile(next(tmp_path.glob("ibessay-*.whl"))).namelist())
    expected = {f"ibessay/packs/template/{p.relative_to(TEMPLATE).as_posix()}"
                for p in TEMPLATE.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert len(expected) == 9 and expected <= names
