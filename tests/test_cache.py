"""The compiled-rubric cache: reused while files are unchanged, rebuilt when they change,
and never a reason to fail."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

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


def test_changed_code_rebuilds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An upgrade (or an edit under the same version) must not load an old object."""
    import ibessay.content.cache as cache_module

    code = tmp_path / "matcher.py"
    code.write_text("v1", encoding="utf-8")
    monkeypatch.setattr(cache_module, "_code_paths", lambda: [code])
    monkeypatch.setattr(cache_module, "_code_stats", None)
    source = tmp_path / "r.yaml"
    source.write_text("one", encoding="utf-8")
    assert Cache(tmp_path / "c").get("rubric", [source], lambda: "old") == "old"
    code.write_text("v2, longer", encoding="utf-8")
    monkeypatch.setattr(cache_module, "_code_stats", None)  # a new process
    assert Cache(tmp_path / "c").get("rubric", [source], lambda: "new") == "new"



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
