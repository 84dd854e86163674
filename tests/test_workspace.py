"""Attempt folders: where they live, how they are named and found, and who holds them."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from ibessay.errors import IbessayError
from ibessay.practice.record import FINISHED
from ibessay.practice.workspace import Workspace, config_file, home

DAY = datetime(2026, 11, 26, 9, 30)


def test_the_workspace_follows_ibessay_home_unless_given(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IBESSAY_HOME", str(tmp_path / "home"))
    assert home() == tmp_path / "home"
    assert Workspace.at().root == tmp_path / "home" / "drafts"
    assert Workspace.at(str(tmp_path / "mine")).root == tmp_path / "mine"
    assert config_file() == tmp_path / "home" / "config.yaml"


def test_by_default_it_is_in_the_user_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("IBESSAY_HOME", raising=False)
    assert Workspace.at().root == platformdirs.user_data_path("ibessay", appauthor=False) / "drafts"


def test_attempts_are_named_by_date_and_prompt_and_never_reused(tmp_path: Path) -> None:
    space = Workspace(tmp_path)
    first = space.create(["sino-soviet-1949-1976"], now=DAY)
    second = space.create(["sino-soviet-1949-1976"], now=DAY)
    exam = space.create(["a", "b"], kind="exam", now=DAY)
    assert [first.name, second.name, exam.name] == [
        "2026-11-26-sino-soviet-1949-1976", "2026-11-26-sino-soviet-1949-1976-2",
        "2026-11-26-exam"]
    assert exam.file(1, "draft") == exam.folder / "essay2-draft.md"
    assert first.file(0, "draft") == first.folder / "draft.md"


def test_finding_an_attempt(tmp_path: Path) -> None:
    space = Workspace(tmp_path)
    old = space.create(["sino-soviet-1949-1976"], now=datetime(2026, 11, 1))
    new = space.create(["sino-soviet-1949-1976"], now=DAY)
    assert space.find(old.name).folder == old.folder
    assert space.find(old.name + "/").folder == old.folder
    assert space.find("last").folder == new.folder
    assert space.find("sino-soviet").folder == new.folder  # several match: the newest
    with pytest.raises(IbessayError) as caught:
        space.find("2026-11-26-sino-sovet-1949-1976")
    assert str(caught.value.hint).startswith("did you mean '2026-11-26-sino-soviet-1949-1976'")


def test_an_empty_workspace_says_how_to_start(tmp_path: Path) -> None:
    with pytest.raises(IbessayError, match="no attempts yet"):
        Workspace(tmp_path / "none").find("last")


def test_latest_open_skips_finished_attempts(tmp_path: Path) -> None:
    space = Workspace(tmp_path)
    done = space.create(["p"], now=DAY)
    done.update(status=FINISHED)
    assert space.latest_open("p") is None
    open_one = space.create(["p"], now=DAY)
    assert space.latest_open("p").folder == open_one.folder  # type: ignore[union-attr]


def test_folders_that_are_not_attempts_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "attempt.json").write_text("{not json")
    space = Workspace(tmp_path)
    space.create(["p"], now=DAY)
    assert [a.name for a in space.attempts()] == ["2026-11-26-p"]


def test_a_workspace_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "drafts"
    blocker.write_text("not a folder")
    with pytest.raises(IbessayError, match="cannot use the workspace"):
        Workspace(blocker).create(["p"])
    with pytest.raises(IbessayError, match="cannot read the workspace"):
        Workspace(blocker).attempts()


def test_one_session_per_attempt(tmp_path: Path) -> None:
    attempt = Workspace(tmp_path).create(["p"], now=DAY)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (attempt.folder / ".lock").write_text(str(other.pid))
        with pytest.raises(IbessayError) as caught:
            attempt.acquire()
        assert f"open in another ibessay session (process {other.pid})" in caught.value.message
    finally:
        other.kill()
        other.wait()
    attempt.acquire()  # the holder died: its lock is stale and taken over
    assert (attempt.folder / ".lock").read_text() == str(os.getpid())
    attempt.release()
    assert not (attempt.folder / ".lock").exists()
