"""Class sets, the core (ibessay.classset): which files a set is, whose each is, checking
them across processes with a bad file as a row, and the class picture. In-process; the
command line is tested in tests/test_cli_classset.py."""

from __future__ import annotations

import os
import pickle
import shutil
import signal
from pathlib import Path

import pytest

from conftest import EXAMPLES, PROMPT
from ibessay.classset import run as runner
from ibessay.classset.gather import Submission, gather
from ibessay.classset.picture import picture
from ibessay.classset.roster import read_roster
from ibessay.classset.run import check_set
from ibessay.classset.summary import DateNote, DraftResult, ItemState, Misspelling, WorkItem, failed
from ibessay.content.library import Library
from ibessay.engine.check import check_text
from ibessay.engine.compiled import resolve
from ibessay.errors import IbessayError

DRAFTS = sorted(p for p in EXAMPLES.glob("*.md") if p.name != "README.md")


@pytest.fixture(scope="module")
def rubric() -> tuple[object, object]:
    return resolve(Library.default(), PROMPT, None)


def _set(folder: Path, copies: int = 1) -> list[Path]:
    """The example drafts, ``copies`` times each, as students' files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(copies):
        for draft in DRAFTS:
            path = folder / f"{draft.stem}-{n}.md"
            shutil.copyfile(draft, path)
            paths.append(path)
    return paths


# --- gathering -----------------------------------------------------------------------

def test_a_folder_is_its_drafts_in_natural_order_with_subfolders(tmp_path: Path) -> None:
    for name in ("essay10.md", "essay2.txt", "essay1.markdown", "notes.csv", "report.html",
                 ".hidden.md", "late.docx"):
        (tmp_path / name).write_text("text")
    (tmp_path / "class-b").mkdir()
    (tmp_path / "class-b" / "zed.md").write_text("text")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.md").write_text("text")
    found = [Path(s.path).relative_to(tmp_path).as_posix() for s in gather([str(tmp_path)])]
    # A Word file is a student's work in the wrong format: it is a row that says so.
    assert found == ["class-b/zed.md", "essay1.markdown", "essay2.txt", "essay10.md",
                     "late.docx"]


def test_each_file_once_in_the_order_named(tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("x")
    b.write_text("x")
    names = [s.path for s in gather([str(b), str(tmp_path), str(tmp_path / "*.md")])]
    assert names == [str(b), str(a)]


def test_one_file_by_many_names_is_one_draft(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Through a linked folder, a link to the file, a "..", a relative name: one row
    (the first name); a different file beside it is still its own."""
    (tmp_path / "class").mkdir()
    draft = tmp_path / "class" / "a.md"
    draft.write_text("x")
    (tmp_path / "class" / "b.md").write_text("x")
    (tmp_path / "alias").symlink_to(tmp_path / "class")
    (tmp_path / "link.md").symlink_to(draft)
    monkeypatch.chdir(tmp_path / "class")
    names = [str(draft), str(tmp_path / "alias" / "a.md"), str(tmp_path / "link.md"),
             str(tmp_path / "alias" / ".." / "class" / "a.md"), "a.md", "b.md",
             str(tmp_path / "alias")]
    assert [s.path for s in gather(names)] == [str(draft), "b.md"]


def test_a_quoted_glob_is_expanded_and_one_that_matches_nothing_is_an_error(
        tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "b.txt").write_text("x")
    assert [Path(s.path).name for s in gather([str(tmp_path / "*.md")])] == ["a.md"]
    with pytest.raises(IbessayError, match="no files match"):
        gather([str(tmp_path / "*.doc")])


def test_an_empty_folder_is_an_error_and_a_missing_file_a_row(tmp_path: Path) -> None:
    with pytest.raises(IbessayError, match="no drafts in folder"):
        gather([str(tmp_path)])
    assert gather([str(tmp_path / "gone.md")]) == [
        Submission(str(tmp_path / "gone.md"), "gone")]


# --- rosters -------------------------------------------------------------------------

