"""Timed practice and mock exams through the installed command, with a scripted editor
(tests/tools/fake_editor.py) and a fast clock (IBESSAY_CLOCK_SPEED)."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import (
    EXAMPLES,
    PROMPT,
    ROOT,
    assert_clean_error,
    editor_program,
    ibessay_command,
    on_screen,
    opened,
    plan,
    run,
)
from ibessay.content.library import Library

FIXTURES = ROOT / "tests" / "data" / "content"
EXEMPLAR = (EXAMPLES / "exemplar.md").read_text(encoding="utf-8")








def attempt_dir(home: Path, name: str = f"-{PROMPT}") -> Path:
    [folder] = [p for p in (home / "drafts").iterdir() if p.name.endswith(name)]
    return folder


def meta(folder: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((folder / "attempt.json").read_text())


def practise(*args: str, stdin: str = "", speed: float = 60) -> subprocess.CompletedProcess[str]:
    return run("practice", *args, stdin=stdin.encode(),
               env={"IBESSAY_CLOCK_SPEED": str(speed)})


# --- a whole session ---------------------------------------------------------------------

def test_a_whole_session_plan_write_pens_down_report(home: Path) -> None:
    plan(home, {"append": "- thesis: the alliance decayed into rivalry\n"},
         {"append": EXEMPLAR}, {})
    result = practise(PROMPT, "--reading", "0.05", "--minutes", "2", stdin="\n\nf\n")
    assert result.returncode == 0, result.stderr
    folder = attempt_dir(home)
    assert "Reading time" in result.stdout and "Pens down" in result.stdout
    assert [Path(args[-1]).name for args in opened(home)] == [
        "outline.md", "draft.md", "draft.md"]
    outline = (folder / "outline.md").read_text()
    assert outline.startswith("# Outline: Examine") and "the alliance decayed" in outline
    draft = (folder / "draft.md").read_text()
    assert "the alliance decayed" in draft  # seeded from the outline
    assert (folder / "timed.md").read_text() == draft  # finished early: the same text
    assert not (folder / "overtime.md").exists()
    report = json.loads((folder / "report.json").read_text())
    assert report["passed"] and report["score"] == 100 and report["draft"].endswith("timed.md")
    assert (folder / "report.md").read_text().startswith("# Rubric check:")
    info = meta(folder)
    assert info["status"] == "finished" and info["essays"][0]["score"] == 100
    assert "score 100/100" in result.stdout and "passes the rubric" in result.stdout
    # A snapshot was taken before each launch that had something to keep.
    assert len(list((folder / "snapshots").iterdir())) >= 2


def test_pens_down_keeps_the_draft_as_it_stood_and_marks_later_edits(home: Path) -> None:
    plan(home, {}, {"append": "Stalin died in 1953.\n", "sleep": 3.0,
                    "then_append": "Written after time.\n"})
    result = practise(PROMPT, "--reading", "0", "--minutes", "0.03", stdin="\n", speed=1)
    assert result.returncode == 0, result.stderr
    folder = attempt_dir(home)
    timed = (folder / "timed.md").read_text()
    assert "Stalin died in 1953." in timed and "Written after time." not in timed
    overtime = (folder / "overtime.md").read_text()
    assert overtime.startswith("<!-- Overtime: written after pens down")
    assert overtime.endswith("Written after time.\n")
    assert (folder / "draft.md").read_text().endswith("Written after time.\n")
    assert json.loads((folder / "report.json").read_text())["words"] == 4
    assert meta(folder)["essays"][0]["overtime"] is True


def test_a_random_prompt_from_a_topic(home: Path) -> None:
    plan(home, {}, {"append": "Mao and Khrushchev quarrelled.\n"})
    result = practise("--topic", "12", "--reading", "0", "--minutes", "1", stdin="\nf\n")
    assert result.returncode == 0, result.stderr
    drawn = meta(attempt_dir(home, ""))["essays"][0]["prompt"]
    assert Library.default().prompt(drawn).topic == 12


def _unmatched_topic_and_term() -> tuple[str, str]:
    """A topic and a command term no bundled prompt has together (the bank grows)."""
    bank = {(p.topic, p.command_term) for p in Library.default().all_prompts()}
    return next((str(topic), term) for term in ("contrast", "compare", "explain", "analyse")
                for topic in range(1, 13) if (topic, term) not in bank)


@pytest.mark.parametrize(("args", "fragments"), [
    (["sino-sovet"], ["unknown prompt 'sino-sovet'", "did you mean 'sino-soviet-1949-1976'"]),
    (["--topic", _unmatched_topic_and_term()[0], "--term", _unmatched_topic_and_term()[1]],
     ["no installed prompt matches topic"]),
    ([PROMPT, "--format", "2030"], ["unknown paper format '2030'"]),
])
def test_bad_practice_requests(home: Path, args: list[str], fragments: list[str]) -> None:
    assert_clean_error(practise(*args), *fragments)
    assert not (home / "drafts").exists() or not any((home / "drafts").iterdir())


def test_a_missing_editor_is_named(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "no-such-editor --wait")
    result = practise(PROMPT, "--reading", "0", "--minutes", "1")
    assert_clean_error(result, "editor 'no-such-editor' (from $EDITOR) was not found",
                       "set VISUAL or EDITOR")


def test_the_2028_format_has_three_timed_parts(home: Path) -> None:
    plan(home, {"append": "\nThe split mattered because...\n"})
    result = practise(PROMPT, "--format", "2028", "--reading", "0", "--minutes", "2",
                      stdin="f\n")
    assert result.returncode == 0, result.stderr
    assert ("Section A (6 marks) 0:30, Section B, part (a) (4 marks) 0:18, "
            "Section B, part (b) (15 marks) 1:12") in result.stdout
    folder = attempt_dir(home)
    assert [Path(args[-1]).name for args in opened(home)] == ["draft.md"]  # no outline
    sheet = (folder / "timed.md").read_text()
    assert "## Section A" in sheet and "## Section B (b)" in sheet
    assert meta(folder)["format"] == "2028"


# --- Ctrl-C, pause, resume, never clobber ------------------------------------------------

def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*ibessay_command(), "practice", *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def watch(draft: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*ibessay_command(), "watch", str(draft), "--prompt", PROMPT, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def interrupt(process: subprocess.Popen[str]) -> str:
    """Press Ctrl-C in a running command; it must then exit 0. Returns its output."""
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    return out


def read_until(process: subprocess.Popen[str], fragment: str, limit: float = 20) -> str:
    assert process.stdout is not None
    seen = ""
    deadline = time.monotonic() + limit
    while fragment not in seen:
        assert time.monotonic() < deadline, seen
        line = process.stdout.readline()
        assert line, seen + (process.stderr.read() if process.stderr else "")
        seen += line
    return seen


def interrupt_and_answer(answer: str) -> tuple[subprocess.Popen[str], str]:
    process = start(PROMPT, "--reading", "5", "--minutes", "45")
    read_until(process, "Reading time:")
    process.send_signal(signal.SIGINT)
    read_until(process, "Paused")
    out, err = process.communicate(answer + "\n", timeout=20)
    return process, out + err


def test_ctrl_c_then_abandon_keeps_the_files(home: Path) -> None:
    process, output = interrupt_and_answer("a\ny")
    assert process.returncode == 0, output
    folder = attempt_dir(home)
    assert "Abandon this attempt? It cannot be resumed; its files are kept." in output
    assert f"Attempt abandoned; your files are kept in {folder}" in output
    assert meta(folder)["status"] == "abandoned"


def test_abandon_is_not_done_without_a_yes(home: Path) -> None:
    process, output = interrupt_and_answer("a\n\nq")  # Enter at the question is no
    assert process.returncode == 0, output
    assert "(type your choice and press Enter)" in output  # piped: lines, as typed
    assert "Attempt abandoned" not in output
    assert meta(attempt_dir(home))["status"] == "paused"


def test_menu_keys_act_without_enter_on_a_terminal(home: Path, tmp_path: Path) -> None:
    process, terminal = in_a_terminal(["practice", PROMPT, "--reading", "5"], tmp_path)
    try:
        seen = screen_until(terminal, "Reading time")
        process.send_signal(signal.SIGINT)
        seen = screen_until(terminal, "(press a key)", seen)
        assert "[r] resume" in on_screen(seen)
        os.write(terminal, b"a")  # no Enter
        seen = screen_until(terminal, "Abandon this attempt?", seen)
        os.write(terminal, b"n")
        seen = screen_until(terminal, "> n", seen)
        os.write(terminal, b"q")
        seen = screen_until(terminal, "Resume with:", seen)
        assert process.wait(timeout=20) == 0
    finally:
        process.kill()
        os.close(terminal)
    assert meta(attempt_dir(home))["status"] == "paused"


def test_ctrl_c_then_quit_pauses_and_a_second_practice_never_clobbers(home: Path) -> None:
    process, output = interrupt_and_answer("q")
    assert process.returncode == 0, output
    folder = attempt_dir(home)
    assert meta(folder)["status"] == "paused"
    assert f"ibessay practice --resume {folder.name}" in output

    refused = practise(PROMPT)
    assert_clean_error(refused, f"unfinished timed attempt on '{PROMPT}': {folder.name}",
                       f"--resume {folder.name}", "--new")

    plan(home, {}, {"append": "Mao met Khrushchev.\n"})
    resumed = practise("--resume", folder.name, stdin="\nf\n")
    assert resumed.returncode == 0, resumed.stderr
    assert meta(folder)["status"] == "finished"
    assert "Mao met Khrushchev." in (folder / "timed.md").read_text()
    assert_clean_error(practise("--resume", folder.name), "is finished")

    plan(home, {}, {})
    fresh = practise(PROMPT, "--new", "--reading", "0", "--minutes", "1", stdin="\nf\n")
    assert fresh.returncode == 0, fresh.stderr
    assert (folder.parent / f"{folder.name}-2" / "attempt.json").exists()


def test_resume_with_no_name_goes_on_with_the_attempt_paused_last(home: Path) -> None:
    assert_clean_error(practise("--resume"), "no paused practice attempt to resume",
                       "ibessay practice")
    process, output = interrupt_and_answer("q")
    assert process.returncode == 0, output
    folder = attempt_dir(home)
    assert_clean_error(run("exam", "--resume"), "no paused exam attempt to resume")
    plan(home, {}, {"append": "Mao met Khrushchev.\n"})
    resumed = practise("--resume", stdin="\nf\n")
    assert resumed.returncode == 0, resumed.stderr
    assert f"Resuming {folder.name}" in resumed.stdout
    assert meta(folder)["status"] == "finished"
    assert_clean_error(practise("--resume"), "no paused practice attempt to resume")


def test_a_session_held_by_another_process_is_refused(home: Path) -> None:
    process = start(PROMPT, "--reading", "5")
    try:
        read_until(process, "Reading time:")
        folder = attempt_dir(home)
        result = practise("--resume", folder.name)
        assert_clean_error(result, "is open in another ibessay session")
    finally:
        process.kill()
        process.communicate()


def test_an_editor_that_fails_keeps_the_file_and_says_where(home: Path) -> None:
    plan(home, {"append": "my plan", "exit": 1}, {})
    result = practise(PROMPT, "--reading", "0", "--minutes", "1", stdin="f\n")
    assert result.returncode == 0
    folder = attempt_dir(home)
    assert "the editor (" in result.stderr and "exited with status 1" in result.stderr
    assert f"your file is kept at {folder / 'outline.md'}" in result.stderr
    assert (folder / "outline.md").read_text().endswith("my plan")


# --- the dashboard -----------------------------------------------------------------------

def test_dashboard_mode_rechecks_on_every_save(home: Path) -> None:
    process = start(PROMPT, "--dashboard", "--reading", "0", "--minutes", "0.15")
    try:
        seen = read_until(process, "Write in your own editor: ")
        draft = Path(seen.split("Write in your own editor: ")[1].split("\n")[0])
        read_until(process, "0 words")
        with open(draft, "a", encoding="utf-8") as f:
            f.write("Stalin died in 1953 and Khrushchev gave the Secret Speech in 1956.\n")
        line = read_until(process, "12 words")
        assert "events 2/14" in line
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Pens down" in out
    assert "Secret Speech" in (draft.parent / "timed.md").read_text()


def test_exam_two_topics_one_clock(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IBESSAY_CONTENT_PATH", str(FIXTURES))
    plan(home, {}, {"append": "The Enabling Act of 1933 followed the Reichstag fire.\n"},
         {}, {"append": "Khrushchev and Mao in 1956.\n"})
    result = run("exam", "--reading", "0.05", "--minutes", "4", "--seed", "7",
                 stdin=b"\n\n\nf\n", env={"IBESSAY_CLOCK_SPEED": "60"})
    assert result.returncode == 0, result.stderr
    folder = attempt_dir(home, "-exam")
    info = meta(folder)
    prompts = [e["prompt"] for e in info["essays"]]
    library = Library.default()
    assert len({library.prompt(p).topic for p in prompts}) == 2, prompts
    assert info["schedule"]["reading"] == pytest.approx(3.0)
    assert sum(p["seconds"] for p in info["schedule"]["parts"]) == pytest.approx(240)
    for n in (1, 2):
        assert (folder / f"essay{n}-timed.md").exists()
        assert json.loads((folder / f"essay{n}-report.json").read_text())["words"] > 0
    assert result.stdout.count("Essay 1:") >= 1 and "Essay 2:" in result.stdout


def test_a_gui_editor_runs_beside_the_dashboard(home: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # Like `code --wait` in its own window: the student types, saves, closes.
    editor_program(tmp_path, monkeypatch, "code",
                   'sleep 0.3\necho "Stalin died in 1953." >> "$2"', "code --wait")
    result = practise(PROMPT, "--reading", "0", "--minutes", "0.05", speed=1)
    assert result.returncode == 0, result.stderr
    assert "Opened in code:" in result.stdout
    assert "events 1/14" in result.stdout
    folder = attempt_dir(home)
    assert (folder / "timed.md").read_text().endswith("Stalin died in 1953.\n")
    assert "Time was up at" in result.stdout


def test_exam_in_the_2028_format_is_one_structured_paper(home: Path) -> None:
    plan(home, {"append": "\nThe split mattered.\n"})
    result = run("exam", "--format", "2028", "--reading", "0", "--minutes", "1",
                 stdin=b"f\n", env={"IBESSAY_CLOCK_SPEED": "60"})
    assert result.returncode == 0, result.stderr
    folder = attempt_dir(home, "-exam")
    info = meta(folder)
    assert info["format"] == "2028" and len(info["essays"]) == 1
    assert [p["label"] for p in info["schedule"]["parts"]] == [
        "Section A (6 marks)", "Section B, part (a) (4 marks)", "Section B, part (b) (15 marks)"]
    assert "You finished with" in result.stdout


def test_watch_without_a_terminal_prints_a_line_per_change(tmp_path: Path) -> None:
    draft = tmp_path / "essay.md"
    process = watch(draft)
    try:
        read_until(process, "essay.md does not exist yet")
        draft.write_text("Mao died in 1976.\n")
        assert "[untimed] 4 words · periods 0/3 · events 1/14" in read_until(process, "4 words")
        draft.unlink()
        read_until(process, "essay.md was deleted or moved; save it again to go on")
        draft.write_text("Mao died in 1976. Stalin died in 1953.\n")
        read_until(process, "8 words")
        assert "Stopped watching. 8 words" in interrupt(process)
    finally:
        process.kill()


def in_a_terminal(args: list[str], cwd: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Run ``ibessay ARGS`` with a pseudo-terminal as its stdin, stdout and stderr (so
    it shows the Rich dashboard); returns the process and the terminal's other end."""
    ours, theirs = pty.openpty()
    process = subprocess.Popen([*ibessay_command(), *args], stdin=theirs, stdout=theirs,
                               stderr=theirs, cwd=cwd, start_new_session=True,
                               env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"})
    os.close(theirs)
    return process, ours


def screen_until(terminal: int, fragment: str, seen: str = "", limit: float = 20) -> str:
    """Read the terminal until ``fragment`` is on it; everything read so far."""
    deadline = time.monotonic() + limit
    while fragment not in on_screen(seen):
        assert time.monotonic() < deadline, on_screen(seen)
        if select.select([terminal], [], [], 0.2)[0]:
            try:
                chunk = os.read(terminal, 65536)
            except OSError:  # the command ended
                chunk = b""
            assert chunk, f"{fragment!r} never appeared: {on_screen(seen)}"
            seen += chunk.decode("utf-8", "replace")
    return seen


@pytest.mark.parametrize("draft", ["notes[/i].md", "x[/i]/[bold]draft.md"])
def test_watch_shows_markup_in_a_path_as_text(tmp_path: Path, draft: str) -> None:
    path = tmp_path / draft
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("Mao died in 1976.\n")
    process, terminal = in_a_terminal(["watch", draft, "--prompt", PROMPT], tmp_path)
    try:
        seen = screen_until(terminal, f"{path.name} — untimed")
        seen = screen_until(terminal, f"{path.name} │ 4 ", seen)  # the table's row
        path.unlink()
        seen = screen_until(terminal, f"{path.name}: {path.name} was deleted or moved; save "
                            f"it again to go on (copies are in {Path(draft).parent}/snapshots)",
                            seen)
        process.send_signal(signal.SIGINT)
        screen_until(terminal, "Stopped watching.", seen)
        assert process.wait(timeout=10) == 0
    finally:
        process.kill()
        process.wait()
        os.close(terminal)


@pytest.mark.parametrize(("args", "fragments"), [
    (["--prompt", "nope"], ["unknown prompt 'nope'"]),
    (["--prompt", PROMPT, "--minutes", "0"], ["Invalid value for '--minutes'"]),
])
def test_watch_errors(tmp_path: Path, args: list[str], fragments: list[str]) -> None:
    assert_clean_error(run("watch", str(tmp_path / "x.md"), *args), *fragments)


def test_watch_refuses_a_folder(tmp_path: Path) -> None:
    assert_clean_error(run("watch", str(tmp_path), "--prompt", PROMPT), "is a folder")


def test_practice_goes_on_from_an_outline_made_earlier(home: Path) -> None:
    made = run("outline", PROMPT, "--no-open")
    outline = Path(made.stdout.strip())
    outline.write_text(outline.read_text() + "- planned at home\n")
    plan(home, {}, {"append": "Mao met Stalin in 1949.\n"})
    result = practise(PROMPT, "--reading", "0", "--minutes", "1", stdin="\nf\n")
    assert result.returncode == 0, result.stderr
    assert attempt_dir(home) == outline.parent  # the same attempt, not a new one
    assert outline.read_text().endswith("- planned at home\n")
    assert "planned at home" in (outline.parent / "timed.md").read_text()
    assert (f"Going on with {outline.parent.name}, begun with 'ibessay outline' (its "
            "outline is kept), now on the clock: the outline opens first") in result.stdout


def test_practice_on_an_untimed_draft_opens_its_outline_first(home: Path) -> None:
    run("outline", PROMPT, "--no-open")
    made = run("draft", PROMPT, "--no-open")
    draft = Path(made.stdout.strip().splitlines()[-1])
    assert draft.name == "draft.md", made.stdout
    plan(home, {}, {}, {})
    result = practise(PROMPT, "--reading", "0", "--minutes", "1", stdin="\n\nf\n")
    assert result.returncode == 0, result.stderr
    assert "Going on with" in result.stdout and "its outline and draft are kept" in result.stdout
    assert [Path(args[-1]).name for args in opened(home)][:2] == ["outline.md", "draft.md"]


# --- faults found in review: each would lose time, text or the timed copy ---------------

def test_time_running_out_at_the_menu_is_pens_down_not_another_editor(home: Path) -> None:
    plan(home, {"append": "my plan"})
    process = start(PROMPT, "--reading", "0", "--minutes", "0.04")  # 2.4 s, real time
    try:
        process.wait(timeout=30)  # stdin stays open and says nothing
    finally:
        process.kill()
    assert process.stdout is not None and process.stderr is not None
    out, err = process.stdout.read(), process.stderr.read()
    assert process.returncode == 0, err
    assert [Path(a[-1]).name for a in opened(home)] == ["outline.md"]
    assert "Time was up at" in out


def test_a_failed_write_at_the_deadline_is_reported_and_retried(home: Path) -> None:
    # timed.md cannot be written at the deadline (a folder is in the way), then can.
    plan(home, {}, {"append": "Stalin died in 1953.\n", "mkdir": "timed.md", "sleep": 3.5,
                    "then_rmdir": "timed.md"})
    result = practise(PROMPT, "--reading", "0", "--minutes", "0.03", stdin="\n", speed=1)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Exception in thread" not in result.stderr
    assert "the timed copy could not be saved at the deadline" in result.stderr
    folder = attempt_dir(home)
    assert (folder / "timed.md").read_text().endswith("Stalin died in 1953.\n")
    assert meta(folder)["status"] == "finished"


def test_a_resume_of_an_attempt_finished_meanwhile_is_refused(home: Path) -> None:
    from ibessay.errors import IbessayError
    from ibessay.practice.actions import new_practice, resume_attempt, run_session
    from ibessay.practice.workspace import Workspace

    space = Workspace.at()
    attempt, _ = new_practice(space, PROMPT, None, None, 1, 0, "2017", False)
    attempt.update(status="paused")
    stale, prompts = resume_attempt(space, attempt.name, "essay")
    attempt.update(status="finished")  # another session finished it meanwhile
    with pytest.raises(IbessayError, match="is finished"):
        run_session(stale, prompts, dashboard=True)
    assert meta(attempt.folder)["status"] == "finished"  # left as it was
    assert not (attempt.folder / ".lock").exists()


def test_an_attempt_file_damaged_before_the_lock_stops_the_session_and_is_kept(
        home: Path) -> None:
    from ibessay.errors import IbessayError
    from ibessay.practice.actions import new_practice, resume_attempt, run_session
    from ibessay.practice.workspace import Workspace

    space = Workspace.at()
    attempt, _ = new_practice(space, PROMPT, None, None, 1, 0, "2017", False)
    attempt.update(status="paused")
    stale, prompts = resume_attempt(space, attempt.name, "essay")
    (attempt.folder / "attempt.json").write_text("{half a file")  # e.g. a sync conflict
    with pytest.raises(IbessayError, match="cannot read the attempt file"):
        run_session(stale, prompts, dashboard=True)
    assert (attempt.folder / "attempt.json").read_text() == "{half a file"
    assert not (attempt.folder / ".lock").exists()


def test_the_2028_concept_is_kept_across_a_resume(home: Path) -> None:
    plan(home, {"append": "\nThe split mattered.\n"})
    paused = run("exam", "--format", "2028", "--reading", "0", "--minutes", "10",
                 stdin=b"p\nq\n", env={"IBESSAY_CLOCK_SPEED": "60"})
    assert paused.returncode == 0, paused.stderr
    folder = attempt_dir(home, "-exam")
    concept = meta(folder)["concept"]
    assert f"through the concept of {concept}" in (folder / "draft.md").read_text()
    plan(home, {})
    resumed = run("exam", "--resume", folder.name, stdin=b"f\n",
                  env={"IBESSAY_CLOCK_SPEED": "60"})
    assert resumed.returncode == 0, resumed.stderr
    assert meta(folder)["concept"] == concept and meta(folder)["status"] == "finished"


def test_used_time_is_saved_while_the_editor_is_open(home: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IBESSAY_CLOCK_SPEED", "60")
    plan(home, {"sleep": 3})
    process = start(PROMPT, "--reading", "0", "--minutes", "45")
    try:
        folder = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            # The folder is made a moment before attempt.json is first written.
            saved = list((home / "drafts").glob("*/attempt.json"))
            if saved and meta(saved[0].parent).get("used", 0) >= 30:
                folder = saved[0].parent
                break
            time.sleep(0.2)
        assert folder is not None, "time used was never saved while the editor ran"
    finally:
        process.kill()
        process.communicate()


def test_a_closed_terminal_pauses_the_attempt(home: Path) -> None:
    plan(home, {"sleep": 1.5})
    process = start(PROMPT, "--reading", "0", "--minutes", "45")
    try:
        deadline = time.monotonic() + 20
        while not opened(home):  # the editor is open (a fixed wait loses under load)
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.05)
        process.send_signal(signal.SIGHUP)
        out, err = process.communicate(timeout=20)
    finally:
        process.kill()
    folder = attempt_dir(home)
    assert meta(folder)["status"] == "paused", (out, err)
    assert (folder / "outline.md").exists()
    assert f"--resume {folder.name}" in out


def test_timed_attempts_are_not_opened_off_the_clock(home: Path) -> None:
    process, _ = interrupt_and_answer("q")
    folder = attempt_dir(home)
    assert_clean_error(run("open", folder.name), "is a timed attempt that is not finished",
                       f"ibessay practice --resume {folder.name}")
    made = run("draft", PROMPT, "--no-open")
    assert made.returncode == 0 and Path(made.stdout.strip()).parent != folder


def test_a_gui_editor_is_started_once_and_out_of_reach_of_ctrl_c(
        home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "code.log"
    editor_program(tmp_path, monkeypatch, "code",
                   f'echo "$$ $(ps -o sid= -p $$)" >> {log}\nsleep 30', "code --wait")
    process = start(PROMPT, "--reading", "0", "--minutes", "45")
    read_until(process, "Opened in code")
    process.send_signal(signal.SIGINT)
    read_until(process, "Paused")
    process.communicate("q\n", timeout=20)
    [(pid, sid)] = [line.split() for line in log.read_text().splitlines()]
    assert os.path.exists(f"/proc/{pid}"), "Ctrl-C reached the editor's window"
    assert sid != str(os.getsid(0))  # a session of its own
    resumed = start("--resume", attempt_dir(home).name)
    read_until(resumed, "Opened in code")
    resumed.send_signal(signal.SIGINT)
    read_until(resumed, "Paused")
    resumed.communicate("q\n", timeout=20)
    assert len(log.read_text().splitlines()) == 1  # the open window was not doubled
    os.kill(int(pid), signal.SIGKILL)


def test_closed_stdin_finishes_cleanly(home: Path) -> None:
    plan(home, {"append": "plan"})
    result = subprocess.run([*ibessay_command(), "practice", PROMPT, "--reading", "0",
                             "--minutes", "1"], capture_output=True, text=True, timeout=30,
                            preexec_fn=lambda: os.close(0))
    assert result.returncode == 0, result.stderr
    assert "You finished with" in result.stdout


def test_answers_piped_in_one_go_are_all_read(home: Path) -> None:
    plan(home, {}, {"append": "Mao met Stalin.\n"})
    process = start(PROMPT, "--reading", "0", "--minutes", "45")
    assert process.stdin is not None
    process.stdin.write("\nf\n")  # both answers at once; the pipe stays open
    process.stdin.flush()
    try:
        read_until(process, "You finished with", limit=15)
    finally:
        process.kill()
        process.communicate()


def test_finish_now_during_reading_time_does_not_read_again(home: Path) -> None:
    process, output = interrupt_and_answer("f")
    assert process.returncode == 0, output
    assert "Reading time" not in output  # straight to pens down, no second reading
    assert "You finished with" in output
    assert meta(attempt_dir(home))["status"] == "finished"


def test_a_hand_edited_attempt_file_does_not_crash_a_resume(home: Path) -> None:
    interrupt_and_answer("q")
    folder = attempt_dir(home)
    info = meta(folder)
    info.update(used=None, read="five")
    (folder / "attempt.json").write_text(json.dumps(info))
    plan(home, {}, {})
    result = practise("--resume", folder.name, stdin="\nf\n")
    assert result.returncode == 0, result.stderr


def test_an_unknown_editor_that_returns_at_once_gets_advice_and_the_choice(
        home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Opens a window and returns at once, like xdg-open.
    editor_program(tmp_path, monkeypatch, "my-notes-app", "exit 0", "my-notes-app")
    result = practise(PROMPT, "--reading", "0", "--minutes", "1", stdin="w\n")
    assert result.returncode == 0, result.stderr
    assert "returned at once" in result.stderr and "choose [w]" in result.stderr
    assert "Write in your own editor:" in result.stdout  # the dashboard, as chosen
    assert "Time was up at" in result.stdout


def test_watch_with_a_countdown_says_when_time_is_up(tmp_path: Path) -> None:
    draft = tmp_path / "essay.md"
    draft.write_text("Mao died in 1976.\n")
    process = watch(draft, "--minutes", "0.02")
    try:
        first = read_until(process, "4 words")
        assert "left · writing]" in first
        read_until(process, "Pens down: time is up.")
        interrupt(process)
    finally:
        process.kill()


def test_a_resume_whose_timings_were_lost_is_a_clear_error(home: Path) -> None:
    interrupt_and_answer("q")
    folder = attempt_dir(home)
    info = meta(folder)
    info["schedule"] = {"reading": "five"}
    (folder / "attempt.json").write_text(json.dumps(info))
    assert_clean_error(practise("--resume", folder.name),
                       f"cannot read the attempt file '{folder / 'attempt.json'}': this "
                       "attempt's timings ('schedule') are missing or damaged",
                       "fix it by hand, or start a new attempt",
                       f"your outline and drafts in '{folder}' are untouched")


def test_ctrl_c_reaches_the_editor_as_usual(tmp_path: Path) -> None:
    """While an editor runs, ibessay lets Ctrl-C pass to it; the editor starts with
    SIGINT as usual, not ignored (an ignored signal stays ignored across exec)."""
    from ibessay.practice.editor import Editor, launch

    tell = ("import signal, sys; open(sys.argv[1], 'a').write("
            "'ignored' if signal.getsignal(signal.SIGINT) is signal.SIG_IGN else 'usual')")
    path = tmp_path / "draft.md"
    path.write_text("")
    before = signal.getsignal(signal.SIGINT)
    run = launch(Editor([sys.executable, "-c", tell], "$VISUAL"), path)
    assert run.returncode == 0 and path.read_text() == "usual"
    assert signal.getsignal(signal.SIGINT) is before


def test_an_outline_left_as_it_was_is_unchanged_not_saved(home: Path) -> None:
    # It said "outline saved" right after warning that the file was unchanged.
    plan(home, {}, {"append": "Mao and Khrushchev quarrelled.\n"})
    result = practise(PROMPT, "--reading", "0", "--minutes", "2", stdin="\n\nf\n")
    assert result.returncode == 0, result.stderr
    assert "outline unchanged" in result.stdout and "outline saved" not in result.stdout
