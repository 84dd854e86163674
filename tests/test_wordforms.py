from __future__ import annotations

from ibessay.engine.wordforms import (
    phrase_inflections,
    spelling_variants,
    with_plural,
    word_inflections,
)


def test_british_and_american_spellings() -> None:
    assert {"de stalinisation", "de stalinization", "destalinisation"} <= spelling_variants(
        "de-Stalinisation")
    assert "labor" in spelling_variants("labour") and "labour" in spelling_variants("labor")
    assert "defense" in spelling_variants("defence")
    assert "for" not in spelling_variants("four")  # short words keep their spelling


def test_diacritics_and_transliteration() -> None:
    assert spelling_variants("Lüthi") == {"luthi", "luethi"}


def test_inflections_of_a_verb_in_any_form() -> None:
    forms = {"withdraw", "withdraws", "withdrew", "withdrawn", "withdrawing", "withdrawal"}
    assert forms <= word_inflections("withdraw")
    assert forms <= word_inflections("withdrew")
    assert forms <= word_inflections("withdrawal")


def test_no_false_derivations() -> None:
    assert "signal" not in word_inflections("sign")
    assert "national" not in word_inflections("nation")


def test_phrase_inflections_and_plurals() -> None:
    assert {"sent home", "sends home", "sending home"} <= phrase_inflections("send home")
    assert "Soviet advisers".lower() in phrase_inflections("Soviet adviser")
    assert with_plural("taiwan strait crisis") == {"taiwan strait crisis", "taiwan strait crises"}
