"""The HTML class report (``ibessay check DIR --format html -o FILE``).

In-process: the page has every student's section, escapes what came from files, says
why a draft could not be checked, shows a two-case prompt's case choices, and links
nowhere but to its own anchors. In a real browser (Debian's ``chromium``, driven over
the DevTools pipe by tests/browser.py): it loads with no console error, makes no
request but for itself, shows every student, and prints a page per student.
"""

from __future__ import annotations

import re
import shutil
import struct
import zlib
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import Browser, chromium  # tests/browser.py

from conftest import EXAMPLES, PROMPT, ROOT, run
from ibessay.classset.gather import gather
from ibessay.classset.report import ClassReport, class_report
from ibessay.classset.roster import Roster
from ibessay.classset.run import check_set
from ibessay.classset.summary import failed
from ibessay.content.library import Library
from ibessay.engine.compiled import resolve
from ibessay.render.classset import ClassFormat, class_renderer
from ibessay.render.classset.html import page

HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
QUOTES = "Zoë \"Q\" O'Neil' onmouseover='window.pwned=3"


def _report(prompt_id: str, folder: Path, roster: dict[str, str] | None = None,
            extra: tuple = (), without: tuple[str, ...] = ()) -> ClassReport:
    prompt, compiled = resolve(Library.default(), prompt_id, None)
    names = Roster(roster, "roster.csv") if roster else None
    rows = check_set(gather([str(folder)], names), compiled, prompt, jobs=1)
    return class_report([*rows, *extra], compiled, prompt, without_drafts=without,
                        made="2026-12-05 10:00")


@pytest.fixture(scope="module")
def report() -> ClassReport:
    return _report(PROMPT, EXAMPLES, roster={"exemplar.md": HOSTILE,
                                             "student-wording.md": QUOTES},
                   extra=(failed("Ann <b>Bold</b>", "drafts/ann.docx",
                                 "a DOCX file, not text: save the essay as .txt or .md"),),
                   without=("Late & <Absent>",))


@pytest.fixture(scope="module")
def html(report: ClassReport) -> str:
    return page(report)


