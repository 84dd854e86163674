"""Dates: the spans a rubric gives its events, and the years a draft writes.

A rubric date is a year (``1950``), a month (``1960-07``), a day (``1950-02-14``), or a
range of those (``1954 to 1955``, ``1960-07..1960-08``). A draft writes "1950",
"in February 1950", "14 February 1950", "1949–53", "the 1950s" or "the late 1960s".
:func:`find_years` finds the latter in folded text (see :mod:`ibessay.engine.text`).
"""

# No "from __future__ import annotations": NamedTuple would compile every field's
# annotation string at import, doubling the cost of defining the classes on start-up.

import re
from typing import NamedTuple

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)
_MONTH_NUMBER = {name: i + 1 for i, name in enumerate(_MONTH_NAMES)}
_MONTH_NUMBER.update({abbr: i + 1 for i, abbr in enumerate(MONTHS)})
_MONTH_NUMBER["sept"] = 9

YMD = tuple[int, int, int]  # (year, month or 0, day or 0)
#: The years a draft's dates are read in: from the start of the earliest topic of the
#: syllabus (750) with a margin. A three-digit number is a year only where a rubric's
#: time frame reaches it (a medieval question's "in 800"), and never a count ("800 men").
YEARS = range(500, 2100)


class Span(NamedTuple):
    """A closed span of time, each end precise to a year, a month or a day."""

    start: YMD
    end: YMD

    @property
    def first_year(self) -> int:
        return self.start[0]

    @property
    def last_year(self) -> int:
        return self.end[0]

    def has_months(self) -> bool:
        return self.start[1] != 0 and self.end[1] != 0

    def contains_years(self, first: int, last: int) -> bool:
        return self.start[0] <= first and last <= self.end[0]

    def contains_month(self, year: int, month: int) -> bool:
        return self.start[:2] <= (year, month) <= self.end[:2]

    def label(self) -> str:
        """Human form: "14 Feb 1950", "Jul–Aug 1960", "1950–1953"."""
        if self.start == self.end:
            return _ymd_label(self.start)
        (y1, m1, d1), (y2, m2, d2) = self.start, self.end
        if y1 == y2 and m1 and m2 and not d1 and not d2:
            return f"{MONTHS[m1 - 1].title()}–{MONTHS[m2 - 1].title()} {y1}"
        if y1 == y2 and m1 == m2 and m1 and d1 and d2:
            return f"{d1}–{d2} {MONTHS[m1 - 1].title()} {y1}"
        return f"{_ymd_label(self.start)}–{_ymd_label(self.end)}"


def _ymd_label(ymd: YMD) -> str:
    year, month, day = ymd
    if not month:
        return str(year)
    if not day:
        return f"{MONTHS[month - 1].title()} {year}"
    return f"{day} {MONTHS[month - 1].title()} {year}"


def spans_label(spans: tuple[Span, ...]) -> str:
    return ", ".join(span.label() for span in spans)


# --- rubric dates --------------------------------------------------------------------

# Compiled on first use (re caches them): only authoring and tests read rubric dates.
_RANGE_SEPARATOR = r"\s+to\s+|\s*\.\.\s*|\s*[–—]\s*"
_POINT = r"^(\d{3,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$"


def parse_span(value: object) -> Span:
    """Parse one rubric date (a YAML int, date or string).

    Raises:
        ValueError: with a message fit to show the rubric's author.
    """
    import datetime as _dt  # only when reading a rubric

    if isinstance(value, bool):
        raise ValueError("a date must be a year, YYYY-MM, YYYY-MM-DD or a range 'A to B'")
    if isinstance(value, int):
        return Span((value, 0, 0), (value, 0, 0))
    if isinstance(value, _dt.date):
        ymd = (value.year, value.month, value.day)
        return Span(ymd, ymd)
    if not isinstance(value, str):
        raise ValueError("a date must be a year, YYYY-MM, YYYY-MM-DD or a range 'A to B'")
    parts = re.split(_RANGE_SEPARATOR, value.strip())
    if len(parts) > 2:
        raise ValueError(f"'{value}' has more than one range separator")
    start = _parse_point(parts[0], value)
    end = _parse_point(parts[-1], value, end=True)
    if end[:1] < start[:1] or (start[0] == end[0] and _as_end(end) < start):
        raise ValueError(f"'{value}' ends before it starts")
    return Span(start, end)


def _parse_point(text: str, whole: str, end: bool = False) -> YMD:
    match = re.match(_POINT, text.strip())
    if not match:
        raise ValueError(
            f"'{whole}' is not a date: write 1950, 1950-02, 1950-02-14 or '1954 to 1955'"
        )
    year = int(match.group(1))
    month = int(match.group(2) or 0)
    day = int(match.group(3) or 0)
    if month and not 1 <= month <= 12:
        raise ValueError(f"'{whole}' has month {month}; months run 1 to 12")
    if day:
        import datetime as _dt

        try:
            _dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"'{whole}' is not a real day") from None
    return (year, month, day)


def _as_end(ymd: YMD) -> YMD:
    return (ymd[0], ymd[1] or 12, ymd[2] or 31)


