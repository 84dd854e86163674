"""attempt.json: a typed record that reads every version so far, refuses a newer one, and
names a damaged file without ever touching the drafts beside it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import PROMPT, ROOT, assert_clean_error, plan, run
from ibessay.errors import IbessayError
from ibessay.practice.record import (
    SCHEMA_VERSION,
    AttemptRecord,
    EssayRecord,
    read_record,
)
from ibessay.practice.timing import Part, Schedule
from ibessay.practice.workspace import Workspace

#: attempt.json files written by ibessay 0.1.0 (schema version 1), as `ibessay outline`,
#: `practice` and `exam` left them, with the files beside them.
VERSION_1 = ROOT / "tests" / "data" / "attempts-v1"
OUTLINED = "2026-12-04-sino-soviet-1949-1976"  # untimed, open, an outline.md
FINISHED = "2026-12-04-sino-soviet-1949-1976-2"  # timed practice, finished, scored
PAPER_2028 = "2026-12-04-exam"  # 2028 paper, paused in the writing time, a draft.md
EXAM = "2026-12-04-exam-2"  # two essays on two topics, paused


def version_1(tmp_path: Path) -> Path:
    """A workspace holding copies of the version-1 attempts."""
    workspace = tmp_path / "drafts"
    shutil.copytree(VERSION_1, workspace)
    return workspace


def test_every_field_survives_a_round_trip(tmp_path: Path) -> None:
    record = AttemptRecord(
        kind="exam", format="2017", created="2026-12-05T09:00:00", status="paused",
        essays=(EssayRecord(PROMPT, "essay1-", words=812, score=74, band="10–12",
                            passed=True, overtime=True),
                EssayRecord("fixture-consolidation-1933-1934", "essay2-")),
        schedule=Schedule(300.0, (Part("planning-0", "Essay 1: planning", 540.0, 0, 0),
                                  Part("writing-0", "Essay 1: writing", 2160.0, 0, 0),
                                  Part("section-a", "Section A (6 marks)", 1500.0, 1, 6))),
        phase="writing", read=300.0, used=1234.5, pens_down="2026-12-05T10:35:00",
        early=True, finished="2026-12-05T10:36:00", editor_pids=(4242,),
        concept="significance")
    text = record.to_json()
    assert AttemptRecord.from_json(text, tmp_path / "attempt.json") == record
    data = json.loads(text)
    assert data["schema_version"] == SCHEMA_VERSION == 2
    assert data["schedule"]["parts"][2] == {"id": "section-a", "label": "Section A (6 marks)",
                                            "seconds": 1500.0, "essay": 1, "marks": 6}
    assert data["minutes"] == pytest.approx(70.0)  # for people reading the file


def test_a_new_attempt_writes_only_what_it_has(tmp_path: Path) -> None:
    attempt = Workspace(tmp_path).create([PROMPT])
    assert json.loads((attempt.folder / "attempt.json").read_text()) == {
        "schema_version": 2, "kind": "essay", "format": "2017",
        "created": attempt.record.created, "status": "open",
        "essays": [{"prompt": PROMPT, "prefix": ""}]}


def test_version_1_files_are_read_and_migrated(tmp_path: Path) -> None:
    finished = read_record(VERSION_1 / FINISHED / "attempt.json")
    assert (finished.kind, finished.format, finished.status, finished.phase) == (
        "essay", "2017", "finished", "done")
    assert finished.essays == (EssayRecord(PROMPT, "", words=17, score=5, band="1–3",
                                           passed=False),)
    assert finished.schedule == Schedule(3.0, (
        Part("planning-0", "planning (suggested)", 24.0, 0, 0),
        Part("writing-0", "writing", 96.0, 0, 0)))
    assert finished.used == pytest.approx(9.78, abs=0.01) and finished.early
    assert finished.pens_down == finished.finished == "2026-12-04T17:50:27"

    exam = read_record(VERSION_1 / EXAM / "attempt.json")
    assert [(e.prompt, e.prefix) for e in exam.essays] == [
        (PROMPT, "essay1-"), ("fixture-consolidation-1933-1934", "essay2-")]
    assert [p.essay for p in exam.schedule.parts] == [0, 0, 1, 1]  # type: ignore[union-attr]
    paper = read_record(VERSION_1 / PAPER_2028 / "attempt.json")
    assert [p.marks for p in paper.schedule.parts] == [6, 4, 15]  # type: ignore[union-attr]
    assert paper.concept is None  # 0.1.0 never kept it

    untimed = read_record(VERSION_1 / OUTLINED / "attempt.json")
    assert not untimed.timed and untimed.status == "open"


def test_a_migrated_file_keeps_every_name_version_1_had(tmp_path: Path) -> None:
    for folder in sorted(VERSION_1.iterdir()):
        old = json.loads((folder / "attempt.json").read_text())
        new = json.loads(read_record(folder / "attempt.json").to_json())
        assert new["schema_version"] == 2
        assert set(old) - {"schema_version"} <= set(new), folder.name
        for before, after in zip(old.get("schedule", {}).get("parts", []),
                                 new.get("schedule", {}).get("parts", [])):
            assert list(after.values()) == before  # the same part, now by name


def test_version_1_attempts_work_from_the_command_line(home: Path, tmp_path: Path) -> None:
    workspace = version_1(tmp_path)
    rows = {r["attempt"]: r for r in json.loads(
        run("drafts", "--format", "json", "--workspace", str(workspace)).stdout)}
    assert {name: (r["status"], r["scores"]) for name, r in rows.items()} == {
        OUTLINED: ("open", []), FINISHED: ("finished", [5]), PAPER_2028: ("paused", []),
        EXAM: ("paused", [])}
    opened = run("open", OUTLINED, "--outline", "--no-open", "--workspace", str(workspace))
    assert opened.stdout.strip() == str(workspace / OUTLINED / "outline.md")

    plan(home, {})
    resumed = run("exam", "--resume", PAPER_2028, "--workspace", str(workspace),
                  stdin=b"f\n", env={"IBESSAY_CLOCK_SPEED": "60"})
    assert resumed.returncode == 0, resumed.stderr
    saved = json.loads((workspace / PAPER_2028 / "attempt.json").read_text())
    assert saved["schema_version"] == 2 and saved["status"] == "finished"
    assert saved["schedule"]["parts"][0]["label"] == "Section A (6 marks)"
    assert saved["concept"] in ("cause and consequence", "continuity and change",
                                "perspectives", "significance")
    assert (workspace / PAPER_2028 / "timed.md").read_text().endswith("The split mattered.\n")


def test_a_file_from_a_newer_ibessay_is_refused(home: Path, tmp_path: Path) -> None:
    workspace = version_1(tmp_path)
    path = workspace / OUTLINED / "attempt.json"
    newer = dict(json.loads(path.read_text()), schema_version=3, new_idea=[1, 2])
    path.write_text(json.dumps(newer))
    with pytest.raises(IbessayError) as caught:
        read_record(path)
    assert caught.value.message == (f"'{path}' was made by a newer ibessay (attempt format 3; "
                                    "this one reads formats up to 2)")
    assert str(caught.value.hint).startswith("upgrade ibessay")
    result = run("open", OUTLINED, "--outline", "--no-open", "--workspace", str(workspace))
    assert_clean_error(result, "was made by a newer ibessay", "upgrade ibessay")
    assert json.loads(path.read_text()) == newer  # never rewritten in the older form


BROKEN = [
    ("{not json", "it is not valid JSON (Expecting property name enclosed in double quotes "
                  "at line 1, column 2)"),
    ("[1, 2]", "it should hold a JSON object ({...})"),
    ('{"schema_version": "2"}', "'schema_version' should be a whole number, not \"2\""),
    ('{"schema_version": 2, "kind": "essay", "format": "2017", "created": "x", '
     '"status": "finishd", "essays": [{"prompt": "p", "prefix": ""}]}',
     "'status' should be one of open, in progress, paused, finished, abandoned; not "
     "\"finishd\""),
    ('{"schema_version": 2, "kind": "essay", "format": "2017", "created": "x", '
     '"status": "open", "essays": []}', "'essays' should list the attempt's essays"),
    ('{"schema_version": 2, "kind": "essay", "format": "2017", "created": "x", '
     '"status": "open", "essays": [{"prompt": "p", "prefix": "../../elsewhere/"}]}',
     "'essays[0].prefix' is not a valid prefix: \"../../elsewhere/\""),
    ('{"schema_version": 2, "kind": "essay", "format": "2017", "created": "x", '
     '"status": "paused", "essays": [{"prompt": "p", "prefix": ""}], "pens_down": 5}',
     "'pens_down' should be text, not 5"),
    ('{"schema_version": 1, "kind": "essay", "essays": [{"prompt": "p"}], '
     '"schedule": {"reading": 300, "parts": [["writing", "writing"]]}}',
     "this attempt's timings ('schedule') are missing or damaged"),
]


@pytest.mark.parametrize(("text", "problem"), BROKEN)
def test_a_damaged_file_is_named_with_what_is_wrong(tmp_path: Path, text: str,
                                                    problem: str) -> None:
    path = tmp_path / "attempt.json"
    path.write_text(text)
    with pytest.raises(IbessayError) as caught:
        read_record(path)
    assert caught.value.message == f"cannot read the attempt file '{path}': {problem}"
    assert caught.value.hint == ("fix it by hand, or start a new attempt; your outline and "
                                 f"drafts in '{tmp_path}' are untouched")


def test_a_damaged_attempt_is_listed_named_and_left_alone(home: Path, tmp_path: Path) -> None:
    workspace = version_1(tmp_path)
    folder = workspace / OUTLINED
    (folder / "attempt.json").write_text("{not json")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    table = run("drafts", "--workspace", str(workspace))
    assert table.returncode == 0, table.stderr
    assert f"{OUTLINED}: cannot read the attempt file" in " ".join(table.stdout.split())
    [row] = [r for r in json.loads(run("drafts", "--format", "json", "--workspace",
                                       str(workspace)).stdout) if r["attempt"] == OUTLINED]
    assert row["status"] == "unreadable" and "not valid JSON" in row["problem"]

    message = f"cannot read the attempt file '{folder / 'attempt.json'}': it is not valid JSON"
    assert_clean_error(run("open", OUTLINED, "--outline", "--workspace", str(workspace)),
                       message, "fix it by hand")
    # A new outline on the same prompt starts a new attempt beside it.
    made = run("outline", PROMPT, "--no-open", "--workspace", str(workspace))
    assert made.returncode == 0, made.stderr
    assert Path(made.stdout.strip()).parent != folder
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
