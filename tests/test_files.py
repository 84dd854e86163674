"""A student's files survive kills, full disks and fresh templates."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PROMPT, assert_clean_error, run
from ibessay.errors import IbessayError
from ibessay.practice.files import snapshot, write_atomic, write_new


def test_write_atomic_replaces_the_content(tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    write_atomic(path, "old")
    write_atomic(path, "new ü")
    assert path.read_text(encoding="utf-8") == "new ü"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.md"]  # no temporary left


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_a_full_disk_leaves_the_old_file_and_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    path = tmp_path / "draft.md"
    path.write_text("every word of the essay")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, full)
    with pytest.raises(IbessayError) as caught:
        write_atomic(path, "x" * 10_000)
    assert caught.value.message == f"the disk is full: could not write '{path}'"
    assert caught.value.hint == ("free some space and try again; the previous version of "
                                 "the file is untouched")
    assert path.read_text() == "every word of the essay"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.md"]


WRITER = """
import sys
from pathlib import Path
from ibessay.practice.files import write_atomic
path = Path(sys.argv[1])
texts = ["A" * 400_000, "B" * 300_000]
print("ready", flush=True)
i = 0
while True:
    write_atomic(path, texts[i % 2])
    i += 1
"""


def test_killed_while_saving_the_file_is_old_or_new_never_partial(tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    write_atomic(path, "A" * 400_000)
    for attempt in range(12):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)],
                                  stdout=subprocess.PIPE)
        assert writer.stdout is not None and writer.stdout.readline() == b"ready\n"
        time.sleep(0.01 + 0.013 * attempt)  # land the kill at different points
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        content = path.read_bytes()
        assert content in (b"A" * 400_000, b"B" * 300_000), (attempt, len(content))


def test_snapshots_keep_each_distinct_version_once(tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    assert snapshot(path) is None  # nothing to keep yet
    path.write_text("  \n")
    assert snapshot(path) is None  # nor an empty file
    path.write_text("version one")
    first = snapshot(path, "before-edit")
    assert first is not None and first.read_text() == "version one"
    assert first.parent == tmp_path / "snapshots" and "before-edit" in first.name
    assert snapshot(path) == first  # unchanged: no duplicate
    path.write_text("version two")
    second = snapshot(path)
    assert second is not None and second != first and second.read_text() == "version two"


def test_write_new_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "outline.md"
    write_new(path, "mine")
    with pytest.raises(IbessayError, match="already exists; not overwriting"):
        write_new(path, "template")
    assert path.read_text() == "mine"
    write_new(path, "template", force=True)
    assert path.read_text() == "template"
    assert [p.read_text() for p in (tmp_path / "snapshots").iterdir()] == ["mine"]


@pytest.fixture
def tiny_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real, nearly full file system: a 64 KB tmpfs (needs root; skipped otherwise)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def fill(folder: Path) -> None:
    with open(folder / "filler", "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 1024)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def test_a_full_disk_is_one_clear_error_and_loses_nothing(tiny_disk: Path) -> None:
    workspace = tiny_disk / "drafts"
    made = run("outline", PROMPT, "--no-open", "--workspace", str(workspace))
    assert made.returncode == 0, made.stderr
    outline = Path(made.stdout.strip())
    mine = outline.read_text() + "- my plan, every word of it\n"
    outline.write_text(mine)
    fill(tiny_disk)
    result = run("outline", PROMPT, "--no-open", "--force", "--workspace", str(workspace))
    assert_clean_error(result, "the disk is full")
    assert outline.read_text() == mine
    result = run("draft", PROMPT, "--no-open", "--workspace", str(workspace))
    assert_clean_error(result, "the disk is full")
    assert not any(p.name.endswith(".tmp") for p in outline.parent.rglob("*"))
    os.remove(tiny_disk / "filler")
    assert run("draft", PROMPT, "--no-open", "--workspace", str(workspace)).returncode == 0
