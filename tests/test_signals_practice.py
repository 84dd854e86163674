"""Signals during a timed session (issue 12, item 1): any number of SIGHUP, SIGTERM and
SIGINT, in any order, at any stage (reading time, the editor open, the menu after it,
the pause menu, the dashboard, pens down) end the session within seconds, with the text
on disk, the time used in attempt.json, the lock released and ``--resume`` working.

A closed terminal sends SIGHUP and often SIGTERM after it (tmux, terminal emulators);
they used to re-enter the handler and hang the session or end it in "internal error".

The stress test is random: ``IBESSAY_SIGNAL_ROUNDS=50`` runs each case that many times
(with ``IBESSAY_SIGNAL_SEED`` to replay a run); ``IBESSAY_SIGNAL_GRID=full`` runs every
pair at every stage.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import PROMPT, ibessay_command, opened, plan

HUP, TERM, INT = signal.SIGHUP, signal.SIGTERM, signal.SIGINT
# Not SIGINT twice: two Ctrl-C close together are one signal (the kernel and Python
# merge a signal that is still pending), and one Ctrl-C rightly waits at the pause menu.
PAIRS = [(HUP, TERM), (TERM, TERM), (INT, HUP), (HUP, HUP), (TERM, HUP), (INT, TERM),
         (HUP, INT), (TERM, INT)]
TEXT = "\nMao's visit to Moscow in 1949 showed how unequal the alliance was.\n"
#: How long a session may take to end after the last signal (generous: a loaded machine).
BOUND = 15.0
ROUNDS = int(os.environ.get("IBESSAY_SIGNAL_ROUNDS", "1"))
SEED = int(os.environ.get("IBESSAY_SIGNAL_SEED", str(random.randrange(10**6))))


@dataclass
class Running:
    """A session started in a process group of its own (so a signal to the group, as
    a closed terminal sends, never reaches pytest), its output collected as it comes."""

    process: subprocess.Popen[str]
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, *args: str, speed: float = 1.0) -> Running:
        process = subprocess.Popen(
            [*ibessay_command(), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, start_new_session=True,
            env={**os.environ, "IBESSAY_CLOCK_SPEED": str(speed)})
        running = cls(process)
        for stream, into in ((process.stdout, running.out), (process.stderr, running.err)):
            threading.Thread(target=_collect, args=(stream, into), daemon=True).start()
        return running

    @property
    def output(self) -> str:
        return "".join(self.out)

    @property
    def errors(self) -> str:
        return "".join(self.err)

    def wait_for(self, fragment: str, limit: float = 30.0) -> None:
        self.until(lambda: fragment in self.output, f"{fragment!r}", limit)

    def until(self, condition: Callable[[], bool], what: str, limit: float = 30.0) -> None:
        deadline = time.monotonic() + limit
        while not condition():
            if self.process.poll() is not None:
                time.sleep(0.2)  # the last output
                if condition():
                    return
                pytest.fail(f"ended before {what}: {self.process.returncode}\n"
                            f"{self.output}\n{self.errors}")
            if time.monotonic() > deadline:
                self.kill()
                pytest.fail(f"never reached {what}\n{self.output}\n{self.errors}")
            time.sleep(0.02)

    def signal(self, number: int, group: bool = False) -> None:
        try:
            if group:
                os.killpg(self.process.pid, number)
            else:
                self.process.send_signal(number)
        except ProcessLookupError:
            pass  # it already ended: as good

    def ended_within(self, seconds: float) -> bool:
        try:
            self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return False
        time.sleep(0.1)  # let the readers take the last lines
        return True

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()


def _collect(stream: object, into: list[str]) -> None:
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        into.append(line)


def meta(folder: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((folder / "attempt.json").read_text())


def only_attempt(home: Path) -> Path:
    [folder] = [p for p in (home / "drafts").iterdir() if p.is_dir()]
    return folder


# --- the stages --------------------------------------------------------------------------
# Each starts a session and returns when it is at its stage; it names the file whose text
# must survive (or None) and whether the session may have finished (pens down).

@dataclass
class Stage:
    session: Running
    text_in: str | None = None  # a file of the attempt that must hold TEXT
    may_finish: bool = False
    writing: bool = True  # past reading time: the time used must be recorded
    group: bool = False  # signal the process group (a closed terminal), not the pid


def reading(home: Path, rng: random.Random, command: str) -> Stage:
    session = Running.start(*_args(command), "--reading", "5", "--minutes", "45")
    session.wait_for("Reading time:")
    return Stage(session, writing=False)


def editor_open(home: Path, rng: random.Random, command: str, group: bool = False) -> Stage:
    plan(home, {"append": TEXT, "sleep": 8})
    session = Running.start(*_args(command), "--reading", "0", "--minutes", "45", speed=30)
    session.until(lambda: bool(opened(home)) and _any_file_holds(home, TEXT), "the editor")
    return Stage(session, text_in="outline", group=group)


def editor_closing_terminal(home: Path, rng: random.Random, command: str) -> Stage:
    return editor_open(home, rng, command, group=True)


def menu(home: Path, rng: random.Random, command: str) -> Stage:
    plan(home, {"append": TEXT})
    session = Running.start(*_args(command), "--reading", "0", "--minutes", "45", speed=30)
    session.wait_for("Next?")
    return Stage(session, text_in="outline")


def pause_menu(home: Path, rng: random.Random, command: str) -> Stage:
    plan(home, {"append": TEXT})
    session = Running.start(*_args(command), "--reading", "0", "--minutes", "45", speed=30)
    session.wait_for("Next?")
    session.signal(INT)  # Ctrl-C at the menu: the pause menu
    session.wait_for("Paused (")
    return Stage(session, text_in="outline")


def dashboard(home: Path, rng: random.Random, command: str) -> Stage:
    session = Running.start(*_args(command), "--dashboard", "--reading", "0", "--minutes",
                            "45", speed=30)
    session.wait_for("re-checks the draft")
    draft = next(p for p in only_attempt(home).glob("*draft.md"))
    with open(draft, "a", encoding="utf-8") as f:  # the student saves in another window
        f.write(TEXT)
    time.sleep(rng.uniform(0, 1))
    return Stage(session, text_in="draft")


def pens_down(home: Path, rng: random.Random, command: str) -> Stage:
    # 30 s of writing at 60 times speed: the deadline passes while the editor is open,
    # then the report is written; the signals land somewhere in between.
    plan(home, {"append": TEXT, "sleep": rng.uniform(0.2, 1.5)})
    session = Running.start(*_args(command), "--reading", "0", "--minutes", "0.5", speed=60)
    session.until(lambda: bool(opened(home)), "the editor")
    time.sleep(rng.uniform(0, 2.5))
    return Stage(session, text_in="outline", may_finish=True)


STAGES: dict[str, Callable[..., Stage]] = {
    "reading": reading, "editor": editor_open, "closed-terminal": editor_closing_terminal,
    "menu": menu, "pause-menu": pause_menu, "dashboard": dashboard, "pens-down": pens_down,
}


def _args(command: str) -> list[str]:
    return ["practice", PROMPT] if command == "practice" else ["exam", "--topics", "10,12",
                                                                "--seed", "1"]


def _any_file_holds(home: Path, text: str) -> bool:
    drafts = home / "drafts"
    return drafts.exists() and any(text in p.read_text(errors="replace")
                                   for p in drafts.glob("*/*.md"))


# --- one round ---------------------------------------------------------------------------

def signal_round(home: Path, stage_name: str, pair: tuple[int, int], rng: random.Random,
                 command: str = "practice") -> None:
    stage = STAGES[stage_name](home, rng, command)
    session = stage.session
    try:
        time.sleep(rng.uniform(0, 0.3))
        session.signal(pair[0], stage.group)
        time.sleep(rng.choice([0, 0, rng.uniform(0, 0.05), rng.uniform(0, 0.5)]))
        session.signal(pair[1], stage.group)
        ended = session.ended_within(BOUND)
    finally:
        if session.process.poll() is None:
            session.kill()
    said = f"{stage_name} {[signal.Signals(s).name for s in pair]}\n{session.output}\n" \
           f"{session.errors}"
    assert ended, "the session hung: " + said
    assert session.process.returncode == 0, said
    assert "internal error" not in session.errors and "Traceback" not in session.errors, said
    folder = only_attempt(home)
    record = meta(folder)
    assert record["status"] in (("paused", "finished") if stage.may_finish else ("paused",)), \
        said
    if stage.writing:
        assert record["phase"] in ("writing", "done") and record["used"] > 0, (record, said)
    else:
        assert record["read"] > 0, (record, said)
    assert not (folder / ".lock").exists(), said
    if stage.text_in:
        files = list(folder.glob(f"*{stage.text_in}.md"))
        assert any(TEXT in f.read_text() for f in files), said
    if record["status"] == "paused":
        resume(home, folder, record)


def resume(home: Path, folder: Path, before: dict) -> None:  # type: ignore[type-arg]
    """``--resume`` goes on with the time left, and can finish the attempt."""
    plan(home, {}, {}, {}, {})
    command = "exam" if before["kind"] == "exam" else "practice"
    session = Running.start(command, "--resume", folder.name, speed=300)
    assert session.process.stdin is not None
    session.process.stdin.write("f\n" * 4)
    session.process.stdin.close()
    ended = session.ended_within(60)
    if not ended:
        session.kill()
    said = f"resume\n{session.output}\n{session.errors}"
    assert ended and session.process.returncode == 0, said
    after = meta(folder)
    assert after["status"] == "finished", said
    writing = before["schedule"]["writing"] if "writing" in before.get("schedule", {}) \
        else None
    heading = re.search(r"== Writing: (\d+(?::\d\d)+) ==", session.output)
    if before.get("used") and heading and writing:
        left = _seconds(heading.group(1))
        assert left <= writing - before["used"] + 1, said  # only the time left
    assert after["used"] >= (before.get("used") or 0), said


def _seconds(text: str) -> float:
    total = 0
    for part in text.split(":"):
        total = total * 60 + int(part)
    return total


# --- the tests ---------------------------------------------------------------------------

@pytest.mark.parametrize(("stage_name", "pair"), [
    ("menu", (HUP, TERM)), ("editor", (TERM, TERM)), ("pause-menu", (INT, HUP)),
    ("dashboard", (HUP, INT))], ids=lambda v: v if isinstance(v, str) else
    f"{v[0].name}+{v[1].name}")
def test_two_signals_end_the_session_cleanly(home: Path, stage_name: str,
                                             pair: tuple[int, int]) -> None:
    """A few quick cases for every run of the suite."""
    signal_round(home, stage_name, pair, random.Random(SEED))


def _grid() -> list[tuple[str, tuple[int, int]]]:
    """Every pair at every stage with ``IBESSAY_SIGNAL_GRID=full`` (56 sessions, ~2.5
    minutes); else three pairs a stage, in turn, so that every pair is met at two stages
    or more: the whole grid alone pushed CI past its 10 minutes."""
    stages = list(STAGES)
    if os.environ.get("IBESSAY_SIGNAL_GRID") == "full":
        return [(stage, pair) for stage in stages for pair in PAIRS]
    return [(stage, PAIRS[(i * 3 + k) % len(PAIRS)])
            for i, stage in enumerate(stages) for k in range(3)]


@pytest.mark.slow
@pytest.mark.parametrize(("stage_name", "pair"), _grid(),
                         ids=lambda v: v if isinstance(v, str) else f"{v[0].name}+{v[1].name}")
def test_every_pair_at_every_stage(home: Path, stage_name: str,
                                   pair: tuple[int, int]) -> None:
    """Pairs at each stage (the stress test below repeats them at random)."""
    if stage_name == "closed-terminal" and INT in pair:
        pytest.skip("a closing terminal sends no Ctrl-C (and the fake editor has no use "
                    "for one)")
    signal_round(home, stage_name, pair, random.Random(SEED))


def test_a_burst_of_hangups_and_terms_pauses_once_and_exits_cleanly(home: Path) -> None:
    """The reproduction: a closing terminal's SIGHUP, SIGTERM, SIGHUP... over a tenth of
    a second. The later ones used to land in the save of the pause (raising out of it)
    or after the handlers were put back (killing the process before it was done)."""
    for spacing in (0.0, 0.01, 0.03, 0.06):
        session = Running.start("practice", PROMPT, "--reading", "5", "--minutes", "45")
        session.wait_for("Reading time:")
        for number in (HUP, TERM, HUP, TERM):
            session.signal(number)
            time.sleep(spacing)
        ended = session.ended_within(BOUND)
        if not ended:
            session.kill()
        said = f"spacing {spacing}: {session.process.returncode}\n{session.output}" \
               f"{session.errors}"
        assert ended, said
        assert "internal error" not in session.errors, said
        assert session.process.returncode == 0, said
        folder = sorted((home / "drafts").iterdir())[-1]
        assert meta(folder)["status"] == "paused", said
        assert not (folder / ".lock").exists(), said
        assert session.output.count("Paused with") == 1, said
        resume(home, folder, meta(folder))


@pytest.mark.slow
@pytest.mark.parametrize("stage_name", list(STAGES))
def test_signal_pairs_at_random_moments(home: Path, stage_name: str) -> None:
    """The stress test: random pairs at random moments, ROUNDS times per stage."""
    rng = random.Random(f"{SEED}-{stage_name}")
    for n in range(ROUNDS):
        if n:
            _clear(home)
        pair = rng.choice(PAIRS if stage_name != "closed-terminal" else
                          [p for p in PAIRS if INT not in p])  # a closing terminal: no Ctrl-C
        command = "exam" if stage_name in ("editor", "dashboard") and rng.random() < 0.3 \
            else "practice"
        try:
            signal_round(home, stage_name, pair, rng, command)
        except BaseException:
            print(f"round {n} failed; replay with IBESSAY_SIGNAL_SEED={SEED}")
            raise


def _clear(home: Path) -> None:
    import shutil

    shutil.rmtree(home / "drafts", ignore_errors=True)
    for name in ("editor.log", "plan.json"):
        (home.parent / name).unlink(missing_ok=True)


SIGNALS_DURING_A_SAVE = """
import io, os, signal, sys, time
from pathlib import Path
from ibessay.practice.screen import PlainScreen
from ibessay.practice.session import Session, _Quit
from ibessay.practice.timing import Clock, practice_schedule
from ibessay.practice.workspace import Workspace

