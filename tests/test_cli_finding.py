"""Finding prompts through the installed command (issue 10, item 8): the filters of
``ibessay prompts``, ids by their start in every command that takes one, and the draw of
``ibessay exam``.

The prompts are the fixture bank in tests/data/finding (every one tagged ``fx-finding``);
the bundled bank is searched too and grows, so each listing here is narrowed by that tag
or asserts only what the bundled prompts cannot change."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, assert_clean_error, plan, run

FINDING = ROOT / "tests" / "data" / "finding"


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def fixture_bank(isolated: None, shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IBESSAY_CONTENT_PATH", str(FINDING))
    # One cache for the module (it is keyed on content): a listing of the whole bank
    # reads every rubric once, not once per test.
    monkeypatch.setenv("IBESSAY_CACHE_DIR", str(shared_cache))


def ids(*args: str) -> list[str]:
    """The ids ``ibessay prompts ARGS --format json`` lists, among the fixture prompts."""
    result = run("prompts", "--tag", "fx-finding", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)]


# --- filters ---------------------------------------------------------------------------

def test_the_tag_alone_lists_the_fixture_bank() -> None:
    assert ids() == ["fx-stalin-1924-1941", "fx-war", "fx-war-korea-1950-1953",
                     "fx-weimar-1919-1929", "fx-weimar-1919-1933"]


def test_topic_filter() -> None:
    assert ids("--topic", "9") == ["fx-weimar-1919-1929", "fx-weimar-1919-1933"]
    assert ids("--topic", "10") == ["fx-stalin-1924-1941"]


@pytest.mark.parametrize("term", ["to-what-extent", "To what extent", "TO WHAT EXTENT",
                                  "to_what_extent", " to what  extent "])
def test_term_filter_ignores_case_and_takes_spaces(term: str) -> None:
    assert ids("--term", term) == ["fx-war"]


def test_compare_and_contrast_with_spaces() -> None:
    assert ids("--term", "Compare and contrast") == ["fx-war-korea-1950-1953"]


def test_tag_filter_ignores_case() -> None:
    result = run("prompts", "--tag", "fx-ASIA", "--format", "json")
    assert [p["id"] for p in json.loads(result.stdout)] == ["fx-war-korea-1950-1953"]


def test_text_filter_needs_every_word_in_any_case() -> None:
    assert ids("--text", "weimar REPUBLIC") == ["fx-weimar-1919-1929", "fx-weimar-1919-1933"]
    assert ids("--text", "weimar collapsed") == ["fx-weimar-1919-1933"]
    assert ids("--text", "korean war") == ["fx-war-korea-1950-1953"]


def test_filters_combine() -> None:
    assert ids("--topic", "9", "--term", "evaluate") == ["fx-weimar-1919-1929"]
    assert ids("--topic", "11", "--text", "war", "--term", "compare and contrast") == [
        "fx-war-korea-1950-1953"]
    assert ids("--topic", "9", "--text", "appeasement") == []


def test_an_empty_listing_says_which_filter_emptied_it() -> None:
    # The filters apply in a fixed order (topic, term, tag, case, region, text); the
    # message counts what the earlier ones left, and names the one that left none.
    table = run("prompts", "--tag", "fx-finding", "--topic", "9", "--text", "stalin")
    assert table.returncode == 0, table.stderr
    assert re.fullmatch(r"\d+ prompts match --topic 9 --tag fx-finding, but none also "
                        r"matches --text 'stalin'\.", table.stdout.strip()), table.stdout
    assert table.stderr == ""

    first = run("prompts", "--text", "no such words in any question xyzzy")
    assert first.stdout.strip() == (
        "No prompt matches --text 'no such words in any question xyzzy'.")


def test_an_empty_json_listing_stays_a_list_and_says_why_on_stderr() -> None:
    result = run("prompts", "--tag", "fx-finding", "--text", "xyzzy", "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []
    assert result.stderr.strip() == ("ibessay: no prompts match: 5 prompts match --tag "
                                     "fx-finding, but none also matches --text 'xyzzy'")


@pytest.mark.parametrize(("args", "fragments"), [
    (("--term", "evalute"), ("unknown command term 'evalute'", "did you mean 'evaluate'")),
    (("--term", "to what extnt"), ("unknown command term", "'to-what-extent'")),
    (("--tag", "fx-findng"), ("unknown tag 'fx-findng'", "did you mean 'fx-finding'")),
    (("--region", "mars"), ("unknown region 'mars'", "africa-middle-east, americas, "
                                                     "asia-oceania, europe")),
    (("--region", "a"), ("region 'a' could be africa-middle-east or americas or "
                         "asia-oceania",)),
    (("--topic", "13"), ("'--topic'", "13")),
    (("--topic", "0"), ("'--topic'",)),
])
def test_unknown_filter_values_are_clear_errors(args: tuple[str, ...],
                                                fragments: tuple[str, ...]) -> None:
    assert_clean_error(run("prompts", *args), *fragments)


@pytest.mark.parametrize("name", ["eu", "EUROPE", "Europe", "asia", "oceania",
                                  "middle east", "africa", "am"])
def test_regions_by_any_unambiguous_start(name: str) -> None:
    # No fixture prompt here names cases: a known region filters every one out, and
    # the message names the region in full.
    result = run("prompts", "--tag", "fx-finding", "--region", name)
    assert result.returncode == 0, result.stderr
    full = {"eu": "europe", "asia": "asia-oceania", "oceania": "asia-oceania",
            "middle east": "africa-middle-east", "africa": "africa-middle-east",
            "am": "americas"}.get(name, "europe")
    assert f"none also matches --region {full}." in result.stdout


def test_json_keeps_its_keys() -> None:
    result = run("prompts", "--tag", "fx-finding", "--topic", "10", "--format", "json")
    [entry] = json.loads(result.stdout)
    assert entry == {
        "id": "fx-stalin-1924-1941",
        "question": "Analyse the methods Stalin used to consolidate his power.",
        "command_term": "analyse", "topic": 10,
        "topic_name": "Authoritarian states (20th century)", "timeframe": None,
        "rubric": "fx-finding", "minutes": 45, "mirrors": [],
        "tags": ["fx-finding", "ussr"], "cases": None,
    }


# --- ids by their start ----------------------------------------------------------------

def test_show_takes_the_start_of_an_id() -> None:
    result = run("show", "fx-st")
    assert result.returncode == 0, result.stderr
    assert "Analyse the methods Stalin used" in result.stdout
    assert "fx-stalin-1924-1941" in result.stdout
    assert "fx-stalin-1924-1941" in run("show", "FX-STALIN").stdout


def test_an_exact_id_wins_over_longer_ids_it_starts() -> None:
    result = run("show", "fx-war")
    assert result.returncode == 0, result.stderr
    assert "To what extent was appeasement" in result.stdout
    assert "Korean" in run("show", "fx-war-").stdout


def test_an_ambiguous_start_lists_the_choices() -> None:
    assert_clean_error(run("show", "fx-weimar"),
                       "'fx-weimar' is the start of 2 prompt ids: fx-weimar-1919-1929, "
                       "fx-weimar-1919-1933", "give more of the id")


def test_an_unknown_id_suggests_the_closest() -> None:
    assert_clean_error(run("show", "fx-stailn-1924-1941"), "unknown prompt 'fx-stailn",
                       "did you mean 'fx-stalin-1924-1941'")


@pytest.mark.parametrize("command", [
    ("check", "-", "--prompt", "{}"),
    ("draft", "{}", "--no-open"),
    ("outline", "{}", "--no-open"),
    ("practice", "{}"),
    ("watch", "essay.md", "--prompt", "{}"),
])
def test_every_command_that_takes_a_prompt_resolves_it_the_same_way(
        command: tuple[str, ...], home: Path) -> None:
    def with_id(text: str) -> list[str]:
        return [part.replace("{}", text) for part in command]

    assert_clean_error(run(*with_id("fx-weimar")), "is the start of 2 prompt ids")
    assert_clean_error(run(*with_id("fx-zz")), "unknown prompt 'fx-zz'")
    assert_clean_error(run(*with_id("../../evil")), "'../../evil' is not a prompt id")


def test_check_and_draft_take_the_start_of_an_id(home: Path) -> None:
    checked = run("check", "-", "--prompt", "fx-st", "--format", "json",
                  stdin=b"The Treaty of Versailles was signed in 1919.\n")
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["prompt"] == "fx-stalin-1924-1941"
    made = run("draft", "fx-war-k", "--no-open")
    assert made.returncode == 0, made.stderr
    assert "fx-war-korea-1950-1953" in made.stdout


def test_a_path_is_never_taken_for_a_prompt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            home: Path) -> None:
    # A prompt file beside a content folder, not in its prompts/: `../outside` would
    # reach it if the id were made into a path.
    content = tmp_path / "content"
    (content / "prompts").mkdir(parents=True)
    (content / "rubrics").mkdir()
    (content / "rubrics" / "fx-finding.yaml").write_text(
        (FINDING / "rubrics" / "fx-finding.yaml").read_text())
    (content / "outside.yaml").write_text(
        "id: outside\nquestion: A question that must never be shown.\n"
        "command_term: discuss\ntopic: 9\nrubric: fx-finding\n")
    monkeypatch.setenv("IBESSAY_CONTENT_PATH", str(content))
    for args in (("show", "../outside"), ("check", "-", "--prompt", "../outside"),
                 ("draft", "../outside", "--no-open"), ("show", "..%2foutside"),
                 ("show", "prompts/../../outside")):
        result = run(*args, stdin=b"text\n")
        assert_clean_error(result, "is not a prompt id")
        assert "must never be shown" not in result.stdout + result.stderr


# --- exam ------------------------------------------------------------------------------

def exam(home: Path, *args: str) -> list[str]:
    """The prompts of a mock exam run with ARGS (finished at once)."""
    plan(home, {}, {}, {}, {})
    result = run("exam", "--reading", "0", "--minutes", "1", *args, stdin=b"\n\n\nf\n",
                 env={"IBESSAY_CLOCK_SPEED": "60"})
    assert result.returncode == 0, result.stderr
    [folder] = [p for p in (home / "drafts").iterdir() if "-exam" in p.name
                and not (p / "seen").exists()]
    (folder / "seen").touch()
    return [e["prompt"] for e in json.loads((folder / "attempt.json").read_text())["essays"]]


def topics_of(prompt_ids: list[str]) -> list[int]:
    listed = {p["id"]: p["topic"] for p in
              json.loads(run("prompts", "--format", "json").stdout)}
    return [listed[i] for i in prompt_ids]


def test_exam_draws_from_the_students_topics_the_same_way_for_one_seed(home: Path) -> None:
    first = exam(home, "--topics", "9,11", "--seed", "4")
    assert sorted(topics_of(first)) == [9, 11]
    again = exam(home, "--topics", "9, 11", "--seed", "4")
    assert again == first


@pytest.mark.parametrize(("args", "fragments"), [
    (("--topics", "10"), ("--topics needs at least two topics",)),
    (("--topics", "10,10"), ("--topics needs at least two topics",)),
    (("--topics", "10,x"), ("--topics must be topic numbers",)),
    (("--topics", "10,13"), ("topics are 1 to 12",)),
    (("--topics", "9,11", "--topic", "10"), ("--topic 10 is not one of --topics 9,11",)),
])
def test_exam_topics_must_make_sense(args: tuple[str, ...], fragments: tuple[str, ...],
                                     home: Path) -> None:
    assert_clean_error(run("exam", *args), *fragments)
    assert not (home / "drafts").exists() or not any((home / "drafts").iterdir())


def test_practice_reads_command_terms_as_prompts_does(home: Path) -> None:
    assert_clean_error(run("practice", "--term", "evalute"),
                       "unknown command term 'evalute'", "did you mean 'evaluate'")
