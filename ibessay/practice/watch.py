"""``ibessay watch``: the live dashboard on any file, for students who write in their
own setup (a GUI editor, a tmux pane, a synced folder)."""

from __future__ import annotations

import time
from pathlib import Path

from ..content.model import Prompt
from ..engine.compiled import CompiledRubric
from .recheck import DraftWatcher
from .screen import coverage_line, open_screen
from .session import POLL_SECONDS
from .timing import Clock, Part, Schedule


def watch_file(path: Path, compiled: CompiledRubric, prompt: Prompt, minutes: float | None) -> None:
    """Re-check ``path`` on every save until Ctrl-C; with ``minutes``, count down and
    ring the bell at the end (the watch goes on: this is the student's own clock)."""
    screen = open_screen()
    clock = Clock.from_env()
    schedule = Schedule(0.0, (Part("writing", "writing", minutes * 60),)) if minutes else None
    watcher = DraftWatcher(path, compiled, prompt)
    start = clock.now()
    screen.say(f"Watching {path} for '{prompt.id}'; every save is checked. Ctrl-C to stop.")
    rang = False
    try:
        while True:
            watcher.poll()
            moment = schedule.at(clock.now() - start) if schedule else None
            if moment is not None and moment.pens_down and not rang:
                rang = True
                screen.bell()
                screen.say("Pens down: time is up.")
            screen.dashboard(path.name, moment, [(path.name, watcher.latest)],
                             keys="Ctrl-C: stop watching")
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        screen.dashboard_done()
        screen.say(f"Stopped watching. {coverage_line(watcher.latest)}")
