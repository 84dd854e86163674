"""``ibessay check`` on a class set, through the installed command as a teacher runs it:
a folder of drafts, one --prompt, a report to a file, a bad file that is a row, a roster,
exit codes, and Ctrl-C in the middle of a parallel check."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, PROMPT, assert_clean_error, ibessay_command, run

DRAFTS = sorted(p for p in EXAMPLES.glob("*.md") if p.name != "README.md")


def _class(folder: Path, copies: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(copies):
        for draft in DRAFTS:
            paths.append(folder / f"{draft.stem}-{n}.md")
            shutil.copyfile(draft, paths[-1])
    return paths


def _json(result: subprocess.CompletedProcess[str]) -> dict:  # type: ignore[type-arg]
    return json.loads(result.stdout)


def test_a_folder_is_a_row_per_draft_and_the_class_picture(tmp_path: Path) -> None:
    paths = _class(tmp_path / "drafts")
    result = run("check", str(tmp_path / "drafts"), "--prompt", PROMPT, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = _json(result)
    assert report["kind"] == "class-set" and report["prompt"] == PROMPT
    assert [d["file"] for d in report["drafts"]] == [str(p) for p in paths]
    assert [d["student"] for d in report["drafts"]] == [p.stem for p in paths]
    single = json.loads(run("check", str(paths[0]), "-p", PROMPT, "-f", "json").stdout)
    assert report["drafts"][0]["score"] == single["score"]
    assert report["class"]["drafts"] == len(paths) == report["class"]["checked"]


def test_a_bad_file_is_a_row_and_the_exit_status_says_so(tmp_path: Path) -> None:
    _class(tmp_path)
    (tmp_path / "zz-word.docx").write_bytes(b"PK\x03\x04\x00")
    (tmp_path / "zz-empty.md").write_text("")
    result = run("check", str(tmp_path), "-p", PROMPT, "-f", "json")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("ibessay: 2 of 8 drafts could not be checked: ")
    rows = {Path(d["file"]).name: d for d in _json(result)["drafts"]}
    assert not rows["zz-word.docx"]["checked"] and "not text" in rows["zz-word.docx"]["error"]
    assert "empty" in rows["zz-empty.md"]["error"]
    assert sum(d["checked"] for d in rows.values()) == 6


def test_several_files_and_a_quoted_glob(tmp_path: Path) -> None:
    a, b, *_ = _class(tmp_path)
    result = run("check", str(b), str(tmp_path / "*-0.md"), "-p", PROMPT, "-f", "json")
    files = [d["file"] for d in _json(result)["drafts"]]
    assert files[0] == str(b) and len(files) == len(DRAFTS) and str(a) in files


def test_the_report_goes_to_a_file_never_over_a_draft_nor_an_old_report(
        tmp_path: Path) -> None:
    paths = _class(tmp_path / "drafts")
    out = tmp_path / "class.json"
    made = run("check", str(tmp_path / "drafts"), "-p", PROMPT, "-f", "json", "-o", str(out))
    assert made.returncode == 0, made.stderr
    assert made.stdout == f"wrote {out}: {len(paths)} drafts\n"
    assert json.loads(out.read_text())["class"]["drafts"] == len(paths)
    again = run("check", str(tmp_path / "drafts"), "-p", PROMPT, "-f", "json", "-o", str(out))
    assert_clean_error(again, "already exists", "--force")
    forced = run("check", str(paths[0]), "-p", PROMPT, "-f", "json", "-o", str(out), "--force")
    assert forced.returncode == 0 and json.loads(out.read_text())["words"]  # a single report
    draft = paths[1].read_bytes()
    over = run("check", str(tmp_path / "drafts"), "-p", PROMPT, "-f", "json", "-o",
               str(paths[1]), "--force")
    assert_clean_error(over, "is one of the drafts being checked")
    assert paths[1].read_bytes() == draft
    assert_clean_error(run("check", str(tmp_path / "drafts"), "-p", PROMPT, "-f", "json",
                           "-o", str(tmp_path / "nowhere" / "r.json")), "does not exist")
    assert_clean_error(run("check", str(tmp_path / "drafts"), "-p", PROMPT, "-f", "json",
                           "-o", str(tmp_path)), "is a folder")


def test_a_roster_names_the_students_and_who_handed_in_nothing(tmp_path: Path) -> None:
    paths = _class(tmp_path / "drafts")
    roster = tmp_path / "roster.csv"
    roster.write_text(f"student,file\nAda Lovelace,{paths[0].name}\nNo Show,absent.md\n")
    result = run("check", str(tmp_path / "drafts"), "-p", PROMPT, "-f", "json",
                 "--roster", str(roster))
    report = _json(result)
    assert report["drafts"][0]["student"] == "Ada Lovelace"
    assert report["drafts"][1]["student"] == paths[1].stem
    assert report["without_drafts"] == ["No Show"]
    roster.write_text("student,file\nAda,a.md\nBob,a.md\n")
    assert_clean_error(run("check", str(tmp_path / "drafts"), "-p", PROMPT, "--roster",
                           str(roster)), f"{roster}:3: 'a.md' is given to two students")
    # Excel's CSV on a Western Windows is Windows-1252: read, names as written.
    roster.write_bytes(f"student;file\nZoë Müller;{paths[0].name}\n".encode("cp1252"))
    report = _json(run("check", str(tmp_path / "drafts"), "-p", PROMPT, "-f", "json",
                       "--roster", str(roster)))
    assert report["drafts"][0]["student"] == "Zoë Müller"
    roster.write_bytes(f"student,file\nПетров,{paths[0].name}\n".encode("cp1251"))
    assert_clean_error(run("check", str(tmp_path / "drafts"), "-p", PROMPT, "--roster",
                           str(roster)), f"cannot read roster '{roster}': it is not UTF-8")


@pytest.mark.parametrize("extra, fragment", [
    (["--format", "line"], "--format line is for one draft"),
    (["--brief"], "--brief is for one draft"),
    (["--explain"], "--explain is for one draft"),
    (["-"], "'-' (stdin) is one draft"),
])
def test_what_only_one_draft_can_have(tmp_path: Path, extra: list[str], fragment: str) -> None:
    _class(tmp_path)
    assert_clean_error(run("check", str(tmp_path), "-p", PROMPT, *extra), fragment)


def test_a_class_set_needs_its_prompt_and_an_unknown_one_suggests(tmp_path: Path) -> None:
    _class(tmp_path)
    assert_clean_error(run("check", str(tmp_path)), "which prompt are these drafts for?")
    assert_clean_error(run("check", str(tmp_path), "-p", "sino-soviet-1949-1967"),
                       "sino-soviet-1949-1976")


def test_fail_under_names_who_is_below(tmp_path: Path) -> None:
    _class(tmp_path)
    result = run("check", str(tmp_path), "-p", PROMPT, "-f", "json", "--fail-under", "60")
    assert result.returncode == 1
    below = [d["student"] for d in _json(result)["drafts"] if d["score"] < 60]
    assert below and result.stderr == (
        f"ibessay: {len(below)} draft{'s' if len(below) > 1 else ''} score below "
        f"--fail-under 60: {', '.join(below)}\n")


def test_ctrl_c_stops_every_process_quietly(tmp_path: Path) -> None:
    """SIGINT to the whole process group, as a terminal sends it: the parent says
    'interrupted' once, no worker prints a traceback, and no process is left behind."""
    _class(tmp_path / "drafts", copies=150)  # 900 drafts: about a second of work
    out = tmp_path / "r.json"
    process = subprocess.Popen(
        [*ibessay_command(), "check", str(tmp_path / "drafts"), "-p", PROMPT, "-f", "json",
         "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    time.sleep(0.8)  # past start-up: the workers are checking
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the set was checked before the signal came (a fast machine)")
    assert process.returncode == 130, stderr
    assert stderr == "ibessay: interrupted\n" and stdout == ""
    assert not out.exists()
    _assert_no_process_left(process.pid)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_workers_die_with_their_parent(tmp_path: Path, signum: int) -> None:
    """The parent alone killed (a closed session, the OOM killer): its workers must not
    wait for ever for work."""
    _class(tmp_path / "drafts", copies=150)
    process = subprocess.Popen(
        [*ibessay_command(), "check", str(tmp_path / "drafts"), "-p", PROMPT, "-f", "json",
         "-o", str(tmp_path / "r.json")], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(0.8)
    process.send_signal(signum)
    process.wait(timeout=60)
    _assert_no_process_left(process.pid)


def _assert_no_process_left(group: int) -> None:
    deadline = time.monotonic() + 10
    while True:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        if time.monotonic() > deadline:
            os.killpg(group, signal.SIGKILL)
            pytest.fail("a worker outlived its parent")
        time.sleep(0.1)


def test_a_long_set_shows_progress_on_a_terminal_and_keeps_stdout_clean(
        tmp_path: Path) -> None:
    """stderr a terminal (a pty), stdout a pipe: the bar goes to the terminal only."""
    import pty

    _class(tmp_path / "drafts", copies=40)  # 240 drafts: over PROGRESS_FROM
    primary, secondary = pty.openpty()
    try:
        process = subprocess.Popen(
            [*ibessay_command(), "check", str(tmp_path / "drafts"), "-p", PROMPT, "-f",
             "json"], stdout=subprocess.PIPE, stderr=secondary, env={**os.environ,
                                                                     "COLUMNS": "80"})
        os.close(secondary)
        stdout, _ = process.communicate(timeout=120)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(primary)
    assert process.returncode == 0
    assert json.loads(stdout)["class"]["drafts"] == 240
    assert b"checking" in shown and b"240/240" in shown


def test_two_teachers_writing_one_report_leave_a_whole_one(tmp_path: Path) -> None:
    _class(tmp_path / "drafts", copies=5)
    out = tmp_path / "r.json"
    args = [*ibessay_command(), "check", str(tmp_path / "drafts"), "-p", PROMPT, "-f", "json",
            "-o", str(out), "--force"]
    both = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)]
    assert [p.wait(timeout=120) for p in both] == [0, 0]
    assert json.loads(out.read_text())["class"]["drafts"] == 30
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drafts", "r.json"]  # no temp


@pytest.mark.parametrize("extra, message, hint", [
    (["--columns", "chars"], "ibessay: error: --columns is for one draft, not a class set",
     "hint: check one student's draft with it: ibessay check FILE --prompt ID --columns"),
    (["--roster", "nowhere.csv"], "ibessay: error: roster 'nowhere.csv' not found",
     "hint: check the path"),
])
def test_class_set_errors_word_for_word(tmp_path: Path, extra: list[str], message: str,
                                        hint: str) -> None:
    _class(tmp_path)
    result = run("check", str(tmp_path), "-p", PROMPT, *extra, cwd=tmp_path)
    assert result.returncode == 2 and result.stderr == f"{message}\n{hint}\n"


def test_jobs_is_for_a_class_set() -> None:
    result = run("check", str(DRAFTS[0]), "-p", PROMPT, "--jobs", "2")
    assert result.returncode == 2 and result.stderr == (
        "ibessay: error: --jobs is for a class set (several drafts or a folder)\n"
        "hint: leave it out when checking one draft\n")


def test_html_to_a_terminal_asks_for_a_file(tmp_path: Path) -> None:
    """An HTML page printed over a terminal is 7 MB of markup: ask for -o instead."""
    import pty

    _class(tmp_path)
    primary, secondary = pty.openpty()
    try:
        result = subprocess.run([*ibessay_command(), "check", str(tmp_path), "-p", PROMPT,
                                 "-f", "html"], stdout=secondary, stderr=subprocess.PIPE,
                                text=True, timeout=60)
    finally:
        os.close(secondary)
        os.close(primary)
    assert result.returncode == 2 and result.stderr == (
        "ibessay: error: an HTML report is a file to open or print\n"
        "hint: add -o report.html\n")


def test_a_roster_too_large_is_refused(tmp_path: Path) -> None:
    from ibessay.classset.roster import read_roster
    from ibessay.errors import IbessayError

    roster = tmp_path / "r.csv"
    roster.write_text("a.md,Ann\n" + "," * 1_000_001)
    with pytest.raises(IbessayError, match=r"roster '.*r\.csv' is larger than 1 MB"):
        read_roster(str(roster))


def test_a_report_that_cannot_be_written_says_why(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from ibessay import atomic
    from ibessay.cli.reports import write_report
    from ibessay.errors import IbessayError

    def denied(*_: object, **__: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic, "write_atomic", denied)
    with pytest.raises(IbessayError) as caught:
        write_report(str(tmp_path / "r.csv"), lambda out: out.write("x"), force=False)
    assert str(caught.value) == (f"cannot write '{tmp_path / 'r.csv'}': permission denied\n"
                                 "hint: check the folder's permissions, or write the report "
                                 "elsewhere")


@pytest.mark.skipif(os.name == "nt", reason="a file name is Unicode on Windows")
@pytest.mark.parametrize("fmt", ["json", "csv", "rich", "markdown", "html"])
def test_a_file_name_that_is_not_utf8_is_written_to_a_report_file(tmp_path: Path,
                                                                  fmt: str) -> None:
    """A draft unzipped from another system's archive may be named in bytes that are not
    UTF-8 ("Zo\\xeb.md" in Latin-1): Python reads such a byte as a lone surrogate, which a
    report file, in UTF-8, could not hold; every format failed with an internal error."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    shutil.copyfile(DRAFTS[0], os.path.join(os.fsencode(folder), b"Zo\xeb.md"))
    out = tmp_path / f"report.{fmt}"
    result = run("check", str(folder), "-p", PROMPT, "-f", fmt, "-o", str(out))
    assert result.returncode in (0, 1), result.stderr
    assert "udceb" in out.read_text(encoding="utf-8")  # the byte, escaped ("Zo\\udceb")
    assert sorted(os.listdir(tmp_path)) == ["drafts", out.name]
