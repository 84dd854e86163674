"""Shared fixtures: an isolated cache for every test, and the installed CLI."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# Before any test module is imported (some compile a rubric at import time): never read
# or write the user's own cache.
os.environ["IBESSAY_CACHE_DIR"] = tempfile.mkdtemp(prefix="ibessay-test-cache-")
os.environ.pop("IBESSAY_CONTENT_PATH", None)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "rubrics" / "examples" / "sino-soviet-1949-1976"
PROMPT = "sino-soviet-1949-1976"


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's cache or content, and never depend on the terminal."""
    monkeypatch.setenv("IBESSAY_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("IBESSAY_CONTENT_PATH", raising=False)
    # Packs installed in the user's own data folder must not be seen.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("IBESSAY_DEBUG", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def ibessay_command() -> list[str]:
    """The installed console script, as a student runs it."""
    script = Path(sys.executable).with_name("ibessay")
    if script.exists():
        return [str(script)]
    found = shutil.which("ibessay")
    if found is None:  # pragma: no cover - the README's install step provides it
        pytest.fail("the ibessay command is not installed; run: pip install -e '.[test]'")
    return [found]


def run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``ibessay ARGS`` in a subprocess and capture its output as text."""
    result = subprocess.run(
        [*ibessay_command(), *args], input=stdin, capture_output=True,
        env={**os.environ, **(env or {})}, cwd=cwd, timeout=60,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode,
        result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace"),
    )


def assert_clean_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """A user error: exit 2, one or two lines on stderr, no traceback, the fragments said."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 2, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("ibessay: error: "), lines[0]
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def on_screen(output: str) -> str:
    """What a terminal shows of ``output``, as one line: no colours or cursor moves, and
    lines wrapped at spaces joined again."""
    return " ".join(_ANSI.sub("", output).split())


FAKE_EDITOR = ROOT / "tests" / "tools" / "fake_editor.py"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A student's ibessay home, with the scripted fake editor as their editor: give it
    actions with :func:`plan`, read what it opened with :func:`opened`."""
    monkeypatch.setenv("IBESSAY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{FAKE_EDITOR}"')
    monkeypatch.setenv("FAKE_EDITOR_PLAN", str(tmp_path / "plan.json"))
    monkeypatch.setenv("FAKE_EDITOR_LOG", str(tmp_path / "editor.log"))
    return tmp_path / "home"


def plan(home: Path, *actions: dict[str, object]) -> None:
    """What the fake editor does at each launch (see tests/tools/fake_editor.py)."""
    (home.parent / "plan.json").write_text(json.dumps(list(actions)))


def opened(home: Path) -> list[list[str]]:
    """The arguments of every launch of the fake editor so far."""
    log = home.parent / "editor.log"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def editor_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, script: str,
                   editor: str) -> None:
    """Put a shell script called ``name`` first on PATH (a stand-in for a GUI editor
    such as ``code``) and make ``editor`` the student's $EDITOR."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    program = folder / name
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("EDITOR", editor)


#: Test files that measure time, send signals or drive terminals: with pytest-xdist
#: (`-n 2`) they run one after another on one worker, never beside each other, while
#: the other worker takes the rest of the suite.
_SERIAL = {"test_classset.py", "test_cli_classset.py", "test_cli_faults.py",
           "test_cli_practice.py", "test_clockview.py", "test_files.py",
           "test_one_writer.py", "test_pack_archive.py", "test_pack_install.py",
           "test_pathological.py", "test_report_actionable.py", "test_signals.py",
           "test_signals_practice.py", "test_small_wrongs.py", "test_terminal.py",
           "test_workspace.py"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in _SERIAL:
            item.add_marker(pytest.mark.xdist_group("serial"))