# --- years in a draft ----------------------------------------------------------------


class YearMention(NamedTuple):  # a NamedTuple: a draft holds dozens, made in a hot loop
    """A date written in a draft, as the span of years (and month) it claims."""

    start: int  # offsets in the flat text (see text.FlatText)
    end: int
    first: int
    last: int
    month: int  # 0 when no month is written
    kind: str  # "year", "range" or "decade"
    relational: bool  # "after 1953", "until 1960": a bound, not a claim about an event


# Dates are read in the flat text, where punctuation is already a space: "1949–53" reads
# "1949 53", "1950's" reads "1950 s", "March 2, 1969" reads "march 2  1969".
_AFTER_YEAR = re.compile(r" (?:(s)\b|(?:to )?(\d{3,4}|\d{2})\b)")
_CONTINUES = frozenset("0123456789st")
# ...and the character after that: a digit, "o" of "to", or the end of a word after "s".
_CONTINUES_2 = frozenset(("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "o", " ", ""))
_QUALIFIERS = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}
# "from 1960" is a bound too, but "from 1958 to 1962" a range (see settle).
_RELATIONAL = frozenset(
    "before after until till by since following prior pre post up between".split())
_BRIDGES = frozenset(("the", "early", "mid", "late", "to"))  # "after the 1953 ...", "up to"
_BEFORE_A_DATE = frozenset("in since until till by after before during from".split())
# "1400 advisers", "1400 Soviet advisers": a number, not a year.
_COUNT_NOUNS = frozenset(
    "advisers advisors experts specialists technicians soldiers troops men women people "
    "dead deaths casualties km kilometres kilometers miles tons tonnes projects factories "
    "plants enterprises planes tanks guns words knights ships horsemen warriors".split()
)
# ...as the first or the second word after the number. A pattern, compiled on first use
# (re caches it): most checks never ask, and compiling costs 0.2 ms of start-up.
# A second space is punctuation: "13 April 1921, troops" is a date, not 1,921 troops.
_COUNTED = r" (?:[^ ]+ )?(?:" + "|".join(sorted(_COUNT_NOUNS)) + r")(?![^ ])"
_new_tuple = tuple.__new__


def find_years(flat: str, lo: int = YEARS.start, hi: int = YEARS.stop - 1
               ) -> list[YearMention]:
    """Every year, range, decade or dated month written in ``flat`` text (the output of
    :func:`ibessay.engine.text.spaced`). The engine finds the years with its automaton and
    calls :func:`read_year` itself; this is the same reading for everything else."""
    out: list[YearMention] = []
    for match in re.finditer(r"(?<![0-9a-z])([12][0-9]{3}|[5-9][0-9]{2})(s?)(?![0-9a-z])",
                             flat):
        start, end = match.span()
        year = int(match.group(1))
        if lo <= year <= hi and not (out and start < out[-1].end):
            mention = read_year(flat, start, end, year, bool(match.group(2)))
            if mention is not None:
                out.append(mention)
    return out


def read_year(flat: str, start: int, end: int, year: int, decade: bool) -> YearMention | None:
    """The date around ``flat[start:end]``, where a year (or "1950s") was found: a year,
    a range or a decade; its month; whether a relation word ("after", "until") makes it
    a bound rather than a date. None when it is a count ("1400 advisers")."""
    mention = read_year_quickly(flat, start, end, year, decade)
    return None if is_count(flat, mention) else settle(flat, mention)


def read_year_quickly(flat: str, start: int, end: int, year: int, decade: bool) -> YearMention:
    """:func:`read_year`'s years, month and end, which say whether a date fits an event;
    its start (a day before the month) and relation are provisional until
    :func:`settle`, and counts are not ruled out (:func:`is_count`). The engine settles
    only the few dates that do not fit."""
    last, kind = year, "year"
    if decade:
        kind, last = "decade", year + 9
    # Only "s", "to" or a number can continue a date: skip the regex otherwise.
    elif flat[end + 1:end + 2] in _CONTINUES and flat[end + 2:end + 3] in _CONTINUES_2 and (
        after := _AFTER_YEAR.match(flat, end)
    ):
        if after.group(1):
            if year % 10 == 0:  # "1950's"
                kind, last, end = "decade", year + 9, after.end()
        else:
            tail = after.group(2)
            # "1950-53" abbreviates; "768-814" and "1950-1953" are whole years.
            second = int(tail) if len(tail) >= 3 else year // 100 * 100 + int(tail)
            if year < second <= year + 100:
                kind, last, end = "range", second, after.end()
    month = 0
    first = year
    # _word_before(flat, start), inlined: it runs for every date. A year found by the
    # automaton always has a space before it (or stands first).
    if start:
        word_end = start - 2 if flat[start - 2:start - 1] == " " else start - 1
        cut = flat.rfind(" ", 0, word_end) + 1
        word = flat[cut:word_end]
    else:
        word, cut = "", 0
    if kind == "decade":
        if word in _QUALIFIERS:  # "the late 1960s"
            low, high = _QUALIFIERS[word]
            first, last, start = year + low, year + high, cut
    elif kind == "year":
        if word.isdigit() and len(word) <= 2:  # "march 2, 1969"
            month_word, month_cut = _word_before(flat, cut)
            if month_word in _MONTH_NUMBER:
                word, cut = month_word, month_cut
        month = _MONTH_NUMBER.get(word, 0)
        if month:
            start = cut
    # tuple.__new__ skips the Python-level __new__ of a NamedTuple: this runs ~50 times
    # a draft.
    return _new_tuple(YearMention, (start, end, first, last, month, kind, False))


def settle(flat: str, mention: YearMention) -> YearMention:
    """``mention`` (from :func:`read_year_quickly`) with its day and relation read: it
    starts at "14" in "14 february 1950", and "after 1953", "from 1960" and both years of
    "between 1949 and 1960" are relational; "from 1958 to 1962" is a range, not a bound."""
    start = mention.start
    word, cut = _word_before(flat, start)
    if mention.month:
        if word.isdigit() and len(word) <= 2:  # "14 february 1950"
            start = cut
            word, cut = _word_before(flat, cut)
    relational = word in _RELATIONAL or (word == "from" and mention.kind == "year")
    if word == "and":  # "between 1949 and 1960": both years bound a stretch of time
        before, before_cut = _word_before(flat, cut)
        relational = before.isdigit() and 3 <= len(before) <= 4 and \
            _word_before(flat, before_cut)[0] == "between"
    elif not relational and word in _BRIDGES:  # "after the 1953 ...", "up to 1964"
        for _ in range(2):
            word, cut = _word_before(flat, cut)
            if word in _RELATIONAL:
                relational = True
                break
            if word not in _BRIDGES:
                break
    first, last, month, kind = mention[2:6]
    return _new_tuple(YearMention, (start, mention.end, first, last, month, kind, relational))


def is_count(flat: str, mention: YearMention) -> bool:
    """Is this "year" a number of things ("1950 advisers")? See :func:`read_year`. Not
    after a word that only a date follows: "in 1969 troops clashed"."""
    return mention.kind == "year" and not mention.month \
        and re.compile(_COUNTED).match(flat, mention.end) is not None \
        and _word_before(flat, mention.start)[0] not in _BEFORE_A_DATE


def _word_before(flat: str, pos: int) -> tuple[str, int]:
    """The word ending before ``pos`` in flat text, and the offset where it starts."""
    end = pos - 1 if flat[pos - 1:pos] == " " else pos
    if flat[end - 1:end] == " ":  # a second space: punctuation stood there
        end -= 1
    start = flat.rfind(" ", 0, end) + 1
    return flat[start:end], start


#: The word ending before an offset of flat text, and where it starts (for the criteria).
word_before = _word_before


def word_after(flat: str, pos: int) -> str:
    """The word starting after ``pos`` in flat text (after any spaces), or ""."""
    match = re.compile(r" *([^ ]*)").match(flat, pos)
    return match.group(1) if match else ""


# --- period boundaries ---------------------------------------------------------------

_BOUND_EXAMPLE = "write a year (1953) or a year and month (1953-03)"


def parse_period_bound(value: object) -> tuple[int, int]:
    """A period's start or end as (year, month), month 0 for a whole year: a YAML int
    (``1953``) or a string ``1953-03``.

    Raises:
        ValueError: with a message fit to show the rubric's author, with an example.
    """
    import datetime as _dt  # only when reading a rubric

    if isinstance(value, int) and not isinstance(value, bool):
        return (value, 0)
    if isinstance(value, _dt.date):  # YAML reads 1953-03-05 as a date
        raise ValueError(f"a period starts and ends with a year or a month, not a day: "
                         f"write {value.year}-{value.month:02d}")
    text = str(value).strip() if isinstance(value, str) else ""
    match = re.fullmatch(r"(\d{3,4})(?:-(\d{1,2}))?", text)
    if match:
        year, month = int(match.group(1)), int(match.group(2) or 0)
        if match.group(2) is not None and not 1 <= month <= 12:
            raise ValueError(f"'{text}' has month {month}; months run 1 to 12: "
                             f"write e.g. {year}-07 for July {year}")
        return (year, month)
    from ..content.loader import as_month  # the reader's one notion of a month written

    written = as_month(text)  # "July 1947", "Feb. 1947", "1947/07", "7/1947"
    if written is not None:
        raise ValueError(f"'{text}' is not a boundary: write {written}")
    shown = f"'{text}'" if text else "this"
    raise ValueError(f"{shown} is not a year or a month: {_BOUND_EXAMPLE}")


def month_before(flat: str, start: int) -> int:
    """The month written just before a year at ``start`` in flat text ("march 1953",
    "5 march 1953", "march 5, 1953"), else 0: what :func:`read_year_quickly` reads of
    the month, for a caller that needs nothing else (a period boundary by month)."""
    if start < 2:
        return 0
    word_end = start - 2 if flat[start - 2:start - 1] == " " else start - 1
    cut = flat.rfind(" ", 0, word_end) + 1
    word = flat[cut:word_end]
    if word.isdigit() and len(word) <= 2:  # "march 2, 1969"
        word = _word_before(flat, cut)[0]
    return _MONTH_NUMBER.get(word, 0)
