"""The events criterion: false friends (``not:``, ``others:``), the longest match, plain
phrasings and hints that find their event, ``within`` rules read through brackets, and
``check --explain``. Rubric-level cases are in tests/cases/false_friends.yaml."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

import ibessay
from ibessay.engine.compiled import load_rubric
from ibessay.engine.criteria.events import Found, datable, events_of
from ibessay.errors import ContentError

BUNDLED = Path(__file__).parent.parent / "rubrics" / "sino-soviet-1949-1976.yaml"
HEAD = """\
id: {id}
periods:
  - {{id: cold-war, label: Cold War, start: 1940, end: 1960}}
events:
"""


def _rubric(tmp_path: Path, events: str, ident: str = "test-rubric") -> Path:
    path = tmp_path / f"{ident}.yaml"
    path.write_text(HEAD.format(id=ident) + dedent(events), encoding="utf-8")
    return path


def _found(text: str, rubric: str | Path) -> list[str]:
    result: Found = ibessay.check(text, rubric=rubric).result("events")
    return [e.id for e in result.events if e.found]


# -- hints and plain phrasings ------------------------------------------------------------

# Every hint names its event, so that a student who follows it is credited.
def _hinted() -> list[object]:
    params = []
    for event in events_of(load_rubric(BUNDLED)):
        if event.hint is None:
            continue
        params.append(pytest.param(event.id, event.hint, id=event.id))
    return params


@pytest.mark.parametrize(("ident", "hint"), _hinted())
def test_a_hint_checked_as_a_draft_finds_its_event(ident: str, hint: str) -> None:
    assert ident in _found(hint, "sino-soviet-1949-1976")


def test_the_missing_line_a_student_reads_finds_its_event() -> None:
    """What "What to work on" shows (the name, then the hint), written out as a draft,
    credits the event: a student who follows the advice gets the credit."""
    for event in events_of(load_rubric(BUNDLED)):
        text = f"{event.name}. {event.hint or ''}"
        assert event.id in _found(text, "sino-soviet-1949-1976"), text


def test_the_plain_phrasing_of_the_issue_finds_the_1950_treaty() -> None:
    text = "Mao signed the treaty with Stalin in February 1950 after two months in Moscow."
    report = ibessay.check(text, rubric="sino-soviet-1949-1976")
    assert "treaty-1950" in [e.id for e in report.result("events").events if e.found]
    assert not report.result("dates")


# -- the longest match, others and not: on a small rubric --------------------------------

TELEGRAMS = """\
  - id: long-telegram
    name: Kennan's Long Telegram
    date: 1946-02-22
    aliases: [Long Telegram]
  - id: novikov-telegram
    name: Novikov's telegram
    date: 1946-09-27
    required: false
    aliases: [Soviet Long Telegram, Novikov telegram]
"""


def test_the_longest_alias_wins_where_two_events_overlap(tmp_path: Path) -> None:
    rubric = _rubric(tmp_path, TELEGRAMS)
    assert _found("Novikov wrote the Soviet Long Telegram in 1946.", rubric) == \
        ["novikov-telegram"]
    assert _found("Kennan's Long Telegram came first.", rubric) == ["long-telegram"]
    both = "Kennan's Long Telegram, then the Soviet Long Telegram."
    assert _found(both, rubric) == ["long-telegram", "novikov-telegram"]


def test_the_longest_match_is_explained(tmp_path: Path) -> None:
    rubric = _rubric(tmp_path, TELEGRAMS)
    report = ibessay.check("Novikov wrote the Soviet Long Telegram.", rubric=rubric)
    messages = [f.message for f in report.explanations()]
    assert "long-telegram: “Long Telegram” does not count: a longer match belongs to " \
        "Novikov's telegram" in messages


YALTA = """\
  - id: yalta
    name: Yalta conference
    date: 1945-02
    cooccur:
      - words: [[Yalta], [agreement, conference, 1945]]
        within: 1
    not: [Yalta Hotel]
    others:
      - name: Yalta European Strategy meeting
        date: 2004 to 2024
        aliases: [Yalta European Strategy]
        cooccur:
          - words: [[Yalta], [2010, summit]]
            within: 2
  - id: death-of-a
    name: Death of A
    date: 1953
    cooccur:
      - words: [[Aleph], [death, die]]
        within: 1
