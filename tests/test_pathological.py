"""Bounded time for any draft (issue 8): every pass of a check is linear, so a draft of
the largest size ibessay reads (content/drafts.MAX_BYTES, 1 MB), however strange, is
checked in about a second at most.

Before, 1 MB of unclosed ``<!--`` took 945 s, and a sentence of many names and cues, of
years and events, of co-occurrence words or of misspelt names took minutes to hours,
each growing with the square of the draft or faster.

Timing on a shared machine: the issue's target is a second (LIMIT). These drafts take
0.02 to 0.6 s each on the 2-core machine this was written on when it is quiet, but
the same check takes up to twice as long an hour later, when other work shares the
cores, and a run can be slowed more than that. So the fastest of up to three runs must
be under twice the target (ALLOWED): still far below what a quadratic pass takes at
this size, which is minutes.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import PROMPT, run
from ibessay.content.drafts import MAX_BYTES
from ibessay.content.library import Library
from ibessay.engine.check import check_text
from ibessay.engine.compiled import rubric_named
from ibessay.engine.report import Report
from ibessay.engine.text import LATIN_ACCENTED

LIMIT = 1.0  # seconds: the target
ALLOWED = 2 * LIMIT  # what a run may take on a busy shared machine (see above)
RUBRIC = "sino-soviet-1949-1976"


def _check(text: str) -> Report:
    """The report of ``text``, asserting that checking it takes under ALLOWED seconds
    in the fastest of up to three runs."""
    assert len(text.encode("utf-8")) <= MAX_BYTES
    compiled = rubric_named(Library.default(), RUBRIC)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        report = check_text(text, compiled, "pathological.md")
        times.append(time.perf_counter() - start)
        if times[-1] < ALLOWED:
            return report
    pytest.fail(f"checking took {', '.join(f'{t:.2f}' for t in times)} s; "
                f"allowed {ALLOWED} s (target {LIMIT} s)")


def _fill(unit: str) -> str:
    """``unit`` repeated as often as fits in the largest draft."""
    return unit * (MAX_BYTES // len(unit.encode("utf-8")))


def _names(count: int, make: Callable[[random.Random], str]) -> str:
    rng = random.Random(8)
    return " ".join(make(rng) for _ in range(count))


def _made_up(rng: random.Random) -> str:
    """A capitalised word that may have a rubric name's first letter and length."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return rng.choice(letters).upper() + "".join(rng.choices(letters, k=rng.randrange(5, 8)))


def _misspelt(rng: random.Random) -> str:
    """A rubric name with one letter changed: "Kruschev" for Khrushchev."""
    name = list(rng.choice(["Khrushchev", "Radchenko", "Goncharov", "Kissinger", "Westad"]))
    name[rng.randrange(1, len(name))] = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return "".join(name)


def test_unclosed_comments() -> None:
    report = _check("<!--" * 250_000)
    assert report.words == 0  # an unclosed comment hides the rest of the draft


def test_unclosed_comment_after_text() -> None:
    report = _check("The Korean War began in 1950.\n\n" + _fill("<!-- a note ")[:990_000])
    assert report.words == 6


def test_unclosed_front_matter() -> None:
    report = _check(_fill("---\ntitle: an essay\n"))
    assert report.words > 0  # never closed: not front matter, so not hidden


def test_unclosed_footnote_labels() -> None:
    _check(_fill("\n[^note"))


@pytest.mark.parametrize("char", list("a. \n-|#1é[(*<>'\"_") + ["\u00a0", "\u2028"])
def test_one_character(char: str) -> None:
    _check(_fill(char))


def test_every_accent_folded_beside_letters_that_do_not_fold() -> None:
    # Greek keeps fold() off its fast path: one replace() per accented letter present.
    _check(_fill(LATIN_ACCENTED + "ßæœøłıİ“”–—…\u00a0 αβγ "))


