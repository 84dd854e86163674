"""Faults that do not come from the input: a full disk, a bug. In-process, to inject them."""

from __future__ import annotations

import errno
import io
import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLES, PROMPT, opened, plan
from ibessay import cli
from ibessay.render import machine

ARGS = ["check", str(EXAMPLES / "exemplar.md"), "--prompt", PROMPT, "--format", "json"]


def test_full_disk_is_one_clear_line(monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(machine, "render", full)
    assert cli.main(ARGS) == 2
    err = capsys.readouterr().err
    assert err == ("ibessay: error: the disk is full\n"
                   "hint: free some space, then run the command again\n")


def test_a_bug_is_reported_without_a_traceback(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*_: object, **__: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(machine, "render", broken)
    assert cli.main(ARGS) == 3
    err = capsys.readouterr().err
    assert err.startswith("ibessay: internal error: KeyError: 'boom'\n")
    assert "Traceback" not in err and len(err.splitlines()) == 2


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(machine, "render", broken)
    monkeypatch.setenv("IBESSAY_DEBUG", "1")
    with pytest.raises(KeyError):
        cli.main(ARGS)


# --- a full disk at pens down: the time used survives ----------------------------------

@pytest.fixture
def signals_kept() -> Iterator[None]:
    """A session run in-process changes this process's signal handlers: put them back."""
    import signal

    saved = {n: signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


def test_the_time_used_survives_a_pens_down_on_a_full_disk(
        home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        signals_kept: None) -> None:
    # The disk fills up once the editor is open; the deadline passes while it is, so
    # the timed copy, the time used and the pause all fail to save. A --resume used to
    # give the full time again.
    from ibessay import atomic
    from ibessay.practice import session

    monkeypatch.setenv("IBESSAY_CLOCK_SPEED", "60")  # 1 minute of writing: 1 s
    plan(home, {"append": "Mao went to Moscow in 1949.\n", "sleep": 2.5}, {}, {})
    full = threading.Event()
    write = atomic.write_atomic

    def write_unless_full(path: object, data: object, **options: object) -> None:
        if full.is_set():
            raise OSError(errno.ENOSPC, "No space left on device")
        write(path, data, **options)  # type: ignore[arg-type]

    launch = session.launch

    def launch_then_fill(editor: object, path: Path, **options: object) -> object:
        told = options.get("on_running")

        def running(pid: int) -> None:
            full.set()
            if callable(told):
                told(pid)

        return launch(editor, path, **{**options, "on_running": running})  # type: ignore[arg-type]

    monkeypatch.setattr(atomic, "write_atomic", write_unless_full)
    monkeypatch.setattr(session, "launch", launch_then_fill)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert cli.main(["practice", PROMPT, "--reading", "0", "--minutes", "1"]) == 2
    assert "the disk is full" in capsys.readouterr().err
    [folder] = (home / "drafts").iterdir()
    assert (folder / "outline.md").read_text().endswith("Mao went to Moscow in 1949.\n")

    full.clear()  # space freed
    monkeypatch.setattr(session, "launch", launch)
    assert cli.main(["practice", "--resume", folder.name]) == 0
    out = capsys.readouterr().out
    assert "Time was up" in out, out  # no writing time left: not the full minute again
    assert len(opened(home)) == 1, out  # and no second editor
    record = json.loads((folder / "attempt.json").read_text())
    assert record["status"] == "finished" and record["used"] >= 60


def test_a_full_disk_under_a_class_report_is_one_clear_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from ibessay import atomic

    for name in ("exemplar.md", "counter-too-short.md"):
        shutil.copyfile(EXAMPLES / name, tmp_path / name)

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "write_atomic", full)
    out = tmp_path / "report.json"
    assert cli.main(["check", str(tmp_path), "-p", PROMPT, "-f", "json", "-o", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"ibessay: error: the disk is full: could not write '{out}'\n"
        "hint: free some space and try again\n")
    assert not out.exists()


_KILLED_WHILE_WRITING = """
import os, signal, sys
from ibessay.cli.reports import write_report

def render(out):
    out.write("half of the report" * 1000)
    os.kill(os.getpid(), getattr(signal, sys.argv[2]))
    out.write("the other half")

write_report(sys.argv[1], render, force=True)
print("written")
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_kill_while_a_report_is_written_leaves_no_temporary_file(tmp_path: Path,
                                                                    name: str) -> None:
    """A report is rendered into a temporary file beside it. A polite kill or a closed
    terminal then still ends the process by that signal, the report as it was, but the
    temporary file is gone; under nohup (SIGHUP ignored) the report is written."""
    import signal
    import subprocess

    target = tmp_path / "report.html"
    target.write_text("the report of last week")
    killed = subprocess.run([sys.executable, "-c", _KILLED_WHILE_WRITING, str(target), name],
                            capture_output=True, text=True, timeout=60)
    assert killed.returncode == -getattr(signal, name), killed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
    assert target.read_text() == "the report of last week"
    if name == "SIGHUP":
        nohup = subprocess.run([sys.executable, "-c",
                                "import signal; signal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
                                + _KILLED_WHILE_WRITING, str(target), name],
                               capture_output=True, text=True, timeout=60)
        assert nohup.returncode == 0 and nohup.stdout == "written\n", nohup.stderr
        assert target.read_text().endswith("the other half")
