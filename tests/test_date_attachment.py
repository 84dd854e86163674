"""Dates judged against the event they are attached to (issue 9): ``--explain``'s
reasons, named *other* events (the events criterion's ``others:``), and the measured
recall on our own paragraphs. The rules themselves are cases in tests/cases/dates.yaml.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import ibessay
from ibessay.engine.criteria import CRITERIA

RUBRIC = "sino-soviet-1949-1976"
DATES = next(c for c in CRITERIA if c.name == "dates")


def explained(text: str) -> list[str]:
    report = ibessay.check(text, rubric=RUBRIC)
    findings = DATES.explain(report.result("dates"), report.results)
    assert all(f.severity == "info" for f in findings)
    return [f"{f.line}:{f.column} {f.message}" for f in findings]


@pytest.mark.parametrize(("text", "expected"), [
    ("The Treaty of Friendship was signed in 1950.",
     "1:40 treaty-1950: '1950' fits Treaty of Friendship, Alliance and Mutual Assistance "
     "(14 Feb 1950), named in its sentence"),
    ("The Treaty of Friendship was signed in 1951.",
     "1:40 treaty-1950: '1951' is attached to Treaty of Friendship, Alliance and Mutual "
     "Assistance (14 Feb 1950) and does not fit it: flagged"),
    ("After 1955 the Secret Speech was remembered.",
     "1:7 date: '1955' is bounded by 'after': a limit in time, not an event's date"),
    ("About 1900 Soviet experts were withdrawn in 1960.",
     "1:7 date: '1900' counts something, it is not a date"),
    ("The Treaty of Friendship was a humiliation (Westad, 1998).",
     "1:53 date: '1998' is a historian's (a publication year): not an event's date"),
    ("Until Mao's death in 1976 relations stayed frozen (Lüthi, 2008; Radchenko, 2009).",
     "1:76 date: '2009' is a historian's (a publication year): not an event's date"),
    ("Three turning points (1950, 1953, 1956): the death of Stalin.",
     "1:23 date: '1950' is one of a list of years: not judged"),
    ("## 1953–1960: the Secret Speech\n",
     "1:4 date: '1953–1960' labels a period (in a heading): not an event's date"),
    ("| 1949–53 | Treaty of Friendship |\n",
     "1:3 date: '1949–53' labels a period (in a table's first column): not an event's "
     "date"),
    ("Brezhnev's invasion of Czechoslovakia frightened Beijing; in 1969 troops clashed.",
     "1:62 date: '1969' is attached to no event of its clause: the nearest, Brezhnev "
     "Doctrine (invasion of Czechoslovakia), is not its event (they are in different "
     "clauses); not judged"),
    ("From 1949 to 1953 the Treaty of Friendship tied China to Moscow.",
     "1:6 treaty-1950: '1949 to 1953' is a period that contains Treaty of Friendship, "
     "Alliance and Mutual Assistance (14 Feb 1950), written before it: not judged"),
])
def test_explain_says_why(text: str, expected: str) -> None:
    assert expected in explained(text)


def test_explain_covers_every_year_near_an_event_and_only_those() -> None:
    lines = explained("Stalin died in 1953 and the Secret Speech of 1955 shocked Mao. "
                      "In 1962 nothing happened.")
    assert [line.split(" ")[0] for line in lines] == ["1:16", "1:46"]
    assert "flagged" in lines[1] and "flagged" not in lines[0]


def test_explain_agrees_with_the_check() -> None:
    # Every year flagged by the check is the one --explain calls flagged, on a whole essay.
    text = (Path(__file__).parent.parent / "rubrics" / "examples" / RUBRIC /
            "counter-wrong-dates.md").read_text(encoding="utf-8")
    report = ibessay.check(text, rubric=RUBRIC)
    flagged = {(d.line, d.column) for d in report.result("dates")}
    findings = DATES.explain(report.result("dates"), report.results)
    said = {(f.line, f.column) for f in findings if f.message.endswith("flagged")}
    assert flagged == said and len(flagged) >= 3


# -- named other events (the rubric's `others:`) -----------------------------------------
# The bundled treaty-1950 names the 1945 treaty with the Nationalists as an other.

TWO_TREATIES = ("The Treaty of Friendship replaced the treaty Stalin signed with the "
                "Guomindang in 1945.")


def _date_issues(text: str) -> list[tuple[str, int]]:
    report = ibessay.check(text, rubric=RUBRIC)
    return [(d.event, d.year) for d in report.result("dates")]


def test_a_year_that_fits_a_named_other_event_is_not_flagged() -> None:
    assert _date_issues(TWO_TREATIES) == []
    # The same year beside the 1950 treaty alone is still an error.
    assert _date_issues("The Treaty of Friendship was signed in 1945.") == [
        ("treaty-1950", 1945)]


def test_a_year_attached_to_an_other_event_is_never_flagged() -> None:
    text = TWO_TREATIES.replace("1945", "1946")  # wrong for both treaties
    assert _date_issues(text) == []


def test_an_other_event_does_not_shield_the_rubric_events_own_year() -> None:
    text = ("The Treaty of Friendship of 1951 replaced the treaty Stalin signed with the "
            "Guomindang in 1945.")
    assert _date_issues(text) == [("treaty-1950", 1951)]


# -- measured ----------------------------------------------------------------------------

def test_recall_and_false_warnings_on_our_paragraphs() -> None:
    # A guard near the measured level (recall 33/38, no false warning in 47 paragraphs),
    # not a target: the misses are events not found ("Nixon, who visited") and years
    # inside an event's span ("the Cultural Revolution, launched in 1967").
    here = Path(__file__).parent / "measure"
    sys.path.insert(0, str(here))
    from dates import measure  # type: ignore[import-not-found]

    results = [measure(path) for path in sorted(here.glob("dates_paragraphs*.yaml"))]
    found, wrong = sum(r.found for r in results), sum(r.wrong for r in results)
    assert len(results) == 3 and found / wrong >= 0.85, [r.summary() for r in results]
    assert sum(r.false for r in results) <= 1, [r.summary() for r in results]
