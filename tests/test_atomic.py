"""The one way ibessay writes a file: old content or new after any failure, and durable."""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pytest

from ibessay.atomic import write_atomic
from ibessay.content.cache import Cache


class Syncs:
    """Every ``os.fsync``: whether it synced a folder or a file, which one (device,
    inode), and what the target file held at that moment."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, target: Path,
                 fail_folders: int | None = None) -> None:
        self.calls: list[tuple[str, tuple[int, int], bytes]] = []
        real = os.fsync

        def fsync(fd: int) -> None:
            st = os.fstat(fd)
            kind = "folder" if stat.S_ISDIR(st.st_mode) else "file"
            self.calls.append((kind, (st.st_dev, st.st_ino), target.read_bytes()))
            if kind == "folder" and fail_folders is not None:
                raise OSError(fail_folders, os.strerror(fail_folders))
            real(fd)

        monkeypatch.setattr(os, "fsync", fsync)


def identity(path: Path) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino


def test_the_file_is_synced_then_swapped_in_then_its_folder_synced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "draft.md"
    path.write_bytes(b"old")
    syncs = Syncs(monkeypatch, path)
    write_atomic(path, "new")
    assert path.read_bytes() == b"new"
    [(first, _, held_then), (second, folder, held_later)] = syncs.calls
    # The new bytes reached the disk while the old file was still the one named...
    assert (first, held_then) == ("file", b"old")
    # ...and the rename itself was made durable afterwards, by syncing the folder.
    assert (second, folder, held_later) == ("folder", identity(tmp_path), b"new")


def test_without_durability_nothing_is_synced(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "entry.marshal"
    path.write_bytes(b"old")
    syncs = Syncs(monkeypatch, path)
    write_atomic(path, b"new", durable=False)
    assert path.read_bytes() == b"new" and syncs.calls == []


def test_a_folder_that_cannot_be_synced_is_skipped_silently(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "draft.md"
    syncs = Syncs(monkeypatch, tmp_path / "draft.md", fail_folders=errno.EINVAL)
    path.write_bytes(b"")
    write_atomic(path, "new")  # as on file systems that refuse to sync a folder
    assert path.read_text() == "new" and [c[0] for c in syncs.calls] == ["file", "folder"]


def test_a_disk_error_while_syncing_the_folder_is_raised(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "draft.md"
    path.write_bytes(b"old")
    Syncs(monkeypatch, path, fail_folders=errno.EIO)
    with pytest.raises(OSError) as caught:
        write_atomic(path, "new")
    assert caught.value.errno == errno.EIO
    assert path.read_text() == "new"  # in place, though perhaps not yet on the disk
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.md"]


def test_a_disk_that_fills_half_way_leaves_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "draft.md"
    path.write_text("every word of the essay")
    real_write = os.write
    seen: list[str] = []

    def fills_up(fd: int, data: bytes) -> int:
        if not seen:  # the first call writes half, as a disk that is nearly full does
            seen.append("half")
            return real_write(fd, bytes(data[: len(data) // 2]))
        seen.extend(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp"))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", fills_up)
    with pytest.raises(OSError) as caught:
        write_atomic(path, "x" * 100_000)
    assert caught.value.errno == errno.ENOSPC
    assert len(seen) == 2 and seen[1].startswith(".draft.md.")  # a partial file existed...
    assert path.read_text() == "every word of the essay"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.md"]  # ...and is gone


def test_an_interrupt_while_writing_leaves_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "draft.md"
    path.write_text("mine")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "half")
    assert path.read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.md"]


def test_a_swap_that_fails_leaves_the_target_and_no_temporary(tmp_path: Path) -> None:
    blocked = tmp_path / "timed.md"
    blocked.mkdir()  # a folder in the way: os.replace cannot put a file there
    (blocked / "inside").write_text("kept")
    with pytest.raises(OSError):
        write_atomic(blocked, "text")
    assert (blocked / "inside").read_text() == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["timed.md"]


def test_writers_racing_on_one_file_never_share_a_temporary(tmp_path: Path) -> None:
    path = tmp_path / "attempt.json"
    errors: list[BaseException] = []

    def writer(text: str) -> None:
        try:
            for _ in range(50):
                write_atomic(path, text * 1000, durable=False)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(c,)) for c in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert path.read_text() in ("a" * 1000, "b" * 1000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["attempt.json"]


def test_new_files_get_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "draft.md", "text")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "draft.md").st_mode) == 0o644


def test_the_cache_writes_atomically_without_syncing(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "rubric.yaml"
    source.write_text("id: r\n")
    folder = tmp_path / "cache"
    syncs = Syncs(monkeypatch, source)
    assert Cache(folder).get("rubric", [source], lambda: {"built": 1}) == {"built": 1}
    [entry] = folder.iterdir()  # one entry, no temporary beside it
    assert entry.suffix == ".marshal" and syncs.calls == []
    assert Cache(folder).get("rubric", [source], lambda: {"built": 2}) == {"built": 1}


def test_a_function_writes_the_text_and_is_synced_then_swapped_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(b"old")
    syncs = Syncs(monkeypatch, path)

    def write(out: object) -> None:
        for chunk in ("<p>Zoë\r\n", "✓ done</p>\n"):
            out.write(chunk)  # type: ignore[attr-defined]

    write_atomic(path, write)
    new = "<p>Zoë\r\n✓ done</p>\n".encode()  # UTF-8, newlines as written
    assert path.read_bytes() == new
    assert [(kind, held) for kind, _, held in syncs.calls] == [("file", b"old"),
                                                               ("folder", new)]


def test_a_function_that_fails_leaves_the_old_file_and_no_other(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(b"old")

    def write(out: object) -> None:
        out.write("half a page")  # type: ignore[attr-defined]
        raise RuntimeError("the render failed")

    with pytest.raises(RuntimeError):
        write_atomic(path, write, durable=False)
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["report.html"]
