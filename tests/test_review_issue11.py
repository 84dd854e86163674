"""Bugs found reviewing issue 11's packs as a teacher, a student and an attacker would
meet them: each test failed before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import assert_clean_error, run


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated data home (installed packs in its packs/)."""
    monkeypatch.setenv("IBESSAY_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def new_pack(folder: Path, *args: str) -> Path:
    made = run("pack", "new", str(folder), *args)
    assert made.returncode == 0, made.stderr
    return folder


def test_pack_test_runs_the_examples_from_inside_the_pack_too(tmp_path: Path,
                                                              data: Path) -> None:
    # A teacher runs `pack test mypack`, then cds into it and runs `pack test`: the
    # compiled rubric cached by the first run recorded its path as 'mypack/rubrics/...',
    # which from inside the pack names nothing, and the examples silently did not run.
    new_pack(tmp_path / "mypack")
    outside = run("pack", "test", "mypack", cwd=tmp_path)
    assert outside.returncode == 0, outside.stdout + outside.stderr
    assert outside.stdout.startswith("3 example drafts and ")
    inside = run("pack", "test", cwd=tmp_path / "mypack")
    assert inside.returncode == 0, inside.stdout + inside.stderr
    assert inside.stdout == outside.stdout  # it was "0 example drafts"


def test_pack_test_fails_when_an_example_cannot_be_run(tmp_path: Path, data: Path) -> None:
    # A 2 MB example draft passes validate (it exists), but cannot be checked: the
    # rubric's examples were dropped without a word, and the pack passed.
    pack = new_pack(tmp_path / "mypack")
    example = pack / "rubrics" / "examples" / "crises-reasons-results" / "exemplar.md"
    example.write_text("word " * 400_000)
    result = run("pack", "test", str(pack))
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"FAIL draft '{example}' is 2.0 MB" in result.stdout
    assert "1 file could not be run" in result.stdout.splitlines()[-1]


def test_resuming_an_attempt_whose_pack_was_removed_says_so(tmp_path: Path,
                                                           data: Path) -> None:
    pack = new_pack(tmp_path / "ta")
    assert run("pack", "install", str(pack)).returncode == 0
    other = new_pack(tmp_path / "tb")
    assert run("pack", "install", str(other)).returncode == 0
    from ibessay.practice.timing import practice_schedule
    from ibessay.practice.workspace import Workspace

    attempt = Workspace(data / "drafts").create(["ta/crises-reasons-results"])
    attempt.update(schedule=practice_schedule(45), phase="reading", format="2017")
    assert run("pack", "remove", "ta").returncode == 0
    # Before: "unknown prompt 'ta/crises-reasons-results'", did you mean 'tb/...'?
    result = run("practice", "--resume", attempt.name)
    assert_clean_error(result, "'ta'", "not installed", "ibessay pack install")
    assert "tb/" not in result.stderr


def test_pack_folders_the_library_cannot_name_are_not_read(tmp_path: Path,
                                                           data: Path) -> None:
    # Copied in by hand: a folder whose name is not an id, and one named as the bundled
    # pack. Their prompts were listed, but no id could choose them.
    pack = new_pack(tmp_path / "mine", "--id", "mine")
    for name in ("My Pack", "ibessay"):
        shutil.copytree(pack, data / "packs" / name)
    listed = run("prompts")
    assert listed.returncode == 0, listed.stderr
    assert "crises-reasons-results" not in listed.stdout
    assert "warning" not in listed.stderr
    assert_clean_error(run("show", "crises-reasons-results"), "unknown prompt")
    packs = run("pack", "list")
    assert packs.returncode == 0, packs.stderr
    # Each named by its folder, with what is wrong (it was '?').
    rows = packs.stdout.splitlines()
    assert any(r.startswith("My Pack ") and "installed as 'My Pack'" in r for r in rows), rows
    assert any(r.startswith("ibessay ") and "installed as 'ibessay'" in r for r in rows), rows


def test_a_tests_folder_that_is_not_there_is_an_error(tmp_path: Path, data: Path) -> None:
    # `tests: test` (a typo): every test case was silently skipped, and the pack passed.
    pack = new_pack(tmp_path / "mypack")
    manifest = pack / "pack.yaml"
    manifest.write_text(manifest.read_text().replace("tests: tests", "tests: test"))
    checked = run("pack", "validate", str(pack))
    assert checked.returncode == 2
    assert f"{manifest}:21:8: tests: there is no folder 'test' in the pack" in checked.stdout
    assert_clean_error(run("pack", "test", str(pack)), "nothing was run")


def test_validate_warns_of_a_pack_this_ibessay_cannot_install(tmp_path: Path,
                                                              data: Path) -> None:
    # `ibessay: ">=1.0"` (the pack's own version, say): valid, exported, shared, and
    # every student's install refused.
    from ibessay import __version__

    pack = new_pack(tmp_path / "mypack")
    manifest = pack / "pack.yaml"
    manifest.write_text(manifest.read_text().replace('ibessay: ">=', 'ibessay: ">=9'))
    checked = run("pack", "validate", str(pack))
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith(f"warning: {manifest}: ibessay: '>=9") and \
        f"leaves out this ibessay, {__version__}" in checked.stdout


def test_a_bundled_rubric_may_be_named_in_full_as_a_prompt_may(data: Path) -> None:
    from conftest import EXAMPLES, PROMPT

    by_prompt = run("check", str(EXAMPLES / "exemplar.md"), "--prompt", f"ibessay/{PROMPT}",
                    "--brief")
    assert by_prompt.returncode == 0, by_prompt.stderr
    by_rubric = run("check", str(EXAMPLES / "exemplar.md"), "--rubric", f"ibessay/{PROMPT}",
                    "--brief")
    assert by_rubric.returncode == 0, by_rubric.stderr  # was: rubric file ... not found
    assert "Score 100/100" in by_rubric.stdout


def test_a_namespaced_start_looks_only_in_its_namespace(tmp_path: Path, data: Path) -> None:
    # A pack whose id starts like a bundled prompt: 'ibessay/sino' was ambiguous with
    # it, and an unknown 'pack/x' suggested bundled prompts.
    assert run("pack", "install", str(new_pack(tmp_path / "sino-extra"))).returncode == 0
    shown = run("show", "ibessay/sino")
    assert shown.returncode == 0, shown.stderr
    assert "Sino-Soviet relations" in shown.stdout
    unknown = run("show", "sino-extra/crises-reasons-resul")
    assert unknown.returncode == 0, unknown.stderr
    assert_clean_error(run("show", "sino-extra/crises-reasons-resultz"), "unknown prompt",
                       "did you mean 'sino-extra/crises-reasons-results'?")


def test_an_empty_pack_is_not_valid(tmp_path: Path, data: Path) -> None:
    # Valid, exported, and its zip (files only: no empty prompts/) refused on install.
    pack = tmp_path / "empty"
    (pack / "prompts").mkdir(parents=True)
    (pack / "pack.yaml").write_text("id: empty\nname: Empty\nversion: 1.0.0\n")
    assert_clean_error(run("pack", "validate", str(pack)), "has no prompt nor rubric")
    assert_clean_error(run("pack", "export", str(pack), "-o", str(tmp_path / "e.zip")),
                       "has no prompt nor rubric")
    assert not (tmp_path / "e.zip").exists()


def test_two_files_of_one_id_are_an_error(tmp_path: Path, data: Path) -> None:
    # x.yml beside x.yaml: "valid (2 prompts)", and the teacher's edits to x.yml unseen.
    pack = new_pack(tmp_path / "mypack")
    prompt = pack / "prompts" / "crises-reasons-results.yaml"
    shutil.copy(prompt, prompt.with_suffix(".yml"))
    checked = run("pack", "validate", str(pack))
    assert checked.returncode == 2
    assert (f"{prompt.with_suffix('.yml')}:1:1: 'crises-reasons-results.yaml' has the same "
            "id, and only it is read") in checked.stdout


def test_export_force_never_replaces_what_is_not_a_file(tmp_path: Path, data: Path) -> None:
    # `-o /dev/null --force` (run as root) replaced the device with the zip.
    import os
    import stat

    pack = new_pack(tmp_path / "mypack")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert_clean_error(run("pack", "export", str(pack), "-o", str(fifo), "--force"),
                       "is not a file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_packs_rubric_that_does_not_load_leaves_no_attempt(tmp_path: Path, data: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    # The pack's rubric broken (edited in place, or made for another ibessay): practice
    # failed after making a timed attempt, and the next practice was refused because of
    # it ("an unfinished timed attempt"); outline made an empty attempt at each try.
    monkeypatch.setenv("EDITOR", "true")
    assert run("pack", "install", str(new_pack(tmp_path / "tq"))).returncode == 0
    rubric = data / "packs" / "tq" / "rubrics" / "crises-reasons-results.yaml"
    rubric.write_text(rubric.read_text() + "periods: [\n")
    for command in ("practice", "practice", "outline"):
        result = run(command, "tq/crises-reasons-results", stdin=b"")
        assert_clean_error(result, f"{rubric}:", "YAML syntax error")
    assert not (data / "drafts").exists() or not list((data / "drafts").iterdir())


def test_a_packs_text_may_not_hold_terminal_controls(tmp_path: Path, data: Path) -> None:
    # A double-quoted YAML string may hold any character: a hostile pack's name or
    # question ("\\e]0;...\\a", "\\e[2J") reached the student's terminal through
    # `pack install`, `pack list`, `show` and `check`.
    pack = new_pack(tmp_path / "tx")
    manifest = pack / "pack.yaml"
    manifest.write_text(manifest.read_text().replace('name: "Tx"',
                                                     'name: "Tx \\e]0;pwned\\a"'))
    checked = run("pack", "validate", str(pack))
    assert checked.returncode == 2
    assert f"{manifest}:8:7: name holds the control character '\\x1b'" in checked.stdout
    assert_clean_error(run("pack", "install", str(pack)), "control character")
    assert "\x1b" not in run("pack", "list").stdout


def test_an_accented_folder_name_keeps_its_letters_in_the_id(tmp_path: Path,
                                                             data: Path) -> None:
    # "Émile Zoé" gave the id mile-zo (and the name "Mile zo"), for good: an id is how
    # an upgrade finds the pack.
    pack = new_pack(tmp_path / "Émile Zoé pack")
    assert "\nid: emile-zoe-pack\n" in (pack / "pack.yaml").read_text(encoding="utf-8")
    # The command export suggests works when pasted: the name is quoted.
    exported = run("pack", "export", str(pack), "-o", str(tmp_path / "z é.zip"))
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.rstrip().endswith("ibessay pack install 'z é.zip'")


def test_pack_new_under_a_file_says_what_is_in_the_way(tmp_path: Path, data: Path) -> None:
    # It was "ibessay: error: File exists (.../notes.txt)".
    (tmp_path / "notes.txt").write_text("x")
    assert_clean_error(run("pack", "new", str(tmp_path / "notes.txt" / "mypack")),
                       f"cannot make the folder {tmp_path / 'notes.txt' / 'mypack'}",
                       "hint: give a new folder")


def test_a_hostile_name_in_a_zip_is_shown_escaped(tmp_path: Path, data: Path) -> None:
    # Refused, but the message printed the name as it is: escape sequences and all.
    import zipfile

    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as archive:
        archive.writestr("p/a\x1b]0;pwned\x07.yaml", "x")
    result = run("pack", "install", str(tmp_path / "evil.zip"))
    assert_clean_error(result, "'p/a\\x1b]0;pwned\\x07.yaml' has a control character")
    assert "\x1b" not in result.stderr


def test_what_git_says_is_shown_escaped(tmp_path: Path, data: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # A hostile server's message, passed on by git, was printed as it came.
    import os

    fake = tmp_path / "bin" / "git"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nprintf 'remote: \\033]0;pwned\\007 no\\n' >&2\nexit 128\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    result = run("pack", "install", "https://example.invalid/pack.git")
    assert_clean_error(result, "git could not clone", "remote: \\x1b]0;pwned\\x07 no")
    assert "\x1b" not in result.stderr


def test_a_content_error_quoting_a_hostile_key_is_shown_escaped(tmp_path: Path,
                                                                data: Path) -> None:
    pack = new_pack(tmp_path / "tk")
    manifest = pack / "pack.yaml"
    manifest.write_text(manifest.read_text() + '"\\e]0;pwned\\a": 1\n')
    checked = run("pack", "validate", str(pack))
    assert checked.returncode == 2
    assert "unknown key '\\x1b]0;pwned\\x07' in pack.yaml" in checked.stdout
    assert "\x1b" not in checked.stdout
    installed = run("pack", "install", str(pack))
    assert_clean_error(installed, "unknown key")
    assert "\x1b" not in installed.stderr


def test_a_copy_of_the_bundled_pack_in_the_packs_folder_is_listed_as_unread(
        data: Path) -> None:
    from conftest import ROOT

    (data / "packs" / "ibessay" / "prompts").mkdir(parents=True)
    shutil.copy(ROOT / "pack.yaml", data / "packs" / "ibessay" / "pack.yaml")
    listed = run("pack", "list")
    assert listed.returncode == 0, listed.stderr
    rows = listed.stdout.splitlines()
    assert rows[0].endswith("(bundled)")
    # It was a second, normal-looking 'ibessay' row, for a folder the library ignores.
    assert rows[1].startswith("ibessay ") and "is not read" in rows[1], rows


def test_pack_test_inside_a_packs_folder_names_the_pack(tmp_path: Path, data: Path) -> None:
    pack = new_pack(tmp_path / "mypack")
    for command in ("test", "validate"):
        result = run("pack", command, cwd=pack / "prompts")
        assert_clean_error(result, "'.' has no prompts/ or rubrics/ folder",
                           f"hint: this is inside the pack in '{pack}': give that folder")


def test_a_missing_key_in_pack_yaml_hides_no_other_error(tmp_path: Path, data: Path) -> None:
    # Only "missing the required key 'name'" was said: the teacher fixed it, validated
    # again, and met the next.
    pack = new_pack(tmp_path / "mypack")
    manifest = pack / "pack.yaml"
    manifest.write_text("id: Smith Topic\nversion: v1.0\nibessay: 0.1+\nlicense: MIT\n")
    checked = run("pack", "validate", str(pack))
    assert checked.returncode == 2
    said = [line for line in checked.stdout.splitlines() if not line.startswith(" ")]
    assert said == [
        f"{manifest}:4:1: unknown key 'license' in pack.yaml; allowed: id, name, version, "
        "author, licence, description, ibessay, tests, note",  # the first found, then
        f"{manifest}:1:1: pack.yaml is missing the required key 'name'",  # by line
        f"{manifest}:1:5: the pack's id 'Smith Topic' is not a valid id",
        f"{manifest}:2:10: version 'v1.0' is not numbers joined by dots",
        f"{manifest}:3:10: ibessay: '0.1+' is not a comparison with a version",
    ], checked.stdout