class Page(HTMLParser):
    """What the browser would build: elements with their attributes, and text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.ids: list[str] = []
        self.in_style = False
        self.style = ""
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if "id" in dict(attrs):
            self.ids.append(dict(attrs)["id"] or "")
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.style += data
        self.text.append(data)

    def sections(self) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == "section" and "student" in (a.get("class") or "")]


def test_every_student_has_a_section_in_order_linked_from_the_class_table(
        report: ClassReport, html: str) -> None:
    parsed = Page(html)
    sections = parsed.sections()
    assert [s["id"] for s in sections] == [f"s{i}" for i in range(1, len(report.rows) + 1)]
    links = [a["href"] for t, a in parsed.tags if t == "a"]
    for section in sections:
        assert f"#{section['id']}" in links
    # Each section is headed by its student's name, as a browser reads it.
    names = re.findall(r'<h2 id="s\d+-name" class="name">(.*?)</h2>', html)
    assert [unescape(n) for n in names] == [r.student for r in report.rows]
    assert len(report.rows) == 7  # six drafts (the README is not one) and the DOCX


def test_hostile_names_from_a_roster_are_text_not_markup(html: str) -> None:
    parsed = Page(html)
    # No element the names could have made: one <style>, no script, no img, no handler.
    assert [t for t, _ in parsed.tags if t in ("script", "img", "iframe", "object")] == []
    assert not any(k.startswith("on") for _, a in parsed.tags for k in a)
    text = "".join(parsed.text)
    assert HOSTILE in text and QUOTES in text and "Late & <Absent>" in text
    assert "Ann <b>Bold</b>" in text
    # Anchors are our own, whatever the names are, and each is one place.
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", i) for i in parsed.ids), parsed.ids
    assert len(set(parsed.ids)) == len(parsed.ids)


def test_a_draft_that_could_not_be_checked_says_why(html: str) -> None:
    section = html[html.index('id="s7"'):]
    section = section[:section.index("</section>")]
    assert "Ann &lt;b&gt;Bold&lt;/b&gt;" in section
    assert "This draft could not be checked" in section
    assert "a DOCX file, not text: save the essay as .txt or .md" in section
    # ...and the class picture lists it, with the same reason.
    picture = html[html.index('id="unchecked"'):html.index('id="students"')]
    assert "drafts/ann.docx" in picture and "a DOCX file, not text" in picture


def test_each_section_shows_the_drafts_own_findings(report: ClassReport, html: str) -> None:
    for i, row in enumerate(report.rows, 1):
        if not row.checked:
            continue
        section = html[html.index(f'id="s{i}"'):]
        section = section[:section.index("</section>")]
        assert f"{row.score}<small>/100</small>" in section
        assert f"{row.words:,}" in section
        for item in row.work_on:
            assert item.message.replace('"', "&quot;").replace("'", "&#x27;") in section
        for note in row.date_notes:
            assert f'<td class="num">{note.line}</td>' in section
    wrong_dates = html[html.index("counter-wrong-dates.md"):]
    assert "Dates to check" in wrong_dates[:wrong_dates.index("</section>")]


def test_the_class_picture(report: ClassReport, html: str) -> None:
    picture = html[:html.index('id="students"')]
    assert "<svg" in picture and "Indicative marks" in picture
    for group in report.picture.groups:
        assert f">{group.heading}</h2>" in picture
    assert "Events found by no draft" in picture  # the Suez Crisis: nobody
    assert report.picture.misspellings and report.picture.date_errors
    for common in report.picture.misspellings + report.picture.date_errors:
        assert escape(common.what) in picture
    assert "Late &amp; &lt;Absent&gt;" in picture
    assert "<title>Class report: sino-soviet-1949-1976 — Examine the changing nature" in html


def test_a_two_case_prompt_shows_the_cases_chosen(tmp_path: Path) -> None:
    report = _report("cold-war-crises", ROOT / "rubrics" / "examples" / "cold-war-crises")
    assert report.picture.case_choices
    html = page(report)
    chosen = html[html.index('id="cases-chosen"'):]
    chosen = chosen[:chosen.index("</table>")]
    for cases, _ in report.picture.case_choices:
        assert " + ".join(escape(c) for c in cases) in chosen
    assert re.search(r"Cases <span class=\"count\">\d+ of \d+ treated", html)


@pytest.fixture(scope="module")
def two_case(tmp_path_factory: pytest.TempPathFactory) -> ClassReport:
    """The cold-war-crises examples and drafts on other pairs of cases, and on none."""
    from test_class_formats import two_case_folder

    return _report("cold-war-crises", two_case_folder(tmp_path_factory.mktemp("two")))


def _student_sections(html: str) -> dict[str, str]:
    found = {}
    for part in html.split('<section class="student"')[1:]:
        name = re.search(r'class="name">(.*?)</h2>', part)
        assert name
        found[unescape(name.group(1))] = part[:part.index("</section>")]
    return found


def test_a_two_case_section_lists_only_the_cases_the_draft_treats(
        two_case: ClassReport) -> None:
    html = page(two_case)
    sections = _student_sections(html)
    assert sections.keys() == {r.student for r in two_case.rows}
    for row in two_case.rows:
        section, treated = sections[row.student], row.treated_cases()
        lists = section[section.index('<div class="group'):]  # not what to work on
        for item in row.items:
            if item.criterion == "events" and item.case not in treated:
                assert escape(item.label) not in section, (row.student, item.label)
            if item.criterion == "cases" and item.state == "not treated":
                assert escape(item.label) not in lists, (row.student, item.label)
        for case in treated:
            mine = [i for i in row.items if i.criterion == "events" and i.case == case]
            found = sum(i.state == "found" for i in mine)
            assert (f"Events: {escape(case)} <span class=\"count\">{found} of {len(mine)} "
                    "found</span>") in section
    assert ("This draft treats none of the cases the question accepts, so no events are "
            "listed.") in sections["no-case"]
    # The words against the rubric's range, in each section and once at the top.
    assert "847</span><span class=\"s\">range 700–1,100</span>" in sections["exemplar"]
    assert "under the range 700–1,100</span>" in sections["suez-cuba"]
    assert "<dt>Word range</dt><dd>700–1,100</dd>" in html


def test_a_two_case_picture_counts_each_case_over_its_drafts(two_case: ClassReport) -> None:
    html = page(two_case)
    events = html[html.index('id="class-events"'):]
    events = events[:events.index("<h2", 10)]
    chose = {case: sum(case in r.treated_cases() for r in two_case.rows if r.checked)
             for case in {c for r in two_case.rows for c in r.treated_cases()}}
    headings = re.findall(r'<h3 class="case">(.*?) <span class="count">chosen by (\d+) '
                          r"drafts?</span>", events)
    assert {unescape(c): int(n) for c, n in headings} == chose
    assert [int(n) for _, n in headings] == sorted(chose.values(), reverse=True)
    assert "Allende" not in events  # no draft chose Chile: none of its events
    suez = events[events.index("Suez Crisis, 1956 <span"):]
    assert ("<tr><td>The Soviet threat to Britain and France (5 Nov 1956)</td>"
            '<td class="num">1</td><td class="num">2</td>') in suez
    glance = html[html.index('class="highlights"'):]
    glance = glance[:glance.index("</aside>")]
    nobody = glance[glance.index("Events found by no draft that chose its case"):]
    nobody = nobody[:nobody.index("</li>")]
    assert nobody.count(" · ") == 2 and "Polish crisis" in nobody and "Allende" not in nobody


def test_the_page_links_nowhere_but_to_itself(html: str) -> None:
    parsed = Page(html)
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "action", "srcset", "data", "poster", "xlink:href"):
            value = attrs.get(name)
            if value is not None:
                assert name == "href" and value.startswith("#"), (tag, name, value)
    assert [t for t, _ in parsed.tags].count("style") == 1
    assert "url(" not in parsed.style and "@import" not in parsed.style
    assert not re.search(r"(https?:)?//", html.replace("<!DOCTYPE html>", "")), \
        re.search(r".{40}(https?:)?//.{40}", html)


def test_the_format_registry_gives_this_renderer(report: ClassReport) -> None:
    import io

    out = io.StringIO()
    class_renderer(ClassFormat.html)(report, out)
    assert out.getvalue() == page(report)
    assert out.getvalue().startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in out.getvalue()


def test_the_charts_escape_labels_and_bracket_the_bands() -> None:
    from ibessay.render.classset.charts import band_span, mark_chart, share_chart

    chart = share_chart([("<i>Reds</i> & Whites", 0.5, "<b>covered</b>", True)], "t", "<c>")
    assert "&lt;i&gt;Reds&lt;/i&gt; &amp; Whites" in chart and "<i>" not in chart
    assert "&lt;b&gt;covered" in chart and "&lt;c&gt;" in chart and "50%" in chart
    marks = (0, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3)
    chart = mark_chart(marks, (("1–3", 1), ("4–6", 2), ("13–15", 3), ("odd", 0)))
    assert [m.group(1) for m in re.finditer(r'class="band"[^>]*>([^<]*)<', chart)] == \
        ["1–3", "4–6", "13–15"]
    assert band_span("10–12") == (10, 12) and band_span("0") == (0, 0)
    assert band_span("7 - 9") == (7, 9) and band_span("high") is None


def test_no_draft_checked_still_makes_a_page() -> None:
    prompt, compiled = resolve(Library.default(), PROMPT, None)
    report = class_report([failed("A", "a.md", "is empty")], compiled, prompt)
    html = page(report)
    assert "No draft could be checked" in html and "is empty" in html
    assert len(Page(html).sections()) == 1


# -- in a real browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Browser:
    program = chromium()
    if program is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does)")
    b = Browser(program)
    try:
        yield b  # type: ignore[misc]
    finally:
        b.close()


@pytest.fixture(scope="module")
def cli_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A class set made as a teacher makes it: a folder of drafts (one empty, one a
    Word file), a roster with hostile names, ``ibessay check ... --format html -o``."""
    folder = tmp_path_factory.mktemp("class") / "drafts"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("README.md"))
    (folder / "empty.md").write_text("")
    (folder / "essay.docx").write_bytes(b"PK\x03\x04 not really")
    roster = folder.parent / "roster.csv"
    roster.write_text("file,student\n"
                      f'exemplar.md,"{HOSTILE.replace(chr(34), chr(34) * 2)}"\n'
                      f'student-wording.md,"{QUOTES.replace(chr(34), chr(34) * 2)}"\n'
                      "essay.docx,Wendy Word\n", encoding="utf-8")
    out = folder.parent / "report.html"
    # A module's fixture runs before the autouse isolation: isolate the data folder here.
    result = run("check", str(folder), "--prompt", PROMPT, "--format", "html",
                 "-o", str(out), "--roster", str(roster),
                 env={"XDG_DATA_HOME": str(folder.parent / "data")})
    assert out.exists(), result.stderr
    assert "Traceback" not in result.stderr
    students = re.findall(r'<h2 id="s\d+-name" class="name">(.*?)</h2>',
                          out.read_text(encoding="utf-8"))
    return out, [unescape(s) for s in students]


