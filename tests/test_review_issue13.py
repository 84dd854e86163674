"""Issue 13 review: class sets as a teacher, a student and an attacker meet them.

Each test is a bug found by using ``ibessay check`` on class sets, through the installed
command where a user would meet it."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, PROMPT, assert_clean_error, ibessay_command, run

EXEMPLAR = EXAMPLES / "exemplar.md"
SHORT = EXAMPLES / "counter-too-short.md"


def _rows(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """file -> student of a class set's JSON report."""
    assert result.returncode == 0, result.stderr
    return {d["file"]: d["student"] for d in json.loads(result.stdout)["drafts"]}


def test_a_markdown_report_in_the_drafts_folder_is_not_a_students_draft(
        tmp_path: Path) -> None:
    """A teacher keeps the report beside the drafts and runs the check again next
    lesson: the report must not be checked as a student's essay, and writing it again
    over itself (--force) must work."""
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    shutil.copyfile(EXEMPLAR, drafts / "li.md")
    shutil.copyfile(SHORT, drafts / "tom.md")
    report = drafts / "report.md"
    first = run("check", str(drafts), "-p", PROMPT, "-f", "markdown", "-o", str(report))
    assert first.returncode == 0, first.stderr
    again = run("check", str(drafts), "-p", PROMPT, "-f", "markdown", "-o", str(report),
                "--force")
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"wrote {report}: 2 drafts\n"
    # An older report under another name, one for the terminal kept as text, and a
    # one-draft report, are not drafts either.
    shutil.copyfile(report, drafts / "report-last-week.md")
    kept = run("check", str(drafts), "-p", PROMPT, "-o", str(drafts / "report.txt"))
    assert kept.returncode == 0, kept.stderr
    single = run("check", str(drafts / "li.md"), "-p", PROMPT, "-f", "markdown", "-o",
                 str(drafts / "li-feedback.md"))
    assert single.returncode == 0, single.stderr
    rows = _rows(run("check", str(drafts), "-p", PROMPT, "-f", "json"))
    assert sorted(Path(f).name for f in rows) == ["li.md", "tom.md"]
    globbed = _rows(run("check", str(drafts / "*.md"), "-p", PROMPT, "-f", "json"))
    assert sorted(Path(f).name for f in globbed) == ["li.md", "tom.md"]


def test_a_readme_in_the_drafts_folder_is_not_a_student(tmp_path: Path) -> None:
    """Instructions left in the folder would be a "student" scoring 1 who pulls down the
    class mean and is listed as short."""
    shutil.copyfile(EXEMPLAR, tmp_path / "li.md")
    (tmp_path / "README.txt").write_text("Hand in your essay by Friday as a .txt file.\n")
    (tmp_path / "readme.md").write_text("Notes for the class.\n")
    rows = _rows(run("check", str(tmp_path), "-p", PROMPT, "-f", "json"))
    assert [Path(f).name for f in rows] == ["li.md"]


@pytest.mark.parametrize("named", ["file", "folder", "glob"])
def test_a_students_draft_is_never_the_report_even_with_force(tmp_path: Path,
                                                               named: str) -> None:
    """What the fix above must keep: -o naming a draft is refused, however the drafts
    were named (a folder or a pattern must not drop the draft from the set, then write
    over it)."""
    draft = tmp_path / "li.md"
    shutil.copyfile(EXEMPLAR, draft)
    shutil.copyfile(SHORT, tmp_path / "tom.md")
    drafts = {"file": [str(draft), str(tmp_path / "tom.md")], "folder": [str(tmp_path)],
              "glob": [str(tmp_path / "*.md")]}[named]
    result = run("check", *drafts, "-p", PROMPT, "-f", "markdown", "-o", str(draft),
                 "--force")
    assert_clean_error(result, "is one of the drafts being checked")
    assert draft.read_bytes() == EXEMPLAR.read_bytes()


