"""Finding prompts in a library, without a subprocess: ids by their start, command terms
and regions as users type them, the filters and the exam's draw. The library here holds
only the fixture bank (tests/data/finding), so the bundled bank cannot change a result."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ibessay.content.cache import Cache
from ibessay.content.library import (
    REGIONS,
    CaseSummary,
    Filters,
    Library,
    command_term,
    region,
    resolve_prefix,
)
from ibessay.content.model import Prompt
from ibessay.errors import IbessayError
from ibessay.practice.actions import choose_exam

FINDING = Path(__file__).resolve().parent / "data" / "finding"


@pytest.fixture
def library() -> Library:
    return Library([FINDING], Cache(None))


def error(call: object, *args: object) -> IbessayError:
    with pytest.raises(IbessayError) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value


# --- ids ---------------------------------------------------------------------------------

def test_an_id_or_its_only_start(library: Library) -> None:
    assert library.resolve_prompt_id("fx-stalin-1924-1941") == "fx-stalin-1924-1941"
    assert library.resolve_prompt_id("fx-s") == "fx-stalin-1924-1941"
    assert library.resolve_prompt_id("  FX-Weimar-1919-1933 ") == "fx-weimar-1919-1933"
    assert library.resolve_prompt_id("fx-war-") == "fx-war-korea-1950-1953"


def test_an_exact_id_wins(library: Library) -> None:
    assert library.resolve_prompt_id("fx-war") == "fx-war"


def test_an_ambiguous_start_names_every_choice(library: Library) -> None:
    problem = error(library.resolve_prompt_id, "fx-weimar-1919-19")
    assert problem.message == ("'fx-weimar-1919-19' is the start of 2 prompt ids: "
                               "fx-weimar-1919-1929, fx-weimar-1919-1933")
    assert "more of the id" in (problem.hint or "")
    assert "5 prompt ids" in error(library.resolve_prompt_id, "fx").message


def test_an_unknown_id_suggests_the_closest(library: Library) -> None:
    problem = error(library.resolve_prompt_id, "fx-wiemar-1919-1933")
    assert problem.message == "unknown prompt 'fx-wiemar-1919-1933'"
    assert "fx-weimar-1919-1933" in (problem.hint or "")


@pytest.mark.parametrize("text", ["../fx-war", "..", "fx-war/../fx-war", "/etc/passwd",
                                  "fx war", "-fx", "fx-war.yaml", "", "fx_war", "C:fx"])
def test_what_is_not_shaped_like_an_id_is_refused_before_any_lookup(
        library: Library, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_lookup(*args: object) -> None:
        raise AssertionError("looked up")

    monkeypatch.setattr(library, "_find", no_lookup)
    monkeypatch.setattr(library, "prompt_ids", no_lookup)
    assert error(library.resolve_prompt_id, text).message == f"'{text}' is not a prompt id"


def test_loading_by_id_never_makes_a_path_of_a_bad_id(tmp_path: Path) -> None:
    # A prompt file one folder above prompts/: `../outside` would reach it.
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "inside.yaml").write_text("")
    (tmp_path / "outside.yaml").write_text(
        "id: outside\nquestion: Q?\ncommand_term: discuss\ntopic: 9\nrubric: r\n")
    library = Library([tmp_path], Cache(None))
    assert error(library.prompt, "../outside").message == "unknown prompt '../outside'"


def test_resolve_prefix_is_generic() -> None:
    cases = ["berlin-blockade-1948-1949", "berlin-wall-1961", "hungary-1956"]
    assert resolve_prefix("hungary", cases, "case") == "hungary-1956"
    assert "is the start of 2 case ids" in error(resolve_prefix, "berlin", cases, "case").message
    assert error(resolve_prefix, "hungry-1956", cases, "case").hint == \
        "did you mean 'hungary-1956'?"


# --- terms and regions ---------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "term"), [
    ("evaluate", "evaluate"), ("Evaluate", "evaluate"), ("TO WHAT EXTENT", "to-what-extent"),
    ("to what extent", "to-what-extent"), ("compare and contrast", "compare-and-contrast"),
    ("Compare-and-Contrast", "compare-and-contrast"), ("to_what_extent", "to-what-extent"),
])
def test_command_terms_as_users_type_them(typed: str, term: str) -> None:
    assert command_term(typed) == term


def test_an_unknown_command_term_suggests_the_closest() -> None:
    problem = error(command_term, "Evalute")
    assert problem.message == "unknown command term 'Evalute'"
    assert problem.hint == "did you mean 'evaluate'?"


@pytest.mark.parametrize(("typed", "where"), [
    ("europe", "europe"), ("EU", "europe"), ("Americas", "americas"), ("am", "americas"),
    ("asia", "asia-oceania"), ("oceania", "asia-oceania"), ("Asia Oceania", "asia-oceania"),
    ("africa", "africa-middle-east"), ("middle east", "africa-middle-east"),
    ("MIDDLE-EAST", "africa-middle-east"), ("af", "africa-middle-east"),
])
def test_regions_by_an_unambiguous_start(typed: str, where: str) -> None:
    assert region(typed) == where
    assert where in REGIONS


def test_an_ambiguous_or_unknown_region() -> None:
    assert error(region, "a").message == \
        "region 'a' could be africa-middle-east or americas or asia-oceania"
    assert error(region, "Antarctica").message == "unknown region 'Antarctica'"
    assert error(region, "").message == "unknown region ''"


# --- filters ----------------------------------------------------------------------------

def found(library: Library, **filters: object) -> list[str]:
    chosen = library.find_prompts(Filters(**filters)).prompts  # type: ignore[arg-type]
    return [p.id for p in chosen]


def test_the_filters_combine(library: Library) -> None:
    assert found(library) == sorted(library.prompt_ids())
    assert found(library, topic=9, text="Weimar collapsed") == ["fx-weimar-1919-1933"]
    assert found(library, term="To what extent", tag="WARS") == ["fx-war"]
    assert found(library, topic=11, tag="fx-asia", text="korean") == ["fx-war-korea-1950-1953"]


def test_which_filter_left_none(library: Library) -> None:
    assert library.find_prompts(Filters(topic=12)).emptied_by == "no prompt matches --topic 12"
    assert library.find_prompts(Filters(topic=9, term="analyse")).emptied_by == \
        "2 prompts match --topic 9, but none also matches --term analyse"
    assert library.find_prompts(Filters(topic=10, tag="germany")).emptied_by == \
        "1 prompt matches --topic 10, but none also matches --tag germany"
    assert library.find_prompts(Filters(topic=9)).emptied_by is None


def test_unknown_values_are_errors_before_any_prompt_is_tested(library: Library) -> None:
    assert error(library.find_prompts, Filters(tag="germny")).hint == "did you mean 'germany'?"
    assert error(library.find_prompts, Filters(term="assess")).message == \
        "unknown command term 'assess'"
    assert error(library.find_prompts, Filters(topic=13)).message == "unknown topic 13"


CRISES = CaseSummary(2, True, (
    ("hungary-1956", "Hungarian Uprising, 1956", "europe"),
    ("berlin-wall-1961", "Berlin Wall, 1961", "europe"),
    ("berlin-blockade-1948-1949", "Berlin Blockade, 1948–1949", "europe"),
    ("cuban-missile-crisis-1962", "Cuban Missile Crisis, 1962", "americas"),
))


def with_cases(library: Library, **filters: object) -> list[str]:
    # As if fx-war-korea-1950-1953 were a two-case question on the crises above.
    def cases(prompt: Prompt) -> CaseSummary | None:
        return CRISES if prompt.id == "fx-war-korea-1950-1953" else None

    result = library.find_prompts(Filters(**filters), cases)  # type: ignore[arg-type]
    return [p.id for p in result.prompts] or [result.emptied_by or ""]


def test_case_and_region_filters_ask_what_each_rubric_accepts(library: Library) -> None:
    assert with_cases(library, case="hungary-1956") == ["fx-war-korea-1950-1953"]
    assert with_cases(library, case="Cuban") == ["fx-war-korea-1950-1953"]
    assert with_cases(library, region="am") == ["fx-war-korea-1950-1953"]
    assert with_cases(library, region="asia") == ["no prompt matches --region asia-oceania"]
    assert with_cases(library, topic=9, region="europe") == [
        "2 prompts match --topic 9, but none also matches --region europe"]


def test_an_unknown_or_ambiguous_case(library: Library) -> None:
    def cases(prompt: object) -> CaseSummary | None:
        return CRISES

    problem = error(library.find_prompts, Filters(case="hungary-1965"), cases)
    assert problem.message == "unknown case 'hungary-1965'"
    assert problem.hint == "did you mean 'hungary-1956'?"
    assert error(library.find_prompts, Filters(case="berlin"), cases).message == (
        "'berlin' is the start of 2 case ids: berlin-blockade-1948-1949, berlin-wall-1961")
    assert error(library.find_prompts, Filters(case="hungary-1956")).hint == \
        "no prompt names cases"


def test_rubrics_are_not_asked_unless_a_case_or_region_is(library: Library) -> None:
    def cases(prompt: object) -> CaseSummary | None:
        raise AssertionError("asked")

    assert library.find_prompts(Filters(topic=9), cases).prompts


# --- the exam's draw -------------------------------------------------------------------------

def test_the_exam_draws_two_topics_the_same_way_for_one_seed(library: Library) -> None:
    draws = set()
    for seed in range(40):
        first = choose_exam(library, rng=random.Random(seed))
        assert first == choose_exam(library, rng=random.Random(seed))
        assert first[0].topic != first[1].topic
        draws.add(tuple(p.id for p in first))
    assert len(draws) > 5  # random: many different papers


def test_the_exam_keeps_to_the_students_topics(library: Library) -> None:
    for seed in range(20):
        paper = choose_exam(library, rng=random.Random(seed), topics=(9, 10))
        assert sorted(p.topic for p in paper) == [9, 10]
        paper = choose_exam(library, topic=11, rng=random.Random(seed), topics=(9, 11))
        assert paper[0].topic == 11 and paper[1].topic == 9


def test_the_exam_says_when_a_students_topic_has_no_prompt(library: Library) -> None:
    problem = error(choose_exam, library, None, None, random.Random(1), (9, 3))
    assert problem.message == "no installed prompt matches topic 3"


def test_the_exam_needs_two_topics(tmp_path: Path) -> None:
    # A bank on one topic only (the bundled bank covers all twelve: only a library of
    # a teacher's own prompts can be this small).
    (tmp_path / "prompts").mkdir()
    for name in ("fx-weimar-1919-1929", "fx-weimar-1919-1933"):
        (tmp_path / "prompts" / f"{name}.yaml").write_text(
            (FINDING / "prompts" / f"{name}.yaml").read_text())
    problem = error(choose_exam, Library([tmp_path], Cache(None)))
    assert problem.message.startswith("a mock paper needs prompts from two different topics")
    assert "cover only topic 9" in problem.message