def test_the_report_in_chromium(browser: Browser, cli_report: tuple[Path, list[str]],
                                tmp_path: Path) -> None:
    path, students = cli_report
    assert len(students) == 8 and HOSTILE in students and "Wendy Word" in students
    url = path.as_uri()
    tab = browser.open(url)
    try:
        assert tab.problems() == []
        assert tab.requests() == [url]
        # Every student is on the page, by name, as the browser shows it; nothing ran.
        assert tab.evaluate("document.querySelectorAll('section.student').length") == 8
        names = tab.evaluate("[...document.querySelectorAll('section.student h2.name')]"
                             ".map(h => h.textContent)")
        assert names == students
        assert tab.evaluate("typeof window.pwned") == "undefined"
        assert tab.evaluate("document.scripts.length + document.images.length") == 0
        # Every link in the page goes to a place in it.
        targets = tab.evaluate(
            "[...document.links].map(a => a.getAttribute('href'))"
            ".filter(h => !h.startsWith('#') || !document.getElementById(h.slice(1)))")
        assert targets == []
        unchecked = tab.evaluate(
            "[...document.querySelectorAll('section.student')]"
            ".filter(s => s.textContent.includes('This draft could not be checked'))"
            ".map(s => s.querySelector('h2').textContent)")
        assert unchecked == ["empty", "Wendy Word"]

        shot = tab.screenshot()
        (tmp_path / "report.png").write_bytes(shot)
        width, height, colours = _png(shot)
        assert (width, height) == (1100, 1400)
        assert len(shot) > 30_000 and colours > 10, (len(shot), colours)

        pdf = tab.pdf()
        assert pdf.startswith(b"%PDF-")
        pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
        # The picture and the class table, then a page (or more) per student.
        assert pages >= len(students) + 2, pages
    finally:
        tab.close()


