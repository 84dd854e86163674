"""The clock in view while an editor is open (ibessay.practice.clockview): what the
title says, when it is written, when the bell rings, and that everything is put back.
A fake display and a fake clock; the real terminal is tests/test_terminal.py's."""

from __future__ import annotations

import io

import pytest

from ibessay.practice.clockview import (
    ClockView,
    TitleDisplay,
    TmuxDisplay,
    bells_between,
    left_text,
    open_view,
    title_text,
)


class FakeDisplay:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def start(self) -> None:
        self.calls.append("start")

    def show(self, text: str) -> None:
        self.calls.append(text)

    def bell(self) -> None:
        self.calls.append("BEL")

    def stop(self) -> None:
        self.calls.append("stop")


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("left", "text"), [
    (45 * 60, "45 min left"), (44 * 60 + 1, "45 min left"), (44 * 60, "44 min left"),
    (61, "2 min left"), (60, "1 min left"), (0.2, "1 min left"), (0, "pens down"),
    (-30, "pens down"), (100 * 60, "100 min left"),
])
def test_the_title_rounds_the_minutes_up(left: float, text: str) -> None:
    assert left_text(left) == text
    assert title_text(left) == f"ibessay: {text}"


def test_the_bells_ring_when_the_clock_reaches_10_5_and_1_minutes() -> None:
    assert bells_between(601, 600) == 1
    assert bells_between(600, 599) == 0  # reached already: rung already
    assert bells_between(900, 250) == 2  # a long jump passes two marks
    assert bells_between(61, 59) == 1
    assert bells_between(59, 0) == 0


def a_view() -> tuple[ClockView, FakeDisplay, FakeTime]:
    display, now = FakeDisplay(), FakeTime()
    return ClockView(display, now=now), display, now


def test_the_view_shows_the_time_left_only_while_the_editor_is_open() -> None:
    view, display, now = a_view()
    view.tick(20 * 60)  # at the menu: nothing shown
    assert display.calls == []
    with view.showing(20 * 60):
        assert display.calls == ["start", "ibessay: 20 min left"]
        now.now = 1
        view.tick(20 * 60 - 1)  # the same minute, written a second ago: nothing
        assert display.calls[-1] == "ibessay: 20 min left" and len(display.calls) == 2
        now.now = 2
        view.tick(19 * 60)  # a new minute
        assert display.calls[-1] == "ibessay: 19 min left"
    assert display.calls[-1] == "stop"
    view.tick(18 * 60)  # the editor is closed again
    assert display.calls[-1] == "stop"


def test_the_title_is_written_again_now_and_then_in_case_the_editor_changed_it() -> None:
    view, display, now = a_view()
    with view.showing(30 * 60):
        now.now = 14
        view.tick(30 * 60 - 14)
        assert display.calls.count("ibessay: 30 min left") == 1
        now.now = 16
        view.tick(30 * 60 - 16)
        assert display.calls.count("ibessay: 30 min left") == 2


def test_the_bell_schedule_with_a_fake_clock() -> None:
    view, display, now = a_view()
    rung_at = []
    with view.showing(12 * 60):
        left = 12 * 60.0
        while left > -5:
            before = display.calls.count("BEL")
            view.tick(left)
            if display.calls.count("BEL") > before:
                rung_at.append(left)
            left -= 1
            now.now += 1
    assert rung_at == [600, 300, 60]  # not at pens down: the session rings that one


def test_a_resumed_session_does_not_ring_for_marks_already_passed() -> None:
    view, display, _ = a_view()
    with view.showing(7 * 60):
        view.tick(7 * 60)
        view.tick(7 * 60 - 1)
    assert "BEL" not in display.calls


def test_no_bell_while_the_editor_is_closed() -> None:
    view, display, _ = a_view()
    view.tick(601)
    view.tick(599)
    assert "BEL" not in display.calls


def test_a_terminal_that_fails_is_left_alone() -> None:
    class Broken(FakeDisplay):
        def show(self, text: str) -> None:
            raise OSError("gone")

    view = ClockView(Broken())
    with view.showing(600):
        view.tick(500)  # no exception: the session's timer must go on


def test_the_title_escapes_and_the_title_stack() -> None:
    tty = io.StringIO()
    tty.close = lambda: None  # type: ignore[method-assign]
    display = TitleDisplay(lambda: tty)
    view = ClockView(display)
    with view.showing(90):
        view.tick(59)
    assert tty.getvalue() == ("\x1b[22;2t" "\x1b]2;ibessay: 2 min left\x07"
                              "\a" "\x1b]2;ibessay: 1 min left\x07" "\x1b[23;2t")


def test_tmux_is_put_back_as_it_was() -> None:
    commands: list[list[str]] = []
    answers = {  # what tmux says, by command without its target
        "display-message -p #{pane_title}\t#{session_id}": "my title\t$3\n",
        "show-options -A -v status-right": "%H:%M\n",
        "show-options -A -v status-right-length": "40\n",
        "show-options status-right": "",  # inherited from the global value
        "show-options status-right-length": "status-right-length 50\n",
        "show-options -v status-right-length": "50\n",
    }

    def run(args: list[str]) -> str:
        commands.append(args)
        words = [a for i, a in enumerate(args) if a != "-t" and (i == 0 or args[i - 1] != "-t")]
        return answers.get(" ".join(words), "")

    bell = TitleDisplay(lambda: io.StringIO(), titles=False)
    view = ClockView(TmuxDisplay("%7", tty=bell, run=run))
    with view.showing(300):
        pass
    sets = [c for c in commands if c[0] in ("set-option", "select-pane")]
    assert ["select-pane", "-t", "%7", "-T", "ibessay: 5 min left"] in sets
    assert ["set-option", "-p", "-t", "%7", "@ibessay-left", "5 min left"] in sets
    status = next(c for c in sets if c[-2] == "status-right" and "-u" not in c)
    assert status[:3] == ["set-option", "-t", "$3"] and status[-1].endswith("%H:%M")
    assert "-g" not in sum(sets, [])  # the user's global settings are never touched
    assert sets[-4:] == [
        ["set-option", "-p", "-u", "-t", "%7", "@ibessay-left"],
        ["select-pane", "-t", "%7", "-T", "my title"],
        ["set-option", "-u", "-t", "$3", "status-right"],
        ["set-option", "-t", "$3", "status-right-length", "50"],
    ]


def test_no_view_when_output_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    assert open_view(io.StringIO()).display is None
