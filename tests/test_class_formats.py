"""A class set's terminal, CSV and Markdown formats, and the class JSON's documentation.

Real ClassReports: the bundled example drafts checked against their prompt, in this
process (the formats) and through the installed ``ibessay check`` (at the end). A set
with hostile names comes from a real CSV roster: every text that came from a file must
come out as written, in every format, and never as markup, a link, a table cell or a
spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from rich.cells import cell_len

from conftest import ROOT, on_screen, run
from ibessay.classset.gather import gather
from ibessay.classset.report import ClassReport, class_report
from ibessay.classset.roster import read_roster
from ibessay.classset.run import check_set
from ibessay.content.library import Library
from ibessay.engine.compiled import resolve
from ibessay.render.classset import ClassFormat, class_renderer, machine, spreadsheet

SINO = "sino-soviet-1949-1976"
CRISES = "cold-war-crises"
EXAMPLES = ROOT / "rubrics" / "examples"

# Roster names that would be markup, emoji, a formula, a link, a table cell or a
# terminal escape if a format let them through.
MARKUP = "[bold]Zoë[/bold] :fire:"
FORMULA = '=HYPERLINK("http://x","y")'
MARKDOWN = "*Ann* | <b>Bo</b> `x`"
ESCAPE = "\x1b[31mEve\x1b[0m"
AT = "@cmd|' /C calc'!A0"
ABSENT = "-Rafe Absent"
EMPTY_FILE = "[x](http:evil)|*e*.md"


def _report(prompt_id: str, names: list[str], roster: Any = None) -> ClassReport:
    prompt, compiled = resolve(Library.default(), prompt_id, None)
    submissions = gather(names, roster)
    rows = check_set(submissions, compiled, prompt, jobs=1)
    return class_report(rows, compiled, prompt,
                        roster.without_drafts(submissions) if roster else (),
                        made="2026-12-05 10:00")


@pytest.fixture(scope="module")
def sino() -> ClassReport:
    return _report(SINO, [str(EXAMPLES / SINO)])


@pytest.fixture(scope="module")
def crises() -> ClassReport:
    return _report(CRISES, [str(EXAMPLES / CRISES)])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> ClassReport:
    """Two drafts that check, one too short, an empty one and a binary one, named by a
    roster of hostile names (and one on the roster with no draft)."""
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copy(EXAMPLES / SINO / "exemplar.md", folder / "a.md")
    shutil.copy(EXAMPLES / SINO / "counter-wrong-dates.md", folder / "b.md")
    shutil.copy(EXAMPLES / SINO / "counter-too-short.md", folder / "c.md")
    (folder / EMPTY_FILE).write_text("")
    (folder / "bin.md").write_bytes(b"\x00\x01\x02 not text")
    roster = folder.parent / f"{folder.name}-roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "student"])
        for file, name in [("a.md", MARKUP), ("b.md", FORMULA), ("c.md", AT),
                           (EMPTY_FILE, MARKDOWN), ("bin.md", ESCAPE), ("gone.md", ABSENT)]:
            writer.writerow([file, name])
    return _report(SINO, [str(folder)], read_roster(str(roster)))


def render(report: ClassReport, fmt: str, color: bool | None = False) -> str:
    out = io.StringIO(newline="")
    class_renderer(ClassFormat(fmt))(report, out, color)
    return out.getvalue()


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


# -- every format ----------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["rich", "csv", "markdown"])
def test_every_student_appears(sino: ClassReport, crises: ClassReport, fmt: str) -> None:
    for report in (sino, crises):
        text = render(report, fmt)
        for row in report.rows:
            assert row.student in text, (fmt, row.student)
        if fmt == "markdown":  # and each has a section to hand back
            for row in report.rows:
                assert f"\n## {row.student}\n" in text


def test_a_failed_draft_shows_its_reason_in_every_format(hostile: ClassReport) -> None:
    empty = next(r for r in hostile.rows if r.student == MARKDOWN)
    binary = next(r for r in hostile.rows if r.path.endswith("bin.md"))
    assert "is empty" in empty.error and "binary" in binary.error

    terminal = on_screen(render(hostile, "rich"))
    assert "could not be checked: draft" in terminal and "is empty" in terminal
    assert "looks like a binary file" in terminal
    assert terminal.endswith("5 drafts · score mean 80.0, median 90 · 1 of 3 pass · 2 could not be "
                             "checked")

    rows = {r["file"]: r for r in read_csv(render(hostile, "csv"))}
    failed = rows[binary.path]
    assert failed["checked"] == "no" and "binary" in failed["error"]
    assert failed["score"] == "" and failed["event:korean-war"] == ""

    markdown = render(hostile, "markdown")
    assert "**could not be checked:** draft" in markdown
    assert markdown.count("looks like a binary file") == 2  # its row and its section


def test_a_set_where_nothing_could_be_checked(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("")
    (tmp_path / "b.docx").write_bytes(b"PK")
    report = _report(SINO, [str(tmp_path)])
    assert report.picture.spread is None
    terminal = on_screen(render(report, "rich"))
    assert "No draft could be checked" in terminal
    assert terminal.endswith("2 drafts · 2 could not be checked")
    assert [r["checked"] for r in read_csv(render(report, "csv"))] == ["no", "no"]
    markdown = render(report, "markdown")
    assert "No draft could be checked" in markdown and "\n## b\n" in markdown


def test_hostile_names_in_the_terminal_are_text(hostile: ClassReport,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    for color in (False, True):
        text = render(hostile, "rich", color)
        assert MARKUP in text  # not bold, not an emoji
        assert "🔥" not in text
        assert "\x1b[31mEve" not in text  # the name's own escape sequence is gone
        assert r"\x1b[31mEve\x1b[0m" in text  # ...shown as an escape, the rest as written
        assert FORMULA in text and MARKDOWN in text
        assert ABSENT in text  # on the roster, no draft
    assert "\x1b" not in render(hostile, "rich", False)


def test_hostile_names_in_markdown_are_text(hostile: ClassReport) -> None:
    text = render(hostile, "markdown")
    assert r"\[bold\]Zoë\[/bold\] :fire:" in text
    assert r"\*Ann\* \| \<b\>Bo\</b\> \`x\`" in text
    assert "<b>" not in text and "](" not in text.replace(r"\](", "")
    assert "\x1b" not in text
    assert "\\" + ABSENT in text  # a leading "-" would start a list
    # Every row of every table has as many cells as its header: no pipe got through.
    table: list[int] = []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            table.append(len(re.findall(r"(?<!\\)\|", line)))
        elif table:
            assert len(set(table)) == 1, table
            table = []


def test_csv_is_a_row_per_draft_for_a_markbook(hostile: ClassReport) -> None:
    text = render(hostile, "csv")
    body = text[1:]
    assert body.count("\r\n") == len(hostile.rows) + 1 and "\n" not in body.replace("\r\n", "")
    raw = list(csv.reader(io.StringIO(body, newline="")))
    header = raw[0]
    assert tuple(header[:len(spreadsheet.HEADER)]) == spreadsheet.HEADER
    assert {len(r) for r in raw} == {len(header)}
    assert len(raw) == len(hostile.rows) + 1
    rows = read_csv(text)
    assert [r["file"] for r in rows] == [r.path for r in hostile.rows]
    checked = [r for r in rows if r["checked"] == "yes"]
    assert len(checked) == 3
    periods = [c for c in header if c.startswith("period:")]
    assert periods and "event:korean-war" in header and "historian:westad" in header
    for row in checked:
        for column in ("words", "score", "mark", "periods_covered", "events_found",
                       "historians_cited", "date_warnings", "misspellings", *periods):
            int(row[column])  # numbers parse: never "3/3", never "26.3"
        assert row["passed"] in ("yes", "no")
        assert {row[c] for c in header if c.startswith("event:")} <= {"0", "1"}
        assert row["historian:westad"] in ("cited", "mentioned", "absent")
    by_name = {r["student"]: r for r in rows}
    # Formula injection: the text is kept, behind a quote; no cell starts a formula.
    assert by_name["'" + FORMULA]["score"] == "90"
    assert "'" + AT in by_name and MARKUP in by_name
    assert not [cell for r in raw[1:] for cell in r if cell[:1] in ("=", "+", "-", "@")]
    assert by_name["'" + AT]["length"] == "short"
    wrong = by_name["'" + FORMULA]
    assert wrong["date_warnings"] == "4" and wrong["unmet"] == "dates"


def test_a_two_case_prompt_shows_the_cases(crises: ClassReport) -> None:
    terminal = on_screen(render(crises, "rich"))
    assert "Cases chosen" in terminal
    assert "2 Hungarian Uprising, 1956 + Cuban Missile Crisis, 1962" in terminal
    assert "counter-similarities-only, exemplar" in terminal

    markdown = render(crises, "markdown")
    assert ("- **Hungarian Uprising, 1956 + Cuban Missile Crisis, 1962** — 2 drafts: "
            "counter-similarities-only, exemplar") in markdown
    section = markdown.split("\n## exemplar\n")[1].split("\n## ")[0]
    assert "- **Cases treated:** Hungarian Uprising, 1956; Cuban Missile Crisis, 1962" in section
    # The events missing of the cases it treats, and no other case's.
    assert ("- **Hungarian Uprising, 1956 — events missing (1 of 8):** The Polish crisis "
            "(Poznań and Gomułka) (Jun–Oct 1956)") in section
    assert "Suez" not in section and "Cuban Missile Crisis, 1962 — events" not in section

    rows = {r["student"]: r for r in read_csv(render(crises, "csv"))}
    assert rows["exemplar"]["case:hungary-1956"] == "1"
    assert rows["counter-one-case"]["case:hungary-1956"] == "0"
    assert "theme:" in "".join(rows["exemplar"])


# -- a two-case class -------------------------------------------------------------------

# Drafts on other pairs of cases than the examples', and one on no case at all.
SUEZ_BERLIN = """# Compare and contrast two Cold War crises

