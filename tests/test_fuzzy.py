from __future__ import annotations

from ibessay.engine.misspellings import NameIndex, osa_distance

NAMES = NameIndex(["khrushchev", "radchenko", "roberts", "chang", "westad", "dikotter"],
                  known=["strait", "khrushchev", "roberts"])


def test_osa_distance() -> None:
    assert osa_distance("kruschev", "khrushchev") == 2
    assert osa_distance("westda", "westad") == 1  # a swap is one edit


def test_common_misspellings_are_corrected() -> None:
    assert NAMES.correct("kruschev") == "khrushchev"
    assert NAMES.correct("krushchev") == "khrushchev"
    assert NAMES.correct_word("Radchencko") == "radchenko"


def test_unsafe_corrections_are_refused() -> None:
    assert NAMES.correct("chiang") is None  # Chang is too short to fuzzy-match
    assert NAMES.correct("robert") is None  # a prefix of Roberts: another person
    assert NAMES.correct("strain") is None  # not a name in the index
    assert NAMES.correct("westat") == "westad"
    assert NAMES.correct("vestad") is None  # the first letter must agree
    assert NAMES.correct("khrushchev") is None  # already right


def test_ties_are_not_guessed() -> None:
    index = NameIndex(["abcdefg", "abcdefh"], known=[])
    assert index.correct("abcdefx") is None


def test_remembered_words_stay_bounded() -> None:
    """A long `ibessay watch` feeds an index every half-typed word; memory must not grow
    with them, and corrections must go on working."""
    from ibessay.engine.misspellings import MAX_WORDS, MEMO_LIMIT

    index = NameIndex(["khrushchev", "radchenko"], known=["khrushchev"])
    drafts = 3 * MEMO_LIMIT // MAX_WORDS  # together, three times the limit in new words
    for draft in range(drafts):
        words = ["Kruschev", *(f"Word{draft}x{i}" for i in range(MAX_WORDS - 1))]
        assert index.correct_words(words) == {"Kruschev": "khrushchev"}
        assert len(index._clean) <= MEMO_LIMIT and len(index._memo) <= MEMO_LIMIT
    assert index.correct_word("Radchencko") == "radchenko"


def test_common_places_and_peoples_are_never_misspellings() -> None:
    index = NameIndex(["franco", "germany", "prussia"], known=[])
    assert index.correct("france") is None  # not a misspelt Franco
    assert index.correct("germans") is None  # not a misspelt Germany
    assert index.correct("frnaco") == "franco"  # a real slip is still read
