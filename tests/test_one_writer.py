"""One writer per attempt (issue 12, item 2): every command that writes an attempt takes
its lock, so two editors never write one file. A second ``outline``/``draft`` on the
same prompt gets an attempt of its own; a second ``open``, ``practice --resume`` or
``exam --resume`` on one attempt is refused with the other process named."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import PROMPT, assert_clean_error, ibessay_command, opened, plan, run

FIRST = "\nThe first window's paragraph on the Sino-Soviet split.\n"
SECOND = "\nThe second window's paragraph on the Ussuri clashes of 1969.\n"


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*ibessay_command(), *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_launches(home: Path, count: int, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while len(opened(home)) < count:
        assert time.monotonic() < deadline, opened(home)
        time.sleep(0.05)


def attempts(home: Path) -> list[Path]:
    return sorted(p for p in (home / "drafts").iterdir() if p.is_dir())


def finish(process: subprocess.Popen[str]) -> tuple[str, str]:
    out, err = process.communicate(timeout=60)
    return out, err


def test_two_drafts_on_one_prompt_never_share_a_file(home: Path) -> None:
    # An outline exists: both drafts used to reuse its attempt, unlocked, and the later
    # editor saved over the earlier one's text; both said "saved".
    assert run("outline", PROMPT, "--no-open").returncode == 0
    plan(home, {"append": FIRST, "sleep": 4}, {"append": SECOND, "sleep": 0.5})
    first = start("draft", PROMPT)
    wait_for_launches(home, 1)
    second = start("draft", PROMPT)
    out2, err2 = finish(second)
    out1, err1 = finish(first)
    assert first.returncode == 0 and second.returncode == 0, (err1, err2)
    [one, two] = [Path(args[-1]) for args in opened(home)]
    assert one != two, "two editors on one file"
    assert FIRST in one.read_text() and SECOND in two.read_text()
    assert one.parent.name in err2 and f"process {first.pid}" in err2  # said why
    assert "starting a new attempt" in err2
    assert [p.name for p in attempts(home)] == [one.parent.name, two.parent.name]
    for folder in attempts(home):
        assert not (folder / ".lock").exists()


def test_open_is_refused_while_another_process_writes_the_attempt(home: Path) -> None:
    plan(home, {"append": FIRST, "sleep": 5})
    first = start("draft", PROMPT)
    wait_for_launches(home, 1)
    folder = attempts(home)[0]
    refused = run("open", folder.name)
    assert_clean_error(refused, f"is open in another ibessay session (process {first.pid})",
                       f"ibessay draft {PROMPT}")
    assert len(opened(home)) == 1  # no second editor
    finish(first)
    assert first.returncode == 0
    assert FIRST in (folder / "draft.md").read_text()
    plan(home, {"append": SECOND})
    assert run("open", folder.name).returncode == 0  # free again
    assert (folder / "draft.md").read_text().endswith(FIRST + SECOND)


def test_a_resume_is_refused_while_the_session_runs(home: Path) -> None:
    plan(home, {"append": FIRST, "sleep": 6})
    env = {**os.environ, "IBESSAY_CLOCK_SPEED": "30"}
    first = subprocess.Popen([*ibessay_command(), "practice", PROMPT, "--reading", "0",
                              "--minutes", "45"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        wait_for_launches(home, 1)
        folder = attempts(home)[0]
        refused = run("practice", "--resume", folder.name)
        assert_clean_error(refused, f"(process {first.pid}) running 'ibessay practice")
        assert len(opened(home)) == 1
        first.send_signal(signal.SIGTERM)
        finish(first)
    finally:
        if first.poll() is None:
            first.kill()
    assert json.loads((folder / "attempt.json").read_text())["status"] == "paused"
    assert not (folder / ".lock").exists()
    assert FIRST in (folder / "outline.md").read_text()


def test_practice_does_not_take_over_an_outline_being_edited(home: Path) -> None:
    plan(home, {"append": FIRST, "sleep": 5}, {}, {})
    outlining = start("outline", PROMPT)
    wait_for_launches(home, 1)
    result = subprocess.run([*ibessay_command(), "practice", PROMPT, "--reading", "0",
                             "--minutes", "45"], input="f\n", capture_output=True, text=True,
                            timeout=60, env={**os.environ, "IBESSAY_CLOCK_SPEED": "30"})
    assert result.returncode == 0, result.stderr
    assert "starting a new attempt" in result.stderr
    finish(outlining)
    [outlined, practised] = attempts(home)
    assert FIRST in (outlined / "outline.md").read_text()
    assert json.loads((practised / "attempt.json").read_text())["status"] == "finished"
    assert json.loads((outlined / "attempt.json").read_text()).get("schedule") is None


@pytest.mark.parametrize("count", [3])
def test_many_drafts_at_once_lose_nothing(home: Path, count: int) -> None:
    assert run("outline", PROMPT, "--no-open").returncode == 0
    texts = [f"\nParagraph {i} on the Treaty of Friendship of 1950.\n" for i in range(count)]
    plan(home, *({"append": t, "sleep": 2} for t in texts))
    processes = []
    for n in range(count):  # one at a time into the editor: the fake editor's plan is
        processes.append(start("draft", PROMPT))  # one file, not safe to share
        wait_for_launches(home, n + 1)
    for process in processes:
        _, err = finish(process)
        assert process.returncode == 0, err
    files = [Path(args[-1]) for args in opened(home)]
    assert len(set(files)) == count  # one file per editor
    every = "".join(p.read_text() for p in files)
    for text in texts:
        assert text in every