The Suez Crisis of 1956 in the Middle East and the Berlin crisis in Europe both tested
the superpowers, but in different ways.

## Suez

Nasser turned to the East after the Czech arms deal of September 1955. In July 1956 the
United States and Britain withdrew their offer to fund the Aswan Dam. On 26 July 1956
Nasser nationalised the Suez Canal Company. The Anglo-French invasion followed the
Israeli attack of 29 October 1956. US pressure, with a run on sterling, forced a
ceasefire in November 1956. Egypt emerged stronger.

## Berlin

Khrushchev's Berlin ultimatum of November 1958 demanded that the Western powers leave
the city. The refugee crisis grew as East Germans crossed to the West. At the Vienna
summit in June 1961 Khrushchev tried to bully Kennedy. On 13 August 1961 the Berlin Wall
was built across the city. In October 1961 American and Soviet tanks faced each other at
Checkpoint Charlie.

## Conclusion

Suez divided the Western alliance, while Berlin united it.
"""
SUEZ_CUBA = """# Two crises

The Suez Crisis of 1956 in the Middle East and the Cuban Missile Crisis of 1962 in the
Americas were both crises of nerve.

## Suez

In July 1956 the United States and Britain withdrew their offer to fund the Aswan Dam.
On 26 July 1956 Nasser nationalised the Suez Canal Company. The Anglo-French invasion
followed the Israeli attack of 29 October 1956. Bulganin threatened Britain and France
with rockets on 5 November 1956. US pressure forced a ceasefire in November 1956, and
Eden resigned in January 1957.

