"""Bringing a pack in from a zip, a folder or a git repository, and exporting one:
every hostile archive is refused with a message that says which rule or limit and
where, and nothing is left behind (issue 11, "Security and limits")."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import time
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT
from ibessay.errors import IbessayError
from ibessay.packs import archive
from ibessay.packs.archive import (
    MAX_FILES,
    MAX_UNPACKED,
    clone_git,
    copy_tree,
    export_zip,
    is_git_url,
    unpack_zip,
)

FIXTURE = ROOT / "tests" / "data" / "content"
PROMPT_ID = "fixture-consolidation-1933-1934"


def make_pack(folder: Path, pack_id: str = "smith-topic10", version: str = "1.0.0",
              requires: str = ">=0.1", extra: dict[str, str] | None = None) -> Path:
    """A minimal valid pack: pack.yaml, one prompt and its rubric (the test fixture's),
    and any ``extra`` files (relative path -> text)."""
    (folder / "prompts").mkdir(parents=True)
    (folder / "rubrics").mkdir()
    shutil.copy(FIXTURE / "prompts" / f"{PROMPT_ID}.yaml", folder / "prompts")
    shutil.copy(FIXTURE / "rubrics" / f"{PROMPT_ID}.yaml", folder / "rubrics")
    (folder / "pack.yaml").write_text(
        f"id: {pack_id}\nname: A test pack\nversion: '{version}'\nauthor: Tests\n"
        f"licence: CC-BY-4.0\ndescription: One prompt.\nibessay: \"{requires}\"\n")
    for name, text in (extra or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def zip_of(path: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries:
            out.writestr(name, data)
    return path


def entry(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = mode << 16
    return info


# -- zips ------------------------------------------------------------------------------


def test_a_zip_of_one_top_folder_is_unpacked_from_inside_it(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "mypack")
    made = tmp_path / "pack.zip"
    # What `cd parent && zip -r pack.zip mypack/` makes: folder entries, then files;
    # and what macOS adds.
    entries: list[tuple[str | zipfile.ZipInfo, bytes]] = [("mypack/", b"")]
    entries += [(f"mypack/{name}", data) for name, data in files_in(pack).items()]
    entries += [("__MACOSX/mypack/._pack.yaml", b"x"), ("mypack/.DS_Store", b"x")]
    zip_of(made, entries)
    into = tmp_path / "out"
    assert unpack_zip(made, into) == 3
    assert files_in(into) == files_in(pack)


def test_a_zip_with_its_files_at_the_top_is_unpacked_as_it_is(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "mypack")
    made = zip_of(tmp_path / "pack.zip", list(files_in(pack).items()))
    assert unpack_zip(made, tmp_path / "out") == 3
    assert files_in(tmp_path / "out") == files_in(pack)


def _many(count: int, size: int = 10) -> list[tuple[str | zipfile.ZipInfo, bytes]]:
    return [(f"p/f{n}.txt", b"x" * size) for n in range(count)]


def _lying_bomb(path: Path) -> Path:
    """21 MB of zeros (about 20 KB compressed) whose central directory declares 1,000
    bytes: what a zip bomb does to get past a check of declared sizes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("pack.yaml", b"id: x\n")
        with out.open("rubrics/zeros.yaml", "w") as target:
            for _ in range(21):
                target.write(bytes(1_000_000))
        out.infolist()[-1].file_size = 1_000  # written to the central directory on close
    return path


HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "zip slip with ../": (lambda p: zip_of(p, [("pack.yaml", b"x"), ("../evil.txt", b"x")]),
                          "'../evil.txt' goes up out of the pack with '..'"),
    "zip slip inside a folder": (lambda p: zip_of(p, [("p/../../evil.txt", b"x")]),
                                 "goes up out of the pack"),
    "an absolute path": (lambda p: zip_of(p, [("/tmp/evil.txt", b"x")]),
                         "'/tmp/evil.txt' is an absolute path"),
    "a drive letter": (lambda p: zip_of(p, [("C:/evil.txt", b"x")]), "is an absolute path"),
    "a backslash": (lambda p: zip_of(p, [("p\\..\\..\\evil.txt", b"x")]), "has a backslash"),
    "a symbolic link": (lambda p: zip_of(p, [(entry("p/link.yaml", stat.S_IFLNK | 0o777),
                                              b"/etc/passwd")]),
                        "'p/link.yaml' is a symbolic link"),
    "a FIFO": (lambda p: zip_of(p, [(entry("p/fifo", stat.S_IFIFO | 0o644), b"")]),
               "'p/fifo' is not a plain file or folder (a device, FIFO or socket)"),
    "a device": (lambda p: zip_of(p, [(entry("p/tty", stat.S_IFCHR | 0o644), b"")]),
                 "'p/tty' is not a plain file or folder"),
    "2,001 files": (lambda p: zip_of(p, _many(MAX_FILES + 1)),
                    "holds more than 2,000 files, the most a pack may have"),
    "21 MB unpacked, declared": (lambda p: zip_of(p, [(f"p/{n}.txt", bytes(900_000))
                                                      for n in range(24)]),
                                 "unpacks to 21.6 MB; a pack may hold at most 20 MB"),
    "21 MB of zeros declared as 1 KB": (_lying_bomb, "is damaged: 'rubrics/zeros.yaml'"),
    "a 1.1 MB file": (lambda p: zip_of(p, [("p/big.yaml", bytes(1_100_000))]),
                      "'p/big.yaml' is larger than 1 MB, the most for one file of a pack"),
    "a name twice": (lambda p: zip_of(p, [("p/a.yaml", b"1"), ("p/a.yaml", b"2")]),
                     "'p/a.yaml' is in the zip twice"),
    "names that differ in case": (lambda p: zip_of(p, [("p/a.yaml", b"1"), ("p/A.yaml", b"2")]),
                                  "'p/a.yaml' and 'p/A.yaml' are one name on Windows and macOS"),
    "names that differ in Unicode form": (
        lambda p: zip_of(p, [("p/caf\u00e9.yaml", b"1"), ("p/cafe\u0301.yaml", b"2")]),
        "are one name on Windows and macOS"),
    "a file and a folder": (lambda p: zip_of(p, [("p/a", b"1"), ("p/a/b", b"2")]),
                            "'p/a' is both a file and a folder"),
    "not a zip": (lambda p: (p.write_text("id: x\n"), p)[1], "is not a zip file"),
    "a truncated zip": (lambda p: (p.write_bytes(zip_of(p, _many(3)).read_bytes()[:60]), p)[1],
                        "is not a zip file"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_zip_is_refused_and_leaves_nothing(tmp_path: Path, case: str) -> None:
    build, message = HOSTILE[case]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate it is told to write
        made = build(tmp_path / "pack.zip")
    (tmp_path / "target").mkdir()
    into = tmp_path / "target" / "out"
    with pytest.raises(IbessayError) as raised:
        unpack_zip(made, into)
    assert message in str(raised.value), str(raised.value)
    assert str(made) in str(raised.value)  # where
    assert raised.value.hint
    assert not into.exists()
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "target" / "evil.txt").exists()
    assert sorted(os.listdir(tmp_path / "target")) == []


def test_a_failure_empties_a_target_that_existed(tmp_path: Path) -> None:
    into = tmp_path / "out"
    into.mkdir()
    made = zip_of(tmp_path / "pack.zip", [("a.yaml", b"x"), ("z/../../evil", b"x")])
    with pytest.raises(IbessayError):
        unpack_zip(made, into)
    assert into.is_dir() and list(into.iterdir()) == []


def test_the_bomb_is_refused_without_writing_what_it_holds(tmp_path: Path) -> None:
    """The bytes are counted as they are decompressed: the bomb's 21 MB never reach the
    disk (CPython's zipfile stops at the declared size, then finds the CRC wrong)."""
    made = _lying_bomb(tmp_path / "bomb.zip")
    assert made.stat().st_size < 100_000
    assert sum(i.file_size for i in zipfile.ZipFile(made).infolist()) < MAX_UNPACKED
    with pytest.raises(IbessayError, match="download or export the pack again"):
        unpack_zip(made, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_bytes_beyond_what_a_zip_declares_are_counted(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Were the zip reader to hand over more than the declared size, the count of bytes
    actually written would still stop it: here the reader is made to trust the data."""
    made = zip_of(tmp_path / "p.zip", [("a.yaml", bytes(1_100_000))])
    with zipfile.ZipFile(made, "a") as out:
        out.infolist()[0].file_size = 10
    original = zipfile.ZipFile.open

    def trusting(self: zipfile.ZipFile, name: zipfile.ZipInfo, *args: object,
                 **kwargs: object) -> object:
        info = zipfile.ZipInfo(name.filename)
        for field in ("compress_type", "compress_size", "CRC", "header_offset",
                      "flag_bits", "extra", "create_system", "external_attr"):
            setattr(info, field, getattr(name, field))
        info.file_size = 2_000_000  # what the data really holds, and more
        handle = original(self, info, *args, **kwargs)  # type: ignore[arg-type]
        handle._expected_crc = None  # type: ignore[attr-defined]
        return handle

    monkeypatch.setattr(zipfile.ZipFile, "open", trusting)
    with pytest.raises(IbessayError, match="'a.yaml' is larger than 1 MB"):
        unpack_zip(made, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_zip_declaring_too_many_entries_is_refused_before_they_are_read(
        tmp_path: Path) -> None:
    made = zip_of(tmp_path / "p.zip", _many(3))
    data = bytearray(made.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    data[end + 8:end + 12] = (0xFFFF).to_bytes(2, "little") * 2  # entries: here, in all
    made.write_bytes(bytes(data))
    with pytest.raises(IbessayError, match="holds 65,535 entries or more; a pack may have "
                                           "at most 2,000 files"):
        unpack_zip(made, tmp_path / "out")


def test_a_zip_heavier_than_any_pack_is_refused_before_it_is_read(tmp_path: Path) -> None:
    made = tmp_path / "big.zip"
    with made.open("wb") as out:
        out.truncate(archive.MAX_ARCHIVE + 1)
    with pytest.raises(IbessayError, match="a pack's zip may weigh at most 25 MB"):
        unpack_zip(made, tmp_path / "out")


# -- folders ---------------------------------------------------------------------------


def test_a_folder_is_copied_without_git_caches_or_environments(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", extra={
        ".git/config": "x", "__pycache__/a.pyc": "x", ".venv/pyvenv.cfg": "x",
        "env/pyvenv.cfg": "x", ".gitignore": "x", "rubrics/examples/r/pass.md": "text"})
    os.symlink("/usr/bin/python3", pack / ".venv" / "python")  # skipped, not followed
    assert copy_tree(pack, tmp_path / "out") == 4
    assert sorted(files_in(tmp_path / "out")) == [
        "pack.yaml", f"prompts/{PROMPT_ID}.yaml", "rubrics/examples/r/pass.md",
        f"rubrics/{PROMPT_ID}.yaml"]


def _with_file_link(pack: Path) -> None:
    os.symlink("/etc/passwd", pack / "rubrics" / "link.yaml")


def _with_folder_link(pack: Path) -> None:
    os.symlink("/etc", pack / "prompts" / "etc")


def _with_fifo(pack: Path) -> None:
    os.mkfifo(pack / "rubrics" / "fifo.yaml")


def _with_too_many(pack: Path) -> None:
    (pack / "tests").mkdir()
    for n in range(MAX_FILES):
        (pack / "tests" / f"{n}.yaml").write_text("x")


def _with_big_file(pack: Path) -> None:
    (pack / "rubrics" / "big.yaml").write_bytes(bytes(1_100_000))


def _too_deep(pack: Path) -> None:
    (pack.joinpath(*["d"] * 17)).mkdir(parents=True)


FOLDERS: dict[str, tuple[Callable[[Path], None], str]] = {
    "a link to a file": (_with_file_link, "'rubrics/link.yaml' is a symbolic link"),
    "a link to a folder": (_with_folder_link, "'prompts/etc' is a symbolic link"),
    "a FIFO": (_with_fifo, "'rubrics/fifo.yaml' is not a plain file or folder"),
    "2,001 files": (_with_too_many, "more than 2,000 files"),
    "a 1.1 MB file": (_with_big_file, "'rubrics/big.yaml' is larger than 1 MB"),
    "17 folders deep": (_too_deep, "is 17 folders deep; a pack's folders may go at most 16"),
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="links and FIFOs need POSIX")
@pytest.mark.parametrize("case", FOLDERS, ids=list(FOLDERS))
def test_a_hostile_folder_is_refused_and_leaves_nothing(tmp_path: Path, case: str) -> None:
    spoil, message = FOLDERS[case]
    pack = make_pack(tmp_path / "pack")
    spoil(pack)
    with pytest.raises(IbessayError) as raised:
        copy_tree(pack, tmp_path / "out")
    assert message in str(raised.value) and str(pack) in str(raised.value)
    assert not (tmp_path / "out").exists()


# -- git -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "https://github.com/smith/topic10", "ssh://git@host/smith/topic10.git",
    "git://host/topic10", "file:///tmp/repo", "git@github.com:smith/topic10.git",
    "git@github.com:smith/topic10", "/srv/packs/topic10.git", "HTTPS://host/x"])
def test_git_urls(text: str) -> None:
    assert is_git_url(text)


@pytest.mark.parametrize("text", ["pack.zip", "./mypack", "C:\\packs\\topic10",
                                  "topic10", "/tmp/pack.zip"])
def test_not_git_urls(text: str) -> None:
    assert not is_git_url(text)


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org",
                    "-c", "init.defaultBranch=main", *args], cwd=cwd, check=True,
                   capture_output=True)


def git_repository(folder: Path) -> Path:
    git("init", "-q", cwd=folder)
    git("add", "-A", cwd=folder)
    git("commit", "-q", "-m", "pack", cwd=folder)
    return folder


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@needs_git
def test_a_git_repository_is_cloned_without_its_history(tmp_path: Path) -> None:
    pack = git_repository(make_pack(tmp_path / "repo"))
    into = tmp_path / "work" / "out"
    assert clone_git(pack.as_uri(), into) == 3
    assert files_in(into) == {k: v for k, v in files_in(pack).items()
                              if not k.startswith(".git/")}
    assert os.listdir(tmp_path / "work") == ["out"]  # the clone is gone


@needs_git
def test_a_link_committed_in_git_is_refused(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "repo")
    os.symlink("/etc/passwd", pack / "rubrics" / "link.yaml")
    git_repository(pack)
    into = tmp_path / "work" / "out"
    with pytest.raises(IbessayError, match="'rubrics/link.yaml' is a symbolic link"):
        clone_git(pack.as_uri(), into)
    assert os.listdir(tmp_path / "work") == []


@needs_git
def test_a_failed_clone_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IbessayError) as raised:
        clone_git((tmp_path / "nothing").as_uri(), tmp_path / "work" / "out")
    assert str(raised.value).startswith(f"git could not clone '{(tmp_path / 'nothing').as_uri()}':")
    assert "check the URL" in str(raised.value.hint)
    assert os.listdir(tmp_path / "work") == []


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for git")
def test_a_clone_that_hangs_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git (and a helper it started, holding the pipes) waiting for ever, as on a
    server that never answers: stopped at the timeout, all of it."""
    fake = tmp_path / "bin" / "git"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {tmp_path / 'helper'}\nsleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(archive, "CLONE_TIMEOUT", 1)
    started = time.monotonic()
    with pytest.raises(IbessayError, match="git took more than 1 s to clone 'https://h/x.git'"):
        clone_git("https://h/x.git", tmp_path / "work" / "out")
    assert time.monotonic() - started < 10
    helper = int((tmp_path / "helper").read_text())
    time.sleep(0.2)
    status = Path(f"/proc/{helper}/stat")
    if status.exists():  # gone, or a zombie no one has reaped yet (no init in a container)
        assert status.read_text().split(")")[-1].split()[0] == "Z"
    assert os.listdir(tmp_path / "work") == []


def test_without_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(IbessayError, match="git is not installed, so 'https://h/x.git' "
                                           "cannot be cloned"):
        clone_git("https://h/x.git", tmp_path / "out")


# -- export ----------------------------------------------------------------------------


def test_export_writes_the_same_bytes_for_the_same_pack(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", extra={
        ".git/HEAD": "x", "__pycache__/a.pyc": "x", ".venv/pyvenv.cfg": "x",
        ".DS_Store": "x", "README.md": "# Read me\n"})
    first, second = tmp_path / "one.zip", tmp_path / "two.zip"
    assert export_zip(pack, first) == 4
    os.utime(pack / "README.md", (1, 1))
    (pack / "README.md").chmod(0o600)
    assert export_zip(pack, second) == 4
    assert first.read_bytes() == second.read_bytes()
    names = zipfile.ZipFile(first).namelist()
    assert names == ["smith-topic10/README.md", "smith-topic10/pack.yaml",
                     f"smith-topic10/prompts/{PROMPT_ID}.yaml",
                     f"smith-topic10/rubrics/{PROMPT_ID}.yaml"]
    assert unpack_zip(first, tmp_path / "back") == 4
    assert files_in(tmp_path / "back") == {k: v for k, v in files_in(pack).items()
                                           if k in {n.split("/", 1)[1] for n in names}}


def test_export_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack")
    out = tmp_path / "pack.zip"
    out.write_text("keep me")
    with pytest.raises(IbessayError, match="already exists") as raised:
        export_zip(pack, out)
    assert "--force" in str(raised.value.hint)
    assert out.read_text() == "keep me"
    assert export_zip(pack, out, force=True) == 3
    assert zipfile.is_zipfile(out)
    assert sorted(os.listdir(tmp_path)) == ["pack", "pack.zip"]  # no temporary file left


def test_export_into_the_pack_leaves_the_zip_itself_out(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack")
    assert export_zip(pack, pack / "pack.zip") == 3
    assert export_zip(pack, pack / "pack.zip", force=True) == 3
    assert "smith-topic10/pack.zip" not in zipfile.ZipFile(pack / "pack.zip").namelist()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs links")
def test_export_refuses_what_install_would(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack")
    os.symlink("/etc/passwd", pack / "rubrics" / "link.yaml")
    with pytest.raises(IbessayError, match="'rubrics/link.yaml' is a symbolic link"):
        export_zip(pack, tmp_path / "pack.zip")
    assert not (tmp_path / "pack.zip").exists()
    with pytest.raises(IbessayError, match="has no pack.yaml, so it is not a pack"):
        export_zip(tmp_path, tmp_path / "x.zip")


def test_an_exported_zip_is_no_bigger_than_the_limits_allow(tmp_path: Path) -> None:
    """A stored zip of a pack at every limit weighs less than MAX_ARCHIVE."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        name = "p/" + "n" * 100 + "/{}.yaml"
        for n in range(MAX_FILES):
            out.writestr(name.format(n), b"")
    assert len(buffer.getvalue()) + MAX_UNPACKED < archive.MAX_ARCHIVE
