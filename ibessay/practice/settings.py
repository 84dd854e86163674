"""ibessay's own settings: a small YAML file (``ibessay config`` reads and writes it).

Only keys listed in :data:`KEYS` are allowed, so a typo is an error instead of a setting
that silently does nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import IbessayError

KEYS = {
    "editor": "the editor command when VISUAL and EDITOR are not set, e.g. 'code --wait'",
}


def load_settings(path: Path | None = None) -> dict[str, Any]:
    from .workspace import config_file

    path = path or config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise IbessayError(f"cannot read the settings file '{path}': {exc}",
                           "fix or delete it") from None
    import yaml

    try:
        data = yaml.safe_load(text) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise IbessayError(f"{where}: the settings file is not valid YAML ({exc.problem})",
                           "fix it, or delete it to start again") from None
    if not isinstance(data, dict):
        raise IbessayError(f"{path}:1:1: the settings file must be a mapping (key: value)",
                           "e.g. editor: code --wait")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise IbessayError(f"{path}: unknown setting '{unknown[0]}'",
                           "known settings: " + ", ".join(sorted(KEYS)))
    return data


def save_setting(key: str, value: str | None, path: Path | None = None) -> Path:
    """Set (or, with ``None``, remove) one setting; returns the file written."""
    from .files import write_atomic
    from .workspace import config_file

    if key not in KEYS:
        from ..errors import did_you_mean

        raise IbessayError(f"unknown setting '{key}'", did_you_mean(key, sorted(KEYS)))
    path = path or config_file()
    data = load_settings(path)
    if value is None:
        data.pop(key, None)
    else:
        data[key] = value
    import yaml

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from .files import disk_error

        raise disk_error(exc, path.parent) from None
    write_atomic(path, yaml.safe_dump(data, sort_keys=True, allow_unicode=True))
    return path


class EditorInUse(NamedTuple):
    """The editor ``outline``, ``draft``, ``open`` and ``practice`` will run, and why.

    ``command`` is None when there is none at all; ``found`` is where its program is (on
    PATH, or the path given), None when it is not installed; ``shadowed`` names the
    ``editor`` setting when VISUAL or EDITOR wins over it."""

    command: str | None
    source: str
    found: str | None
    shadowed: str | None = None

    def describe(self) -> str:
        """One line: "vim, from $VISUAL (found at /usr/bin/vim)"."""
        if self.command is None:
            return ("none: VISUAL and EDITOR are not set, there is no editor setting, and "
                    "neither nano nor vi is installed")
        where = (f"found at {self.found}" if self.found else
                 f"NOT FOUND on PATH: install it, or change {self.source}")
        said = f"{self.command}, from {self.source} ({where})"
        if self.shadowed:
            said += f"; your editor setting '{self.shadowed}' is not used while it is set"
        return said


def editor_in_use(env: Mapping[str, str] | None = None, setting: str | None = None,
                  windows: bool | None = None) -> EditorInUse:
    """Which editor would run, in the order :func:`ibessay.practice.editor.resolve`
    follows ($VISUAL, $EDITOR, the setting, nano or vi), without failing when it is
    not installed: ``ibessay config`` shows the answer, whatever it is."""
    import os
    import shutil

    from .editor import split_command

    env = os.environ if env is None else env
    windows = os.name == "nt" if windows is None else windows
    if setting is None:
        value = load_settings().get("editor")
        setting = str(value) if value else None

    def found(command: str) -> str | None:
        try:
            program = split_command(command, windows=windows)[0]
        except IbessayError:
            return None
        return shutil.which(program) or (program if os.path.isfile(program) else None)

    for var in ("VISUAL", "EDITOR"):
        command = env.get(var, "").strip()
        if command:
            return EditorInUse(command, f"${var}", found(command), setting)
    if setting:
        return EditorInUse(setting, "your editor setting", found(setting))
    for fallback in (("notepad",) if windows else ("nano", "vi")):
        where = shutil.which(fallback)
        if where:
            return EditorInUse(fallback, "the default, as VISUAL and EDITOR are not set", where)
    return EditorInUse(None, "nothing", None)
