"""Periods with substance: month boundaries, the focus, sentences counted, and what the
report, hints and --explain say. (Cases on the bundled rubric: tests/cases/periods.yaml.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import ibessay
from conftest import EXAMPLES, assert_clean_error, run
from ibessay.engine.compiled import compile_rubric, load_rubric
from ibessay.engine.criteria.periods import focus_of, periods_of
from ibessay.errors import ContentError

DATA = Path(__file__).parent / "data"
EXEMPLAR = EXAMPLES / "exemplar.md"

# Two periods that turn at Stalin's death, by month; one event has no period of its own.
MONTHS = """\
id: {id}
{head}periods:
  - {{id: early, label: Early, start: 1949, end: {early_end}}}
  - {{id: late, label: Late, start: {late_start}, end: 1960}}
events:
  - id: stalin-death
    name: Death of Stalin
    date: 1953-03-05
    aliases: [Stalin died]
  - id: leap
    name: Great Leap Forward
    date: 1958
    aliases: [Great Leap Forward]
  - id: treaty
    name: Treaty of Friendship
    date: 1950-02-14
    aliases: [Treaty of Friendship]
"""


def write(tmp_path: Path, head: str = "", early_end: str = "1953-02",
          late_start: str = "1953-03", name: str = "months") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(MONTHS.format(id=name, head=head, early_end=early_end,
                                  late_start=late_start), encoding="utf-8")
    return path


def periods(report: Any) -> dict[str, Any]:
    return {p["id"]: p for p in report.to_dict()["periods"]}


# -- boundaries by month ---------------------------------------------------------------


def test_month_boundaries_load_as_years_and_months(tmp_path: Path) -> None:
    early, late = periods_of(load_rubric(write(tmp_path)))
    assert (early.start, early.start_month, early.end, early.end_month) == (1949, 0, 1953, 2)
    assert (late.start, late.start_month) == (1953, 3)
    assert early.contains(1953, 2) and not early.contains(1953, 3) and late.contains(1953, 3)
    assert early.contains(1953) and late.contains(1953)  # a bare year touches both


def test_an_event_without_a_period_falls_in_the_one_its_month_is_in(tmp_path: Path) -> None:
    by_month = ibessay.check("Stalin died.", rubric=write(tmp_path))
    assert by_month.result("events").events[0].period == "late"
    # With years only, 1953 is in both and the first period holds it, as before.
    by_year = ibessay.check("Stalin died.", rubric=write(
        tmp_path, early_end="1953", late_start="1953", name="years"))
    assert by_year.result("events").events[0].period == "early"


def test_a_written_month_decides_a_boundary_year(tmp_path: Path) -> None:
    path = write(tmp_path, head="require: {period_sentences: 1}\n")
    march = periods(ibessay.check("Moscow changed course in March 1953.", rubric=path))
    assert march["late"]["covered"] and not march["early"]["covered"]
    february = periods(ibessay.check("Mao waited in February 1953.", rubric=path))
    assert february["early"]["covered"] and not february["late"]["covered"]
    bare = periods(ibessay.check("Everything changed in 1953.", rubric=path))
    assert bare["early"]["covered"] and bare["late"]["covered"]


@pytest.mark.parametrize(("value", "message"), [
    ("1953-13", "has month 13; months run 1 to 12"),
    ("July 1953", "write 1953-07"),
    ("1953/07", "write 1953-07"),
    ("7/1953", "write 1953-07"),
    ("Feb. 1953", "write 1953-02"),
    ("1953-03-05", "not a day\nhint: write 1953-03"),
    ("soon", "write a year (1953) or a year and month (1953-03)"),
    ("3000", "between 0 and 2100"),
])
def test_a_bad_boundary_is_located_with_an_example(tmp_path: Path, value: str,
                                                  message: str) -> None:
    path = write(tmp_path, early_end=f"'{value}'" if " " in value else value)
    with pytest.raises(ContentError) as error:
        load_rubric(path)
    assert (error.value.line, error.value.column) == (3, 49)
    assert message in str(error.value)  # with its hint line: "hint: write 1953-03"


def test_a_bad_boundary_is_a_clean_error_on_the_command_line(tmp_path: Path) -> None:
    path = write(tmp_path, early_end="1953-13")
    result = run("check", str(EXEMPLAR), "--rubric", str(path))
    assert_clean_error(result, f"{path}:3:49", "months run 1 to 12")


def test_a_period_that_ends_before_it_starts_by_month(tmp_path: Path) -> None:
    path = write(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "start: 1953-03, end: 1960", "start: 1960-05, end: 1960-04"), encoding="utf-8")
    with pytest.raises(ContentError, match="period 'late' ends before it starts"):
        load_rubric(path)


# -- a rubric with no focus keeps today's rule ------------------------------------------


def test_without_focus_one_event_covers_a_period_as_before() -> None:
    report = ibessay.check("The event alpha happened.", rubric=DATA / "minimal-rubric.yaml")
    (period,) = report.to_dict()["periods"]
    assert period == {"id": "early", "label": "Early", "start": 1900, "end": 1910,
                      "covered": True, "share": 1.0}
    assert focus_of(load_rubric(DATA / "minimal-rubric.yaml")) is None


def test_a_sentence_count_without_focus_counts_every_placed_sentence(tmp_path: Path) -> None:
    path = write(tmp_path, head="require: {period_sentences: 2}\n")
    one = periods(ibessay.check("The Great Leap Forward began.", rubric=path))
    assert not one["late"]["covered"] and one["late"]["sentences"] == 1
    two = periods(ibessay.check("The Great Leap Forward began. In 1959 it failed.",
                                rubric=path))
    assert two["late"]["covered"] and two["late"]["lines"] == [1]


def test_a_period_may_ask_for_its_own_number_of_sentences(tmp_path: Path) -> None:
    path = write(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "label: Late,", "label: Late, sentences: 1,"), encoding="utf-8")
    report = periods(ibessay.check("The Great Leap Forward began.", rubric=path))
    assert report["late"]["covered"] and report["late"]["needed"] == 1
    # The other period keeps today's rule and JSON.
    assert set(report["early"]) == {"id", "label", "start", "end", "covered", "share"}


# -- the focus ----------------------------------------------------------------------------

SIDES = """\
focus:
  words: [[China, Mao], [Soviet Union, Soviet, Khrushchev, Stalin]]
  events: [treaty]
  about: China and the USSR