def test_a_roster_names_a_file_by_its_folder_when_two_classes_share_a_file_name(
        tmp_path: Path) -> None:
    """Three classes, each with an essay1.md: the roster row '10B/essay1.md' is Léa's.
    It was ignored, and her essay was reported as Chloé's (and Léa as handing in
    nothing)."""
    for group, draft in (("10A", EXEMPLAR), ("10B", SHORT)):
        (tmp_path / "drafts" / group).mkdir(parents=True)
        shutil.copyfile(draft, tmp_path / "drafts" / group / "essay1.md")
    roster = tmp_path / "roster.csv"
    roster.write_text("file,student\n10A/essay1.md,Chloé\n10B\\essay1.md,Léa\n",
                      encoding="utf-8")
    result = run("check", "drafts", "-p", PROMPT, "-f", "json", "--roster", str(roster),
                 cwd=tmp_path)
    assert _rows(result) == {"drafts/10A/essay1.md": "Chloé", "drafts/10B/essay1.md": "Léa"}
    assert json.loads(result.stdout)["without_drafts"] == []


def test_a_roster_row_that_fits_two_drafts_is_an_error_not_a_guess(tmp_path: Path) -> None:
    """'essay1.md,Chloé' with an essay1.md in two classes: one of them is not Chloé's.
    Naming both drafts Chloé hands one student another's report."""
    for group, draft in (("10A", EXEMPLAR), ("10B", SHORT)):
        (tmp_path / group).mkdir()
        shutil.copyfile(draft, tmp_path / group / "essay1.md")
    roster = tmp_path / "roster.csv"
    roster.write_text("file,student\nessay1.md,Chloé\n", encoding="utf-8")
    result = run("check", str(tmp_path / "10A"), str(tmp_path / "10B"), "-p", PROMPT,
                 "-f", "json", "--roster", str(roster))
    assert_clean_error(result, "essay1.md", "two drafts", "10B/essay1.md")


def test_ctrl_c_stops_the_workers_instead_of_letting_them_check_the_rest(
        tmp_path: Path) -> None:
    """Ctrl-C printed 'interrupted' but the process stayed until the workers had checked
    every remaining draft: the pool was let go before it could cancel its queue, and an
    executor gone cancels nothing. Once check_set has raised, no worker may be left."""
    from ibessay.classset import run as classrun
    from ibessay.classset.gather import Submission
    from ibessay.content.library import Library
    from ibessay.engine.compiled import resolve

    prompt, compiled = resolve(Library.default(), PROMPT, None)
    submissions = [Submission(str(EXEMPLAR), f"s{i}") for i in range(40 * classrun.CHUNK)]

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        classrun.check_set(submissions, compiled, prompt, jobs=2, progress=interrupt)
    assert multiprocessing.active_children() == []


