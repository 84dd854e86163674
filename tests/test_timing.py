"""Exam timings: the parts of each preset, where a session stands, the clock's text."""

from __future__ import annotations

import pytest

from ibessay.practice import timing
from ibessay.practice.timing import Clock, clock_text, exam_schedule, paper_2028, practice_schedule


def minutes(schedule: timing.Schedule) -> list[float]:
    return [round(p.seconds / 60, 2) for p in schedule.parts]


def test_one_essay_is_45_minutes_after_5_of_reading() -> None:
    s = practice_schedule()
    assert s.reading == 5 * 60
    assert s.writing == 45 * 60
    assert minutes(s) == [9.0, 36.0]  # planning is a fifth, at most 10 minutes


def test_minutes_may_be_fractional() -> None:
    s = practice_schedule(0.5, reading=0.1)
    assert s.writing == pytest.approx(30.0)
    assert s.reading == pytest.approx(6.0)


def test_planning_never_takes_more_than_ten_minutes() -> None:
    assert minutes(practice_schedule(90)) == [10.0, 80.0]


def test_the_exam_is_two_essays_on_one_90_minute_clock() -> None:
    s = exam_schedule()
    assert s.writing == 90 * 60 and s.reading == 5 * 60
    assert [p.essay for p in s.parts] == [0, 0, 1, 1]
    assert minutes(s) == [9.0, 36.0, 9.0, 36.0]


def test_the_2028_paper_is_25_15_60_plus_reading() -> None:
    for s in (paper_2028(), practice_schedule(fmt="2028"), exam_schedule(fmt="2028")):
        assert minutes(s) == [25.0, 15.0, 60.0]
        assert [p.marks for p in s.parts] == [6, 4, 15]
        assert s.reading + s.writing == 105 * 60  # 1 h 45 min


def test_2028_minutes_scale_every_part() -> None:
    assert minutes(paper_2028(50)) == [12.5, 7.5, 30.0]


def test_where_a_session_stands() -> None:
    s = practice_schedule(45)
    start = s.at(0)
    assert start.part is not None and start.part.id == "planning-0"
    assert start.left == 45 * 60 and not start.pens_down
    later = s.at(10 * 60)
    assert later.part is not None and later.part.id == "writing-0"
    assert later.part_left == 35 * 60
    over = s.at(46 * 60)
    assert over.part is None and over.pens_down and over.left == -60


@pytest.mark.parametrize(("seconds", "text"), [
    (45 * 60, "45:00"), (59.2, "1:00"), (0.2, "0:01"), (0, "0:00"),
    (105 * 60, "1:45:00"), (-123, "-2:03"),
])
def test_clock_text(seconds: float, text: str) -> None:
    assert clock_text(seconds) == text


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_clock_can_run_fast_and_stops_while_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeMonotonic()
    monkeypatch.setattr(timing.time, "monotonic", fake)
    clock = Clock(speed=60)
    fake.now += 1
    assert clock.now() == pytest.approx(60)  # one real second is a minute
    clock.pause()
    fake.now += 5
    assert clock.now() == pytest.approx(60)
    clock.resume()
    fake.now += 0.5
    assert clock.now() == pytest.approx(90)


@pytest.mark.parametrize(("raw", "speed"), [("", 1.0), ("60", 60.0), ("fast", 1.0), ("-3", 1.0)])
def test_clock_speed_from_the_environment(monkeypatch: pytest.MonkeyPatch, raw: str,
                                          speed: float) -> None:
    monkeypatch.setenv("IBESSAY_CLOCK_SPEED", raw)
    assert Clock.from_env().speed == speed
