"""The prompt bank as a whole (issue 10): its size and spread over the syllabus, the case
library's consistency, and the rules every bundled file keeps (facts sourced, ids unique,
nothing student-facing that points at files students do not have).

Each rubric's own examples are run by test_bundled_content.py; here is what holds across
files: what no single file's loading can see.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest

from ibessay.content.library import Library, bundled_root
from ibessay.content.loader import load_case
from ibessay.content.model import COMMAND_TERMS, REGIONS, TOPICS, Case, Prompt, Rubric
from ibessay.engine.compiled import CRITERIA, rubric_named
from ibessay.engine.criteria.cases import cases_of

LIBRARY = Library.default()
ROOT = bundled_root()
CASES = ROOT / "rubrics" / "cases"
TESTS = Path(__file__).parent / "cases"
#: The command terms of the 2017 guide (COMMAND_TERMS adds "explain", seen in older papers).
TERMS_2017 = {"analyse", "compare", "compare-and-contrast", "contrast", "discuss",
              "evaluate", "examine", "to-what-extent"}


@cache
def prompts() -> list[Prompt]:
    return LIBRARY.all_prompts()


@cache
def rubric(rubric_id: str) -> Rubric:
    return rubric_named(LIBRARY, rubric_id).rubric


@cache
def library_cases() -> list[Case]:
    return [load_case(path, CRITERIA)[0] for path in sorted(CASES.glob("*.yaml"))]


def two_case(prompt: Prompt) -> bool:
    return cases_of(rubric(prompt.rubric)) is not None


# --- the bank's size and spread ---------------------------------------------------------

def test_the_bank_covers_the_whole_syllabus() -> None:
    per_topic = Counter(p.topic for p in prompts())
    assert len(prompts()) >= 48
    thin = {topic: per_topic[topic] for topic in TOPICS if per_topic[topic] < 4}
    assert not thin, f"topics with fewer than 4 prompts: {thin}"


def test_the_bank_has_two_case_questions_and_every_command_term() -> None:
    assert sum(map(two_case, prompts())) >= 16
    assert TERMS_2017 <= {p.command_term for p in prompts()}


def test_the_questions_compared_across_versions_keep_their_cases() -> None:
    crises = LIBRARY.prompt("cold-war-crises")
    assert (crises.topic, crises.command_term) == (12, "compare-and-contrast")
    regions = {c.id: c.region for c in cases_of(rubric(crises.rubric)).accepted}  # type: ignore[union-attr]
    assert {
        "berlin-blockade-1948-1949": "europe", "hungary-1956": "europe",
        "berlin-wall-1961": "europe", "prague-spring-1968": "europe",
        "cuban-missile-crisis-1962": "americas", "chile-1973": "americas",
        "suez-1956": "africa-middle-east", "congo-1960-1961": "africa-middle-east",
        "korean-war-1950-1953": "asia-oceania", "taiwan-strait-1954-1958": "asia-oceania",
        "afghanistan-1979": "asia-oceania"}.items() <= regions.items()
    leaders = LIBRARY.prompt("authoritarian-consolidation")
    assert (leaders.topic, leaders.command_term) == (10, "evaluate")
    part = cases_of(rubric(leaders.rubric))
    assert part is not None and part.different_regions and part.required == 2
    assert {
        "hitler-germany": "europe", "stalin-ussr": "europe", "mussolini-italy": "europe",
        "franco-spain": "europe", "mao-china": "asia-oceania", "castro-cuba": "americas",
        "peron-argentina": "americas", "nasser-egypt": "africa-middle-east",
    }.items() <= {c.id: c.region for c in part.accepted}.items()


# --- every prompt and rubric ------------------------------------------------------------

@pytest.mark.parametrize("prompt_id", LIBRARY.prompt_ids())
def test_a_prompt_and_its_rubric_agree_and_are_sourced(prompt_id: str) -> None:
    prompt = LIBRARY.prompt(prompt_id)
    checked = rubric(prompt.rubric)
    assert checked.command_term == prompt.command_term, "the rubric names the prompt's term"
    assert checked.sources, "every rubric records where its facts were checked"
    part = cases_of(checked)
    if part is not None:
        assert part.required <= len(part.accepted)
        if part.different_regions:
            assert "region" in prompt.question


@pytest.mark.parametrize("rubric_id", LIBRARY.rubric_ids())
def test_a_two_case_rubric_ships_the_counter_examples_the_rule_needs(rubric_id: str) -> None:
    checked = rubric(rubric_id)
    part = cases_of(checked)
    if part is None:
        pytest.skip("a question on one subject")
    fails = [dict(e.checks) for e in checked.examples if e.expect == "fail"]
    assert any(len(f.get("treated", ())) == 1 for f in fails), "a counter with one case only"
    if part.different_regions:
        regions = {c.id: c.region for c in part.accepted}
        assert any(len(f.get("treated", ())) == 2 and
                   len({regions[i] for i in f["treated"]}) == 1 for f in fails), \
            "a counter with two cases from one region"


@pytest.mark.parametrize("rubric_id", LIBRARY.rubric_ids())
def test_event_dates_lie_in_their_periods(rubric_id: str) -> None:
    checked = rubric(rubric_id)
    periods = {p.id: p for p in checked.parts["periods"]}
    for event in checked.parts["events"]:
        if event.period is None:
            continue
        period = periods[event.period]
        start, end = event.dates[0].start, event.dates[-1].end
        # The event's dates overlap its period's years.
        assert start[0] <= period.end and end[0] >= period.start, (event.id, period.id)


# --- the case library -------------------------------------------------------------------

def test_the_case_library_is_consistent() -> None:
    cases = library_cases()
    assert cases, "the bank has a case library"
    owners: dict[str, str] = {}
    names: dict[str, set[str]] = defaultdict(set)
    for case in cases:
        assert case.region in REGIONS
        assert case.sources, f"{case.id}: no sources"
        for event in case.parts["events"]:
            assert owners.setdefault(event.id, case.id) == case.id, \
                f"event id {event.id} in {owners[event.id]} and {case.id}"
        for historian in case.parts["historians"].known:
            names[historian.id].add(historian.name)
        core = [e for e in case.parts["events"] if e.required]
        assert 1 <= len(core) <= 5, f"{case.id}: {len(core)} core events"
    assert {h: n for h, n in names.items() if len(n) > 1} == {}, "one person, one name"


@pytest.mark.parametrize("path", sorted(CASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_a_case_event_lies_in_its_case(path: Path) -> None:
    case = load_case(path, CRITERIA)[0]
    periods = case.parts["periods"]
    if not periods:
        return
    first, last = min(p.start for p in periods), max(p.end for p in periods)
    for event in case.parts["events"]:
        if not event.required:
            continue  # background and aftermath may lie outside the case's periods
        assert first <= event.dates[0].start[0] <= last, (case.id, event.id)


def test_every_case_is_accepted_and_tested() -> None:
    accepted = {c.id for r in LIBRARY.rubric_ids() if (part := cases_of(rubric(r)))
                for c in part.accepted}
    tested = set()
    for r in LIBRARY.rubric_ids():
        for example in rubric(r).examples:
            tested.update(dict(example.checks).get("treated", ()))
    for path in TESTS.glob("*.yaml"):
        tested.update(re.findall(r"treated: \[([^\]]*)\]", path.read_text(encoding="utf-8")))
    tested = {i.strip() for item in tested for i in item.split(",")}
    ids = {c.id for c in library_cases()}
    assert ids - accepted == set(), "cases no rubric accepts"
    assert ids - tested == set(), "cases no draft or test case treats"


# --- what students see ------------------------------------------------------------------

_FILE_LIKE = re.compile(r"\.(md|yaml|py|txt)\b|research/|docs/|\brubric\b", re.I)


def test_student_facing_text_points_at_nothing_students_lack() -> None:
    shown: list[tuple[str, str]] = []
    for prompt in prompts():
        shown += [(prompt.id, prompt.question), *((prompt.id, m) for m in prompt.mirrors)]
    for rubric_id in LIBRARY.rubric_ids():
        checked = rubric(rubric_id)
        for event in checked.parts["events"]:
            shown += [(event.id, event.name), (event.id, event.hint or "")]
        for historian in checked.parts["historians"].known:
            shown.append((historian.id, historian.view))
        for theme in checked.parts["themes"]:
            shown += [(theme.id, theme.name), (theme.id, theme.hint or "")]
    for case in library_cases():
        shown.append((case.id, case.name))
    bad = [(ident, text) for ident, text in shown if _FILE_LIKE.search(text)]
    assert not bad, bad


def test_questions_are_unique() -> None:
    questions = Counter(p.question.casefold() for p in prompts())
    assert [q for q, n in questions.items() if n > 1] == []
    assert all(p.command_term in COMMAND_TERMS for p in prompts())
