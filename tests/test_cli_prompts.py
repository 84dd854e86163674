from __future__ import annotations

import json
from pathlib import Path

from conftest import PROMPT, assert_clean_error, run


def test_prompts_table() -> None:
    result = run("prompts")
    assert result.returncode == 0
    assert PROMPT in result.stdout and "Examine" in result.stdout


def test_prompts_json_and_filters() -> None:
    prompts = json.loads(run("prompts", "--format", "json").stdout)
    entry = next(p for p in prompts if p["id"] == PROMPT)
    assert entry["topic"] == 12 and entry["command_term"] == "examine"
    assert entry["timeframe"] == {"start": 1949, "end": 1976} and entry["minutes"] == 45
    assert json.loads(run("prompts", "--text", "xyzzy", "--format", "json").stdout) == []
    assert len(json.loads(run("prompts", "--term", "examine", "-f", "json").stdout)) >= 1


def test_prompts_bad_format() -> None:
    assert_clean_error(run("prompts", "--format", "xml"), "unknown format 'xml'")


def test_show() -> None:
    result = run("show", PROMPT)
    assert result.returncode == 0
    assert "Examine the changing nature of Sino-Soviet relations" in result.stdout
    assert "Treaty of Friendship, Alliance and Mutual Assistance (14 Feb 1950)" in result.stdout
    assert "1960–1976 Open hostility and realignment" in result.stdout


def test_show_unknown() -> None:
    assert_clean_error(run("show", "sino-sovet"), "unknown prompt 'sino-sovet'",
                       "did you mean 'sino-soviet-1949-1976'")


def test_help_and_version() -> None:
    result = run("--help")
    assert result.returncode == 0 and "check" in result.stdout and "prompts" in result.stdout
    assert run("--version").stdout.startswith("ibessay 0.")
    assert run().returncode in (0, 2)  # no arguments: help


def test_a_broken_prompt_file_is_named_and_the_rest_still_listed(tmp_path: Path) -> None:
    # Issue 11: one half-edited file of a teacher's must not hide the whole bank.
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "broken-one.yaml").write_text(
        "id: broken-one\nquestion: [unclosed\n", encoding="utf-8")
    env = {"IBESSAY_CONTENT_PATH": str(tmp_path)}
    result = run("prompts", env=env)
    assert result.returncode == 0, result.stderr
    assert PROMPT in result.stdout and "broken-one" not in result.stdout
    assert result.stderr.strip().splitlines() == [
        f"ibessay: warning: left out a prompt that does not load: "
        f"{tmp_path / 'prompts' / 'broken-one.yaml'}:3:1: YAML syntax error: did not find "
        "expected ',' or ']'"]
    assert_clean_error(run("show", "broken-one", env=env), "broken-one.yaml:3:1")
