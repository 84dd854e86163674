from __future__ import annotations

import pytest

from ibessay.engine.sentences import split
from ibessay.engine.text import fold


def sentences(text: str) -> list[str]:
    parts = split(fold(text), text)
    return [text[a:b].strip() for a, b in parts.spans()]


def test_full_stops_and_abbreviations() -> None:
    assert sentences("One. Lorenz M. Lüthi argues. The U.S. Congress met, e.g. twice. End!") == [
        "One.", "Lorenz M. Lüthi argues.", "The U.S. Congress met, e.g. twice.", "End!"]


@pytest.mark.parametrize(("text", "expected"), [
    # Abbreviations of each length, at the start of the text and after a bracket.
    ("Dr. Zhou went. Mrs. Mao came. Prof. Chen spoke. Approx. 30 came. Then.",
     ["Dr. Zhou went.", "Mrs. Mao came.", "Prof. Chen spoke.", "Approx. 30 came.", "Then."]),
    ("The split (c. 1960) deepened (St. Petersburg). Then.",
     ["The split (c. 1960) deepened (St. Petersburg).", "Then."]),
    ("Many visits, i.e. Moscow and Beijing. Then trips to the U.S.A. Later more.",
     ["Many visits, i.e. Moscow and Beijing.", "Then trips to the U.S.A. Later more."]),
    ("It ended etc.. And then... Finally it split. Done.",
     ["It ended etc.. And then... Finally it split.", "Done."]),
    # A word that only ends like an abbreviation is not one.
    ("Mao met the Premier. Beijing protested. Stalin. Mr. X came.",
     ["Mao met the Premier.", "Beijing protested.", "Stalin.", "Mr. X came."]),
    ("(A) was first. B. Second.", ["(A) was first.", "B. Second."]),
])
def test_stops_that_do_not_end_a_sentence(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_lower_case_after_a_stop_continues_the_sentence() -> None:
    assert sentences("It was c. 1950. then more.") == ["It was c. 1950. then more."]


def test_markdown_blocks_are_sentences() -> None:
    text = "# Title\nIntro\n\n- one\n- two\n| 1950 | Treaty |\n| 1953 | Stalin |\nAfter"
    assert sentences(text) == ["# Title", "Intro", "- one", "- two", "| 1950 | Treaty |",
                               "| 1953 | Stalin |", "After"]


def test_paragraphs() -> None:
    parts = split(fold("One. Two.\n\nThree."), "One. Two.\n\nThree.")
    assert parts.paragraph_of == [0, 0, 1]
