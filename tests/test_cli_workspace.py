"""outline, draft, open, drafts and config through the installed command."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import (
    EXAMPLES,
    FAKE_EDITOR,
    PROMPT,
    assert_clean_error,
    editor_program,
    on_screen,
    opened,
    plan,
    run,
)


def opened_files(home: Path) -> list[str]:
    return [args[-1] for args in opened(home)]


def test_outline_then_draft_in_the_editor(home: Path) -> None:
    plan(home, {"append": "- thesis: from alliance to enmity\n"}, {"append": "Essay text.\n"})
    first = run("outline", PROMPT)
    assert first.returncode == 0, first.stderr
    [outline] = opened_files(home)
    assert outline.endswith(f"-{PROMPT}/outline.md")
    assert f"saved in {outline}" in first.stderr
    second = run("draft", PROMPT)
    assert second.returncode == 0, second.stderr
    draft = Path(opened_files(home)[1])
    assert draft.parent == Path(outline).parent and draft.name == "draft.md"
    text = draft.read_text()
    assert "from alliance to enmity" in text and text.endswith("Essay text.\n")


def test_an_existing_file_is_opened_never_overwritten(home: Path) -> None:
    plan(home, {"append": "mine\n"}, {})
    run("outline", PROMPT)
    outline = Path(opened_files(home)[0])
    before = outline.read_text()
    again = run("outline", PROMPT)
    # Nothing was saved: "saved" after "the file is unchanged" was a contradiction.
    assert again.returncode == 0 and f"unchanged: {outline}" in again.stderr
    assert "saved" not in again.stderr
    assert outline.read_text() == before


def test_force_starts_afresh_and_keeps_a_snapshot(home: Path) -> None:
    plan(home, {"append": "my first plan\n"}, {})
    run("outline", PROMPT)
    outline = Path(opened_files(home)[0])
    result = run("outline", PROMPT, "--force")
    assert result.returncode == 0, result.stderr
    assert "my first plan" not in outline.read_text()
    kept = [p.read_text() for p in (outline.parent / "snapshots").iterdir()]
    assert any(k.endswith("my first plan\n") for k in kept)


def test_no_open_prints_the_path_for_scripts(home: Path) -> None:
    result = run("draft", PROMPT, "--no-open")
    path = Path(result.stdout.strip())
    assert path.name == "draft.md" and path.is_file() and opened_files(home) == []


def test_drafts_lists_attempts_and_open_reopens_one(home: Path) -> None:
    plan(home, {"append": "Mao and Stalin signed the treaty in 1950.\n"}, {"append": "More.\n"})
    run("draft", PROMPT)
    table = run("drafts")
    assert table.returncode == 0
    name = Path(opened_files(home)[0]).parent.name
    assert name in table.stdout and "open" in table.stdout and " 8 " in table.stdout
    rows = json.loads(run("drafts", "--format", "json").stdout)
    assert rows[0]["attempt"] == name and rows[0]["words"] == [8]
    assert rows[0]["prompts"] == [PROMPT] and rows[0]["status"] == "open"
    reopened = run("open", "last")
    assert reopened.returncode == 0, reopened.stderr
    assert Path(opened_files(home)[1]).read_text().endswith("More.\n")


def test_open_errors(home: Path) -> None:
    assert_clean_error(run("open", "last"), "no attempts yet", "ibessay practice")
    run("draft", PROMPT, "--no-open")
    assert_clean_error(run("open", "2026-01-01-nothing"), "no attempt '2026-01-01-nothing'",
                       f"known: {date.today():%Y-%m-%d}-{PROMPT}")
    name = f"{date.today():%Y-%m-%d}-{PROMPT}"
    assert_clean_error(run("open", "last", "--outline"), "has no outline yet",
                       f"open its draft with 'ibessay open {name}'")
    essay_2 = run("open", "last", "--essay", "2")
    assert_clean_error(essay_2, f"attempt '{name}' has one essay, not 2", "leave out --essay")
    assert "1 to 1" not in essay_2.stderr


def test_an_editor_that_fails_is_exit_2_and_the_file_is_kept(home: Path) -> None:
    plan(home, {"append": "half a sentence", "exit": 2})
    result = run("draft", PROMPT)
    assert_clean_error(result, "exited with status 2; your file is kept at")
    draft = Path(opened_files(home)[0])
    assert draft.read_text().endswith("half a sentence")


def test_a_gui_editor_that_does_not_wait_gets_advice(home: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # Like VS Code without --wait: returns at once.
    editor_program(tmp_path, monkeypatch, "code", "exit 0", "code")
    result = run("outline", PROMPT)
    assert result.returncode == 0
    assert "returned at once" in result.stderr and "'code --wait'" in result.stderr


def test_missing_editor_names_the_variables(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "/nowhere/editor")
    assert_clean_error(run("outline", PROMPT), "editor '/nowhere/editor' (from $EDITOR) was "
                       "not found", "set VISUAL or EDITOR")


def test_config_sets_the_editor_used_when_the_variables_are_unset(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = run("config", "editor", f'"{sys.executable}" "{FAKE_EDITOR}"')
    assert saved.returncode == 0 and "saved editor" in saved.stderr
    assert run("config", "editor").stdout.strip() == f'"{sys.executable}" "{FAKE_EDITOR}"'
    monkeypatch.delenv("EDITOR")
    plan(home, {"append": "via the setting\n"})
    assert run("outline", PROMPT).returncode == 0
    assert opened_files(home)[0].endswith("outline.md")
    assert_clean_error(run("config", "editr", "vim"), "unknown setting 'editr'",
                       "did you mean 'editor'")


def test_a_broken_settings_file_is_named_with_its_line(home: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    home.mkdir(parents=True)
    (home / "config.yaml").write_text("editor: [vim\n")
    monkeypatch.delenv("EDITOR")
    assert_clean_error(run("outline", PROMPT), f"{home / 'config.yaml'}:2:1:")


def test_a_workspace_that_cannot_be_used(home: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert_clean_error(run("draft", PROMPT, "--no-open", "--workspace", str(blocker)),
                       "the workspace", "--workspace")
    assert_clean_error(run("drafts", "--workspace", str(blocker)),
                       "cannot read the workspace")


def test_an_editor_that_cannot_be_run(home: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_program = tmp_path / "notes.txt"
    not_a_program.write_text("not a program")
    monkeypatch.setenv("EDITOR", str(not_a_program))
    assert_clean_error(run("outline", PROMPT),
                       f"editor '{not_a_program}' (from $EDITOR) cannot be run: permission "
                       "denied", "set VISUAL or EDITOR")


def test_a_settings_file_that_is_not_a_mapping(home: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    home.mkdir(parents=True)
    (home / "config.yaml").write_text("- vim\n")
    monkeypatch.delenv("EDITOR")
    assert_clean_error(run("outline", PROMPT),
                       f"{home / 'config.yaml'}:1:1: the settings file must be a mapping",
                       "editor: code --wait")


def test_drafts_format_must_be_known(home: Path) -> None:
    assert_clean_error(run("drafts", "--format", "xml"), "unknown format 'xml'",
                       "--format table or --format json")


def test_resume_names_the_right_command(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = run("draft", PROMPT, "--no-open")
    untimed = Path(made.stdout.strip()).parent.name
    assert_clean_error(run("practice", "--resume", untimed),
                       f"'{untimed}' is not a timed practice attempt",
                       f"open it with 'ibessay open {untimed}'")
    monkeypatch.setenv("IBESSAY_CONTENT_PATH", str(Path(__file__).parent / "data" / "content"))
    plan(home, {})
    exam = run("exam", "--reading", "0", "--minutes", "1", stdin=b"f\n")
    assert exam.returncode == 0, exam.stderr
    name = f"{date.today():%Y-%m-%d}-exam"
    assert_clean_error(run("practice", "--resume", name),
                       f"'{name}' is not a timed practice attempt",
                       f"resume it with 'ibessay exam --resume {name}'")


def test_open_a_mock_exams_second_essay(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IBESSAY_CONTENT_PATH", str(Path(__file__).parent / "data" / "content"))
    plan(home, {}, {"append": "one"}, {}, {"append": "two"})
    assert run("exam", "--reading", "0", "--minutes", "1", stdin=b"\n\n\nf\n").returncode == 0
    second = run("open", "exam", "--essay", "2", "--no-open")
    assert second.returncode == 0, second.stderr
    assert Path(second.stdout.strip()).name == "essay2-draft.md"
    assert Path(second.stdout.strip()).read_text().endswith("two")


def test_names_with_markup_in_them_are_shown_as_they_are(home: Path, tmp_path: Path) -> None:
    workspace = "ws[/i]"  # a folder "ws[" holding "i]"
    made = run("outline", PROMPT, "--no-open", "--workspace", workspace, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    outline = tmp_path / made.stdout.strip()
    assert made.stdout.startswith("ws[/i]/") and outline.is_file()
    renamed = outline.parent.with_name(f"[bold]{outline.parent.name}:fire:")
    outline.parent.rename(renamed)  # a student's own name for the folder

    table = run("drafts", "--workspace", workspace, cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    shown = on_screen(table.stdout)
    assert f"{renamed.name} │ open" in shown and "1 attempt(s) in ws[/i]." in shown
    reopened = run("open", renamed.name, "--outline", "--no-open", "--workspace", workspace,
                   cwd=tmp_path)
    assert reopened.stdout.strip() == f"ws[/i]/{renamed.name}/outline.md"


def test_config_lists_the_settings_and_where_they_live(home: Path) -> None:
    run("config", "editor", "nano")
    shown = run("config")
    assert shown.returncode == 0
    assert f"# {home / 'config.yaml'}" in shown.stdout
    assert "editor: nano" in shown.stdout and f"# data folder: {home}" in shown.stdout
    removed = run("config", "editor", "--unset")
    assert removed.returncode == 0 and "removed editor" in removed.stderr
    unset = run("config", "editor")
    # Not a blank line: nothing on stdout (for scripts), and on stderr what runs instead.
    assert unset.returncode == 0 and unset.stdout == ""
    assert unset.stderr.startswith("editor is not set; the editor that runs: ")


def test_open_says_the_words_and_score_after_editing(home: Path) -> None:
    essay = (EXAMPLES / "exemplar.md").read_text(encoding="utf-8")
    plan(home, {"write": essay}, {"append": "\nOne more sentence.\n"}, {})
    drafted = run("draft", PROMPT)
    assert drafted.returncode == 0, drafted.stderr
    expected = json.loads(run("check", str(EXAMPLES / "exemplar.md"), "-p", PROMPT,
                              "-f", "json").stdout)
    assert f"{expected['words']} words · score {expected['score']}/100" in drafted.stderr
    reopened = run("open", "last")
    assert reopened.returncode == 0, reopened.stderr
    assert "saved in" in reopened.stderr
    assert f"{expected['words'] + 3} words · score " in reopened.stderr
    assert "ibessay check " in reopened.stderr
    outline = run("open", "last", "--outline")  # no outline: the draft's hint
    assert outline.returncode == 2
    untouched = run("open", "last")
    assert "unchanged: " in untouched.stderr and " words · score " in untouched.stderr


def test_open_on_an_outline_gives_no_score(home: Path) -> None:
    plan(home, {"append": "- thesis\n"}, {"append": "- more\n"})
    run("outline", PROMPT)
    result = run("open", "last", "--outline")
    assert result.returncode == 0, result.stderr
    assert "saved in" in result.stderr and "score" not in result.stderr


def test_config_says_which_editor_runs_and_why(home: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    shown = run("config")
    assert shown.returncode == 0, shown.stderr
    assert f"# the editor that runs: \"{sys.executable}\" \"{FAKE_EDITOR}\", from $EDITOR " \
        f"(found at {sys.executable})" in shown.stdout
    monkeypatch.setenv("VISUAL", "no-such-editor-anywhere --wait")
    run("config", "editor", "nano")
    shown = run("config")
    assert ("# the editor that runs: no-such-editor-anywhere --wait, from $VISUAL (NOT FOUND "
            "on PATH: install it, or change $VISUAL); your editor setting 'nano' is not used "
            "while it is set") in shown.stdout
    monkeypatch.delenv("VISUAL")
    monkeypatch.delenv("EDITOR")
    shown = run("config")
    assert "# the editor that runs: nano, from your editor setting (" in shown.stdout
    run("config", "editor", "--unset")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    shown = run("config")
    assert "# the editor that runs: none: VISUAL and EDITOR are not set" in shown.stdout
    assert "editor: (not set)" in shown.stdout
