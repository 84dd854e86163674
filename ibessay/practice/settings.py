"""ibessay's own settings: a small YAML file (``ibessay config`` reads and writes it).

Only keys listed in :data:`KEYS` are allowed, so a typo is an error instead of a setting
that silently does nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
