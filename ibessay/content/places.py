"""Where ibessay keeps a user's own things: the data folder and the packs installed in it.

Computed here rather than with platformdirs because every check asks where installed
packs are, and importing platformdirs costs ~3.5 ms of start-up (the same reason as
:func:`ibessay.content.cache.user_cache_dir`); tests/test_packs.py checks that both give
the same folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def data_home() -> Path:
    """``$IBESSAY_HOME`` if set, else the platform's user data folder
    (``~/.local/share/ibessay`` on Linux)."""
    configured = os.environ.get("IBESSAY_HOME", "").strip()
    if configured:
        return Path(configured).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
        return Path(base, "ibessay")
    if sys.platform == "darwin":
        return Path(os.path.expanduser("~/Library/Application Support"), "ibessay")
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    base = xdg if xdg and os.path.isabs(xdg) else os.path.expanduser("~/.local/share")
    return Path(base, "ibessay")


def packs_home() -> Path:
    """The folder of installed packs: one folder per pack, named by its id. Names that
    start with "." are installs under way (or interrupted) and are never read."""
    return data_home() / "packs"


def installed_pack_folders() -> list[Path]:
    """The folder of every installed pack, by id."""
    try:
        names = sorted(os.listdir(packs_home()))
    except OSError:  # no packs yet (or an unreadable folder: then none are seen)
        return []
    home = packs_home()
    return [home / name for name in names
            if not name.startswith(".") and (home / name / "pack.yaml").is_file()]
