"""The compiled-rubric cache: reused while files are unchanged, rebuilt when they change,
and never a reason to fail."""

from __future__ import annotations

import json
import os
import random
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, PROMPT, run
from ibessay.content.cache import Cache
from ibessay.content.library import Library
from ibessay.engine.compiled import rubric_named
from ibessay.engine.criteria.events import events_of

DATA = Path(__file__).parent / "data"


def test_value_is_built_once_and_reused_across_instances(tmp_path: Path) -> None:
    source = tmp_path / "r.yaml"
    source.write_text("one", encoding="utf-8")
    calls = []

    def build() -> str:
        calls.append(1)
        return source.read_text(encoding="utf-8")

    assert Cache(tmp_path / "c").get("rubric", [source], build) == "one"
    assert Cache(tmp_path / "c").get("rubric", [source], build) == "one"  # from disk
    assert len(calls) == 1


def test_a_changed_file_is_rebuilt(tmp_path: Path) -> None:
    source = tmp_path / "r.yaml"
    source.write_text("one", encoding="utf-8")
    cache = Cache(tmp_path / "c")
    read = lambda: source.read_text(encoding="utf-8")  # noqa: E731
    assert cache.get("rubric", [source], read) == "one"
    source.write_text("two!", encoding="utf-8")
    assert Cache(tmp_path / "c").get("rubric", [source], read) == "two!"
    # Same size, new modification time: still noticed.
    source.write_text("six!", encoding="utf-8")
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert cache.get("rubric", [source], read) == "six!"


def test_a_corrupt_cache_file_is_rebuilt(tmp_path: Path) -> None:
    source = tmp_path / "r.yaml"
    source.write_text("one", encoding="utf-8")
    Cache(tmp_path / "c").get("rubric", [source], lambda: "one")
    for path in (tmp_path / "c").iterdir():
        path.write_bytes(b"not a pickle")
    assert Cache(tmp_path / "c").get("rubric", [source], lambda: "rebuilt") == "rebuilt"


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    source = tmp_path / "r.yaml"
    source.write_text("one", encoding="utf-8")
    assert Cache(blocker / "c").get("rubric", [source], lambda: "built") == "built"


def test_no_cache_directory(tmp_path: Path) -> None:
    source = tmp_path / "r.yaml"
    source.write_text("one", encoding="utf-8")
    assert Cache(None).get("rubric", [source], lambda: "built") == "built"


def test_editing_a_rubric_changes_the_next_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rubrics").mkdir()
    rubric = tmp_path / "rubrics" / "minimal-rubric.yaml"
    shutil.copy(DATA / "minimal-rubric.yaml", rubric)
    monkeypatch.setenv("IBESSAY_CONTENT_PATH", str(tmp_path))
    assert _first_event_name() == "Event A"
    rubric.write_text(rubric.read_text(encoding="utf-8").replace("Event A", "Event Alpha"),
                      encoding="utf-8")
    assert _first_event_name() == "Event Alpha"


def _package(root: Path) -> Path:
    """A stand-in for the ibessay package: the folders whose code shapes cached values."""
    package = root / "ibessay"
    for folder, text in (("engine", "ENGINE = 1\n"), ("content", "CONTENT = 1\n"),
                         ("engine/criteria", "CRITERION = 1\n")):
        (package / folder).mkdir(parents=True, exist_ok=True)
        (package / folder / "code.py").write_text(text, encoding="utf-8")
    return package


def _same_size_and_time(path: Path, old: str, new: str) -> None:
    """Rewrite ``old`` as ``new`` (as long) in place, keeping size, mtime and inode: what a
    tar extract or a restored backup can do."""
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    with open(path, "r+b") as f:
        text = f.read()
        assert text.count(old.encode()) == 1
        f.seek(0)
        f.write(text.replace(old.encode(), new.encode()))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size, before.st_mtime_ns, before.st_ino)