attempt = Workspace(Path(sys.argv[1])).create(["p"])
session = Session(attempt, [], practice_schedule(45), None, PlainScreen(io.StringIO()), Clock())
restore = session._install_signals()
save = attempt.save
def save_as_the_terminal_closes():
    os.kill(os.getpid(), signal.SIGHUP)  # handled at the next bytecode, inside the save
    os.kill(os.getpid(), signal.SIGTERM)
    save()
attempt.save = save_as_the_terminal_closes
session._set(used=1.0)  # the save runs to its end: the handler only takes note
attempt.save = save
print("saved", flush=True)
try:
    with session._interruptible():  # the next wait ends at once, and only once
        time.sleep(20)
except _Quit:
    print("quit", flush=True)
os.kill(os.getpid(), signal.SIGHUP)  # outside a wait: noted, nothing raised
session._set(status="paused")
restore()
print("done", flush=True)
"""


def test_signals_during_a_save_are_acted_on_at_the_next_wait(tmp_path: Path) -> None:
    # A save from the handler used to wait for the lock its own save held; a raise from
    # it could land in the middle of the save of the pause.
    done = subprocess.run([sys.executable, "-c", SIGNALS_DURING_A_SAVE, str(tmp_path)],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "saved\nquit\ndone\n"


# --- a real terminal closed: tmux kills the pane (SIGHUP to ibessay and its editor) ---------

@pytest.mark.slow
@pytest.mark.parametrize(("editor", "where"), [("vim", "editor"), ("nano", "editor"),
                                               ("vim", "menu")])
def test_a_closed_tmux_pane_pauses_the_session(tmp_path: Path, home: Path, editor: str,
                                                where: str) -> None:
    from tmux import Tmux, require

    require(editor)
    command = {"vim": "vim -N -u NONE -i NONE", "nano": "nano"}[editor]
    env = {"IBESSAY_HOME": str(home), "VISUAL": command, "IBESSAY_CLOCK_SPEED": "4",
           "IBESSAY_CACHE_DIR": str(tmp_path / "cache")}
    term = Tmux(tmp_path, [*ibessay_command(), "practice", PROMPT, "--reading", "0",
                           "--minutes", "45"], env)
    try:
        term.wait_for("Outline:", timeout=30)
        line = "- thesis: the alliance soured after 1956"
        if editor == "vim":
            term.send("Go" + line)
            term.keys("Escape")
            term.send(":w" if where == "editor" else ":wq")
            term.keys("Enter")
        else:
            term.send(line)
            term.keys("C-o")
            term.keys("Enter")
        folder = only_attempt(home)
        term.wait_until(lambda: line in (folder / "outline.md").read_text(), "the save")
        if where == "menu":
            term.wait_for("Next?")
        pid = int((folder / ".lock").read_text())
        term.close()  # the terminal goes away: SIGHUP to everything in the pane
        deadline = time.monotonic() + BOUND
        while Path(f"/proc/{pid}").exists() and \
                "zombie" not in _state(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not Path(f"/proc/{pid}").exists() or "zombie" in _state(pid), "hung"
    finally:
        term.close()
    record = meta(folder)
    assert record["status"] == "paused" and record["used"] > 0, record
    assert not (folder / ".lock").exists()
    assert line in (folder / "outline.md").read_text()
    resume(home, folder, record)  # with the fake editor


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "zombie"


TWO_AT_ONCE = """
import io, os, signal, sys, time
from pathlib import Path
from ibessay.practice.screen import PlainScreen
from ibessay.practice.session import Session, _Quit
from ibessay.practice.timing import Clock, practice_schedule
from ibessay.practice.workspace import Workspace

