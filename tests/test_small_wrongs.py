"""The small wrongs found when timed practice was tried as students use it (issue 12,
item 5), and the habits of item 4 that go with them: each test fails on the code that
had the wrong."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import (
    EXAMPLES,
    PROMPT,
    assert_clean_error,
    ibessay_command,
    on_screen,
    plan,
    run,
)

EXEMPLAR = EXAMPLES / "exemplar.md"


# --- the command line's exits ---------------------------------------------------------


def test_a_group_without_its_command_prints_its_help_and_nothing_else() -> None:
    # It printed the help, then "ibessay: error: " with no message.
    result = run("pack")
    assert result.returncode == 2
    assert result.stderr == ""
    assert "Usage: ibessay pack" in result.stdout and "install" in result.stdout


def _reading_stdin(pid: int) -> bool:
    """Is the process blocked reading a pipe (its stdin)? From /proc (Linux)."""
    try:
        wchan = Path(f"/proc/{pid}/wchan").read_text()
        syscall = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        pytest.skip("needs /proc to see that the check is waiting on stdin")
    return "pipe" in wchan or syscall[:2] == ["0", "0x0"]


@pytest.mark.skipif(not Path("/proc/self/wchan").exists(), reason="needs /proc")
def test_ctrl_c_says_interrupted() -> None:
    # Typer turned Ctrl-C into a silent exit 130.
    child = subprocess.Popen([*ibessay_command(), "check", "-", "--prompt", PROMPT],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not _reading_stdin(child.pid):
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the check never read its stdin"
            time.sleep(0.05)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 130
    assert err.decode() == "ibessay: interrupted\n"
    assert b"Traceback" not in err


def test_a_closed_stdout_ends_quietly() -> None:
    # `ibessay check ... >&-` ended in "internal error: AttributeError".
    for args in (["prompts"], ["check", str(EXEMPLAR), "--prompt", PROMPT, "-f", "json"]):
        result = subprocess.run(["sh", "-c", '"$@" >&-', "sh", *ibessay_command(), *args],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stderr == "", args


def test_a_closed_stdin_reads_as_empty() -> None:
    result = subprocess.run(["sh", "-c", '"$@" <&-', "sh", *ibessay_command(), "check", "-",
                             "--prompt", PROMPT], capture_output=True, text=True, timeout=60)
    assert_clean_error(result, "draft '-' is empty")


def test_a_closed_stdout_still_gives_the_exit_status() -> None:
    counter = EXAMPLES / "counter-coverage-gap.md"
    if not counter.exists():
        counter = next(p for p in EXAMPLES.glob("counter-*.md"))
    result = subprocess.run(["sh", "-c", '"$@" >&-', "sh", *ibessay_command(), "check",
                             str(counter), "--prompt", PROMPT, "--fail-under", "100"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "is below --fail-under 100" in result.stderr


@pytest.mark.parametrize("args", [
    ["prompts"], ["prompts", "--format", "json"], ["drafts"], ["--help"],
    ["check", str(EXEMPLAR), "--prompt", PROMPT],
    ["check", str(EXEMPLAR), "--prompt", PROMPT, "-f", "json"],
    ["check", str(EXEMPLAR), "--prompt", PROMPT, "-f", "line"],
])
def test_a_reader_gone_ends_quietly(args: list[str]) -> None:
    # `ibessay prompts | true`: the reader is gone before anything is written. The pipe's
    # read end is closed before ibessay starts, so every write fails, whatever the timing.
    # Every command ends alike: nothing on stderr, exit 1 (as Rich does for its own).
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run([*ibessay_command(), *args], stdout=write,
                                stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(write)
    assert result.stderr == b"", result.stderr
    assert result.returncode == 1


# --- drafts that are not files ---------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize(("command", "said"), [
    ("check", ["is a named pipe, not a draft file", "'-' to read the draft from stdin"]),
    ("watch", ["is not a regular file"]),
])
def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path, command: str,
                                               said: list[str]) -> None:
    # Both waited for ever for a writer.
    fifo = tmp_path / "draft.md"
    os.mkfifo(fifo)
    try:
        result = subprocess.run([*ibessay_command(), command, str(fifo), "--prompt", PROMPT],
                                capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"ibessay {command} waited on a named pipe")
    assert_clean_error(result, *(f"'{fifo}' {s}" if s.startswith("is") else s for s in said))


def test_a_device_is_refused() -> None:
    assert_clean_error(run("check", os.devnull, "--prompt", PROMPT), "is a device")


def test_stdin_is_still_read() -> None:
    result = run("check", "-", "--prompt", PROMPT, "-f", "json",
                 stdin=EXEMPLAR.read_bytes())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["score"] > 0


# --- check knows an attempt's prompt ---------------------------------------------------


@pytest.fixture()
def attempt(tmp_path: Path) -> Path:
    """An untimed attempt on PROMPT whose draft is the exemplar; its draft's path."""
    space = tmp_path / "space"
    made = run("draft", PROMPT, "--no-open", "--workspace", str(space))
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    path.write_text(EXEMPLAR.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _checked(*args: str) -> dict[str, object]:
    result = run("check", *args, "-f", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_check_on_an_attempts_file_needs_no_prompt(attempt: Path) -> None:
    report = _checked(str(attempt))
    assert report["prompt"] == PROMPT and report["draft"] == str(attempt)
    assert report["score"] == _checked(str(EXEMPLAR), "--prompt", PROMPT)["score"]


def test_check_last_and_check_by_attempt_name(attempt: Path) -> None:
    space = str(attempt.parent.parent)
    for name in ("last", attempt.parent.name, PROMPT[:4]):
        report = _checked(name, "--workspace", space)
        assert report["prompt"] == PROMPT and report["draft"] == str(attempt), name


def test_check_of_an_attempt_in_ibessay_home(attempt: Path) -> None:
    home = attempt.parent.parent.parent / "home"
    (home / "drafts").mkdir(parents=True)
    attempt.parent.rename(home / "drafts" / attempt.parent.name)
    result = run("check", "last", "-f", "json", env={"IBESSAY_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["prompt"] == PROMPT


def test_check_of_a_file_outside_attempts_still_asks_for_the_prompt(tmp_path: Path) -> None:
    loose = tmp_path / "essay.md"
    loose.write_text(EXEMPLAR.read_text(encoding="utf-8"), encoding="utf-8")
    assert_clean_error(run("check", str(loose)), "which prompt is this draft for?")
    assert_clean_error(run("check", "no-such-attempt", "--workspace", str(tmp_path)),
                       "draft 'no-such-attempt' not found", "name an attempt")


def test_an_attempt_named_with_a_rubric(attempt: Path) -> None:
    space = str(attempt.parent.parent)
    report = _checked("last", "--rubric", PROMPT, "--workspace", space)
    assert report["draft"] == str(attempt) and report["rubric"] == PROMPT


def test_a_damaged_attempt_json_does_not_stop_a_check_with_a_prompt(attempt: Path) -> None:
    (attempt.parent / "attempt.json").write_text("{ not json", encoding="utf-8")
    assert _checked(str(attempt), "--prompt", PROMPT)["prompt"] == PROMPT
    assert_clean_error(run("check", str(attempt)), "attempt.json")


def test_the_prompt_given_wins_over_the_attempts(attempt: Path) -> None:
    other = run("prompts", "--format", "json")
    ids = [p["id"] for p in json.loads(other.stdout)] if other.returncode == 0 else []
    others = [i for i in ids if i != PROMPT]
    if not others:
        pytest.skip("needs a second prompt")
    assert _checked(str(attempt), "--prompt", others[0])["prompt"] == others[0]


# --- the 2028 answer sheet -------------------------------------------------------------


def _practise(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ibessay_command(), "practice", *args], input=stdin,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "IBESSAY_CLOCK_SPEED": "60"})


def test_an_untouched_2028_answer_sheet_has_no_words_and_scores_0(home: Path) -> None:
    # Its three headings counted as 8 words, and scored 1/100.
    plan(home, {})
    result = _practise(PROMPT, "--paper", "2028", "--reading", "0", "--minutes", "2",
                       stdin="f\n")
    assert result.returncode == 0, result.stderr
    assert f"{PROMPT}: 0 words · score 0/100" in on_screen(result.stdout)
    [folder] = [p for p in (home / "drafts").iterdir() if p.is_dir()]
    sheet = (folder / "timed.md").read_text(encoding="utf-8")
    assert "## Section A" in sheet and "## Section B (b)" in sheet  # still in view
    checked = json.loads(run("check", str(folder / "timed.md"), "-f", "json").stdout)
    assert checked["words"] == 0 and checked["score"] == 0


def test_an_answer_on_the_2028_sheet_counts_only_the_students_words(home: Path) -> None:
    plan(home, {"append": "The split mattered because Mao feared Moscow.\n"})
    result = _practise(PROMPT, "--paper", "2028", "--reading", "0", "--minutes", "2",
                       stdin="f\n")
    assert result.returncode == 0, result.stderr
    assert f"{PROMPT}: 7 words · score " in on_screen(result.stdout)


# --- --paper, not --format ---------------------------------------------------------------


def test_paper_names_the_paper_and_format_is_its_hidden_old_name(home: Path) -> None:
    helped = run("practice", "--help")
    assert "--paper" in helped.stdout and "--format" not in helped.stdout
    assert "--paper" in run("exam", "--help").stdout
    plan(home, {}, {})
    new = _practise(PROMPT, "--paper", "2028", "--reading", "0", "--minutes", "1",
                    stdin="f\n")
    assert new.returncode == 0, new.stderr
    assert "--format" not in new.stderr
    old = _practise(PROMPT, "--format", "2028", "--reading", "0", "--minutes", "1", "--new",
                    stdin="f\n")
    assert old.returncode == 0, old.stderr
    assert "ibessay: --format 2028 is now --paper 2028" in old.stderr
    assert "Section B, part (b)" in old.stdout
    assert_clean_error(run("practice", PROMPT, "--paper", "2030"),
                       "unknown paper format '2030'", "use --paper 2017")
    assert_clean_error(run("exam", "--paper", "2017", "--format", "2028"),
                       "--paper 2017 and --format 2028 disagree")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-v"]))
