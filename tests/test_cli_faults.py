"""Faults that do not come from the input: a full disk, a bug. In-process, to inject them."""

from __future__ import annotations

import errno

import pytest

from conftest import EXAMPLES, PROMPT
from ibessay import cli
from ibessay.render import machine

ARGS = ["check", str(EXAMPLES / "exemplar.md"), "--prompt", PROMPT, "--format", "json"]


def test_full_disk_is_one_clear_line(monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(machine, "render", full)
    assert cli.main(ARGS) == 2
    err = capsys.readouterr().err
    assert err == ("ibessay: error: the disk is full\n"
                   "hint: free some space, then run the command again\n")


def test_a_bug_is_reported_without_a_traceback(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*_: object, **__: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(machine, "render", broken)
    assert cli.main(ARGS) == 3
    err = capsys.readouterr().err
    assert err.startswith("ibessay: internal error: KeyError: 'boom'\n")
    assert "Traceback" not in err and len(err.splitlines()) == 2


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(machine, "render", broken)
    monkeypatch.setenv("IBESSAY_DEBUG", "1")
    with pytest.raises(KeyError):
        cli.main(ARGS)
