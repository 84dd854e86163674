"""Whole sessions in a real terminal (tmux) with real editors (vim, nano): reading time,
planning and writing in the editor, pens down while the editor is open, the report.

The clock runs four times faster than real time (IBESSAY_CLOCK_SPEED=4) so that a
one-minute essay takes fifteen seconds; everything else is as a student runs it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from tmux import Tmux, require

from conftest import PROMPT, ibessay_command

SPEED = "4"
pytestmark = pytest.mark.slow


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def session(tmp_path: Path, home: Path, editor: str, *args: str, width: int = 120,
            command: str = "practice") -> Tmux:
    env = {"IBESSAY_HOME": str(home), "VISUAL": editor, "IBESSAY_CLOCK_SPEED": SPEED,
           "IBESSAY_CACHE_DIR": str(tmp_path / "cache")}
    return Tmux(tmp_path, [*ibessay_command(), command, *args], env, width=width)


def the_attempt(home: Path) -> Path:
    [folder] = list((home / "drafts").iterdir())
    return folder


ESSAY = ("The Treaty of Friendship was signed in February 1950. After Stalin died in 1953, "
         "Khrushchev denounced him in the Secret Speech of 1956. ")
OVERTIME = "This sentence came after pens down."


def check_outcome(term: Tmux, home: Path) -> None:
    screen = term.wait_for("report:", timeout=40)
    assert "Pens down" in screen
    assert term.exit_status() == 0
    folder = the_attempt(home)
    timed = (folder / "timed.md").read_text()
    assert ESSAY.strip() in timed and OVERTIME not in timed
    overtime = (folder / "overtime.md").read_text()
    assert overtime.startswith("<!-- Overtime") and OVERTIME in overtime
    report = json.loads((folder / "report.json").read_text())
    assert report["draft"].endswith("timed.md")
    found = {e["id"] for e in report["events"] if e["found"]}
    assert {"treaty-1950", "stalin-death", "secret-speech"} <= found
    assert "the alliance soured" in (folder / "outline.md").read_text()
    assert term.bell.exists()  # pens down rang the terminal's bell
    assert term.display("#{pane_title}") == term.display("#{host}")  # the title put back
    assert term.option("status-right") == ""  # and tmux's status line
    info = json.loads((folder / "attempt.json").read_text())
    assert info["status"] == "finished" and info["essays"][0]["overtime"] is True


def test_a_practice_session_in_vim(tmp_path: Path, home: Path) -> None:
    require("vim")
    term = session(tmp_path, home, "vim -N -u NONE -i NONE", PROMPT, "--reading", "0.1",
                   "--minutes", "1")
    try:
        term.wait_for("Reading time")
        term.wait_for("Outline:", timeout=30)  # vim shows the outline
        term.send("Go- thesis: the alliance soured")
        term.keys("Escape")
        term.send(":wq")
        term.keys("Enter")
        term.wait_for("Next?")
        term.keys("Enter")  # on to the draft
        term.wait_for("Question:")
        term.send("Go" + ESSAY)
        term.keys("Escape")
        term.send(":w")
        term.keys("Enter")
        folder = the_attempt(home)
        term.wait_until((folder / "timed.md").exists, "pens down", timeout=30)
        term.send("o" + OVERTIME)
        term.keys("Escape")
        term.send(":wq")
        term.keys("Enter")
        check_outcome(term, home)
    finally:
        term.close()


def test_a_practice_session_in_nano(tmp_path: Path, home: Path) -> None:
    require("nano")
    term = session(tmp_path, home, "nano --ignorercfiles", PROMPT, "--reading", "0.1",
                   "--minutes", "1")
    try:
        term.wait_for("Outline:", timeout=30)
        term.wait_until(lambda: term.display("#{pane_title}") == "ibessay: 1 min left",
                        "the time left in the title while nano is open")
        term.keys("C-End")
        term.send("- thesis: the alliance soured")
        term.keys("C-o")
        term.keys("Enter")
        term.keys("C-x")
        term.wait_for("Next?")
        term.keys("Enter")
        term.wait_for("Question:")
        term.keys("C-End")
        term.send(ESSAY)
        term.keys("C-o")
        term.keys("Enter")
        folder = the_attempt(home)
        term.wait_until((folder / "timed.md").exists, "pens down", timeout=30)
        term.send(OVERTIME)
        term.keys("C-o")
        term.keys("Enter")
        term.keys("C-x")
        check_outcome(term, home)
    finally:
        term.close()


def test_the_clock_is_in_view_while_vim_is_open(tmp_path: Path, home: Path) -> None:
    """The pane's title and tmux's status line say the time left while vim has the
    screen; the bell rings at 1 minute left; Ctrl-C goes to vim, not to the session;
    pens down arrives with vim open; and the title and status line are put back."""
    require("vim")
    term = session(tmp_path, home, "vim -N -u NONE -i NONE", PROMPT, "--reading", "0.1",
                   "--minutes", "1.5")
    try:
        before = term.display("#{host}")  # tmux's own title for a pane: the host name
        term.wait_for("Outline:", timeout=30)
        term.wait_until(lambda: term.display("#{pane_title}") == "ibessay: 2 min left",
                        "the time left in the pane's title")
        assert "2 min left" in term.display("#{E:status-right}")
        assert "@ibessay-left" in term.option("status-right")  # the session's, not global
        folder = the_attempt(home)
        term.wait_until(term.bell.exists, "the bell at 1 minute left", timeout=30)
        assert not json.loads((folder / "attempt.json").read_text()).get("pens_down")
        assert term.display("#{pane_title}") == "ibessay: 1 min left"
        term.keys("C-c")  # vim's: it says how to quit, and the session goes on
        term.wait_for("Type  :qa")
        term.wait_until(lambda: term.display("#{pane_title}") == "ibessay: pens down",
                        "pens down in the title", timeout=40)
        # The title may change a moment before the attempt file is rewritten.
        term.wait_until(lambda: json.loads((folder / "attempt.json").read_text()).get(
            "pens_down"), "pens down in attempt.json", timeout=10)
        term.send("Go- thesis: the alliance soured")
        term.keys("Escape")
        term.send(":wq")
        term.keys("Enter")
        screen = term.wait_for("Pens down", timeout=40)
        assert "Paused" not in screen
        assert term.exit_status() == 0
        assert term.display("#{pane_title}") == before
        assert term.option("status-right") == "" and term.option("status-right-length") == ""
        assert "min left" not in term.display("#{E:status-right}")
        info = json.loads((folder / "attempt.json").read_text())
        assert info["status"] == "finished"
    finally:
        term.close()


def test_outside_tmux_the_window_title_shows_the_clock_and_comes_back(
        tmp_path: Path, home: Path) -> None:
    """Without $TMUX ibessay writes the title itself (OSC 2, on the terminal's title
    stack): tmux, as the terminal here, shows what a window title would."""
    require("vim")
    env = {"IBESSAY_HOME": str(home), "VISUAL": "vim -N -u NONE -i NONE",
           "IBESSAY_CLOCK_SPEED": SPEED, "IBESSAY_CACHE_DIR": str(tmp_path / "cache")}
    term = Tmux(tmp_path, ["env", "-u", "TMUX", "-u", "TMUX_PANE", *ibessay_command(),
                           "practice", PROMPT, "--reading", "0", "--minutes", "3"], env)
    try:
        before = term.display("#{host}")
        term.wait_for("Outline:", timeout=30)
        term.wait_until(lambda: term.display("#{pane_title}") == "ibessay: 3 min left",
                        "the time left in the window title")
        assert term.option("status-right") == ""  # tmux's options are not ibessay's here
        term.send(":wq")
        term.keys("Enter")
        term.wait_for("Next?")
        assert term.display("#{pane_title}") == before  # popped off the title stack
        term.send("f")  # one key, no Enter
        term.wait_for("no draft was written", timeout=40)
        assert term.exit_status() == 0
    finally:
        term.close()


def test_the_live_dashboard_in_a_wide_terminal(tmp_path: Path, home: Path) -> None:
    require()
    draft = tmp_path / "essay.md"
    term = session(tmp_path, home, "vim", str(draft), "--prompt", PROMPT, "--minutes", "5",
                   command="watch")
    try:
        screen = term.wait_for("does not exist yet")
        assert "Required events" in screen  # the Rich table
        draft.write_text(ESSAY)
        screen = term.wait_for("3/14")
        assert "not yet covered" in screen and "Ctrl-C: stop watching" in screen
        assert "events still to bring in: Founding of the People" in screen
        draft.unlink()
        term.wait_for("was deleted or moved")
        draft.write_text(ESSAY + "Mao died in 1976.")
        term.wait_for("4/14")
        term.keys("C-c")
        assert term.exit_status() == 0
        assert "Stopped watching" in term.screen()
    finally:
        term.close()


def test_a_narrow_terminal_gets_plain_lines(tmp_path: Path, home: Path) -> None:
    require()
    draft = tmp_path / "essay.md"
    draft.write_text(ESSAY)
    term = session(tmp_path, home, "vim", str(draft), "--prompt", PROMPT, width=40,
                   command="watch")
    try:
        screen = term.wait_for("events 3/14")
        assert "Required events" not in screen and "━" not in screen
        term.keys("C-c")
        assert term.exit_status() == 0
    finally:
        term.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-v"]))