def test_a_named_pipe_or_a_device_in_the_folder_is_a_row_not_a_hang(tmp_path: Path) -> None:
    """Telling ibessay's own reports from drafts must not open a named pipe (which
    waits for ever for a writer) nor read a device."""
    shutil.copyfile(EXEMPLAR, tmp_path / "li.md")
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    result = subprocess.run([*ibessay_command(), "check", str(tmp_path), "-p", PROMPT,
                             "-f", "json"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    rows = {Path(d["file"]).name: d for d in json.loads(result.stdout)["drafts"]}
    assert "named pipe" in rows["pipe.md"]["error"]
    assert "zero.md" not in rows  # a link in a folder is not followed
    assert rows["li.md"]["checked"]


def test_a_report_another_run_wrote_meanwhile_is_not_replaced_without_force(
        tmp_path: Path) -> None:
    """Two runs with one -o: both found no file when they began, and the one that
    finished last replaced the other's report without --force. The file is looked for
    again when the report is written."""
    from ibessay.cli.reports import check_output, write_report
    from ibessay.errors import IbessayError

    out = tmp_path / "report.html"
    check_output(str(out), False, inputs=[])
    out.write_text("the other run's report")
    with pytest.raises(IbessayError, match="already exists"):
        write_report(str(out), lambda f: f.write("ours"), force=False)
    assert out.read_text() == "the other run's report"
    write_report(str(out), lambda f: f.write("ours"), force=True)
    assert out.read_text() == "ours"


def test_words_owner_file_of_an_open_document_is_not_a_student(tmp_path: Path) -> None:
    """Word leaves '~$name.docx' beside a document that is open (on a shared drive, for
    everyone): it was a student '~$ssay' whose draft 'could not be checked', and the exit
    status said the set was incomplete."""
    shutil.copyfile(EXEMPLAR, tmp_path / "li.md")
    (tmp_path / "~$ Müller essay.docx").write_bytes(b"\x0bJohn Smith" + b"\x00" * 150)
    result = run("check", str(tmp_path), "-p", PROMPT, "-f", "json")
    assert [Path(f).name for f in _rows(result)] == ["li.md"]
    globbed = run("check", str(tmp_path / "*"), "-p", PROMPT, "-f", "json")
    assert [Path(f).name for f in _rows(globbed)] == ["li.md"]


def test_a_roster_of_word_files_still_names_the_drafts_saved_as_text(tmp_path: Path) -> None:
    """The roster lists what the students handed in (essay_2.docx); the report says to
    save a Word file as .txt, and the teacher does: the row must still name it."""
    shutil.copyfile(EXEMPLAR, tmp_path / "essay_2.txt")
    shutil.copyfile(SHORT, tmp_path / "essay_3.md")
    roster = tmp_path / "roster.csv"
    roster.write_text("file,student\nessay_2.docx,Nguyễn Văn An\nessay_3.md,Tom\n",
                      encoding="utf-8")
    result = run("check", str(tmp_path), "-p", PROMPT, "-f", "json", "--roster", str(roster))
    assert sorted(_rows(result).values()) == ["Nguyễn Văn An", "Tom"]
    assert json.loads(result.stdout)["without_drafts"] == []


def test_a_recursive_pattern_does_not_walk_round_a_symlink_loop(tmp_path: Path) -> None:
    """'drafts/**/*.md' with a link to a parent folder in two classes: glob followed the
    links down every branch to the system's limit of links (2**40 paths: it never
    finished). A pattern's ** walks folders, not links to them."""
    for group, draft in (("10A", EXEMPLAR), ("10B", SHORT)):
        (tmp_path / "drafts" / group).mkdir(parents=True)
        shutil.copyfile(draft, tmp_path / "drafts" / group / f"{group}.md")
        (tmp_path / "drafts" / group / "up").symlink_to("..")
    shutil.copyfile(EXEMPLAR, tmp_path / "drafts" / "top.md")
    result = subprocess.run(
        [*ibessay_command(), "check", "drafts/**/*.md", "-p", PROMPT, "-f", "json"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert sorted(_rows(result)) == ["drafts/10A/10A.md", "drafts/10B/10B.md", "drafts/top.md"]
    one = subprocess.run(
        [*ibessay_command(), "check", "**/10B.md", "-p", PROMPT, "-f", "json"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert sorted(_rows(one)) == ["drafts/10B/10B.md"]


def test_two_students_of_one_file_name_are_told_apart_however_deep(tmp_path: Path) -> None:
    """Drafts downloaded as 10A/submitted/essay.md and 10B/submitted/essay.md were both
    'submitted/essay': two students of one name in the table and on the pages."""
    for group, draft in (("10A", EXEMPLAR), ("10B", SHORT)):
        (tmp_path / group / "submitted").mkdir(parents=True)
        shutil.copyfile(draft, tmp_path / group / "submitted" / "essay.md")
    shutil.copyfile(EXEMPLAR, tmp_path / "10A" / "submitted" / "li.md")
    rows = _rows(run("check", "10A", "10B", "-p", PROMPT, "-f", "json", cwd=tmp_path))
    assert rows == {"10A/submitted/essay.md": "10A/submitted/essay",
                    "10A/submitted/li.md": "li",
                    "10B/submitted/essay.md": "10B/submitted/essay"}


def test_a_roster_typed_in_another_case_still_names_the_draft(tmp_path: Path) -> None:
    """On Windows and macOS 'Essay_2.TXT' and 'essay_2.txt' are one file: a roster typed
    so named nobody, and listed the student as handing in nothing."""
    shutil.copyfile(EXEMPLAR, tmp_path / "essay_2.txt")
    roster = tmp_path / "roster.csv"
    roster.write_text("file,student\nEssay_2.TXT,Ann\n", encoding="utf-8")
    result = run("check", str(tmp_path), "-p", PROMPT, "-f", "json", "--roster", str(roster))
    assert list(_rows(result).values()) == ["Ann"]
    assert json.loads(result.stdout)["without_drafts"] == []


# --- left by the review, mended after it ----------------------------------------------

def test_a_link_in_a_folder_is_not_followed(tmp_path: Path) -> None:
    """A folder of handed-in work with a link to a system file: the file is not read,
    and no word of it can reach the report. Named on the command line, a link is read."""
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    shutil.copyfile(EXEMPLAR, drafts / "li.md")
    secret = tmp_path / "secret.txt"
    secret.write_text("Khrushchev root:x:0:0 1957 Stalin " * 50)
    (drafts / "sneaky.md").symlink_to(secret)
    assert list(_rows(run("check", str(drafts), "-p", PROMPT, "-f", "json"))) == [
        str(drafts / "li.md")]
    named = run("check", str(drafts / "li.md"), str(drafts / "sneaky.md"), "-p", PROMPT,
                "-f", "json")
    assert len(_rows(named)) == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_a_read_only_folder_for_the_report_is_said_before_any_check(tmp_path: Path) -> None:
    shutil.copyfile(EXEMPLAR, tmp_path / "li.md")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert_clean_error(run("check", str(tmp_path / "li.md"), str(tmp_path / "li.md"),
                           "-p", PROMPT, "-f", "csv", "-o", str(locked / "r.csv")),
                       "cannot write in folder")


def test_a_report_folder_the_process_may_not_write_in_is_refused_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same, in-process, where running as root would otherwise allow it."""
    from ibessay.cli import reports
    from ibessay.errors import IbessayError

    monkeypatch.setattr(reports.os, "access", lambda *_: False)
    with pytest.raises(IbessayError, match="cannot write in folder"):
        reports.check_output(str(tmp_path / "r.csv"), False, [])


def test_a_missing_draft_in_a_set_is_not_told_to_use_stdin(tmp_path: Path) -> None:
    shutil.copyfile(EXEMPLAR, tmp_path / "li.md")
    result = run("check", str(tmp_path / "li.md"), str(tmp_path / "gone.md"), "-p", PROMPT,
                 "-f", "json")
    rows = {d["file"]: d for d in json.loads(result.stdout)["drafts"]}
    assert rows[str(tmp_path / "gone.md")]["error"] == f"draft '{tmp_path / 'gone.md'}' not found"


def test_jobs_beyond_the_cores_are_not_started(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from ibessay.classset import run as runner

    started: list[int] = []
    real_pool = runner._pool

    def counting(workers: int, spawn: object) -> object:
        started.append(workers)
        return real_pool(workers, spawn)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "_pool", counting)
    monkeypatch.setattr(runner.os, "cpu_count", lambda: 2)
    for n in range(3):
        shutil.copyfile(EXEMPLAR, tmp_path / f"s{n}.md")
    from ibessay.classset.gather import gather
    from ibessay.content.library import Library
    from ibessay.engine.compiled import resolve

    prompt, compiled = resolve(Library.default(), PROMPT, None)
    paths = [str(tmp_path / f"s{n % 3}.md") for n in range(runner.PARALLEL_FROM * 12)]
    submissions = [s._replace(path=p) for s, p in zip(gather(paths[:1]) * len(paths), paths)]
    runner.check_set(submissions, compiled, prompt, jobs=256)
    assert started == [4]


def test_a_name_misspelt_on_every_line_is_one_short_item() -> None:
    import ibessay

    text = "Mao met Kruschev in Beijing.\n" * 400
    report = ibessay.check(text, prompt=PROMPT)
    item = next(w.message for w in report.work_on() if "Kruschev" in w.message)
    assert item.endswith("on lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 390 more)")
