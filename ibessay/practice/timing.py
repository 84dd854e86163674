"""Exam timings and the clock that runs them.

A :class:`Schedule` is reading time followed by timed parts on one clock (the exam hall
has one clock, not one per essay). Parts are guidance: a student who plans for 12
minutes instead of 9 is told so, not stopped; only the end of the last part is pens
down.

Timings (research/ib-paper2.md, sections 1 and 9): 5 minutes' reading, then 90 minutes
for two essays (45 each) in the 2017 syllabus; from May 2028, 1 h 45 min of structured
questions: Section A (6 marks, ~25 min), Section B part (a) (4 marks, ~15 min) and
part (b) (15 marks, ~60 min), with reading time before.

The :class:`Clock` can run faster than real time (``IBESSAY_CLOCK_SPEED``) so that tests
and demos go through a whole session in seconds with the real code paths.
"""

from __future__ import annotations

import os
import threading
import time
from typing import NamedTuple

READING_MINUTES = 5.0
ESSAY_MINUTES = 45.0
#: Part of each essay's time to plan: 9 of 45 minutes, never more than 10.
PLANNING_SHARE = 0.2
FORMATS = ("2017", "2028")
#: The 2028 paper: (part id, label, marks, minutes).
PAPER_2028 = (
    ("section-a", "Section A", 6, 25.0),
    ("section-b-a", "Section B, part (a)", 4, 15.0),
    ("section-b-b", "Section B, part (b)", 15, 60.0),
)


class Part(NamedTuple):
    """A stretch of the writing time with a name: "Essay 1: planning", "Section A"."""

    id: str
    label: str
    seconds: float
    essay: int = 0  # which essay (or structured question) it belongs to
    marks: int = 0  # for the 2028 parts


class Moment(NamedTuple):
    """Where a session stands ``elapsed`` seconds into its writing time."""

    part: Part | None  # None once the time is up
    part_left: float
    left: float  # until pens down; negative in overtime

    @property
    def pens_down(self) -> bool:
        return self.left <= 0


class Schedule(NamedTuple):
    reading: float  # seconds
    parts: tuple[Part, ...]

    @property
    def writing(self) -> float:
        return sum(p.seconds for p in self.parts)

    def at(self, elapsed: float) -> Moment:
        """Which part the student should be on after ``elapsed`` seconds of writing time."""
        left = self.writing - elapsed
        start = 0.0
        for part in self.parts:
            if elapsed < start + part.seconds:
                return Moment(part, start + part.seconds - elapsed, left)
            start += part.seconds
        return Moment(None, 0.0, left)


def essay_parts(minutes: float, essay: int = 0, label: str = "") -> tuple[Part, ...]:
    plan = min(minutes * PLANNING_SHARE, 10.0)
    prefix = f"{label}: " if label else ""
    return (
        Part(f"planning-{essay}", f"{prefix}planning (suggested)", plan * 60, essay),
        Part(f"writing-{essay}", f"{prefix}writing", (minutes - plan) * 60, essay),
    )


def practice_schedule(minutes: float | None = None, reading: float = READING_MINUTES,
                      fmt: str = "2017") -> Schedule:
    """One essay (2017) or one structured paper (2028)."""
    if fmt == "2028":
        return paper_2028(minutes, reading)
    return Schedule(reading * 60, essay_parts(minutes or ESSAY_MINUTES))


def exam_schedule(minutes: float | None = None, reading: float = READING_MINUTES,
                  fmt: str = "2017") -> Schedule:
    """A full Paper 2: two essays on one clock (2017), or the 2028 paper."""
    if fmt == "2028":
        return paper_2028(minutes, reading)
    each = (minutes or 2 * ESSAY_MINUTES) / 2
    return Schedule(reading * 60, essay_parts(each, 0, "Essay 1") + essay_parts(each, 1, "Essay 2"))


def paper_2028(minutes: float | None = None, reading: float = READING_MINUTES) -> Schedule:
    """Section A, then Section B's two parts; ``minutes`` scales all three together."""
    scale = (minutes / 100.0) if minutes else 1.0
    return Schedule(reading * 60, tuple(
        Part(part_id, f"{label} ({marks} marks)", length * 60 * scale, 0, marks)
        for part_id, label, marks, length in PAPER_2028
    ))


def clock_text(seconds: float) -> str:
    """``seconds`` as the exam hall's clock: 44:59, 1:44:59, -2:03 in overtime."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds) + (0.999 if seconds > 0 else 0))  # 0.2 s left shows 0:01
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes}:{secs:02d}"


class Clock:
    """Monotonic time that may run ``speed`` times faster than real time, and can be
    paused (a paused practice session does not use up the student's time)."""

    def __init__(self, speed: float = 1.0) -> None:
        self.speed = speed
        self._origin = time.monotonic()
        self._paused_at: float | None = None
        self._paused_total = 0.0

    @classmethod
    def from_env(cls) -> Clock:
        raw = os.environ.get("IBESSAY_CLOCK_SPEED", "").strip()
        try:
            speed = float(raw) if raw else 1.0
        except ValueError:
            speed = 1.0
        return cls(speed if speed > 0 else 1.0)

    def _real(self) -> float:
        return time.monotonic() - self._origin

    def now(self) -> float:
        """Session seconds (scaled), not counting pauses."""
        real = self._paused_at if self._paused_at is not None else self._real()
        return (real - self._paused_total) * self.speed

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self._real()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_total += self._real() - self._paused_at
            self._paused_at = None

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds) / self.speed)

    def wait(self, event: threading.Event, seconds: float) -> bool:
        """Wait up to ``seconds`` of clock time for ``event``; True if it was set."""
        return event.wait(max(0.0, seconds) / self.speed)
