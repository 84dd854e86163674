"""Finding and running the student's own editor.

Resolution follows git's order: ``$VISUAL``, then ``$EDITOR``, then ibessay's ``editor``
setting, then nano or vi (notepad on Windows). The command is split like a shell would
(``code --wait``, ``emacsclient -t``, quoted paths with spaces); an unquoted path with
spaces that names a real program is taken whole.

Typer vendors its own Click without ``click.edit()``, and we need more than it did
anyway: a snapshot before every launch, the time spent, and a warning when a GUI editor
returns at once without waiting for the student.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple

from ..errors import IbessayError
from .files import snapshot

#: How to make common GUI editors wait until the file is closed.
WAIT_FLAGS = {
    "code": "code --wait", "codium": "codium --wait", "code-insiders": "code-insiders --wait",
    "subl": "subl --wait", "atom": "atom --wait", "zed": "zed --wait", "mate": "mate -w",
    "kate": "kate --block", "gvim": "gvim -f", "mvim": "mvim -f", "gedit": "gedit --wait",
    "gnome-text-editor": "gnome-text-editor --standalone", "open": "open -W -n -t",
    "emacsclient": "emacsclient -t", "xed": "xed --wait", "pluma": "pluma",
}
#: Editors that open a window of their own: the terminal stays free for the dashboard.
GUI_EDITORS = frozenset(WAIT_FLAGS) | {"notepad", "notepad++", "gvim", "mvim", "geany",
                                       "mousepad", "leafpad", "featherpad", "textedit"}
#: Editors known to run in the terminal and wait: one of these returning at once means
#: the student closed it, not that it failed to wait.
TERMINAL_EDITORS = frozenset(
    "vi vim nvim nano pico micro ed ex joe jed ne mg kak hx helix mcedit vis".split())
#: An editor that comes back faster than this with the file unchanged did not wait.
QUICK_RETURN = 1.0
_ENV = ("VISUAL", "EDITOR")
_HOW_TO_SET = ("set VISUAL or EDITOR (e.g. export EDITOR=nano), or run: "
               "ibessay config editor 'code --wait'")


class Editor(NamedTuple):
    """A resolved editor: the command to run (before the file name) and where it came
    from, for messages ("$EDITOR", "the ibessay setting", "the default")."""

    argv: list[str]
    source: str

    @property
    def program(self) -> str:
        return Path(self.argv[0]).name

    @property
    def in_terminal(self) -> bool:
        """Does it take over this terminal (vim, nano, emacs -nw)? Unknown editors are
        assumed to, so ibessay waits for them as git does; known GUI editors run beside
        the dashboard instead."""
        name = self.program.lower().removesuffix(".exe")
        if name == "emacs":
            return any(a in ("-nw", "--no-window-system", "-t") for a in self.argv[1:])
        if name == "emacsclient":
            return any(a in ("-t", "-nw", "--tty") for a in self.argv[1:])
        return name not in GUI_EDITORS

    @property
    def surely_waits(self) -> bool:
        """Is it a terminal editor we know, which cannot return before the student quits?"""
        return self.program.lower().removesuffix(".exe") in TERMINAL_EDITORS or (
            self.in_terminal and self.program.lower().startswith("emacs"))


class EditorRun(NamedTuple):
    """How an editor session went."""

    returncode: int
    seconds: float
    changed: bool
    snapshot: Path | None

    @property
    def returned_at_once(self) -> bool:
        return self.returncode == 0 and not self.changed and self.seconds < QUICK_RETURN


def resolve(env: Mapping[str, str] | None = None, setting: str | None = None,
            which: Callable[[str], str | None] = shutil.which, windows: bool | None = None,
            ) -> Editor:
    """The editor to use, or an error that names the variables to set."""
    env = os.environ if env is None else env
    windows = os.name == "nt" if windows is None else windows
    for var in _ENV:
        value = env.get(var, "").strip()
        if value:
            return _checked(split_command(value, which, windows), f"${var}", which)
    if setting is None:
        setting = configured_editor()
    if setting:
        return _checked(split_command(setting, which, windows), "the ibessay 'editor' setting",
                        which)
    for fallback in (("notepad",) if windows else ("nano", "vi")):
        if which(fallback):
            return Editor([fallback], "the default")
    raise IbessayError("no editor found: VISUAL and EDITOR are not set and neither nano nor vi "
                       "is installed", _HOW_TO_SET)


def split_command(command: str, which: Callable[[str], str | None] = shutil.which,
                  windows: bool = False) -> list[str]:
    """Split an editor command as a shell would; an unquoted path with spaces that names
    an existing program ("/Applications/Sublime Text.app/.../subl") is kept whole."""
    if os.path.isfile(command.strip()):
        return [command.strip()]
    try:
        argv = shlex.split(command, posix=not windows)
    except ValueError as exc:  # an unclosed quote
        raise IbessayError(f"cannot read the editor command {command!r}: {exc}",
                           "quote paths with spaces, e.g. EDITOR='\"/opt/My Editor/edit\" -w'"
                           ) from None
    if windows:
        argv = [a[1:-1] if len(a) > 1 and a[0] == a[-1] == '"' else a for a in argv]
    if not argv:
        raise IbessayError("the editor command is empty", _HOW_TO_SET)
    return argv


def _checked(argv: list[str], source: str, which: Callable[[str], str | None]) -> Editor:
    if which(argv[0]) is None and not os.path.isfile(argv[0]):
        raise IbessayError(f"editor '{argv[0]}' (from {source}) was not found",
                           f"install it or {_HOW_TO_SET}")
    return Editor(argv, source)


def configured_editor() -> str | None:
    """The ``editor`` setting from ibessay's config file, if any."""
    from .settings import load_settings

    value = load_settings().get("editor")
    return str(value) if value else None


