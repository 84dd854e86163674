from __future__ import annotations

import datetime

import pytest

from ibessay.engine.dates import Span, find_years, parse_span
from ibessay.engine.text import fold, spaced


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (1950, "1950"),
        (datetime.date(1950, 2, 14), "14 Feb 1950"),
        ("1960-07", "Jul 1960"),
        ("1954 to 1955", "1954–1955"),
        ("1960-07..1960-08", "Jul–Aug 1960"),
        ("1969-03-02 – 1969-03-17", "2–17 Mar 1969"),
    ],
)
def test_parse_span(value: object, label: str) -> None:
    assert parse_span(value).label() == label


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1950-13", "has month 13"),
        ("1955 to 1950", "ends before it starts"),
        ("1950-02-30", "is not a real day"),
        ("soon", "is not a date"),
        (True, "a date must be"),
        ("1950 to 1951 to 1952", "more than one range separator"),
    ],
)
def test_parse_span_errors(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_span(value)


def test_span_checks() -> None:
    span = parse_span("1960-07 to 1960-08")
    assert span.contains_years(1960, 1960) and not span.contains_years(1959, 1960)
    assert span.contains_month(1960, 8) and not span.contains_month(1960, 6)
    assert span.has_months() and not Span((1950, 0, 0), (1951, 0, 0)).has_months()


def years(text: str) -> list[tuple[int, int, int, str, bool, str]]:
    flat = spaced(fold(text))  # punctuation is a space: "1950–53" reads "1950 53"
    return [(y.first, y.last, y.month, y.kind, y.relational, flat[y.start:y.end])
            for y in find_years(flat)]


def test_three_digit_years_are_read_as_medieval_dates() -> None:
    # Topics 1-3 start in 750: "in 800", "768–814", "between 768 and 814" are dates;
    # "800 knights" is a count.
    assert years("Crowned in 800, he ruled (768–814) between 768 and 814 with 800 knights.") \
        == [(800, 800, 0, "year", False, "800"), (768, 814, 0, "range", False, "768 814"),
            (768, 768, 0, "year", True, "768"), (814, 814, 0, "year", True, "814")]


def test_a_date_before_a_count_noun_is_still_a_date() -> None:
    # "13 April 1921, troops": the comma and the month say date; "sent 1950 advisers" is
    # a count.
    assert [y[:4] for y in years("On 13 April 1921, troops under Dyer fired.")] == [
        (1921, 1921, 4, "year")]
    assert years("Moscow sent 1950 advisers.") == []


def test_find_years() -> None:
    assert years("In February 1950, the Korean War (1950–53) and the late 1960s.") == [
        (1950, 1950, 2, "year", False, "february 1950"),
        (1950, 1953, 0, "range", False, "1950 53"),
        (1966, 1969, 0, "decade", False, "late 1960s"),
    ]
    assert years("On 14 February 1950 and March 2, 1969.") == [
        (1950, 1950, 2, "year", False, "14 february 1950"),
        (1969, 1969, 3, "year", False, "march 2  1969"),
    ]
    assert years("after 1953, until the 1960s, 1958/59, the 1950's") == [
        (1953, 1953, 0, "year", True, "1953"),
        (1960, 1969, 0, "decade", True, "1960s"),
        (1958, 1959, 0, "range", False, "1958 59"),
        (1950, 1959, 0, "decade", False, "1950 s"),
    ]


def test_numbers_that_are_not_years() -> None:
    assert years("1,400 men, 1400 advisers, 1,390 Soviet experts and 19500") == []


def test_a_comma_between_years_is_not_a_range() -> None:
    assert [y[3] for y in years("In 1949, 53 men and 1958–59")] == ["year", "range"]
