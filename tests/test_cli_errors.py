"""Bad input gets one or two clear lines on stderr, exit code 2, and never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, PROMPT, assert_clean_error, run

DATA = Path(__file__).parent / "data"


def check(draft: str | Path, *extra: str, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
    return run("check", str(draft), "--prompt", PROMPT, *extra, stdin=stdin)


def test_missing_draft() -> None:
    assert_clean_error(check("no-such-essay.md"), "draft 'no-such-essay.md' not found",
                       "hint: check the path")


def test_a_folder_without_drafts(tmp_path: Path) -> None:
    # A folder is a class set (tests/test_cli_classset.py): one without drafts is an error.
    (tmp_path / "notes.csv").write_text("x")
    assert_clean_error(check(tmp_path, "--format", "json"), f"no drafts in folder '{tmp_path}'")


def test_empty_draft(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    assert_clean_error(check(empty), "is empty")


def test_whitespace_only_draft(tmp_path: Path) -> None:
    blank = tmp_path / "blank.md"
    blank.write_text(" \n\t\n  \n", encoding="utf-8")
    assert_clean_error(check(blank), "is empty")


def test_binary_draft(tmp_path: Path) -> None:
    binary = tmp_path / "essay.docx"
    binary.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)))
    assert_clean_error(check(binary), "looks like a binary file (NUL byte at offset 5)",
                       "not .docx or .pdf")


def test_non_utf8_draft_names_the_byte(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes("Mao and Khrushchev\nLüthi argues".encode("latin-1"))
    assert_clean_error(check(latin1), "is not valid UTF-8: byte 0xfc at offset 20 (line 2)",
                       "save the file as UTF-8")


def test_utf8_with_bom_and_utf16_are_read(tmp_path: Path) -> None:
    text = EXAMPLES.joinpath("exemplar.md").read_text(encoding="utf-8")
    plain = json.loads(check(EXAMPLES / "exemplar.md", "-f", "json").stdout)
    where = next(e for e in plain["events"] if e["id"] == "treaty-1950")["matches"][0]
    for name, data in (("bom.md", b"\xef\xbb\xbf" + text.encode("utf-8")),
                       ("utf16.md", text.encode("utf-16"))):
        path = tmp_path / name
        path.write_bytes(data)
        result = check(path, "-f", "json")
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["passed"], name
        first = next(e for e in report["events"] if e["id"] == "treaty-1950")["matches"][0]
        assert first == where, name  # the BOM does not shift columns


def test_huge_draft(tmp_path: Path) -> None:
    huge = tmp_path / "huge.md"
    huge.write_bytes(b"Mao. " * 210_000)
    assert_clean_error(check(huge), "is 1.1 MB; a Paper 2 essay is about 10 KB")


def test_huge_draft_on_stdin() -> None:
    assert_clean_error(check("-", stdin=b"Mao. " * 210_000), "larger than 1 MB")


def test_unknown_prompt_suggests_the_closest() -> None:
    result = run("check", str(EXAMPLES / "exemplar.md"), "--prompt", "sino-soviet-1949-1967")
    assert_clean_error(result, "unknown prompt 'sino-soviet-1949-1967'",
                       "hint: did you mean 'sino-soviet-1949-1976'?")


def test_unknown_rubric_suggests_the_closest() -> None:
    result = run("check", str(EXAMPLES / "exemplar.md"), "--rubric", "sino-sovet")
    assert_clean_error(result, "unknown rubric 'sino-sovet'",
                       "did you mean 'sino-soviet-1949-1976'?")


def test_missing_rubric_file() -> None:
    result = run("check", str(EXAMPLES / "exemplar.md"), "--rubric", "nowhere/rubric.yaml")
    assert_clean_error(result, "rubric file 'nowhere/rubric.yaml' not found")


def test_malformed_rubric_is_located() -> None:
    path = DATA / "invalid" / "malformed.yaml"
    result = run("check", str(EXAMPLES / "exemplar.md"), "--rubric", str(path))
    assert_clean_error(result, f"{path}:5:7: YAML syntax error")


def test_unknown_key_in_rubric_is_located() -> None:
    path = DATA / "invalid" / "unknown-key.yaml"
    result = run("check", str(EXAMPLES / "exemplar.md"), "--rubric", str(path))
    assert_clean_error(result, f"{path}:8:5: unknown key 'alises'", "did you mean 'aliases'?")


def test_duplicate_id_in_rubric_is_located() -> None:
    path = DATA / "invalid" / "duplicate-id.yaml"
    result = run("check", str(EXAMPLES / "exemplar.md"), "--rubric", str(path))
    assert_clean_error(result, f"{path}:9:9: duplicate event id 'event-a'")


def test_prompt_whose_rubric_is_missing(tmp_path: Path) -> None:
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "orphan.yaml").write_text(
        "id: orphan\nquestion: Why?\ncommand_term: discuss\ntopic: 10\nrubric: no-such-rubric\n",
        encoding="utf-8")
    result = run("check", str(EXAMPLES / "exemplar.md"), "--prompt", "orphan",
                 env={"IBESSAY_CONTENT_PATH": str(tmp_path)})
    assert_clean_error(result, f"{tmp_path / 'prompts' / 'orphan.yaml'}:5:9: prompt 'orphan' "
                       "names rubric 'no-such-rubric', which does not exist")


def test_prompt_and_rubric_together() -> None:
    result = run("check", str(EXAMPLES / "exemplar.md"), "-p", PROMPT, "-r", PROMPT)
    assert_clean_error(result, "give --prompt or --rubric, not both")


def test_neither_prompt_nor_rubric() -> None:
    assert_clean_error(run("check", str(EXAMPLES / "exemplar.md")),
                       "which prompt is this draft for?", "ibessay prompts")


@pytest.mark.parametrize(("args", "fragments"), [
    (["check"], ["Missing argument 'DRAFT...'", "hint: see 'ibessay check --help'"]),
    (["check", "x.md", "-p", PROMPT, "--format", "pdf"],
     ["'pdf' is not one of", "hint: see 'ibessay check --help'"]),
    (["check", "x.md", "--bogus"], ["No such option: --bogus", "see 'ibessay check --help'"]),
    (["--bogus"], ["No such option: --bogus", "hint: see 'ibessay --help'"]),
    (["nonsense"], ["No such command 'nonsense'.", "hint: see 'ibessay --help'"]),
    (["chek"], ["No such command 'chek'. Did you mean 'check'?"]),
    (["draft"], ["Missing argument 'PROMPT'", "hint: see 'ibessay draft --help'"]),
    (["practice", "--minutes", "0"], ["Invalid value for '--minutes'",
                                      "hint: see 'ibessay practice --help'"]),
    (["config", "editor", "vim", "extra"], ["unexpected extra argument",
                                            "hint: see 'ibessay config --help'"]),
])
def test_usage_errors_are_short_too(args: list[str], fragments: list[str]) -> None:
    assert_clean_error(run(*args), *fragments)


def test_no_command_shows_the_help() -> None:
    result = run()
    assert result.returncode == 2 and result.stderr == ""
    assert "Usage: ibessay [OPTIONS] COMMAND" in result.stdout and "practice" in result.stdout


def test_an_unexpected_bug_is_one_line_without_traceback(tmp_path: Path) -> None:
    # A rubric folder that is a file makes the library fail in a way no user error
    # covers; whatever happens, the student sees no traceback.
    result = run("check", str(EXAMPLES / "exemplar.md"), "--prompt", PROMPT,
                 env={"IBESSAY_CACHE_DIR": str(EXAMPLES / "exemplar.md")})
    assert result.returncode == 0, result.stderr  # an unusable cache folder is not fatal
    assert "Traceback" not in result.stderr