"""


def test_a_focus_of_one_list_is_one_subject(tmp_path: Path) -> None:
    path = write(tmp_path, head="focus: [Mao, Khrushchev]\n")
    report = periods(ibessay.check(
        "In 1958 Mao launched the Great Leap Forward. In 1959 Mao failed.", rubric=path))
    assert report["late"]["covered"] and report["late"]["needed"] == 2


def test_with_sides_each_side_is_named_in_the_sentence_or_next_to_it(tmp_path: Path) -> None:
    path = write(tmp_path, head=SIDES)
    alone = "In 1958 Khrushchev went to Beijing. In 1959 Khrushchev went to America."
    assert not periods(ibessay.check(alone, rubric=path))["late"]["covered"]
    beside = "In 1958 Khrushchev mocked the Great Leap Forward. Mao, in 1959, replied."
    assert periods(ibessay.check(beside, rubric=path))["late"]["covered"]


def test_an_event_of_the_focus_names_every_side(tmp_path: Path) -> None:
    path = write(tmp_path, head=SIDES)
    text = "The Treaty of Friendship was signed in 1950. In 1951 the Treaty of Friendship held."
    report = periods(ibessay.check(text, rubric=path))
    assert report["early"]["covered"] and report["early"]["sentences"] == 2


@pytest.mark.parametrize(("focus", "message"), [
    ("focus: [[China], Mao]", "either all phrases (one subject) or all lists"),
    ("focus: []", "focus needs at least one word"),
    ("focus: {words: [China], events: [treaty-1950]}",
     "'treaty-1950' in focus events is not an event id"),
    ("focus: {words: [China], event: [treaty]}", "unknown key 'event' in focus"),
    ("require: {period_sentences: 0}", "between 1 and 50"),
])
def test_a_bad_focus_is_located(tmp_path: Path, focus: str, message: str) -> None:
    path = write(tmp_path, head=focus + "\n")
    with pytest.raises(ContentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_rubric(path)


def test_an_unknown_focus_event_suggests_the_closest(tmp_path: Path) -> None:
    path = write(tmp_path, head="focus: {words: [China], events: [treat]}\n")
    with pytest.raises(ContentError) as error:
        load_rubric(path)
    assert "did you mean 'treaty'?" in str(error.value.hint)
    assert error.value.line == 2


def test_the_focus_survives_the_cache(tmp_path: Path) -> None:
    from ibessay.engine.compiled import CompiledRubric

    compiled = compile_rubric(load_rubric(write(tmp_path, head=SIDES)))
    again = CompiledRubric.from_state(compiled.to_state())
    assert focus_of(again.rubric) == focus_of(compiled.rubric)
    assert again.states["periods"] == compiled.states["periods"]


# -- what the report says --------------------------------------------------------------

STRAIN = "strain-1953-1960"


def test_json_hint_and_finding_name_the_sentences_and_lines() -> None:
    text = ("Introduction.\n\nIn 1958 Mao launched the Great Leap Forward, which "
            "Khrushchev mocked.\nThe Great Leap Forward failed in 1959.")
    report = ibessay.check(text, rubric="sino-soviet-1949-1976")
    strain = periods(report)[STRAIN]
    assert strain == {"id": STRAIN, "label": "Strain and ideological rivalry", "start": 1953,
                      "end": 1960, "covered": False, "share": strain["share"],
                      "sentences": 1, "needed": 2, "lines": [3]}
    (hint,) = [h for h in report.hints if h.id == STRAIN]
    assert hint.message.startswith(
        "Spend at least two sentences on Strain and ideological rivalry (Mar 1953–Jul 1960), "
        "about China and the Soviet Union: only one does (line 3). One sentence in this "
        "period (line 4) is not about China and the Soviet Union.")
    (finding,) = [f for f in report.findings() if STRAIN in f.message or "Strain" in f.message]
    assert "1 sentence on the question (line 3), 2 needed" in finding.message


def test_explain_names_each_sentence_its_anchor_and_focus_words() -> None:
    text = ("In 1958 Mao launched the Great Leap Forward, which Khrushchev mocked.\n"
            "The Great Leap Forward failed in 1959.\n"
            # (not "the alliance of 1950": that is the treaty, an event, and its pull
            # places the overview in 1949-53)
            "From friendship in 1950 to the strain of 1956 and the clashes of 1969, "
            "Mao and Moscow fell out.")
    report = ibessay.check(text, rubric="sino-soviet-1949-1976")
    mine = [(f.line, f.column, f.message) for f in report.explanations()
            if f.message.startswith(STRAIN)]
    assert mine[0] == (1, 1, f"{STRAIN}: not covered — 1 sentence on the question "
                             "(line 1), 2 needed")
    assert mine[1] == (1, 1, f"{STRAIN}: counts — placed by “Great Leap Forward” "
                             "(great-leap-forward), “1958”; on the question: “Mao”, "
                             "“Khrushchev”")
    assert mine[2][:2] == (2, 1) and "not counted" in mine[2][2] and \
        "names nothing of the question's focus" in mine[2][2]
    assert mine[3][:2] == (3, 1) and "an overview" in mine[3][2]
    assert all(f.severity == "info" for f in report.explanations())


def test_the_table_shows_sentences_beside_the_share() -> None:
    report = ibessay.check(EXEMPLAR.read_text(encoding="utf-8"), rubric="sino-soviet-1949-1976")
    section = next(s for s in report.sections() if s.title == "Periods of the time frame")
    assert section.columns == ("Period", "Years", "Share of words", "Sentences", "Covered")
    assert section.rows[0][1].text == "1949–Feb 1953"
    assert section.rows[0][3].text.endswith("(need 2)")
