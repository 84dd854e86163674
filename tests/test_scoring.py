"""The score, the pass/fail verdict and the indicative band follow the documented rules."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, PROMPT
from ibessay.content.library import Library
from ibessay.engine.check import check_text
from ibessay.engine.compiled import rubric_named
from ibessay.engine.markbands import BANDS, band_for

MATCHER = rubric_named(Library.default(), PROMPT)


def check(name: str):  # type: ignore[no-untyped-def]
    return check_text((EXAMPLES / name).read_text(encoding="utf-8"), MATCHER, name)


def test_bands_cover_every_mark() -> None:
    assert [band_for(mark).label for mark in range(16)] == (
        ["0"] + ["1–3"] * 3 + ["4–6"] * 3 + ["7–9"] * 3 + ["10–12"] * 3 + ["13–15"] * 3)
    assert len(BANDS) == 6


def test_exemplar_scores_full_marks() -> None:
    report = check("exemplar.md")
    assert report.score == 100 and report.passed and report.band.label == "13–15"
    assert report.score_parts == {"events": 40.0, "periods": 20.0, "historians": 20.0,
                                  "dates": 10.0, "words": 10.0}


def test_each_date_error_costs_marks() -> None:
    report = check("counter-wrong-dates.md")
    assert len(report.result("dates")) == 4
    assert report.score_parts["dates"] == 0.0 and report.score == 90
    assert report.unmet == ("dates",) and not report.passed


def test_no_historian_cited_caps_the_band_below_10() -> None:
    report = check("counter-name-dropping.md")
    assert report.score_parts["historians"] == 0.0
    assert report.mark <= 9 and report.band.label == "7–9"


def test_a_missing_period_caps_the_band_at_12() -> None:
    report = check("counter-stops-in-1960.md")
    assert "periods" in report.unmet and report.mark <= 12


def test_a_short_essay_is_scaled_down() -> None:
    report = check("counter-too-short.md")
    assert report.words < 700 and "words" in report.unmet
    # every required event is there, yet the score is scaled by sqrt(words / 700)
    assert report.score_parts["events"] < 40 and report.score < 60


def test_words_are_counted_as_a_word_processor_would() -> None:
    from ibessay.engine.draft import count_words
    from ibessay.engine.text import fold

    text = "# Title here\n\n- de-Stalinisation began — in 1956 | table\n> 1949–53 Mao’s era\n"
    assert count_words(fold(text)) == 10


@pytest.mark.parametrize("text", [
    "# Title here\n\n- de-Stalinisation began — in 1956 | table\n> 1949–53 Mao’s era\n",
    "Mao died. Then e.g. the 1970s came.\n\n\n  Indented — text | here\n# H\nlast",
    "Ελληνικά and 中文 words. Mixed — with Lüthi's view.\n\n| a | b |\n|---|---|",
    "   leading space, no stop",
    "- a\n-\tb\n-c\n  - nested\n1. one\n2) two\n3.\nthree\n>quote\n> quote\n|a|b|\n| a |",
    "####### seven\n# one\n###### six\n[^1]: a note\n* star\n+ plus\n12345. big",
])
def test_the_report_counts_words_as_words_in_does(text: str) -> None:
    # check_text sums its per-sentence counts and takes the Markdown marks from the
    # sentence splitter; words_in counts the whole text at once.
    from ibessay.engine.draft import words_in

    report = check_text(text, MATCHER)
    assert report.words == words_in(text)
