"""Bundled prompts and rubrics are content, tested like code."""

from __future__ import annotations

import pytest

from ibessay.content.library import Library, bundled_root
from ibessay.content.loader import load_prompt
from ibessay.content.model import TOPICS
from ibessay.engine.compiled import load_rubric, rubric_for, rubric_named
from ibessay.engine.criteria.events import events_of
from ibessay.engine.criteria.historians import historians_of
from ibessay.engine.criteria.periods import periods_of
from ibessay.engine.examples import check_examples

LIBRARY = Library.default()


@pytest.mark.parametrize("prompt_id", LIBRARY.prompt_ids())
def test_every_prompt_validates_and_has_its_rubric(prompt_id: str) -> None:
    prompt = load_prompt(bundled_root() / "prompts" / f"{prompt_id}.yaml")
    assert prompt.topic in TOPICS
    assert rubric_for(LIBRARY, prompt).rubric.id == prompt.rubric
    if prompt.timeframe:
        rubric = rubric_named(LIBRARY, prompt.rubric).rubric
        assert periods_of(rubric)[0].start == prompt.timeframe[0]
        assert periods_of(rubric)[-1].end == prompt.timeframe[1]


@pytest.mark.parametrize("rubric_id", LIBRARY.rubric_ids())
def test_every_rubric_validates(rubric_id: str) -> None:
    rubric = load_rubric(bundled_root() / "rubrics" / f"{rubric_id}.yaml")
    assert rubric.examples, "every bundled rubric ships example drafts"
    assert any(e.expect == "pass" for e in rubric.examples)
    assert any(e.expect == "fail" for e in rubric.examples)


@pytest.mark.parametrize("rubric_id", LIBRARY.rubric_ids())
def test_every_example_draft_behaves_as_its_rubric_says(rubric_id: str) -> None:
    outcomes = check_examples(rubric_named(LIBRARY, rubric_id))
    failures = [f"{o.path.name}: {f}" for o in outcomes for f in o.failures]
    assert not failures, "\n".join(failures)


def test_sino_soviet_rubric_uses_the_agreed_ids() -> None:
    rubric = rubric_named(LIBRARY, "sino-soviet-1949-1976").rubric
    assert [p.id for p in periods_of(rubric)] == [
        "alliance-1949-1953", "strain-1953-1960", "hostility-1960-1976"]
    assert [e.id for e in events_of(rubric) if e.required] == [
        "prc-founded", "treaty-1950", "korean-war", "five-year-plan", "stalin-death",
        "secret-speech", "peaceful-coexistence", "taiwan-strait-crises", "great-leap-forward",
        "experts-withdrawn", "cultural-revolution", "border-clashes-1969", "nixon-visit-1972",
        "mao-death"]
    assert [e.id for e in events_of(rubric) if not e.required] == [
        "nuclear-assistance", "suez-crisis", "hungary-1956", "moscow-conference-1957",
        "camp-david-1959", "sino-indian-war", "cuban-missile-crisis", "polemics-1963",
        "khrushchev-ousted", "chinese-bomb-1964", "brezhnev-doctrine", "ping-pong-1971",
        "kissinger-trip-1971", "un-seat-1971", "vietnam-war", "khmer-rouge"]
    assert [h.id for h in historians_of(rubric).known] == [
        "roberts", "chang", "goncharov", "liu", "gaddis", "westad", "kissinger", "luthi",
        "radchenko", "chen-jian", "zubok", "friedman", "li-mingjiang", "shen-zhihua", "dikotter"]
    assert historians_of(rubric).cited == 2


def test_key_dates_match_the_fact_sheet() -> None:
    """Spot-check dates against docs/sources/sino-soviet-1949-1976.md (all tagged V2)."""
    events = {e.id: e for e in events_of(rubric_named(LIBRARY, "sino-soviet-1949-1976").rubric)}
    assert events["prc-founded"].dates[0].start == (1949, 10, 1)
    assert events["treaty-1950"].dates[0].start == (1950, 2, 14)
    assert events["stalin-death"].dates[0].start == (1953, 3, 5)
    assert events["secret-speech"].dates[0].start == (1956, 2, 25)
    assert events["border-clashes-1969"].dates[0].start == (1969, 3, 2)
    assert events["nixon-visit-1972"].dates[0].start == (1972, 2, 21)
    assert events["mao-death"].dates[0].start == (1976, 9, 9)
    assert events["chinese-bomb-1964"].dates[0].start == (1964, 10, 16)


@pytest.mark.parametrize("rubric_id", LIBRARY.rubric_ids())
def test_what_to_work_on_credits_a_student_who_follows_it(rubric_id: str) -> None:
    """Each event's name and hint, as "What to work on" shows them, written out as a
    draft, finds the event and draws no date warning against it (a case's events too)."""
    import ibessay

    wrong = []
    for event in events_of(rubric_named(LIBRARY, rubric_id).rubric):
        report = ibessay.check(f"{event.name}. {event.hint or ''}", rubric=rubric_id)
        found = {e.id for e in report.result("events").events if e.found}
        if event.id not in found or any(d.event == event.id for d in report.result("dates")):
            wrong.append(event.id)
    assert not wrong, wrong
