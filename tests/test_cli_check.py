"""``ibessay check`` as students run it: the installed command, in a subprocess."""

from __future__ import annotations

import json
import re

from conftest import EXAMPLES, PROMPT, run

EXEMPLAR = EXAMPLES / "exemplar.md"
WRONG_DATES = EXAMPLES / "counter-wrong-dates.md"
ANSI = re.compile(r"\x1b\[")


def test_json_report_has_the_documented_shape() -> None:
    result = run("check", str(EXEMPLAR), "--prompt", PROMPT, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema_version"] == 2
    assert {"draft", "prompt", "rubric", "words", "score", "band", "periods", "events",
            "historians", "date_issues"} <= report.keys()
    assert report["draft"] == str(EXEMPLAR)
    assert report["prompt"] == PROMPT and report["rubric"] == PROMPT
    assert report["passed"] is True and report["unmet"] == []
    assert [p["id"] for p in report["periods"]] == [
        "alliance-1949-1953", "strain-1953-1960", "hostility-1960-1976"]
    assert set(report["periods"][0]) == {"id", "label", "start", "end", "covered", "share",
                                         "sentences", "needed", "lines"}
    event = next(e for e in report["events"] if e["id"] == "treaty-1950")
    assert set(event) == {"id", "name", "date", "period", "required", "found", "matches"}
    assert event["found"] and event["matches"][0]["line"] == 14
    assert set(event["matches"][0]) == {"line", "column", "text"}
    statuses = {h["id"]: h["status"] for h in report["historians"]}
    assert statuses["luthi"] == "cited" and statuses["friedman"] == "mentioned"
    assert statuses["dikotter"] == "absent"
    assert report["band"]["indicative"] is True
    assert report["band"]["marks"] == "13–15"


def test_json_date_issues_point_at_the_year() -> None:
    result = run("check", str(WRONG_DATES), "-p", PROMPT, "-f", "json")
    issues = json.loads(result.stdout)["date_issues"]
    assert [(d["event"], d["year"]) for d in issues] == [
        ("treaty-1950", 1951), ("stalin-death", 1954), ("border-clashes-1969", 1967),
        ("nixon-visit-1972", 1973)]
    first = issues[0]
    line = WRONG_DATES.read_text(encoding="utf-8").splitlines()[first["line"] - 1]
    assert line[first["column"] - 1:].startswith(first["text"]) and first["text"] == "February 1951"
    assert set(first) == {"event", "year", "line", "column", "text", "message"}


def test_line_format_is_editor_friendly() -> None:
    result = run("check", str(WRONG_DATES), "--prompt", PROMPT, "--format", "line")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    pattern = re.compile(rf"^{re.escape(str(WRONG_DATES))}:\d+:\d+: (warning|note): .+$")
    assert all(pattern.match(line) for line in lines), lines
    assert f"{WRONG_DATES}:12:" in result.stdout and "'February 1951' does not fit" in result.stdout


def test_markdown_format() -> None:
    result = run("check", str(EXEMPLAR), "--prompt", PROMPT, "--format", "markdown")
    assert result.returncode == 0
    assert result.stdout.startswith(f"# Rubric check: {EXEMPLAR}")
    assert "## Periods" in result.stdout
    assert "| Alliance and dependence | 1949–Feb 1953 |" in result.stdout
    assert "not a mark" in result.stdout


def test_rich_format_is_plain_text_when_piped() -> None:
    result = run("check", str(EXEMPLAR), "--prompt", PROMPT)
    assert result.returncode == 0
    assert not ANSI.search(result.stdout)
    assert "Score 100/100" in result.stdout and "Indicative markband 13–15" in result.stdout
    assert "Periods of the time frame" in result.stdout


def test_rich_format_has_colour_on_a_terminal_unless_no_color() -> None:
    forced = run("check", str(EXEMPLAR), "-p", PROMPT,
                 env={"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"})
    assert ANSI.search(forced.stdout)
    plain = run("check", str(EXEMPLAR), "-p", PROMPT, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not ANSI.search(plain.stdout)


def test_hints_name_what_is_missing() -> None:
    draft = str(EXAMPLES / "counter-stops-in-1960.md")
    hints = json.loads(run("check", draft, "-p", PROMPT, "-f", "json").stdout)["hints"]
    assert {"kind": "event", "id": "mao-death", "message": "Missing: Death of Mao (9 Sep 1976) "
            "— Open hostility and realignment, 1960–1976."} in hints
    assert any(h["kind"] == "period" and h["id"] == "hostility-1960-1976" for h in hints)
    shown = run("check", draft, "-p", PROMPT).stdout
    assert "What to work on" in shown and "Missing: Death of Mao" in shown


def test_stdin_draft() -> None:
    result = run("check", "-", "-p", PROMPT, "-f", "json", stdin=EXEMPLAR.read_bytes())
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["draft"] == "-" and report["passed"]


def test_rubric_by_id_and_by_path() -> None:
    by_id = json.loads(run("check", str(EXEMPLAR), "--rubric", PROMPT, "-f", "json").stdout)
    assert by_id["prompt"] is None and by_id["rubric"] == PROMPT
    path = EXAMPLES.parent.parent / f"{PROMPT}.yaml"
    by_path = json.loads(run("check", str(EXEMPLAR), "--rubric", str(path), "-f", "json").stdout)
    assert by_path["score"] == by_id["score"]


def test_fail_under() -> None:
    short = str(EXAMPLES / "counter-too-short.md")
    assert run("check", short, "-p", PROMPT, "--fail-under", "40", "-f", "json").returncode == 0
    below = run("check", short, "-p", PROMPT, "--fail-under", "90", "-f", "json")
    assert below.returncode == 1 and json.loads(below.stdout)["score"] < 90


def test_python_dash_m_works_too() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "ibessay", "--version"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("ibessay ")


def test_a_terminal_that_cannot_show_every_character() -> None:
    """An ASCII or Latin-1 locale gets '?' for what it cannot show, never a crash; JSON
    stays exact, with \\u escapes."""
    exemplar = str(EXAMPLES / "exemplar.md")
    for encoding in ("ascii", "latin-1"):
        human = run("check", exemplar, "--prompt", PROMPT, env={"PYTHONIOENCODING": encoding})
        assert human.returncode == 0 and human.stderr == "", human.stderr
        assert "Lorenz M." in human.stdout
        machine = run("check", exemplar, "--prompt", PROMPT, "--format", "json",
                      env={"PYTHONIOENCODING": encoding})
        assert machine.returncode == 0, machine.stderr
        assert machine.stdout.isascii() and "\\u00fc" in machine.stdout
        names = [h["name"] for h in json.loads(machine.stdout)["historians"]]
        assert "Lorenz M. Lüthi" in names
    listing = run("prompts", env={"PYTHONIOENCODING": "ascii"})
    assert listing.returncode == 0 and listing.stderr == ""
