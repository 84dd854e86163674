"""Names from students' folders and teachers' rubrics are shown as they are: a "[/i]" or
"[bold]" in them is text, never Rich markup (which would restyle them, or crash)."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import PROMPT
from conftest import on_screen as shown
from ibessay.content.library import Library
from ibessay.engine.check import check_text
from ibessay.engine.compiled import rubric_for
from ibessay.engine.display import Tally
from ibessay.practice.recheck import Coverage, Reading
from ibessay.practice.screen import LiveScreen
from ibessay.practice.timing import Clock
from ibessay.render import Format, renderer
from ibessay.render.listings import attempts_table

#: Closing a tag that is not open is a Rich MarkupError; an opening tag restyles the
#: rest; an emoji code becomes a picture.
HOSTILE = "[bold]notes[/i]:fire:.md"


def live_screen() -> tuple[LiveScreen, io.StringIO]:
    from rich.console import Console

    screen = LiveScreen()
    out = io.StringIO()
    screen.console = Console(file=out, force_terminal=True, width=200, highlight=False,
                             emoji=False)
    return screen, out


def test_the_live_screen_shows_every_name_literally() -> None:
    screen, out = live_screen()
    screen.heading(f"Writing: {HOSTILE}")
    screen.say(f"Files: /home/s/{HOSTILE}")
    screen.countdown(f"Reading {HOSTILE}", 0.01, Clock(speed=1000))
    coverage = Coverage(words=12, tallies=(
        Tally("periods", 1, 3, "Periods", (f"period {HOSTILE}",), "not yet covered"),
        Tally("events", 2, 14, "Required events", (f"event {HOSTILE}",),
              "events still to bring in"),
        Tally("historians cited", 0, 2, "Cited"),
        Tally("date warnings", 0, None, "Dates"),
    ))
    screen.dashboard(f"title {HOSTILE}", None, [
        (f"row {HOSTILE}", Reading(coverage, None)),
        (f"gone {HOSTILE}", Reading(None, f"{HOSTILE} was deleted (copies are in "
                                          f"x[/i]/snapshots)"))],
        keys=f"keys {HOSTILE}")
    screen.dashboard_done()
    text = shown(out.getvalue())
    for literal in (f"Writing: {HOSTILE}", f"Files: /home/s/{HOSTILE}",
                    f"Reading {HOSTILE}: done", f"title {HOSTILE} — untimed", f"row {HOSTILE}",
                    f"row {HOSTILE}: not yet covered: period {HOSTILE}",
                    f"row {HOSTILE}: events still to bring in: event {HOSTILE}",
                    f"gone {HOSTILE}: {HOSTILE} was deleted (copies are in x[/i]/snapshots)",
                    f"keys {HOSTILE}"):
        assert literal in text, literal


def test_the_report_shows_a_draft_name_literally() -> None:
    library = Library.default()
    prompt = library.prompt(PROMPT)
    report = check_text("Mao died in 1976.", rubric_for(library, prompt), HOSTILE,
                        prompt)
    out = io.StringIO()
    renderer(Format.rich)(report, out, color=True)
    assert f"{HOSTILE} — rubric {PROMPT}" in shown(out.getvalue())


def test_the_drafts_table_shows_names_and_problems_literally(tmp_path: Path) -> None:
    out = io.StringIO()
    attempts_table([
        {"attempt": f"2026-12-04-{HOSTILE}", "status": "open", "overtime": False,
         "words": [3], "scores": [], "problem": None},
        {"attempt": HOSTILE, "status": "unreadable", "overtime": False, "words": [],
         "scores": [], "problem": f"cannot read the attempt file 'ws[/i]/{HOSTILE}'"},
    ], f"ws[/i]/{HOSTILE}", out)
    text = shown(out.getvalue())
    assert f"2026-12-04-{HOSTILE} │ open" in text
    assert f"{HOSTILE}: cannot read the attempt file 'ws[/i]/{HOSTILE}'" in text
    assert f"2 attempt(s) in ws[/i]/{HOSTILE}." in text


DATED = "Stalin died in 1953.\nKhrushchev denounced him in the Secret Speech of 1958.\n"
SAID = ("dates to check: line 2:50: '1958' does not fit Khrushchev's Secret Speech at the "
        "20th Party Congress (de-Stalinisation) (25 Feb 1956)")


def dated_reading() -> Reading:
    library = Library.default()
    prompt = library.prompt(PROMPT)
    return Reading(Coverage.of(check_text(DATED, rubric_for(library, prompt), "d.md", prompt)),
                   None)


def test_the_dashboard_says_what_each_date_warning_is_and_where() -> None:
    screen, out = live_screen()
    screen.dashboard("t", None, [("draft", dated_reading())])
    screen.dashboard_done()
    assert f"draft: {SAID}" in shown(out.getvalue())


def test_the_plain_dashboard_lists_the_date_warnings_too() -> None:
    from ibessay.practice.screen import PlainScreen

    out = io.StringIO()
    PlainScreen(out=out, stdin=io.StringIO()).dashboard("t", None, [("draft", dated_reading())])
    lines = out.getvalue().splitlines()
    assert "date warnings 1" in lines[0] and lines[1] == f"  {SAID}"
