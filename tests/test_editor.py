"""Finding the student's editor and running it without ever losing the file."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from ibessay.errors import IbessayError
from ibessay.practice import editor
from ibessay.practice.editor import Editor, launch, quick_return_advice, resolve, split_command

FAKE = Path(__file__).parent / "tools" / "fake_editor.py"


def which_only(*found: str):  # type: ignore[no-untyped-def]
    return lambda name: f"/usr/bin/{name}" if name in found else None


def test_visual_wins_over_editor() -> None:
    chosen = resolve({"VISUAL": "code --wait", "EDITOR": "vim"}, setting="nano",
                     which=which_only("code", "vim"))
    assert chosen == Editor(["code", "--wait"], "$VISUAL")


def test_editor_then_the_setting_then_nano_then_vi() -> None:
    which = which_only("vim", "nano", "vi", "subl")
    assert resolve({"EDITOR": "vim"}, setting="subl -w", which=which).argv == ["vim"]
    assert resolve({"VISUAL": "  "}, setting="subl -w", which=which) == Editor(
        ["subl", "-w"], "the ibessay 'editor' setting")
    assert resolve({}, setting="", which=which).argv == ["nano"]
    assert resolve({}, setting="", which=which_only("vi")).argv == ["vi"]
    assert resolve({}, setting="", which=which_only("notepad"), windows=True).argv == ["notepad"]


def test_editors_with_arguments_and_quoted_paths() -> None:
    assert split_command("emacsclient -t") == ["emacsclient", "-t"]
    assert split_command('"/opt/My Editor/edit" --wait') == ["/opt/My Editor/edit", "--wait"]
    assert split_command('"C:\\Program Files\\Sub\\subl.exe" -w', windows=True) == [
        "C:\\Program Files\\Sub\\subl.exe", "-w"]


def test_an_unquoted_path_with_spaces_that_exists_is_one_program(tmp_path: Path) -> None:
    program = tmp_path / "My Editor" / "edit"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    chosen = resolve({"EDITOR": str(program)}, which=lambda _: None)
    assert chosen.argv == [str(program)]


def test_a_missing_editor_names_the_variables_to_set() -> None:
    with pytest.raises(IbessayError) as caught:
        resolve({"EDITOR": "no-such-editor -w"}, which=which_only())
    assert "editor 'no-such-editor' (from $EDITOR) was not found" in caught.value.message
    assert "VISUAL or EDITOR" in str(caught.value.hint)


def test_no_editor_at_all() -> None:
    with pytest.raises(IbessayError) as caught:
        resolve({}, setting="", which=which_only())
    assert "no editor found" in caught.value.message
    assert "export EDITOR=nano" in str(caught.value.hint)


def test_an_unclosed_quote_is_a_clear_error() -> None:
    with pytest.raises(IbessayError, match="cannot read the editor command"):
        split_command('"/opt/edit -w')


@pytest.mark.parametrize(("argv", "here"), [
    (["vim"], True), (["nano"], True), (["/usr/local/bin/nvim"], True),
    (["emacs", "-nw"], True), (["emacs"], False), (["emacsclient", "-t"], True),
    (["code", "--wait"], False), (["subl", "-w"], False), (["my-own-editor"], True),
])
def test_which_editors_take_over_the_terminal(argv: list[str], here: bool) -> None:
    assert Editor(argv, "$EDITOR").in_terminal is here


@pytest.mark.parametrize(("argv", "waits"), [
    (["vim"], True), (["nano"], True), (["emacs", "-nw"], True), (["my-own-editor"], False),
    (["code", "--wait"], False), (["emacs"], False),
])
def test_which_editors_surely_wait(argv: list[str], waits: bool) -> None:
    assert Editor(argv, "$EDITOR").surely_waits is waits


def fake(tmp_path: Path, *actions: dict[str, object]) -> Editor:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(list(actions)))
    os.environ["FAKE_EDITOR_PLAN"] = str(plan)
    return Editor([sys.executable, str(FAKE)], "$EDITOR")


def test_launch_snapshots_first_and_reports_a_change(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_EDITOR_PLAN", "")
    draft = tmp_path / "draft.md"
    draft.write_text("first words\n")
    run = launch(fake(tmp_path, {"append": "more words\n"}), draft)
    assert run.returncode == 0 and run.changed
    assert draft.read_text() == "first words\nmore words\n"
    assert run.snapshot is not None and run.snapshot.read_text() == "first words\n"


def test_a_failing_editor_keeps_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_EDITOR_PLAN", "")
    draft = tmp_path / "draft.md"
    draft.write_text("precious\n")
    run = launch(fake(tmp_path, {"write": "half", "exit": 3}), draft)
    assert run.returncode == 3
    message, hint = editor.failure_message(Editor(["vim"], "$EDITOR"), run, draft)
    assert f"your file is kept at {draft}" in message and str(run.snapshot) in message
    assert run.snapshot is not None and run.snapshot.read_text() == "precious\n"


def test_an_editor_that_returns_at_once_unchanged_did_not_wait(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_EDITOR_PLAN", "")
    draft = tmp_path / "draft.md"
    draft.write_text("x\n")
    assert launch(fake(tmp_path, {}), draft).returned_at_once
    assert not launch(fake(tmp_path, {"append": "y"}), draft).returned_at_once
    advice = quick_return_advice(Editor(["code"], "$EDITOR"))
    assert "'code --wait'" in advice


def test_a_program_that_vanished_is_a_clear_error(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("x\n")
    with pytest.raises(IbessayError, match="was not found"):
        launch(Editor([str(tmp_path / "gone")], "$EDITOR"), draft)
    assert draft.read_text() == "x\n"