"""


@pytest.mark.parametrize(("text", "found"), [
    ("Yalta (February 1945) settled Poland.", True),
    ("The Yalta (February 1945) agreement settled Poland.", True),
    ("The Yalta [4-11 February] conference settled Poland.", True),
    ("Yalta, in February 1945, settled Poland.", False),  # a comma still breaks
    ("(Churchill went to Yalta) 1945 was the year.", False),  # an aside ended between
    ("The Yalta Hotel agreement was signed.", False),  # a not: phrase beside the match
    ("The Yalta summit of 2010 agreed nothing.", False),  # an other
    ("The Yalta European Strategy conference met.", False),  # an other, by its alias
])
def test_within_reads_brackets_but_not_commas(tmp_path: Path, text: str, found: bool) -> None:
    assert ("yalta" in _found(text, _rubric(tmp_path, YALTA))) is found


@pytest.mark.parametrize("text", [
    "After Bet's death, Aleph ruled.",
    "After Bet's death, in 1953, Aleph ruled.",
    "After Bet's death (in 1953), Aleph ruled.",
    "(After Bet's death) Aleph ruled.",
])
def test_brackets_do_not_reopen_the_clause_guard(tmp_path: Path, text: str) -> None:
    """"After Stalin's death, Mao ..." is not Mao's death, however it is punctuated."""
    assert "death-of-a" not in _found(text, _rubric(tmp_path, YALTA))


def test_a_bracketed_aside_is_read_through(tmp_path: Path) -> None:
    assert "death-of-a" in _found("Aleph's (sudden) death shocked all.",
                                  _rubric(tmp_path, YALTA))


def test_others_are_events_after_the_rubrics_own(tmp_path: Path) -> None:
    """The contract the dates criterion reads: others are numbered after the rubric's
    events, occurrences include theirs, and they credit nothing."""
    path = _rubric(tmp_path, YALTA)
    rubric = load_rubric(path)
    assert [(i, n) for i, n, _ in datable(rubric)] == [
        ("yalta", "Yalta conference"), ("death-of-a", "Death of A"),
        ("yalta~0", "Yalta European Strategy meeting"),
    ]
    result: Found = ibessay.check("The Yalta summit conference of 2010 agreed nothing.",
                                  rubric=path).result("events")
    assert len(result.events) == 2 and not any(e.found for e in result.events)
    assert [o.event for o in result.occurrences] == [2]
    assert [(s.reason, s.by) for s in result.suppressed] == [("other", 2)]


def test_an_other_year_is_not_a_date_error_of_its_event() -> None:
    report = ibessay.check("The Warsaw Pact of 1955 was a Treaty of Friendship, "
                           "Co-operation and Mutual Assistance.", rubric="sino-soviet-1949-1976")
    assert not report.result("dates")


def test_a_rubric_without_not_or_others_is_read_as_before(tmp_path: Path) -> None:
    rubric = _rubric(tmp_path, TELEGRAMS)
    assert len(datable(load_rubric(rubric))) == 2
    assert [e.others for e in events_of(load_rubric(rubric))] == [(), ()]


# -- validation ------------------------------------------------------------------------------