## Cuba

After the Bay of Pigs invasion of April 1961, Khrushchev sent missiles to Cuba in secret
in the summer of 1962. U-2 photographs revealed the missile sites in October 1962.
Kennedy announced a naval quarantine of Cuba on 22 October 1962. The settlement of 28
October 1962 removed the missiles from Cuba for a pledge not to invade Cuba and the
removal of the Jupiter missiles in Turkey.

## Conclusion

Both crises ended in retreat: Britain at Suez, the Soviet Union in Cuba.
"""
NO_CASE = """# Two crises

Crises in the Cold War had many causes. Fear, ideology and the arms race all played
their part, and leaders on both sides misread each other.

In conclusion, the crises of the Cold War had similar causes and different results.
"""


def two_case_folder(folder: Path) -> Path:
    """The cold-war-crises examples, and drafts on Suez and Berlin, Suez and Cuba, and
    no case, in ``folder``: five pairs of cases chosen, one draft with none."""
    for draft in (EXAMPLES / CRISES).glob("*.md"):
        shutil.copy(draft, folder / draft.name)
    for name, text in (("suez-berlin", SUEZ_BERLIN), ("suez-cuba", SUEZ_CUBA),
                       ("no-case", NO_CASE)):
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def two_case(tmp_path_factory: pytest.TempPathFactory) -> ClassReport:
    return _report(CRISES, [str(two_case_folder(tmp_path_factory.mktemp("two-case")))])


def _events(row: Any) -> list[Any]:
    return [i for i in row.items if i.criterion == "events"]


def _sections(markdown: str) -> dict[str, str]:
    """Each student's Markdown section, by name."""
    parts = markdown.split("\n## ")[1:]
    return {p.split("\n", 1)[0]: p for p in parts if p.split("\n", 1)[0] != "Class table"
            and not p.startswith("Class picture")}


def test_a_two_case_class_is_what_the_test_means(two_case: ClassReport) -> None:
    chosen = {r.student: tuple(r.treated_cases()) for r in two_case.rows}
    assert chosen["suez-berlin"] == ("Berlin crisis and the Berlin Wall, 1958–1961",
                                     "Suez Crisis, 1956")
    assert chosen["suez-cuba"] == ("Cuban Missile Crisis, 1962", "Suez Crisis, 1956")
    assert chosen["no-case"] == ()
    assert len(set(chosen.values())) >= 5
    # An event of a case it does not treat is found in a draft: it must not count.
    assert any(i.state == "found" and i.case not in chosen["counter-one-case"]
               for i in _events(next(r for r in two_case.rows
                                     if r.student == "counter-one-case")))


def test_a_students_section_lists_only_the_events_of_the_cases_it_treats(
        two_case: ClassReport) -> None:
    sections = _sections(render(two_case, "markdown"))
    assert sections.keys() == {r.student for r in two_case.rows}
    for row in two_case.rows:
        treated = row.treated_cases()
        section = sections[row.student]
        for event in _events(row):
            if event.case not in treated:
                assert event.label not in section, (row.student, event.label)
        mine = [e for e in _events(row) if e.case in treated]
        for case in treated:
            missing = [e.label for e in mine if e.case == case and e.state == "missing"]
            if missing:
                assert (f"- **{case} — events missing ({len(missing)} of "
                        f"{sum(e.case == case for e in mine)}):** {'; '.join(missing)}"
                        in section)
    none = sections["no-case"]
    assert "- **Cases treated:** none, so no event is listed" in none
    assert "events missing" not in none.lower()