def test_changed_code_rebuilds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An upgrade, or an edit under the same version, must not load an old object; the
    edit is noticed by content, and a new module needs no list to be kept."""
    import ibessay.content.cache as cache_module

    package = _package(tmp_path / "checkout")
    monkeypatch.setattr(cache_module, "_PACKAGE", str(package))
    source = tmp_path / "r.yaml"
    source.write_text("one", encoding="utf-8")

    def new_process() -> Cache:
        monkeypatch.setattr(cache_module, "_code", None)  # computed once per process
        return Cache(tmp_path / "c")

    assert new_process().get("rubric", [source], lambda: "old") == "old"
    assert new_process().get("rubric", [source], lambda: "unused") == "old"
    _same_size_and_time(package / "engine" / "code.py", "1", "2")
    assert new_process().get("rubric", [source], lambda: "edited") == "edited"
    # A criterion, in a sub-package, shapes its compiled state too.
    _same_size_and_time(package / "engine" / "criteria" / "code.py", "1", "2")
    assert new_process().get("rubric", [source], lambda: "criterion") == "criterion"
    (package / "content" / "added.py").write_text("", encoding="utf-8")
    assert new_process().get("rubric", [source], lambda: "added") == "added"


def test_an_installed_copy_is_known_by_its_record(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """In site-packages the installer's RECORD (hashes of every file) stands for the code:
    one file to read instead of twenty."""
    from ibessay import __version__
    from ibessay.content.cache import _code_digest

    package = _package(tmp_path / "site-packages")
    record = package.parent / f"ibessay-{__version__}.dist-info" / "RECORD"
    record.parent.mkdir()
    record.write_text("ibessay/engine/code.py,sha256=AAAA,11\n", encoding="utf-8")
    installed = _code_digest(str(package))
    assert installed is not None and installed.startswith(b"record ")
    _same_size_and_time(record, "AAAA", "BBBB")  # another build of the same version
    assert _code_digest(str(package)) not in (installed, None)
    record.unlink()  # a source checkout: the files themselves are hashed
    assert _code_digest(str(package)).startswith(b"source ")  # type: ignore[union-attr]


def test_unreadable_code_turns_the_disk_cache_off(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """If the code cannot be identified (a frozen app), nothing is read or written: an
    object built by other code must never be used."""
    import ibessay.content.cache as cache_module

    monkeypatch.setattr(cache_module, "_PACKAGE", str(tmp_path / "nowhere"))
    monkeypatch.setattr(cache_module, "_code", None)
    source = tmp_path / "r.yaml"
    source.write_text("one", encoding="utf-8")
    assert Cache(tmp_path / "c").get("rubric", [source], lambda: "built") == "built"
    assert not (tmp_path / "c").exists()



def _first_event_name() -> str:
    return events_of(rubric_named(Library.default(), "minimal-rubric").rubric)[0].name


def test_the_compiled_rubric_survives_the_cache(tmp_path: Path) -> None:
    from ibessay.engine.check import check_text

    text = (Path(__file__).parent.parent / "rubrics" / "examples" / "sino-soviet-1949-1976"
            / "student-wording.md").read_text(encoding="utf-8")
    fresh = rubric_named(Library.default(), "sino-soviet-1949-1976")
    cache = Cache(tmp_path / "c")
    library = Library(Library.default().roots, cache)
    rubric_named(library, "sino-soviet-1949-1976")  # builds and writes
    stored = rubric_named(Library(Library.default().roots, Cache(tmp_path / "c")),
                          "sino-soviet-1949-1976")  # reads it back
    assert stored.rubric == fresh.rubric
    assert stored.states == fresh.states
    assert check_text(text, stored).to_dict() == check_text(text, fresh).to_dict()
    assert check_text(text, stored).corrections == {"kruschev": "khrushchev",
                                                    "krushchev": "khrushchev"}


@pytest.mark.parametrize("xdg", [None, "/tmp/xdg-cache", "relative/ignored", ""])
def test_the_cache_folder_is_where_platformdirs_puts_it(monkeypatch: pytest.MonkeyPatch,
                                                        xdg: str | None) -> None:
    import platformdirs

    from ibessay.content.cache import user_cache_dir

    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert user_cache_dir() == Path(platformdirs.user_cache_dir("ibessay", appauthor=False))


# -- a cache that cannot lie ---------------------------------------------------------------


def test_a_same_size_same_time_edit_is_seen_by_the_next_check(tmp_path: Path) -> None:
    rubric = tmp_path / "minimal-rubric.yaml"
    shutil.copy(DATA / "minimal-rubric.yaml", rubric)
    draft = tmp_path / "draft.md"
    draft.write_text("Event A came in 1905.\n", encoding="utf-8")
    env = {"IBESSAY_CACHE_DIR": str(tmp_path / "cache")}

    def event_date() -> str:
        result = run("check", str(draft), "--rubric", str(rubric), "-f", "json", env=env)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["events"][0]["date"]  # type: ignore[no-any-return]

    assert event_date() == "1905"
    assert list((tmp_path / "cache").glob("rubric-*"))  # the next check reads the cache
    _same_size_and_time(rubric, "date: 1905", "date: 1906")
    assert event_date() == "1906"


def test_a_moved_rubric_is_loaded_from_its_new_place(tmp_path: Path) -> None:
    """Entries are per path (a rubric records where it lives, for error messages)."""
    old, new = tmp_path / "old" / "rubrics", tmp_path / "new" / "rubrics"
    old.mkdir(parents=True)
    shutil.copy(DATA / "minimal-rubric.yaml", old)
    first = rubric_named(Library([old.parent], Cache(tmp_path / "c")), "minimal-rubric")
    assert first.rubric.path == str(old / "minimal-rubric.yaml")
    new.parent.mkdir()
    os.rename(old, new)
    moved = rubric_named(Library([new.parent], Cache(tmp_path / "c")), "minimal-rubric").rubric
    assert moved.path == str(new / "minimal-rubric.yaml")
    assert events_of(moved)[0].name == "Event A"


# -- a cache that cannot crash -------------------------------------------------------------

FLIP_SEED = 8
FLIPS = 200
HEAD_BYTES = 32  # the header (28 bytes) and the start of the payload: every bit flipped
# Runs in a child process, because marshal on damaged bytes may kill the interpreter.
# Without a checksum, most flips do not even raise: 170 of 200 loaded a different value.
FLIP_CHILD = """
import json, random, sys
from pathlib import Path
from ibessay.content.cache import Cache