@pytest.mark.parametrize(("events", "line", "column", "fragment"), [
    ("""\
  - id: a
    name: A
    date: 1950
    aliases: [the treaty]
    not: [The Treaty]
""", 9, 9, "'The Treaty' is both an alias and a 'not' phrase of 'a'"),
    ("""\
  - id: a
    name: A
    date: 1950
    aliases: [the treaty]
    not:
      - {phrases: [Warsaw], within: paragraph}
""", 10, 35, "within must be a number of words or 'sentence'"),
    ("""\
  - id: a
    name: A
    date: 1950
    aliases: [the treaty]
    not:
      - {phrases: [Warsaw], within: 99}
""", 10, 35, "within must be between 0 and 50, not 99"),
    ("""\
  - id: a
    name: A
    date: 1950
    aliases: [the treaty]
    others:
      - {name: B, date: 1945}
""", 10, 7, "other event 'B' has no aliases and no cooccur rules"),
    ("""\
  - id: a
    name: A
    date: 1950
    aliases: [the treaty]
    others:
      - {name: B, aliases: [b]}
""", 10, 7, "an other event is missing the required key 'date'"),
    ("""\
  - id: a
    name: A
    date: 1950
    aliases: [the treaty]
    others:
      - {name: B, date: 1945, alias: [b]}
""", 10, 29, "unknown key 'alias' in an other event"),
    ("""\
  - id: a
    name: A
    date: 1950
    aliases: [the treaty]
    others:
      - {name: B, date: 1945-13, aliases: [b]}
""", 10, 23, "month 13"),
    ("""\
  - id: a
    name: A
    date: 1950
    aliases: [the treaty]
    others:
      - {name: B, date: 1945, aliases: [The Treaty]}
""", 10, 39, "'The Treaty' is an alias of both 'a' and other event 'B'"),
])
def test_false_friend_keys_are_validated(tmp_path: Path, events: str, line: int, column: int,
                                         fragment: str) -> None:
    path = _rubric(tmp_path, events)
    with pytest.raises(ContentError) as caught:
        load_rubric(path)
    assert str(caught.value).startswith(f"{path}:{line}:{column}: "), str(caught.value)
    assert fragment in str(caught.value)


# -- explain -------------------------------------------------------------------------------

def _explained(text: str, rubric: str | Path = "sino-soviet-1949-1976") -> list[str]:
    report = ibessay.check(text, rubric=rubric)
    findings = report.explanations()
    assert all(f.severity == "info" for f in findings)
    return [f"{f.line}:{f.column} {f.message}" for f in findings]


def test_explain_names_the_alias_and_the_rule_and_where() -> None:
    lines = _explained("Intro.\nThe Korean War began. Later, Mao died.")
    assert "2:5 korean-war: found by alias “Korean War”: “Korean War”" in lines
    assert ("2:30 mao-death: found by rule [Mao, Mao Zedong, Mao Tse-tung, Chairman Mao] + "
            "[die, death, pass away, dead] within 1 word: “Mao died”") in lines


def test_explain_says_which_false_friend_took_a_match() -> None:
    lines = _explained("Nixon's visit to Moscow in May 1972 mattered.\n"
                       "At the 22nd Congress Khrushchev attacked Stalin.")
    assert any(line.startswith("1:1 nixon-visit-1972: “Nixon's visit” does not count: it is "
                               "Nixon's Moscow summit with Brezhnev (May 1972)")
               for line in lines), lines
    assert any(line.startswith("2:22 secret-speech: “Khrushchev attacked Stalin” does not "
                               "count: a 'not' phrase (22nd Congress,") and
               line.endswith("stands in the same sentence") for line in lines), lines


def test_explain_gives_the_nearest_miss_of_a_missing_event() -> None:
    lines = _explained("The treaty gave Moscow rights in Manchuria and created an unequal "
                       "alliance.")
    assert any(line.startswith("1:5 treaty-1950: missing; nearest miss: rule [treaty, pact] + "
                               "[friendship, alliance, mutual assistance] within 3 words: "
                               "“treaty”, “alliance” are 9 words apart") for line in lines), \
        lines
    lines = _explained("Moscow withdrew its support.")
    assert any("experts-withdrawn: missing; nearest miss:" in line and
               "has “withdrew” but no word of [expert, adviser, advisor, specialist, …]" in line
               for line in lines), lines
    lines = _explained("Stalin's, then, death.")
    assert any("stalin-death: missing; nearest miss:" in line and "different clauses" in line
               for line in lines), lines