def test_a_students_counts_are_of_the_cases_it_treats(two_case: ClassReport,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # no name cut short
    by_hand = {}
    for row in two_case.rows:
        mine = [e for e in _events(row) if e.case in row.treated_cases()]
        by_hand[row.student] = (sum(e.state == "found" for e in mine), len(mine))
    assert by_hand["suez-cuba"][1] == 19 and by_hand["counter-one-case"] == (10, 10)
    markbook = {r["student"]: r for r in read_csv(render(two_case, "csv"))}
    terminal = render(two_case, "rich").splitlines()
    table: dict[str, list[str]] = {}
    for line in terminal[terminal.index(next(t for t in terminal if t.startswith("Student"))):]:
        if line.split()[:1] and line.split()[0] in by_hand:
            table.setdefault(line.split()[0], line.split())
    markdown = render(two_case, "markdown")
    for student, (found, total) in by_hand.items():
        assert markbook[student]["events_found"] == str(found)
        shown = f"{found}/{total}" if total else "–"
        assert shown in table[student], (student, table[student])
        assert re.search(rf"^\| {re.escape(student)} \|.*\| {shown} \|", markdown, re.M)


def test_the_picture_counts_each_case_over_the_drafts_that_chose_it(
        two_case: ClassReport, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [r for r in two_case.rows if r.checked]
    events = next(g for g in two_case.picture.groups if g.criterion == "events")
    by_case = {c.case: c for c in events.cases}
    cases = [i.label for i in rows[0].items if i.criterion == "cases"]
    assert sorted(by_case) == sorted(cases)
    for case in cases:
        chose = [r for r in rows if case in r.treated_cases()]
        tally = by_case[case]
        assert tally.drafts == len(chose), case
        for item in tally.items:
            states = [next(e.state for e in _events(r) if e.id == item.id) for r in chose]
            assert dict(item.counts) == {"found": states.count("found"),
                                         "missing": states.count("missing")}, item.id
    suez = by_case["Suez Crisis, 1956"]
    assert suez.drafts == 3 and events.cases[0].case == "Cuban Missile Crisis, 1962"
    threat = next(i for i in suez.items if i.id == "suez-bulganin")
    assert threat.found == 1

    terminal = on_screen(render(two_case, "rich"))
    assert "Suez Crisis, 1956 — chosen by 3 drafts" in terminal
    assert re.search(r"1/3 The Soviet threat to Britain and France", terminal)
    # A case no draft chose has no events in the picture: the cases' group names it.
    assert "Allende elected president" not in terminal
    assert re.search(r"0/8 Chile, Allende and the 1973 coup ← nobody", terminal)
    markdown = render(two_case, "markdown")
    assert "#### Suez Crisis, 1956 — chosen by 3 drafts" in markdown
    assert "| The Soviet threat to Britain and France (5 Nov 1956) | 1 | 2 |" in markdown
    assert "Allende elected president" not in markdown.split("## Class table")[1]
    # "Nobody used" names only events of a chosen case that none of its drafts used.
    monkeypatch.setenv("COLUMNS", "300")  # a line of the terminal is a line
    wide = render(two_case, "rich")
    for text, pattern in ((wide.split("Events (")[1].split("Historians (")[0],
                           r"^ *Nobody used: (.*?) *$"),
                          (markdown.split("### Events")[1].split("### Historians")[0],
                           r"^\*\*Nobody used:\*\* (.*)$")):
        listed = "; ".join(re.findall(pattern, text, re.M))
        assert listed.count(";") == 2, listed  # one event of each of three cases
        for case in cases:
            for item in by_case[case].items:
                assert (item.label in listed) == (by_case[case].drafts > 0
                                                  and item.found == 0), item.label
    # The JSON: the same tallies, and the old counts over every draft kept.
    data = json.loads(render(two_case, "json"))
    (suez_json,) = [c for c in data["class"]["items_by_case"]["events"]
                    if c["case"] == "Suez Crisis, 1956"]
    assert suez_json["drafts"] == 3
    assert {"id": "suez-bulganin", "label": threat.label,
            "counts": {"found": 1, "missing": 2}} in suez_json["items"]
    every = {i["id"]: i["counts"] for i in data["class"]["items"]["events"]}
    assert sum(every["suez-bulganin"].values()) == len(rows)
    assert data["word_range"] == {"min": 700, "max": 1100}


def test_the_historians_of_a_case_count_over_the_drafts_that_chose_it(
        two_case: ClassReport) -> None:
    rows = [r for r in two_case.rows if r.checked]
    historians = next(g for g in two_case.picture.groups if g.criterion == "historians")
    by_case = {c.case: c for c in historians.cases}
    # Chile is a case of the question that no draft chose: its historians are counted
    # over no draft, and are not "named by nobody" in this class.
    assert by_case["Chile, Allende and the 1973 coup"].drafts == 0
    chosen = {case for r in rows for case in r.treated_cases()}
    assert {case for case, tally in by_case.items() if tally.drafts} == chosen
    for case, tally in by_case.items():
        chose = [r for r in rows if case in r.treated_cases()]
        assert tally.drafts == len(chose)
        for item in tally.items:
            states = [next(i.state for i in r.items if i.criterion == "historians"
                           and i.id == item.id) for r in chose]
            assert dict(item.counts) == {s: states.count(s) for s in historians.states}
    kyle = next(i for i in by_case["Suez Crisis, 1956"].items if i.label == "Keith Kyle")
    assert kyle.counts[0] == ("cited", 1)
    markdown = render(two_case, "markdown")
    picture = markdown.split("### Historians")[1].split("\n### ")[0]
    chile = [i.label for r in rows[:1] for i in r.items
             if i.criterion == "historians" and i.case == "Chile, Allende and the 1973 coup"]
    assert chile and not any(name in picture for name in chile)
    # A student's page lists the historians of the cases it treats, and no others.
    from ibessay.render.classset.columns import by_case as items_by_case
    suez_cuba = next(r for r in rows if r.student == "suez-cuba")
    listed = {case: [i.label for i in items]
              for case, items in items_by_case(suez_cuba)["historians"]}
    assert list(listed) == [None, *suez_cuba.treated_cases()]
    assert "Keith Kyle" in listed["Suez Crisis, 1956"]
    assert not any(name in names for name in chile for names in listed.values())
    assert "Hope M. Harrison" not in str(listed)  # Berlin: not treated


def test_a_historian_cited_outside_the_cases_treated_still_counts(tmp_path: Path) -> None:
    # Kyle is a historian of Suez alone. A draft on Cuba alone that cites him anyway is
    # credited with him (its own report: cited 5), and so is its row: before, the class
    # table's "Cited" and the markbook's historians_cited left him out (4), beside a
    # "historian:kyle" column reading "cited".
    import ibessay

    counter = (EXAMPLES / CRISES / "counter-one-case.md").read_text(encoding="utf-8")
    paragraphs = counter.split("\n\n")
    paragraphs.insert(2, "Historians disagree about how such crises end. As Keith Kyle "
                         "argues, the powers often stumbled into war and out of it again.")
    (tmp_path / "cuba-kyle.md").write_text("\n\n".join(paragraphs), encoding="utf-8")
    # A draft that treats no case still cites Gaddis, whom two cases share.
    (tmp_path / "no-case-gaddis.md").write_text(NO_CASE.replace(
        "In conclusion", "As John Lewis Gaddis argues, fear of the other side made each "
        "crisis worse than it needed to be.\n\nIn conclusion"), encoding="utf-8")
    report = _report(CRISES, [str(tmp_path)])
    markbook = {r["student"]: r for r in read_csv(render(report, "csv"))}
    sections = {p.split('class="name">', 1)[1].split("</h2>", 1)[0]: p
                for p in render(report, "html").split('<section class="student"')[1:]}
    for row in report.rows:
        own = ibessay.check(Path(row.path).read_text(encoding="utf-8"), prompt=CRISES)
        cited = [h.name for h in own.results["historians"].historians if h.status == "cited"]
        line = markbook[row.student]
        assert int(line["historians_cited"]) == len(cited) == sum(
            v == "cited" for k, v in line.items() if k.startswith("historian:")), row.student
        # The student's page lists whom the draft cites, whatever their case.
        page = sections[row.student].split("</section>")[0]
        assert all(name in page for name in cited), (row.student, cited)
    assert "Keith Kyle" in sections["cuba-kyle"]
    assert "no historians are listed" not in sections["no-case-gaddis"]


def test_the_word_range_is_shown_with_the_words(two_case: ClassReport) -> None:
    assert two_case.word_range == (700, 1100)
    terminal = on_screen(render(two_case, "rich"))
    assert terminal.count("700–1,100") == 1  # once, in the header
    assert "words 700–1,100" in terminal.split("Student")[0]
    markdown = render(two_case, "markdown")
    assert markdown.split("## Class table")[0].count("- **Word range:** 700–1,100") == 1
    sections = _sections(markdown)
    assert "- **Length:** 847 words (range 700–1,100)" in sections["exemplar"]
    short = next(r for r in two_case.rows if r.student == "suez-cuba")
    assert short.length == "short"
    assert (f"- **Length:** {short.words} words, under the range 700–1,100"
            in sections["suez-cuba"])


def test_no_color_means_plain(sino: ClassReport, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[" in render(sino, "rich", color=True)
    monkeypatch.setenv("NO_COLOR", "1")
    text = render(sino, "rich", color=None)
    assert "\x1b" not in text
    assert "Class set: 6 drafts" in text  # the README is not a draft


@pytest.mark.parametrize("width", [80, 200])
def test_the_terminal_fits_its_width(crises: ClassReport, sino: ClassReport,
                                     monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    for report in (sino, crises):
        lines = render(report, "rich").splitlines()
        assert max(cell_len(line) for line in lines) <= width
        table = next(line for line in lines if line.startswith("Student"))
        assert table.split()[-1] == "Pass"  # every column is on screen
        assert lines[-1].startswith(f"{report.picture.drafts} drafts · score mean")
    text = render(sino, "rich")
    longest = ("Sino-Soviet border clashes (Zhenbao/Damansky Island, Ussuri River) "
               "(2–17 Mar 1969, 13 Aug 1969)")
    assert (longest in text) == (width == 200)  # cut with an ellipsis at 80


@pytest.mark.parametrize("short_by", [0, 3, 30])
def test_the_terminal_header_breaks_between_its_parts(sino: ClassReport,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      short_by: int) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    whole = next(line for line in render(sino, "rich").splitlines()
                 if line.startswith("rubric ")).rstrip()
    # 3 cells short, the header once broke between the date and the time.
    width = len(whole) - short_by
    monkeypatch.setenv("COLUMNS", str(width))
    lines = render(sino, "rich").splitlines()
    header = lines[:next(i for i, line in enumerate(lines) if line.startswith("Student"))]
    # The timestamp, the word range and the rubric each stay whole on one line.
    assert any(line.rstrip().endswith("2026-12-05 10:00") for line in header)
    assert any(re.search(r"(^|· )words \d[\d,]*–\d[\d,]*( ·|$)", line.strip())
               for line in header)
    rubric = next(line for line in header if line.startswith("rubric "))
    assert (rubric.rstrip() == whole) == (short_by == 0)


def test_a_student_with_two_files_is_told_apart_in_the_terminal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    for name in ("li.md", "li.txt", "ann.md"):
        shutil.copy(EXAMPLES / SINO / "exemplar.md", tmp_path / name)
    roster = tmp_path / "roster.csv"
    roster.write_text("file,student\nli.md,Li Wei\nli.txt,Li Wei\nann.md,Ann\n",
                      encoding="utf-8")
    report = _report(SINO, [str(tmp_path / n) for n in ("li.md", "li.txt", "ann.md")],
                     read_roster(str(roster)))
    table = render(report, "rich").split("Student", 1)[1].splitlines()
    names = [line.split("  ")[0].strip() for line in table[2:5]]
    assert names == ["Li Wei (li.md)", "Li Wei (li.txt)", "Ann"]
    # The markbook keeps the roster's name: its file column tells the rows apart.
    assert [r["student"] for r in read_csv(render(report, "csv"))] == ["Li Wei", "Li Wei", "Ann"]


@pytest.mark.parametrize("columns", [80, 120])
def test_a_long_name_with_two_files_is_cut_before_the_file_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    # At 80 columns the student column is ~20 cells: cut at its end, both rows read
    # "Alexandra Konstanti…", and the file names that tell them apart were lost.
    monkeypatch.setenv("COLUMNS", str(columns))
    files = ("alexandra.md", "alexandra.txt", "a-very-long-file-name-of-a-draft-v1.md",
             "a-very-long-file-name-of-a-draft-v2.md")
    for name in files:
        shutil.copy(EXAMPLES / SINO / "exemplar.md", tmp_path / name)
    roster = tmp_path / "roster.csv"
    roster.write_text("file,student\n" + "".join(
        f"{f},{'Alexandra Konstantinopoulou' if f.startswith('alex') else 'Bo (Y12)'}\n"
        for f in files), encoding="utf-8")
    report = _report(SINO, [str(tmp_path / n) for n in files], read_roster(str(roster)))
    table = render(report, "rich").split("Student", 1)[1].splitlines()[2:6]
    cells = [line[:line.index("  100 ")].rstrip() for line in table]
    assert len(set(cells)) == 4, cells
    assert all(cell_len(c) <= 40 for c in cells)
    assert cells[0].startswith("Alex") and cells[0].endswith("(alexandra.md)")
    assert cells[1].endswith("(alexandra.txt)")
    assert cells[2].endswith("v1.md)") and cells[3].endswith("v2.md)")


def test_the_terminal_marks_what_nobody_used(sino: ClassReport) -> None:
    text = render(sino, "rich", color=False)
    assert re.search(r"0/6\s+Suez Crisis \(Jul–Nov 1956\) ← nobody", text)
    assert "Nobody used: Suez Crisis" in on_screen(text)
    assert "Named, never cited: John Lewis Gaddis; Jeremy Friedman" in on_screen(text)
    assert re.search(r"13–15\s+█+ 2", text)  # the marks, by band
    markdown = render(sino, "markdown")
    assert "| **Suez Crisis (Jul–Nov 1956) — nobody** | 0 | 6 |" in markdown


def test_a_thousand_drafts(sino: ClassReport) -> None:
    """Every one of a thousand students gets a row (speed: bench, not here)."""
    rows = [r._replace(student=f"Student {i:04d}") for i in range(1000)
            for r in sino.rows[i % len(sino.rows):][:1]]
    prompt, compiled = resolve(Library.default(), SINO, None)
    report = class_report(rows, compiled, prompt)
    text = render(report, "rich")
    assert all(f"Student {i:04d} " in text for i in range(1000))
    assert len(read_csv(render(report, "csv"))) == 1000


# -- the class JSON's documentation ----------------------------------------------------

DOC = (ROOT / "docs" / "report-format.md").read_text(encoding="utf-8")
SECTION = DOC.split("\n## Class sets\n", 1)[1]
# Objects whose keys are ids (criteria, items, states, bands), not names.
MAPS = {("drafts", "items"), ("drafts", "items", "*"), ("drafts", "period_shares"),
        ("class", "items"), ("class", "items", "*", "counts"), ("class", "spread", "bands"),
        ("class", "items_by_case"), ("class", "items_by_case", "*", "items", "counts")}


def _merge(a: Any, b: Any) -> Any:
    if a is None or a == "value":
        return b if b is not None else a
    if b is None or b == "value":
        return a
    if isinstance(a, list):
        return [_merge(a[0], b[0])]
    return {k: _merge(a.get(k), b.get(k)) for k in a.keys() | b.keys()}


def _shape(value: Any, path: tuple[str, ...] = ()) -> Any:
    """The names of ``value``'s objects, nested; a list is the merge of its items'."""
    if isinstance(value, dict):
        if path in MAPS:
            merged = None
            for item in value.values():
                merged = _merge(merged, _shape(item, path + ("*",)))
            return {"*": merged}
        return {k: _shape(v, path + (k,)) for k, v in value.items()}
    if isinstance(value, list):
        merged = None
        for item in value:
            merged = _merge(merged, _shape(item, path))
        return [merged]
    return "value"


def _same(doc: Any, real: Any, where: str = "") -> None:
    if doc is None or real is None or doc == "value" or real == "value":
        return  # an empty list, a null: nothing to compare
    if isinstance(doc, list):
        _same(doc[0], real[0], where + "[]")
        return
    assert doc.keys() == real.keys(), (where, sorted(doc.keys() ^ real.keys()))
    for key in doc:
        _same(doc[key], real[key], f"{where}.{key}")


def _names(shape: Any) -> set[str]:
    if isinstance(shape, list):
        return _names(shape[0])
    if isinstance(shape, dict):
        return {k for k in shape if k != "*"} | {n for v in shape.values() for n in _names(v)}
    return set()


def test_the_documented_class_json_is_what_the_report_writes(
        hostile: ClassReport, crises: ClassReport) -> None:
    example = re.search(r"<!-- class-json -->\n```json\n(.*?)\n```", SECTION, re.S)
    assert example, "docs/report-format.md: the class JSON example is missing"
    documented = json.loads(example.group(1))
    written = [machine.to_dict(hostile), machine.to_dict(crises)]
    real = _merge(_shape(written[0]), _shape(written[1]))
    _same(_shape(documented), real)
    # A draft that could not be checked has only its name, file and reason.
    failed = [d for d in written[0]["drafts"] if not d["checked"]]
    assert failed and all(d.keys() == {"student", "file", "checked", "error"} for d in failed)
    assert [d.keys() for d in documented["drafts"] if not d["checked"]] == [failed[0].keys()]
    # Every name is explained in the table under the example.
    table = SECTION.split("<!-- class-json -->", 1)[1]
    unexplained = {n for n in _names(real) if f"`{n}`" not in table and
                   f"`class.{n}`" not in table and f"{n}[]`" not in table}
    assert not unexplained, unexplained


def test_the_class_json_is_its_dictionary_as_json_dumps_writes_it(
        hostile: ClassReport, two_case: ClassReport, sino: ClassReport) -> None:
    """The renderer encodes each hint of what to work on once (a speed-up): its text is
    still exactly json.dumps of to_dict(), in UTF-8 and in ASCII."""
    for report in (hostile, two_case, sino):
        assert render(report, "json") == json.dumps(
            machine.to_dict(report), ensure_ascii=False) + "\n"
        ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii", newline="")
        machine.render(report, ascii_out)
        ascii_out.seek(0)
        assert ascii_out.read() == json.dumps(machine.to_dict(report)) + "\n"


def test_the_class_json_is_versioned_as_documented(sino: ClassReport) -> None:
    version = re.search(r"### `json` \(class sets, schema version (\d+)\)", SECTION)
    assert version
    data = json.loads(render(sino, "json"))
    assert data["schema_version"] == machine.SCHEMA_VERSION == int(version.group(1))
    assert data["kind"] == "class-set"
    assert f"| `schema_version` | `{machine.SCHEMA_VERSION}`." in SECTION


def test_the_documented_csv_columns_are_the_header(sino: ClassReport) -> None:
    csv_doc = SECTION.split("### `csv`", 1)[1].split("###", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+)`", csv_doc, re.M))
    documented |= set(re.findall(r", `([a-z_]+)`", csv_doc))
    assert set(spreadsheet.HEADER) <= documented
    header = next(csv.reader(io.StringIO(render(sino, "csv")[1:])))
    for column in header[len(spreadsheet.HEADER):]:
        assert f"`{column.split(':')[0]}:ID`" in csv_doc, column


# -- a real spreadsheet ------------------------------------------------------------------

def test_libreoffice_reads_the_csv_as_a_markbook(hostile: ClassReport, tmp_path: Path
                                                 ) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install "
                    "libreoffice-calc-nogui to open the CSV in a real spreadsheet")
    source = tmp_path / "marks.csv"
    source.write_text(render(hostile, "csv"), encoding="utf-8", newline="")
    # Comma, double quote, UTF-8 (76), from row 1: how a teacher's import dialog reads it.
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path),
         str(source)], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "marks.xlsx") as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode()
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    shared = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
              for si in ElementTree.fromstring(strings).findall("m:si", ns)]
    cells: dict[str, Any] = {}
    for c in ElementTree.fromstring(sheet).iter(f"{{{ns['m']}}}c"):
        assert c.find("m:f", ns) is None, f"{c.get('r')} is a formula"
        value = c.find("m:v", ns)
        if value is not None:
            cells[c.get("r", "")] = shared[int(value.text or 0)] if c.get("t") == "s" \
                else float(value.text or 0)
    header = [cells.get(f"{col}1") for col in "ABCDEFG"]
    assert header == ["student", "file", "checked", "error", "words", "length", "score"]
    formula_row = next(r for r in range(2, 10) if FORMULA in str(cells.get(f"A{r}")))
    assert cells[f"G{formula_row}"] == 90.0  # the score is a number, the name is text
    assert str(cells[f"A{formula_row}"]).endswith(FORMULA)
    assert any(MARKUP == cells.get(f"A{r}") for r in range(2, 10))  # UTF-8: "Zoë"


# -- the installed command ----------------------------------------------------------------

def test_the_command_writes_a_markbook(tmp_path: Path) -> None:
    out = tmp_path / "marks.csv"
    result = run("check", str(EXAMPLES / SINO), "--prompt", SINO, "--format", "csv",
                 "-o", str(out))
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 7
    rows = read_csv(data.decode("utf-8"))
    assert sorted(r["student"] for r in rows) == sorted(
        p.stem for p in (EXAMPLES / SINO).glob("*.md") if p.name != "README.md")


def test_the_command_prints_markdown_and_rich(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    shutil.copytree(EXAMPLES / CRISES, drafts)
    (drafts / "scan.docx").write_bytes(b"PK\x03\x04")
    result = run("check", str(drafts), "--prompt", CRISES, "--format", "markdown")
    assert result.returncode == 2  # a draft could not be checked: its row says why
    assert "\n## scan\n" in result.stdout and "a DOCX file, not text" in result.stdout
    assert "### Cases chosen" in result.stdout

    result = run("check", str(drafts), "--prompt", CRISES, "--format", "rich",
                 env={"NO_COLOR": "1"})
    assert result.returncode == 2 and "\x1b" not in result.stdout
    screen = on_screen(result.stdout)
    assert "Cases chosen" in screen and "a DOCX file, not text" in screen
    assert result.stdout.rstrip().splitlines()[-1].startswith("6 drafts · score mean")


def test_the_command_neutralises_a_roster_formula(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    shutil.copy(EXAMPLES / SINO / "exemplar.md", drafts / "one.md")
    roster = tmp_path / "roster.csv"
    roster.write_text(f'file,student\none.md,"{FORMULA.replace(chr(34), 2 * chr(34))}"\n'
                      f"two.md,{MARKUP}\n", encoding="utf-8")
    result = run("check", str(drafts), "--prompt", SINO, "--roster", str(roster),
                 "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = read_csv(result.stdout)
    assert [r["student"] for r in rows] == ["'" + FORMULA]
    result = run("check", str(drafts), "--prompt", SINO, "--roster", str(roster),
                 "--format", "markdown")
    assert r"On the roster, no draft (1):** \[bold\]Zoë\[/bold\] :fire:" in result.stdout


def test_the_plain_class_table_is_cut_as_rich_cuts_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without colours the table's lines are cut by hand, not by Rich (a speed-up): the
    same text, whatever the characters and the width; a tab or an emoji sequence is
    left to Rich."""
    from rich.console import Console

    from ibessay.render.classset import terminal

    lines = ["Student      Score Mark Band", "─" * 90, "Alexandra Konstantinou  87 12 10–12",
             "李小龍 (李小龍.md)  55  7 4–6 ", "Zoë Ó Néill e\u0301 😀 9 3", "x\x1b]0;t\x07y \r z",
             "李" * 30, "a" * 79 + "…", "…" * 81, "", "end   "]
    plain = [(line + "\n", None) for line in lines] + [("  \n \n", None)]
    laid_out = [*plain[:3], ("fam 👨\u200d👩\u200d👧 1\n", None), ("tab\there 2\n", None)]

    def printed(pieces: list[tuple[str, None]]) -> str:  # at every width up to 91
        out = io.StringIO()
        for width in range(1, 92):
            terminal._print_lines(pieces, Console(file=out, width=width, force_terminal=False,
                                                  highlight=False, emoji=False))
        return out.getvalue()

    def by_rich(pieces: list[tuple[str, None]]) -> str:
        with monkeypatch.context() as patch:
            patch.setattr(terminal, "_LAID_OUT_OTHERWISE", re.compile(""))  # matches all
            return printed(pieces)

    assert printed(laid_out) == by_rich(laid_out)
    expected = by_rich(plain)
    monkeypatch.setattr(terminal, "_as_text", None)  # by hand, not by Rich
    assert printed(plain) == expected