def launch(editor: Editor, path: Path, on_start: Callable[[], None] | None = None,
           on_running: Callable[[int], None] | None = None) -> EditorRun:
    """Run ``editor`` on ``path`` in this terminal and wait for it; ``on_running`` is told
    its pid (to pass on a signal that ends the session).

    The file is snapshotted first. While the editor runs, Ctrl-C belongs to it (vim
    uses it), so this process lets SIGINT pass, as git does: with a handler that does
    nothing rather than by ignoring it, because an ignored signal stays ignored in the
    editor, and an editor that relies on Ctrl-C (ed, a script) would lose it.
    """
    saved = snapshot(path, "before-edit")
    before = _fingerprint(path)
    if on_start:
        on_start()
    started = time.monotonic()
    previous = signal.signal(signal.SIGINT, _let_pass)
    try:
        with subprocess.Popen([*_runnable(editor.argv), str(path)]) as process:
            if on_running:
                on_running(process.pid)
            code = process.wait()
    except FileNotFoundError:
        raise IbessayError(f"editor '{editor.argv[0]}' (from {editor.source}) was not found",
                           f"install it or {_HOW_TO_SET}") from None
    except PermissionError:
        raise IbessayError(f"editor '{editor.argv[0]}' (from {editor.source}) cannot be run: "
                           "permission denied", _HOW_TO_SET) from None
    finally:
        signal.signal(signal.SIGINT, previous)
    return EditorRun(code, time.monotonic() - started, _fingerprint(path) != before, saved)


def _let_pass(signum: int, frame: object) -> None:
    """SIGINT while an editor runs: the editor's, not ours (it is in the same process
    group and gets the same signal)."""


def start_in_background(editor: Editor, path: Path) -> subprocess.Popen[bytes]:
    """Start a GUI editor on ``path`` without waiting (the dashboard runs meanwhile)."""
    snapshot(path, "before-edit")
    # In a session of its own: the Ctrl-C that pauses the dashboard must not reach the
    # editor's window (and kill it with the student's unsaved text).
    detached: dict[str, object] = (
        {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt"  # type: ignore[attr-defined]
        else {"start_new_session": True})
    try:
        # Its chatter would scribble over the dashboard: silenced.
        return subprocess.Popen([*_runnable(editor.argv), str(path)],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, **detached)  # type: ignore[call-overload]
    except OSError:
        raise IbessayError(f"editor '{editor.argv[0]}' (from {editor.source}) could not be "
                           "started", f"install it or {_HOW_TO_SET}") from None


def quick_return_advice(editor: Editor) -> str:
    """What to do when an editor returned at once: usually a GUI editor without its wait
    flag."""
    name = editor.program.lower().removesuffix(".exe")
    suggestion = WAIT_FLAGS.get(name)
    how = (f"export VISUAL='{suggestion}'" if suggestion else
           "give it its wait option, as in export VISUAL='code --wait'")
    return (f"your editor ({' '.join(editor.argv)}) returned at once and the file is "
            f"unchanged; if it opens a window, make it wait: {how}")


def failure_message(editor: Editor, run: EditorRun, path: Path) -> tuple[str, str]:
    """Message and hint for an editor that exited with an error: the file is kept."""
    kept = f"your file is kept at {path}"
    if run.snapshot:
        kept += f" (and as it was before, at {run.snapshot})"
    return (f"the editor ({editor.program}) exited with status {run.returncode}; {kept}",
            "reopen it with 'ibessay open', or fix the editor command (" + _HOW_TO_SET + ")")


def _runnable(argv: list[str]) -> list[str]:
    """``argv`` with its program's full path: on Windows, ``code`` is ``code.cmd``, which
    CreateProcess does not find by its short name."""
    found = shutil.which(argv[0])
    return [found, *argv[1:]] if found else argv


def _fingerprint(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
