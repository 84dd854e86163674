"""The files a student starts from: outline, draft and the 2028 answer sheet."""

from __future__ import annotations

from conftest import PROMPT
from ibessay.content.library import Library
from ibessay.content.terms import COMMAND_TERM_DEMANDS
from ibessay.engine.compiled import rubric_for
from ibessay.engine.criteria.periods import periods_of
from ibessay.engine.draft import words_in
from ibessay.practice import templates

LIBRARY = Library.default()
PROMPT_OBJ = LIBRARY.prompt(PROMPT)
RUBRIC = rubric_for(LIBRARY, PROMPT_OBJ).rubric


def test_outline_has_the_question_the_term_and_a_section_per_period() -> None:
    text = templates.outline(PROMPT_OBJ, RUBRIC, 9)
    assert PROMPT_OBJ.question in text
    assert COMMAND_TERM_DEMANDS["examine"] in text
    assert "## Thesis" in text and "## Counter-argument" in text and "## Conclusion" in text
    for period in periods_of(RUBRIC):
        heading = f"## {period.start}–{period.end}: {period.label}"
        section = text.split(heading, 1)[1].split("\n## ", 1)[0]
        assert "Evidence" in section and "Historians' views" in section
    assert "about 9 minutes" in text


def test_a_draft_keeps_the_outline_in_a_comment_that_is_not_counted() -> None:
    plan = templates.outline(PROMPT_OBJ, RUBRIC) + "\n- Khrushchev's Secret Speech, 1956\n"
    text = templates.draft(PROMPT_OBJ, plan)
    assert "Khrushchev's Secret Speech, 1956" in text
    assert words_in(text) == 0
    assert text.count("<!--") == text.count("-->")  # the outline's own comments are gone


def test_a_draft_without_an_outline() -> None:
    text = templates.draft(PROMPT_OBJ, None)
    assert PROMPT_OBJ.question in text and "outline" not in text.lower()
    assert words_in(text) == 0


def test_an_outline_cannot_close_the_comment_early() -> None:
    text = templates.draft(PROMPT_OBJ, "1949 --> 1950 <!-- x")
    body = text.split("Your outline", 1)[1]
    assert body.index("-->") > body.index("1950")


def test_the_2028_sheet_has_three_parts_with_their_marks() -> None:
    text = templates.paper_2028(PROMPT_OBJ, "perspectives")
    assert [line for line in text.splitlines() if line.startswith("<!-- ## ")] == [
        "<!-- ## Section A -->", "<!-- ## Section B (a) -->", "<!-- ## Section B (b) -->"]
    for marks, minutes in ((6, 25), (4, 15), (15, 60)):
        assert f"{marks} marks, about {minutes} minutes" in text
    assert "concept of perspectives" in text
    assert words_in(text) == 0  # headings are not the student's words (they were 8)


def test_a_two_case_outline_lists_the_cases_by_region_and_a_section_per_case() -> None:
    from pathlib import Path

    from ibessay.content.loader import load_prompt
    from ibessay.engine.compiled import load_rubric

    content = Path(__file__).parent / "data" / "two-case"
    rubric = load_rubric(content / "rubrics" / "test-two-crises.yaml")
    prompt = load_prompt(content / "prompts" / "test-two-crises.yaml")
    text = templates.outline(prompt, rubric)
    assert "## Cases (choose 2, each from a different region)" in text
    assert "The Americas: Cuban Missile Crisis, 1962" in text
    assert "Europe: Hungarian Uprising, 1956; Berlin Wall, 1961" in text
    assert text.count("- Causes of each crisis:") == 2 and "## Case 2:" in text
    listing = text[text.index("<!-- The cases"):text.index("## Case 1:")]
    assert words_in(listing) == 0  # a comment: the cases listed are not the draft's words
