"""Packs: the manifest, installed packs found in the data folder, namespaced ids, and
`pack validate` / `pack test` as a teacher runs them (the installed CLI)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, assert_clean_error, plan, run
from ibessay.content.cache import Cache
from ibessay.content.library import Library, bundled_root
from ibessay.content.manifest import load_manifest, satisfies, version_key
from ibessay.engine.compiled import rubric_for
from ibessay.errors import ContentError, IbessayError

SMITH = ROOT / "tests" / "data" / "packs" / "smith"


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """IBESSAY_HOME with the pack `smith` installed (copied where install puts it)."""
    home = tmp_path / "home"
    shutil.copytree(SMITH, home / "packs" / "smith")
    monkeypatch.setenv("IBESSAY_HOME", str(home))
    return home


def _library(tmp_path: Path) -> Library:
    return Library([bundled_root()], Cache(tmp_path / "cache"), {"smith": SMITH})


# -- the manifest ----------------------------------------------------------------------

def test_versions_compare_number_by_number() -> None:
    assert version_key("1.10.0") > version_key("1.9")
    assert version_key("1.0") == version_key("1")
    assert satisfies("0.1.0", ">=0.1, <1") and not satisfies("1.2", ">=0.1, <1")
    assert satisfies("2.0", "") and satisfies("0.3", "0.3.0") and not satisfies("0.3", "!=0.3")


def test_a_version_is_read_as_written_not_as_a_number(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text("id: p\nname: P\nversion: 1.10\n", encoding="utf-8")
    assert load_manifest(path).version == "1.10"  # YAML alone reads the float 1.1


def test_the_bundled_content_is_a_pack() -> None:
    manifest = load_manifest(ROOT / "pack.yaml")
    assert (manifest.id, manifest.tests) == ("ibessay", "tests/cases")


def test_every_error_of_a_manifest_at_once(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text("id: Smith Pack\nname: x\nversion: one\nibessay: '>= zero'\n",
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_manifest(path)
    said = [str(e).splitlines()[0] for e in [caught.value, *caught.value.more]]
    assert said == [
        f"{path}:1:5: the pack's id 'Smith Pack' is not a valid id",
        f"{path}:3:10: version 'one' is not numbers joined by dots",
        f"{path}:4:10: ibessay: '>= zero' is not a comparison with a version",
    ]


# -- namespaces ------------------------------------------------------------------------

def test_a_bare_id_names_the_only_prompt_of_that_name(tmp_path: Path) -> None:
    library = _library(tmp_path)
    assert library.resolve_prompt_id("consolidation") == "smith/consolidation"
    assert library.resolve_prompt_id("consol") == "smith/consolidation"
    assert library.resolve_prompt_id("smith/consolidation") == "smith/consolidation"
    assert library.prompt("smith/consolidation").id == "smith/consolidation"


def test_a_name_two_packs_have_lists_both_and_either_can_be_named(tmp_path: Path) -> None:
    library = _library(tmp_path)
    with pytest.raises(IbessayError) as caught:
        library.resolve_prompt_id("sino-soviet-1949-1976")
    assert caught.value.message == ("several prompts are called 'sino-soviet-1949-1976': "
                                    "ibessay/sino-soviet-1949-1976, "
                                    "smith/sino-soviet-1949-1976")
    assert library.resolve_prompt_id("ibessay/sino-soviet-1949-1976") == \
        "sino-soviet-1949-1976"
    assert library.resolve_prompt_id("smith/sino") == "smith/sino-soviet-1949-1976"
    # Exact ids, as records store them, are never ambiguous.
    assert library.prompt("sino-soviet-1949-1976").question.startswith("Examine the changing")
    assert library.prompt("smith/sino-soviet-1949-1976").question.startswith(
        "Examine the reasons")


def test_a_start_shared_across_packs_lists_each_as_it_is_typed(tmp_path: Path) -> None:
    with pytest.raises(IbessayError, match=r"'sino' is the start of 2 prompt ids: "
                       r"ibessay/sino-soviet-1949-1976, smith/sino-soviet-1949-1976"):
        _library(tmp_path).resolve_prompt_id("sino")


@pytest.mark.parametrize(("text", "said"), [
    ("jones/q1", "no pack 'jones' is installed"),
    ("smith/nothing", "unknown prompt 'smith/nothing'"),
    ("../smith/q1", "is not a prompt id"),
    ("smith/../../x", "is not a prompt id"),
    ("/etc/passwd", "is not a prompt id"),
])
def test_a_bad_or_unknown_namespaced_id_is_refused(tmp_path: Path, text: str,
                                                   said: str) -> None:
    with pytest.raises(IbessayError, match=said.replace(".", r"\.")):
        _library(tmp_path).resolve_prompt_id(text)


def test_a_packs_prompt_finds_its_own_rubric_then_the_bundled_one(tmp_path: Path) -> None:
    library = _library(tmp_path)
    own = rubric_for(library, library.prompt("smith/consolidation"))
    assert Path(own.rubric.path) == SMITH / "rubrics" / "consolidation.yaml"
    bundled = rubric_for(library, library.prompt("smith/sino-soviet-1949-1976"))
    assert Path(bundled.rubric.path) == bundled_root() / "rubrics" / "sino-soviet-1949-1976.yaml"
    # ... and a bundled prompt never sees a pack's rubric.
    assert library.find_rubric("consolidation") is None


def test_the_data_folder_is_where_platformdirs_puts_it(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    import platformdirs

    from ibessay.content.places import data_home

    monkeypatch.delenv("IBESSAY_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert data_home() == platformdirs.user_data_path("ibessay", appauthor=False)


# -- installed packs seen by every command ---------------------------------------------

def test_prompts_and_show_list_an_installed_pack(installed: Path) -> None:
    listed = run("prompts")
    assert listed.returncode == 0, listed.stderr
    assert "smith/consolidation" in listed.stdout
    assert "sino-soviet-1949-1976" in listed.stdout
    shown = run("show", "consolid")
    assert shown.returncode == 0, shown.stderr
    assert "Examine how Hitler consolidated his power" in shown.stdout


def test_check_on_a_packs_prompt_and_an_ambiguous_bare_id(installed: Path) -> None:
    draft = SMITH / "rubrics" / "examples" / "consolidation" / "exemplar.md"
    checked = run("check", str(draft), "--prompt", "consolidation", "--format", "json")
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["prompt"] == "smith/consolidation"
    ambiguous = run("check", str(EXAMPLES / "exemplar.md"), "--prompt", "sino-soviet-1949-1976")
    assert_clean_error(ambiguous, "several prompts are called 'sino-soviet-1949-1976'",
                       "ibessay/sino-soviet-1949-1976", "smith/sino-soviet-1949-1976")
    chosen = run("check", str(EXAMPLES / "exemplar.md"), "--prompt",
                 "ibessay/sino-soviet-1949-1976", "--format", "json")
    assert chosen.returncode == 0, chosen.stderr


def test_an_outline_on_a_packs_prompt_is_one_attempt_folder(installed: Path,
                                                            tmp_path: Path) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\necho '- the Enabling Act' >> \"$1\"\n", encoding="utf-8")
    editor.chmod(0o755)
    result = run("outline", "smith/consolidation", env={"VISUAL": str(editor),
                                                        "EDITOR": str(editor)})
    assert result.returncode == 0, result.stderr
    folders = [p.name for p in (installed / "drafts").iterdir()]
    assert len(folders) == 1 and folders[0].endswith("-smith-consolidation"), folders


# -- pack validate / pack test ---------------------------------------------------------

def test_the_bundled_pack_validates_and_its_tests_pass() -> None:
    validated = run("pack", "validate", str(ROOT))
    assert validated.returncode == 0, validated.stdout + validated.stderr
    # The counts grow with the bank; that every file was read is what matters here.
    assert validated.stdout.strip().startswith("ibessay 0.1.0: valid (")
    tested = run("pack", "test", str(ROOT))
    assert tested.returncode == 0, tested.stdout[-2000:] + tested.stderr
    assert " 0 failed" in tested.stdout


def _broken_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "broken"
    shutil.copytree(SMITH, pack)
    (pack / "prompts" / "consolidation.yaml").write_text(
        "id: consolidation\nquestion: Why?\ncommand_term: examine\ntopic: 13\n"
        "rubric: consolidation\n", encoding="utf-8")
    rubric = pack / "rubrics" / "consolidation.yaml"
    rubric.write_text(rubric.read_text(encoding="utf-8").replace(
        "date: 1933-03-23", "date: 1933-13-23").replace(
        "aliases: [reichstag fire]", "alias: [reichstag fire]"), encoding="utf-8")
    (pack / "tests" / "consolidation.yaml").write_text(
        "rubric: consolidation\ncases:\n  - {name: a, text: x, fond: [enabling-act]}\n",
        encoding="utf-8")
    return pack


def test_validate_lists_every_error_of_every_file(tmp_path: Path) -> None:
    pack = _broken_pack(tmp_path)
    result = run("pack", "validate", str(pack))
    assert result.returncode == 2
    located = [line.split(": ", 1)[0] for line in result.stdout.splitlines()
               if line.startswith(str(pack))]
    prompt, rubric, tests = (f"{pack}/prompts/consolidation.yaml",
                             f"{pack}/rubrics/consolidation.yaml",
                             f"{pack}/tests/consolidation.yaml")
    assert f"{prompt}:4:8" in located  # topic 13
    assert any(where.startswith(rubric) for where in located)
    assert f"{tests}:3:24" in located  # fond
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("ibessay: error: ")
    assert "errors in" in result.stderr and "of smith 1.0.0" in result.stderr


def test_pack_test_reports_a_failing_case_with_the_difference(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(SMITH, pack)
    cases = pack / "tests" / "consolidation.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace("in 1935", "in 1934"),
                     encoding="utf-8")
    result = run("pack", "test", str(pack))
    assert result.returncode == 1, result.stdout + result.stderr
    assert (f"FAIL {cases}:7: a wrong year for the purge is flagged\n"
            "       date issues: [], expected [night-of-the-long-knives 1935]") in result.stdout
    assert result.stdout.strip().endswith("2 example drafts and 2 cases: 3 passed, 1 failed")


def test_pack_test_on_an_invalid_pack_runs_nothing_and_says_why(tmp_path: Path) -> None:
    result = run("pack", "test", str(_broken_pack(tmp_path)))
    assert result.returncode == 2
    assert "in the pack: nothing was run" in result.stderr


@pytest.mark.parametrize("where", ["missing", "file"])
def test_validate_on_what_is_not_a_pack(tmp_path: Path, where: str) -> None:
    target = tmp_path / "x"
    if where == "file":
        target.write_text("hello", encoding="utf-8")
    assert_clean_error(run("pack", "validate", str(target)), "is not a folder")


def test_a_broken_file_in_a_pack_is_a_warning_and_the_rest_is_listed(installed: Path) -> None:
    pack = installed / "packs" / "smith"
    (pack / "rubrics" / "consolidation.yaml").write_text(
        "id: consolidation\ncases:\n  accept: [nope]\n", encoding="utf-8")
    (pack / "prompts" / "half-edited.yaml").write_text("id: half-edited\nquestion: [\n",
                                                       encoding="utf-8")
    result = run("prompts", "--format", "json")
    assert result.returncode == 0, result.stderr
    warnings = result.stderr.splitlines()
    assert any(w.startswith("ibessay: warning: left out a prompt that does not load: "
                            f"{pack}/prompts/half-edited.yaml:") for w in warnings), warnings
    assert (f"ibessay: warning: left out smith/consolidation, whose rubric does not load: "
            f"{pack}/rubrics/consolidation.yaml:3:12: unknown case 'nope'") in result.stderr
    listed = [p["id"] for p in json.loads(result.stdout)]
    assert "smith/sino-soviet-1949-1976" in listed and "sino-soviet-1949-1976" in listed
    assert "smith/consolidation" not in listed and len(listed) == 61


def test_practice_on_a_packs_prompt_is_checked_against_its_rubric(home: Path) -> None:
    shutil.copytree(SMITH, home / "packs" / "smith")
    exemplar = (SMITH / "rubrics" / "examples" / "consolidation" / "exemplar.md").read_text(
        encoding="utf-8")
    plan(home, {}, {"append": exemplar})
    result = run("practice", "smith/consolidation", "--reading", "0", "--minutes", "2",
                 stdin=b"\nf\n", env={"IBESSAY_CLOCK_SPEED": "60"})
    assert result.returncode == 0, result.stderr
    [folder] = list((home / "drafts").iterdir())
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert report["prompt"] == "smith/consolidation" and report["rubric"] == "consolidation"
    assert report["passed"], report["unmet"]


def test_an_exam_may_draw_a_packs_prompt(home: Path) -> None:
    import random

    from ibessay.practice.actions import choose_exam

    shutil.copytree(SMITH, home / "packs" / "smith")
    library = Library.default()
    seed = next(s for s in range(500) if "smith/consolidation" in [
        p.id for p in choose_exam(library, topics=(10, 12), rng=random.Random(s))])
    plan(home, {}, {"append": "The Enabling Act of 1933.\n"}, {},
         {"append": "Khrushchev and Mao in 1956.\n"})
    result = run("exam", "--topics", "10,12", "--reading", "0", "--minutes", "2",
                 "--seed", str(seed), stdin=b"\n\n\nf\n", env={"IBESSAY_CLOCK_SPEED": "60"})
    assert result.returncode == 0, result.stderr
    [folder] = list((home / "drafts").iterdir())
    prompts = [e["prompt"] for e in json.loads(
        (folder / "attempt.json").read_text(encoding="utf-8"))["essays"]]
    assert "smith/consolidation" in prompts
    report = json.loads((folder / f"essay{prompts.index('smith/consolidation') + 1}"
                                  "-report.json").read_text(encoding="utf-8"))
    assert report["rubric"] == "consolidation" and report["words"] > 0


def test_a_pack_id_is_at_most_64_characters(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text(f"id: {'a' * 65}\nname: P\nversion: '1'\n", encoding="utf-8")
    with pytest.raises(ContentError, match="pack.yaml:1:5: the pack's id has 65 characters; "
                       "the most is 64"):
        load_manifest(path)


def test_a_pre_release_version_compares_as_its_release() -> None:
    assert version_key("0.2.0rc1") == version_key("0.2") and satisfies("0.2.0rc1", ">=0.1")


def test_export_leaves_out_earlier_exports_in_the_pack(tmp_path: Path) -> None:
    import zipfile

    from ibessay.packs.archive import export_zip

    pack = tmp_path / "smith"
    shutil.copytree(SMITH, pack)
    export_zip(pack, pack / "v1.zip")
    export_zip(pack, pack / "v2.zip")
    names = zipfile.ZipFile(pack / "v2.zip").namelist()
    assert not [n for n in names if n.endswith(".zip")], names
    assert "smith/pack.yaml" in names