def test_a_roster_names_students_by_file_name_with_or_without_suffix(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    for name in ("s01.md", "s02.md", "s03.md"):
        (tmp_path / "drafts" / name).write_text("x")
    roster = tmp_path / "roster.csv"
    # As a spreadsheet in a comma-decimal locale exports it: BOM, semicolons, headings.
    roster.write_text("\ufeffName;File\nAda Lovelace;s01.md\nZhou Li;s02\nNo Show;s09.md\n",
                      encoding="utf-8")
    students = read_roster(str(roster))
    found = gather([str(tmp_path / "drafts")], students)
    assert [s.student for s in found] == ["Ada Lovelace", "Zhou Li", "s03"]
    assert students.without_drafts(found) == ["No Show"]


def test_a_roster_without_headings_is_file_then_student(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text('a.md,"Smith, Jo"\n')
    assert read_roster(str(roster)).student("x/a.md") == "Smith, Jo"


@pytest.mark.parametrize("text, where, what", [
    ("file,student\na.md,Ann\na.md,Bob\n", ":3:", "given to two students"),
    ("file,student\na.md,\n", ":2:", "needs a file and a student"),
    ("file,grade\na.md,7\n", ":1:", "needs a 'file' column and a 'student' column"),
    ("", "", "is empty"),
])
def test_a_bad_roster_says_where(tmp_path: Path, text: str, where: str, what: str) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text(text)
    with pytest.raises(IbessayError, match=what) as caught:
        read_roster(str(roster))
    assert f"{roster}{where}" in caught.value.message


@pytest.mark.parametrize("encoding, separator, names", [
    # Excel's "CSV (Comma delimited)" on a Western Windows: Windows-1252, semicolons.
    ("cp1252", ";", ["Jérôme Müller", "Zoë O’Neill"]),
    # Excel's "Unicode Text": UTF-16 with a byte-order mark, tabs between the columns.
    ("utf-16", "\t", ["Zoë Müller", "张伟"]),
])
def test_a_roster_excel_saved_in_its_other_encodings_is_read(
        tmp_path: Path, encoding: str, separator: str, names: list[str]) -> None:
    roster = tmp_path / "r.csv"
    rows = [f"file{separator}student",
            *(f"{f}.md{separator}{n}" for f, n in zip("ab", names))]
    roster.write_bytes("\r\n".join(rows).encode(encoding))
    read = read_roster(str(roster))
    assert [read.student("a.md"), read.student("b.md")] == names


@pytest.mark.parametrize("data, why", [
    (b"\xff\xfef\x00i\x00\x00\xd8", "starts as UTF-16 text but is not"),  # half a pair
    ("file,student\na.md,Петров Иван\n".encode("cp1251"), "not a Western European"),
    ("file,student\na.md,Παπαδόπουλος\n".encode("cp1253"), "not a Western European"),
    (b"file,student\na.md,\x00\x81\xff\xfe\x9d\n", "not UTF-8 text"),
    (bytes(range(256)) * 4, "not UTF-8 text"),
    # Excel for Mac's "Comma Separated Values" is Mac Roman, which Windows-1252 also
    # reads, with symbols inside words: "JŽr™me MŸller" for "Jérôme Müller".
    ("file,student\na.md,Ann\nb.md,Jérôme Müller\n".encode("mac_roman"), "r.csv:3"),
    ("file,student\na.md,Håkon Bäcker\n".encode("mac_roman"), "Mac"),
    ("file,student\na.md,Ágnes Váradi\n".encode("mac_roman"), "Mac"),
])
def test_a_roster_that_is_not_text_we_can_read_is_refused(tmp_path: Path, data: bytes,
                                                          why: str) -> None:
    roster = tmp_path / "r.csv"
    roster.write_bytes(data)
    with pytest.raises(IbessayError, match="cannot read roster") as caught:
        read_roster(str(roster))
    assert why in caught.value.message and "CSV UTF-8" in (caught.value.hint or "")


def test_a_roster_with_rows_in_utf8_and_rows_in_the_windows_code_page_is_refused(
        tmp_path: Path) -> None:
    # Rows pasted from a UTF-8 export into a Windows-1252 one: as a whole not UTF-8, so
    # read as Windows-1252, the UTF-8 rows' names would be shown as "ZoÃ« MÃ¼ller".
    roster = tmp_path / "r.csv"
    roster.write_bytes("file,student\na.md,Jérôme\n".encode("cp1252")
                       + "b.md,Zoë Müller\nc.md,张伟\n".encode())
    with pytest.raises(IbessayError, match="cannot read roster") as caught:
        read_roster(str(roster))
    assert "though other rows are" in caught.value.message and "r.csv:2'" in caught.value.message
    assert "CSV UTF-8" in (caught.value.hint or "")
    # A UTF-8 byte-order mark, then a Windows-1252 row: not a heading "ï»¿file".
    roster.write_bytes(b"\xef\xbb\xbffile,student\na.md,Ann\nb.md,J\xe9r\xf4me\n")
    with pytest.raises(IbessayError, match="not UTF-8, though other rows are") as caught:
        read_roster(str(roster))
    assert f"{roster}:3" in caught.value.message
    # Windows-1252 alone, with the letters and marks a Western roster has, is read.
    roster.write_bytes("file,student\na.md,Strauß’ Núñez\nb.md,Ægir Þórðarson\n"
                       .encode("cp1252"))
    assert read_roster(str(roster)).student("b.md") == "Ægir Þórðarson"


# --- checking ------------------------------------------------------------------------

def test_every_bad_file_is_a_row_with_its_reason(tmp_path: Path, rubric) -> None:
    good = _set(tmp_path)
    bad = {
        "binary.md": b"PK\x03\x04\x00\x00binary",
        "latin1.md": "Mao and Khrushchev's d\xe9tente".encode("latin-1"),
        "empty.md": b"  \n\n",
        "huge.md": b"word " * 250_000,
        "essay.docx": b"PK\x03\x04",
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    names = [str(p) for p in good] + [str(tmp_path / n) for n in bad] + [
        str(fifo), str(tmp_path / "missing.md")]
    rows = check_set(gather(names), *reversed(rubric), jobs=1)
    reasons = {Path(r.path).name: r.error for r in rows if not r.checked}
    assert all(r.checked for r in rows[:len(good)])
    assert reasons.keys() == {*bad, "pipe.md", "missing.md"}
    assert "binary" in reasons["binary.md"] and "UTF-8" in reasons["latin1.md"]
    assert "empty" in reasons["empty.md"] and "1 MB" in reasons["huge.md"]
    assert "DOCX file, not text" in reasons["essay.docx"]
    assert "named pipe" in reasons["pipe.md"] and "not found" in reasons["missing.md"]


def test_in_parallel_the_rows_are_those_of_one_process_in_the_same_order(
        tmp_path: Path, rubric) -> None:
    paths = _set(tmp_path, copies=10)
    assert len(paths) > runner.PARALLEL_FROM + runner.CHUNK  # more than one chunk each
    submissions = gather([str(p) for p in paths])
    seen: list[tuple[int, int]] = []
    alone = check_set(submissions, *reversed(rubric), jobs=1)
    together = check_set(submissions, *reversed(rubric), jobs=2,
                         progress=lambda done, total: seen.append((done, total)))
    assert together == alone
    assert [r.path for r in together] == [str(p) for p in paths]
    assert seen[-1] == (len(paths), len(paths)) and len(seen) > 1


@pytest.mark.parametrize(("total", "jobs"), [(1000, 2), (101, 2), (24, 2), (7, 2), (500, 8)])
def test_chunks_cover_every_draft_once_in_order_and_end_small(total: int, jobs: int) -> None:
    chunks = runner._chunks(total, jobs)
    assert [i for chunk in chunks for i in chunk] == list(range(total))
    assert max(map(len, chunks)) <= runner.CHUNK
    # Smaller towards the end, so that the workers finish together.
    assert len(chunks[-1]) <= runner._LAST_CHUNK
    if total >= 100:
        assert len(chunks[0]) == runner.CHUNK and len(chunks[-2]) < runner.CHUNK


def test_rows_from_workers_come_back_whole_with_their_parts_types(tmp_path: Path,
                                                                  rubric) -> None:
    # Workers send rows through pickle as they are, shared parts and all: equal rows are
    # not enough (a plain tuple equals a NamedTuple), their parts must be typed.
    row = DraftResult(
        "Ann", "ann.md", None, 1500, 70, 9, "7–9", True, "", ("dates",),
        (ItemState("events", "treaty-1950", "Treaty", "found"),
         ItemState("periods", "alliance", "Alliance", "covered", 0.25)),
        (DateNote("treaty-1950", 1951, 3, 9, "1951", "possible date error"),),
        (Misspelling("Kruschev", "khrushchev", 4, 1),), (WorkItem("cite a historian"),))
    for sent in (row, failed("Bo", "bo.md", "is empty")):
        back = pickle.loads(pickle.dumps(sent))
        assert back == sent and type(back) is DraftResult
        for field in ("items", "date_notes", "misspellings", "work_on"):
            assert [type(x) for x in getattr(back, field)] == \
                [type(x) for x in getattr(sent, field)]
    assert back.error == "is empty"
    rows = check_set(gather([str(p) for p in _set(tmp_path, copies=5)]), *reversed(rubric),
                     jobs=2)
    assert rows == check_set(gather([str(p) for p in _set(tmp_path, copies=5)]),
                             *reversed(rubric), jobs=1)
    assert {type(i) for r in rows for i in r.items} == {ItemState}
    assert {type(n) for r in rows for n in r.date_notes} == {DateNote}
    assert {type(w) for r in rows for w in r.work_on} == {WorkItem}
    # A copy's items arrive as the very objects of the copy before it in its chunk.
    n = len(DRAFTS)
    assert any(a is b for a, b in zip(rows[0].items, rows[n].items))


def test_a_bug_on_one_draft_is_that_drafts_row(tmp_path: Path, rubric,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _set(tmp_path)

    def fragile(text: str, *args: object, **kwargs: object) -> object:
        if "Korean War" not in text:
            raise ValueError("boom")
        return check_text(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("ibessay.engine.check.check_text", fragile)
    rows = check_set(gather([str(p) for p in paths]), *reversed(rubric), jobs=1)
    broken = [r for r in rows if not r.checked]
    assert broken and all("internal error (ValueError: boom)" in r.error for r in broken)
    assert any(r.checked for r in rows)


def test_a_worker_that_dies_costs_its_drafts_not_the_set(tmp_path: Path, rubric,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    paths = _set(tmp_path, copies=6)
    victim = str(paths[-1])

    def deadly(text: str, compiled: object, name: str, *args: object) -> object:
        if name == victim:  # in a forked worker: as the kernel's OOM killer would
            os.kill(os.getpid(), signal.SIGKILL)
        return check_text(text, compiled, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr("ibessay.engine.check.check_text", deadly)
    rows = check_set(gather([str(p) for p in paths]), *reversed(rubric), jobs=2)
    assert len(rows) == len(paths)
    lost = [r for r in rows if not r.checked]
    assert victim in [r.path for r in lost]
    # Only the draft that kills its worker every time is lost; the others are checked
    # again, one by one, in a new worker.
    assert [r.path for r in lost] == [victim]
    assert "was killed" in lost[0].error


# --- the picture ---------------------------------------------------------------------

def test_the_picture_counts_drafts_not_mentions(tmp_path: Path, rubric) -> None:
    paths = _set(tmp_path, copies=2)
    (tmp_path / "empty.md").write_text("")
    rows = check_set(gather([*map(str, paths), str(tmp_path / "empty.md")]),
                     *reversed(rubric), jobs=1)
    checked = [r for r in rows if r.checked]
    seen = picture(rows)
    assert (seen.drafts, seen.checked, seen.failed) == (len(rows), len(checked), 1)
    for group in seen.groups:
        for item in group.items:
            states = [i.state for r in checked for i in r.items
                      if (i.criterion, i.id) == (group.criterion, item.id)]
            assert dict(item.counts) == {s: states.count(s) for s in group.states}
            if group.criterion == "periods":
                shares = [i.share for r in checked for i in r.items if i.id == item.id]
                assert item.share == pytest.approx(sum(shares) / len(shares))
    # counter-wrong-dates has four wrong years; two copies of it: each error in 2 drafts.
    assert seen.date_errors and all(c.drafts == 2 for c in seen.date_errors)
    assert seen.spread is not None and sum(seen.spread.marks) == len(checked)
    assert seen.short == tuple(r.student for r in checked if r.length == "short")


def _two_case_rows(n: int, seed: int) -> list[DraftResult]:
    """``n`` rows of a made-up two-case question: every row has the same items, with
    states, shares and the cases treated drawn at random."""
    import random

    draw = random.Random(seed)
    rows = []
    for i in range(n):
        chosen = draw.sample(["A", "B", "C"], draw.randint(0, 2))
        items = [ItemState("cases", case.lower(), case,
                           "treated" if case in chosen else "not treated")
                 for case in "ABC"]
        items += [ItemState("periods", f"p{k}", f"Period {k}", draw.choice(
            ["covered", "not covered"]), draw.random()) for k in range(2)]
        items += [ItemState("events", f"e{k}", f"Event {k}", draw.choice(["found", "missing"]),
                            None, "ABC"[k % 3]) for k in range(9)]
        items += [ItemState("historians", f"h{k}", f"Historian {k}", draw.choice(
            ["cited", "mentioned", "absent"]), None, "AB"[k] if k < 2 else None)
            for k in range(4)]
        rows.append(DraftResult(f"s{i}", f"s{i}.md", items=tuple(items)))
    return rows


def test_rows_with_the_same_items_are_tallied_as_item_by_item() -> None:
    """The tally of rows that have the same items, position by position (the fast way),
    is the tally item by item; so it is when an item's case differs between rows."""
    from ibessay.classset import picture as pic

    rows = _two_case_rows(60, seed=1)
    odd = list(rows[7].items)
    odd[5] = odd[5]._replace(case="B")  # event 0 is of case A elsewhere
    odd[14] = odd[14]._replace(case=None)  # historian 0
    for tried in (rows, [*rows[:7], rows[7]._replace(items=tuple(odd)), *rows[8:]]):
        treated = [set(row.treated_cases()) for row in tried]
        assert pic._same_items(pic._fields(tried))
        assert pic._by_position(pic._fields(tried), treated) == pic._by_item(tried, treated)
    # Rows whose items differ are tallied item by item.
    assert not pic._same_items(pic._fields([rows[0], rows[1]._replace(
        items=rows[1].items[:-1])]))
    assert not pic._same_items(pic._fields([rows[0], rows[1]._replace(
        items=(rows[1].items[1], rows[1].items[0], *rows[1].items[2:]))]))


def test_a_rows_items_say_what_the_drafts_own_report_says(rubric) -> None:
    prompt, compiled = rubric
    for path in DRAFTS:
        report = check_text(path.read_text(), compiled, str(path), prompt).to_dict()
        row = check_set([Submission(str(path), path.stem)], compiled, prompt, jobs=1)[0]
        states = {(i.criterion, i.id): i.state for i in row.items}
        for event in report["events"]:
            assert states["events", event["id"]] == ("found" if event["found"] else "missing")
        for historian in report["historians"]:
            assert states["historians", historian["id"]] == historian["status"]
        for period in report["periods"]:
            assert states["periods", period["id"]] == (
                "covered" if period["covered"] else "not covered")
        assert [(n.event, n.year, n.line) for n in row.date_notes] == [
            (d["event"], d["year"], d["line"]) for d in report["date_issues"]]
        assert (row.score, row.mark, row.words) == (
            report["score"], report["band"]["mark"], report["words"])


def test_spawned_workers_load_the_rubric_themselves(tmp_path: Path, rubric,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """How macOS and Windows run a set (no fork): each worker finds the rubric again
    from the prompt's id, and the rows are the same."""
    paths = _set(tmp_path, copies=5)
    submissions = gather([str(p) for p in paths])
    alone = check_set(submissions, *reversed(rubric), jobs=1)
    monkeypatch.setattr(runner, "FORK", False)
    spawned = check_set(submissions, *reversed(rubric), jobs=2, spec=(PROMPT, None))
    assert spawned == alone


def test_names_from_files_are_shown_safely_and_told_apart(tmp_path: Path, rubric) -> None:
    for folder in ("class-a", "class-b"):
        (tmp_path / folder).mkdir()
        shutil.copyfile(DRAFTS[0], tmp_path / folder / "li.md")
    hostile = tmp_path / "class-a" / "x\x1b]0;pwned\x07\u202egnp.md"
    shutil.copyfile(DRAFTS[0], hostile)
    roster = tmp_path / "r.csv"
    roster.write_text("file,student\nnobody.md,Ann\x1b[2J\n")
    rows = check_set(gather([str(tmp_path)], read_roster(str(roster))), *reversed(rubric),
                     jobs=1)
    assert [r.student for r in rows] == ["class-a/li", "x\\x1b]0;pwned\\x07\\u202egnp",
                                         "class-b/li"]
    assert all(r.checked for r in rows) and "\x1b" not in rows[1].path
    assert read_roster(str(roster)).without_drafts([]) == ["Ann\\x1b[2J"]


def test_rows_share_their_labels_so_a_chunk_crosses_small(tmp_path: Path, rubric) -> None:
    """The labels of two drafts' items are one object each: pickle then sends a label
    once per chunk (the speed-up bench/bench_classset.py measured)."""
    import pickle

    paths = _set(tmp_path)
    first, second = check_set(gather([str(p) for p in paths[:2]]), *reversed(rubric), jobs=1)
    assert all(a.label is b.label for a, b in zip(first.items, second.items))
    # An item in the same state in both is one object; a period's share is each draft's.
    for a, b in zip(first.items, second.items):
        assert (a is b) == (a == b and a.share is None), (a, b)
    # So are the hints of what to work on that two drafts share, most of a row's bytes.
    twice = _set(tmp_path / "twice", copies=2)
    counter = next(i for i, p in enumerate(twice) if p.name.startswith("counter"))
    one, again = check_set(gather([str(twice[counter]), str(twice[counter + len(DRAFTS)])]),
                           *reversed(rubric), jobs=1)
    assert one.work_on and one.work_on == again.work_on
    assert all(a.message is b.message for a, b in zip(one.work_on, again.work_on))
    assert all((a is b) == (not a.line) for a, b in zip(one.work_on, again.work_on))
    both = len(pickle.dumps([first, second]))
    assert both < 1.5 * len(pickle.dumps(first))


def test_a_long_lived_process_keeps_a_bounded_number_of_shared_texts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from ibessay.classset import summary

    monkeypatch.setattr(summary, "_SHARED", {})
    monkeypatch.setattr(summary, "_SHARED_UP_TO", 3)
    kept = [summary._shared(f"line {n}") for n in range(10)]
    assert kept == [f"line {n}" for n in range(10)] and len(summary._SHARED) == 3
    assert summary._shared("line 1") is kept[1]  # still shared, once kept


def test_rows_without_work_on_are_the_same_rows_less_that_list(tmp_path: Path, rubric) -> None:
    paths = _set(tmp_path, copies=5)  # in parallel: the flag reaches the workers
    submissions = gather([str(p) for p in paths])
    full = check_set(submissions, *reversed(rubric), jobs=2)
    lean = check_set(submissions, *reversed(rubric), jobs=2, work_on=False)
    assert any(r.work_on for r in full) and not any(r.work_on for r in lean)
    assert lean == [r._replace(work_on=()) for r in full]


def test_printable_escapes_every_control_and_bidi_character() -> None:
    import sys

    from ibessay.classset.summary import UNPRINTABLE, printable

    hidden = [chr(c) for c in range(sys.maxunicode + 1) if UNPRINTABLE.match(chr(c))]
    # C0, DEL, C1, the bidi embeddings and isolates, and the 2,048 lone surrogates
    assert len(hidden) == 74 + 2048
    for char in hidden:  # none slips past the quick isprintable() test
        assert printable(f"Ann{char}Lee") == f"Ann\\{'x' if ord(char) < 256 else 'u'}" \
            f"{ord(char):0{2 if ord(char) < 256 else 4}x}Lee"
    assert printable("Zoë Ó Néill — “Bo”") == "Zoë Ó Néill — “Bo”"