def test_100000_years() -> None:
    report = _check("1950 " * 100_000)
    assert report.words == 100_000


def test_100000_ranges() -> None:
    text = "1950–53 " * 100_000
    assert len(text.encode("utf-8")) == MAX_BYTES
    _check(text)


def test_years_and_an_event_in_one_sentence() -> None:
    report = _check(_fill("in 1950 the Korean War "))  # 43,000 years, no full stop
    assert next(e for e in report.result("events").events if e.id == "korean-war").found
    assert report.result("dates") == ()


def test_wrong_years_and_an_event_in_one_sentence() -> None:
    # Each "1970" fits no event of the sentence: at most 1,000 are looked into.
    report = _check(_fill("the Korean War in 1970 ")[:500_000])
    assert 0 < len(report.result("dates")) <= 1000


def test_100000_made_up_capitalised_names() -> None:
    report = _check(_names(100_000, _made_up))
    assert report.words == 100_000


def test_100000_misspelt_names() -> None:
    report = _check(_names(100_000, _misspelt))
    assert len(report.corrections) > 100


def test_one_sentence_of_names_and_cues() -> None:
    report = _check(_fill("Westad argues that Lüthi contends and Chen Jian's view, "))
    assert {h.id: h.status for h in report.result("historians").historians}["westad"] == "cited"


def test_one_sentence_of_names_and_book_cues() -> None:
    _check(_fill("Westad in his book "))


def test_one_name_then_many_cues() -> None:
    _check("Westad " + _fill("argues ")[:990_000])


def test_one_sentence_of_look_alike_names() -> None:
    report = _check(_fill("Liu Shaoqi and Liu argue "))
    assert {h.id: h.status for h in report.result("historians").historians}["liu"] == "cited"


def test_one_sentence_of_co_occurrence_words() -> None:
    # A rule tries up to 256 combinations of its words: here each of the first 256
    # "shelling"s with "Taiwan", a whole sentence away (5 s a megabyte before).
    _check(_fill("the shelling of the coast ")[:990_000] + "Taiwan")


def test_one_giant_sentence_of_aliases_names_cues_and_years() -> None:
    report = _check(_fill(
        "Westad argues that the Korean War in 1950 and the Sino-Soviet Treaty of 1951, "
        "according to Chen Jian, shaped the Great Leap Forward (1970) as Khrushchev "
        "denounced Stalin; Lüthi's interpretation, in his book, "))
    found = {e.id for e in report.result("events").events if e.found}
    assert {"korean-war", "treaty-1950", "great-leap-forward", "secret-speech"} <= found
    cited = {h.id for h in report.result("historians").historians if h.status == "cited"}
    assert cited >= {"westad", "luthi"}
    assert 0 < len(report.result("dates")) <= 1000


def test_the_command_on_unclosed_comments(tmp_path: Path) -> None:
    # The whole process: start-up, compiling the rubric into the test's empty cache,
    # the check and the JSON report. About 0.6 s here; 945 s before.
    draft = tmp_path / "unclosed.md"
    draft.write_text("<!--" * 250_000, encoding="utf-8")
    start = time.perf_counter()
    result = run("check", str(draft), "--prompt", PROMPT, "--format", "json")
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["words"] == 0
    assert elapsed < 5, elapsed


def test_explaining_a_sentence_of_events_and_years_is_linear() -> None:
    """``--explain`` names, for each date, the nearest event it fits: it once scanned the
    whole sentence for every date (a 40 KB sentence took 4 s, a megabyte hours)."""
    text = ("Korean War 1949 Korea 1950 " * 8000)[:MAX_BYTES // 4]  # ~200 KB, one sentence
    report = _check(text)
    start = time.perf_counter()
    explained = report.explanations()
    took = time.perf_counter() - start
    assert any("fits Korean War" in f.message for f in explained)
    assert took < 4 * ALLOWED, f"explaining took {took:.2f} s"
