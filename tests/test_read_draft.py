"""Reading a draft's bytes: sized by the file, whole even if it grew since it was
measured, and never more than one byte past the limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ibessay.content.drafts import MAX_BYTES, _read_up_to_limit, read_draft
from ibessay.errors import IbessayError


def _read(path: Path, size: int) -> bytes:
    fd = os.open(path, os.O_RDONLY)
    try:
        return _read_up_to_limit(fd, size)
    finally:
        os.close(fd)


@pytest.mark.parametrize("size", [0, 10, 99_999, 100_000, 100_001])
def test_the_whole_file_is_read_whatever_size_was_measured(tmp_path: Path, size: int) -> None:
    data = os.urandom(100_000)
    (tmp_path / "d.md").write_bytes(data)
    assert _read(tmp_path / "d.md", size) == data  # grown, shrunk or as measured


def test_a_file_grown_past_the_limit_reads_one_byte_past_it(tmp_path: Path) -> None:
    (tmp_path / "d.md").write_bytes(b"x" * (MAX_BYTES + 70_000))
    assert len(_read(tmp_path / "d.md", 10)) == MAX_BYTES + 1


def test_a_draft_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    text = ("Mao met Khrushchev. " * (MAX_BYTES // 20 + 1))[:MAX_BYTES]
    (tmp_path / "d.md").write_text(text, encoding="utf-8")
    assert read_draft(str(tmp_path / "d.md")).text == text
    (tmp_path / "d.md").write_text(text + "x", encoding="utf-8")
    with pytest.raises(IbessayError, match="is 1.0 MB"):
        read_draft(str(tmp_path / "d.md"))


def test_newlines_are_read_as_written_then_made_unix(tmp_path: Path) -> None:
    (tmp_path / "d.md").write_bytes(b"One.\r\nTwo.\rThree.\n")
    assert read_draft(str(tmp_path / "d.md")).text == "One.\nTwo.\nThree.\n"
