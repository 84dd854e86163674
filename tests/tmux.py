"""Driving a real terminal: ibessay and a real editor in a detached tmux session.

The session runs one command in a pane of a fixed size; tests type into it
(``send``/``keys``), read the screen (``screen``/``wait_for``) and learn when the bell
rang (a tmux hook touches a file) and how the command exited.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest


def require(*programs: str) -> None:
    missing = [p for p in ("tmux", *programs) if shutil.which(p) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (installed by .ci/run)")


class Tmux:
    def __init__(self, folder: Path, command: list[str], env: dict[str, str],
                 width: int = 120, height: int = 40) -> None:
        self.socket = str(folder / "tmux.sock")
        self.bell = folder / "bell-rang"
        self.exit_file = folder / "exit-status"
        # The shell runs the command, then records its status and keeps the pane for
        # reading; TERM is fixed so vim and nano behave the same everywhere.
        script = (f"{shlex.join(command)}; echo $? > {shlex.quote(str(self.exit_file))}; "
                  "sleep 600")
        env = {**os.environ, **env, "TERM": "xterm-256color"}
        for inherited in ("TMUX", "COLUMNS", "LINES"):  # the pane has its own size
            env.pop(inherited, None)
        self._tmux("-f", "/dev/null", "new-session", "-d", "-x", str(width), "-y",
                   str(height), "-s", "t", script, env=env)
        self._tmux("set-option", "-g", "monitor-bell", "on")
        self._tmux("set-hook", "-g", "alert-bell",
                   f"run-shell 'touch {shlex.quote(str(self.bell))}'")

    def _tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(["tmux", "-S", self.socket, *args], capture_output=True,
                              text=True, env=env, timeout=10)
        if done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)}: {done.stderr}")
        return done.stdout

    def send(self, text: str) -> None:
        """Type ``text`` literally."""
        self._tmux("send-keys", "-t", "t", "-l", "--", text)

    def keys(self, *names: str) -> None:
        """Press keys by tmux name: Enter, Escape, C-o, C-x, C-c."""
        self._tmux("send-keys", "-t", "t", *names)

    def display(self, fmt: str) -> str:
        """A tmux format for the pane, e.g. '#{pane_title}' (the title a program set)."""
        return self._tmux("display-message", "-p", "-t", "t", fmt).rstrip("\n")

    def option(self, name: str) -> str:
        """The session's own value of an option ('' when it inherits the global one)."""
        return self._tmux("show-options", "-t", "t", name).strip()

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-J", "-t", "t", "-S", "-200")

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared on the screen:\n{screen}")
            time.sleep(0.1)

    def wait_until(self, condition, what: str, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} never happened; screen:\n{self.screen()}")
            time.sleep(0.1)

    def exit_status(self, timeout: float = 30) -> int:
        self.wait_until(self.exit_file.exists, "the command's exit", timeout)
        time.sleep(0.05)
        return int(self.exit_file.read_text().strip())

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)