def test_the_request_check_catches_a_page_that_reaches_out(browser: Browser,
                                                           tmp_path: Path) -> None:
    """The checks of the test above would fail on a page that fetched anything."""
    page_file = tmp_path / "leaky.html"
    page_file.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                         "<title>leaky</title><style>body{background:"
                         "url(http://example.invalid/bg.png)}</style></head><body>"
                         '<img src="http://example.invalid/x.png" alt="x">'
                         "<script>console.error('boom')</script></body></html>")
    url = page_file.as_uri()
    tab = browser.open(url)
    try:
        requests = tab.requests()
        assert requests[0] == url
        assert "http://example.invalid/x.png" in requests
        assert "http://example.invalid/bg.png" in requests
        assert any("boom" in p for p in tab.problems())
    finally:
        tab.close()


def test_hostile_names_in_chromium(browser: Browser, report: ClassReport,
                                   tmp_path: Path) -> None:
    """The in-process report (a failed draft, names with quotes and markup) behaves in
    a browser as it reads in the parser."""
    path = tmp_path / "class.html"
    path.write_text(page(report), encoding="utf-8")
    tab = browser.open(path.as_uri())
    try:
        assert tab.problems() == []
        assert tab.requests() == [path.as_uri()]
        assert tab.evaluate("typeof window.pwned") == "undefined"
        names = tab.evaluate("[...document.querySelectorAll('section.student h2.name')]"
                             ".map(h => h.textContent)")
        assert names == [r.student for r in report.rows]
        assert tab.evaluate("document.title").startswith("Class report: " + PROMPT)
    finally:
        tab.close()


def test_a_two_case_report_in_chromium(browser: Browser, two_case: ClassReport,
                                      tmp_path: Path) -> None:
    path = tmp_path / "two-case.html"
    path.write_text(page(two_case), encoding="utf-8")
    tab = browser.open(path.as_uri())
    try:
        assert tab.problems() == []
        assert tab.requests() == [path.as_uri()]
        headings = tab.evaluate("[...document.querySelectorAll('#class h3.case')]"
                                ".map(h => h.textContent)")
        assert headings[0] == "Cuban Missile Crisis, 1962 chosen by 4 drafts"
        # The five cases chosen, over the events and again over the historians.
        assert len(headings) == 10 and headings[5:] == headings[:5]
        tab.evaluate("document.getElementById('class-events').scrollIntoView()")
        shot = tab.screenshot()
        (tmp_path / "two-case.png").write_bytes(shot)
        assert _png(shot)[2] > 10
    finally:
        tab.close()


def test_each_student_starts_a_printed_page(browser: Browser, tmp_path: Path) -> None:
    """Twelve short sections (drafts that could not be checked) would share two pages
    without the print breaks; with them, each is a page of its own."""
    prompt, compiled = resolve(Library.default(), PROMPT, None)
    rows = [failed(f"Student {i}", f"drafts/{i}.md", "is empty") for i in range(12)]
    path = tmp_path / "short.html"
    path.write_text(page(class_report(rows, compiled, prompt)), encoding="utf-8")
    tab = browser.open(path.as_uri())
    try:
        pages = len(re.findall(rb"/Type\s*/Page\b", tab.pdf()))
        assert pages == 12 + 2, pages  # the picture, the class table, a page each
    finally:
        tab.close()


def _png(data: bytes) -> tuple[int, int, int]:
    """A PNG's width, height and how many distinct byte values its pixel rows hold (a
    blank page has one or two, filtered): enough to say it is a real picture."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, width, height, pixels = 8, 0, 0, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            pixels += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    raw = zlib.decompress(pixels)
    assert len(raw) >= height * (1 + width * 3)
    return width, height, len(set(raw))
