from __future__ import annotations

import unicodedata

import pytest

from ibessay.engine.text import (
    LATIN_ACCENTED,
    LATIN_BASES,
    FlatText,
    LineIndex,
    _fold_char_by_char,
    fold,
    normalize_phrase,
    spaced,
)


def test_latin_fold_table_is_what_unicodedata_says() -> None:
    expected = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(c)).lower()
        if len(base) == 1 and base.isascii() and base.isalpha():
            expected[char] = base
    assert dict(zip(LATIN_ACCENTED, LATIN_BASES)) == expected


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Lüthi", "luthi"),
        ("DIKÖTTER", "dikotter"),
        ("Khrushchev’s “speech”", "khrushchev's \"speech\""),
        ("1949–53 — ok", "1949-53 - ok"),
        ("İstanbul", "istanbul"),
        ("Straße", "strase"),
        ("no\u00a0break", "no break"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert len(fold(text)) == len(text)  # offsets in the folded text are draft offsets


@pytest.mark.parametrize("text", [
    "Mao → Moscow, 1949", "ΣΥΜΦΩΝΟ 1950 “Σύμφωνο”", "中苏 Lüthi – Sino-Soviet", "KELVIN \u212a",
    "İstanbul → Straße", "ẞ ǅ ﬁ → Ω", "lone \udcff surrogate → é", "→", "a\0b → é",
    "".join(map(chr, range(0x80, 0x2000))),
])
def test_fold_puts_back_what_it_cannot_fold_as_the_slow_way_does(text: str) -> None:
    # Characters with no ASCII fold come out of the encoder as NUL and are put back;
    # the slow way (for a text that holds NUL itself) folds character by character.
    assert fold(text) == _fold_char_by_char(text)
    assert len(fold(text)) == len(text)


def test_spaced_keeps_only_letters_and_digits() -> None:
    assert spaced("de-stalinisation, (1956)!") == "de stalinisation   1956  "


def test_normalize_phrase() -> None:
    assert normalize_phrase("  Treaty of Friendship,  Alliance ") == "treaty of friendship alliance"
    assert normalize_phrase("People’s Republic") == "people s republic"


def test_flat_text_maps_corrections_back_to_the_draft() -> None:
    source = spaced(fold("Kruschev met Mao"))
    flat = FlatText(source, [(0, 8, "khrushchev")])
    assert flat.text == "khrushchev met mao"
    assert not flat.is_identity
    assert flat.to_source(flat.text.index("met")) == 9
    assert flat.to_source(3) <= 7  # inside the corrected word: still inside the original
    assert flat.to_flat(9) == flat.text.index("met")


def test_flat_text_without_edits_is_the_source() -> None:
    flat = FlatText("plain text")
    assert flat.is_identity and flat.text == "plain text" and flat.to_source(6) == 6


def test_line_index() -> None:
    lines = LineIndex("one\ntwo\n\nfour")
    assert lines.line_col(0) == (1, 1)
    assert lines.line_col(5) == (2, 2)
    assert lines.line_col(9) == (4, 1)


def test_spaced_is_the_same_on_ascii_and_on_other_text() -> None:
    # ASCII text goes through an ASCII bytes table, other text through its UTF-8 bytes.
    every_ascii = "".join(map(chr, range(128)))
    assert spaced(every_ascii) == spaced(every_ascii + "é")[:-1]
    assert spaced("de-Stalinisation, 1949–53") == "de Stalinisation  1949–53"


@pytest.mark.parametrize("text", [
    "1950 → 1953: treaty (Mao/Stalin)",  # an arrow in notes: three UTF-8 bytes
    "中苏关系, 1949-76!", "Σύμφωνο; 1950", "emoji 🙂, four bytes.", "é-è",
    "lone \udcff surrogate, as stdin decodes a bad byte",
])
def test_spaced_changes_only_ascii_punctuation_in_any_text(text: str) -> None:
    expected = "".join(c if not c.isascii() or c.isalnum() else " " for c in text)
    assert spaced(text) == expected