entry, source = Path(sys.argv[1]), Path(sys.argv[2])
seed, flips, head = map(int, sys.argv[3:6])
original = entry.read_bytes()

def rebuilt():
    raise LookupError

stored = Cache(entry.parent).get("rubric", [source], rebuilt)  # the intact entry
rng = random.Random(seed)
bits = [*range(head * 8), *(rng.randrange(len(original) * 8) for _ in range(flips))]
outcome = {"flips": len(bits), "rejected": 0, "same": 0, "different": []}
for bit in bits:
    damaged = bytearray(original)
    damaged[bit // 8] ^= 1 << (bit % 8)
    entry.write_bytes(damaged)
    try:
        value = Cache(entry.parent).get("rubric", [source], rebuilt)
    except LookupError:
        outcome["rejected"] += 1
        continue
    if value == stored:
        outcome["same"] += 1
    else:
        outcome["different"].append(bit)
entry.write_bytes(original)
print(json.dumps(outcome))
"""


def _check(cache: Path) -> subprocess.CompletedProcess[str]:
    return run("check", str(EXAMPLES / "exemplar.md"), "--prompt", PROMPT, "--format", "json",
               env={"IBESSAY_CACHE_DIR": str(cache)})


def _fresh_report(cache: Path) -> tuple[str, Path]:
    """The JSON report with an empty cache, and the rubric's cache file it leaves."""
    fresh = _check(cache)
    assert fresh.returncode == 0, fresh.stderr
    (entry,) = cache.glob("rubric-*")
    return fresh.stdout, entry


def test_flipped_bits_are_never_trusted(tmp_path: Path) -> None:
    _, entry = _fresh_report(tmp_path / "cache")
    source = Library.default().rubric_path(PROMPT)
    child = subprocess.run(
        [sys.executable, "-c", FLIP_CHILD, str(entry), str(source), *map(str, (
            FLIP_SEED, FLIPS, HEAD_BYTES))],
        capture_output=True, text=True, timeout=300,
    )
    assert child.returncode == 0, f"the reader crashed ({child.returncode}): {child.stderr}"
    outcome = json.loads(child.stdout)
    assert outcome["different"] == [], "a damaged entry was used"
    assert outcome["rejected"] + outcome["same"] == outcome["flips"] == FLIPS + HEAD_BYTES * 8


def test_flipped_bits_never_change_a_check(tmp_path: Path) -> None:
    """Through the real command (fewer: each run rebuilds, ~0.3 s): exit 0, no signal,
    the report of a fresh cache, and the damaged entry replaced."""
    expected, entry = _fresh_report(tmp_path / "cache")
    original = entry.read_bytes()
    rng = random.Random(FLIP_SEED)
    for _ in range(12):
        bit = rng.randrange(len(original) * 8)
        damaged = bytearray(original)
        damaged[bit // 8] ^= 1 << (bit % 8)
        entry.write_bytes(damaged)
        result = _check(tmp_path / "cache")
        assert (result.returncode, result.stdout) == (0, expected), (bit, result.stderr)
        assert entry.read_bytes() != damaged, bit  # rebuilt, so the next check is fast


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_place_of_a_cache_file_does_not_hang(tmp_path: Path) -> None:
    expected, entry = _fresh_report(tmp_path / "cache")
    entry.unlink()
    os.mkfifo(entry)
    result = _check(tmp_path / "cache")  # run() times out (and fails) if it blocks
    assert (result.returncode, result.stdout) == (0, expected), result.stderr
    assert stat.S_ISREG(entry.lstat().st_mode)  # rebuilt in its place


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="links are followed on Windows")
def test_a_link_in_place_of_a_cache_file_is_not_followed(tmp_path: Path) -> None:
    """Not even to a valid entry: whoever made the link chose what we would read."""
    source = tmp_path / "r.yaml"
    source.write_text("one", encoding="utf-8")
    builds = []

    def build() -> str:
        builds.append(1)
        return "built"

    assert Cache(tmp_path / "c").get("rubric", [source], build) == "built"
    (entry,) = (tmp_path / "c").iterdir()
    elsewhere = tmp_path / "elsewhere.marshal"
    os.rename(entry, elsewhere)
    entry.symlink_to(elsewhere)
    assert Cache(tmp_path / "c").get("rubric", [source], build) == "built"
    assert len(builds) == 2  # rebuilt, not read through the link
    assert not entry.is_symlink() and elsewhere.exists()  # the link was replaced, not written


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_link_to_a_device_is_not_followed(tmp_path: Path) -> None:
    expected, entry = _fresh_report(tmp_path / "cache")
    entry.unlink()
    entry.symlink_to("/dev/zero")
    result = _check(tmp_path / "cache")
    assert (result.returncode, result.stdout) == (0, expected), result.stderr


def test_a_linked_cache_folder_is_used(tmp_path: Path) -> None:
    """Linking the whole folder elsewhere is the user's choice, not an attack."""
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    source = tmp_path / "r.yaml"
    source.write_text("one", encoding="utf-8")
    assert Cache(tmp_path / "link").get("rubric", [source], lambda: "built") == "built"
    assert Cache(tmp_path / "link").get("rubric", [source], lambda: "again") == "built"


def test_a_cache_file_over_the_limit_is_not_read(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import ibessay.content.cache as cache_module

    source = tmp_path / "r.yaml"
    source.write_text("one", encoding="utf-8")
    assert Cache(tmp_path / "c").get("rubric", [source], lambda: "x" * 5000) == "x" * 5000
    monkeypatch.setattr(cache_module, "MAX_FILE_BYTES", 4096)  # the entry is just over it
    assert Cache(tmp_path / "c").get("rubric", [source], lambda: "rebuilt") == "rebuilt"


def test_a_huge_cache_file_is_skipped_without_reading_it(tmp_path: Path) -> None:
    from ibessay.content.cache import MAX_FILE_BYTES

    source = tmp_path / "r.yaml"
    source.write_text("one", encoding="utf-8")
    Cache(tmp_path / "c").get("rubric", [source], lambda: "one")
    (entry,) = (tmp_path / "c").iterdir()
    with open(entry, "r+b") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk space, but 64 MB if read
    assert Cache(tmp_path / "c").get("rubric", [source], lambda: "rebuilt") == "rebuilt"


def test_a_foreign_file_is_rebuilt(tmp_path: Path) -> None:
    """A file of another program, or another format, under our name (magic string)."""
    source = tmp_path / "r.yaml"
    source.write_text("one", encoding="utf-8")
    Cache(tmp_path / "c").get("rubric", [source], lambda: "one")
    (entry,) = (tmp_path / "c").iterdir()
    entry.write_bytes(b"ibessay cache 2\n" + entry.read_bytes()[16:])
    assert Cache(tmp_path / "c").get("rubric", [source], lambda: "rebuilt") == "rebuilt"