attempt = Workspace(Path(sys.argv[1])).create(["p"])
session = Session(attempt, [], practice_schedule(45), None, PlainScreen(io.StringIO()), Clock())
restore = session._install_signals()
both = {signal.SIGINT, signal.SIGTERM}
try:
    with session._interruptible():
        signal.pthread_sigmask(signal.SIG_BLOCK, both)
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGINT)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, both)  # both land at once: INT first
        time.sleep(20)
except KeyboardInterrupt:
    print("pause menu", flush=True)
reading, _ = os.pipe()  # a keyboard nobody types on
try:
    with session._interruptible():
        os.read(reading, 1)
except _Quit:
    print("quit", flush=True)
restore()
"""


def test_two_signals_at_once_are_both_acted_on(tmp_path: Path) -> None:
    # Both land together and are handled in number order: Ctrl-C's handler raises
    # first (the pause menu), then the SIGTERM must still end the next wait. (The stress
    # test saw a session wait at the pause menu after SIGTERM+SIGINT; this in-process
    # case passes with and without the check at the start of each wait.)
    assert _script_says(TWO_AT_ONCE, tmp_path) == "pause menu\nquit\n"


NESTED = """
import io, signal, sys
from pathlib import Path
from ibessay.practice.screen import PlainScreen
from ibessay.practice.session import Session, _Quit
from ibessay.practice.timing import Clock, practice_schedule
from ibessay.practice.workspace import Workspace

attempt = Workspace(Path(sys.argv[1])).create(["p"])
session = Session(attempt, [], practice_schedule(45), None, PlainScreen(io.StringIO()), Clock())
restore = session._install_signals()
handler = signal.getsignal(signal.SIGHUP)
# SIGINT lands at the first line of SIGHUP's handler, before it has noted anything.
def trace(frame, event, arg):
    if event == "call" and frame.f_code is handler.__code__ and \\
            frame.f_locals["signum"] == signal.SIGHUP:
        sys.settrace(None)
        handler(signal.SIGINT, frame)
    return None
session._waiting = True
sys.settrace(trace)
try:
    handler(signal.SIGHUP, None)
except _Quit:
    print("quit", flush=True)
except KeyboardInterrupt:
    print("pause menu: the hangup was lost", flush=True)
restore()
"""


def test_a_signal_inside_another_handler_loses_neither(tmp_path: Path) -> None:
    assert _script_says(NESTED, tmp_path) == "quit\n"


def _script_says(script: str, folder: Path) -> str:
    """What ``script`` prints, run in a Python of its own (its signal handlers must not
    be pytest's) with ``folder`` as its workspace."""
    done = subprocess.run([sys.executable, "-c", script, str(folder)],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout
