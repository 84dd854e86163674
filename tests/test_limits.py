"""Issue 11: what a prompt, rubric or case file may ask of ibessay, and every error of
a file at once.

Content comes from other people's files, so loading it is bounded: YAML is data only
(no tag that builds an object, no alias bomb), a rubric holds at most MAX_ITEMS items
and compiles to at most MAX_PHRASE_KEYS phrases of MAX_PHRASE_CHARS characters, a
phrase has at most PHRASE_WORDS words and PHRASE_CHARS characters, and compiling costs
in proportion to the rubric. Each limit is an error at file:line:col that names it.
And a file with several independent errors reports all of them (ContentError.more).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, assert_clean_error, run
from ibessay.content import loader
from ibessay.content.loader import MAX_ERRORS, load_case, load_prompt
from ibessay.content.model import (
    MAX_ITEMS,
    MAX_PHRASE_CHARS,
    MAX_PHRASE_KEYS,
    PHRASE_CHARS,
    PHRASE_WORDS,
)
from ibessay.engine import compiled
from ibessay.engine.compiled import compile_rubric, load_rubric
from ibessay.engine.criteria import CRITERIA
from ibessay.engine.criteria.phrases import alias_variants
from ibessay.engine.scan import PhraseBook, TooManyPhrases
from ibessay.errors import ContentError

HEAD = "periods:\n  - {id: early, label: Early, start: 1900, end: 1910}\nevents:\n"


def _event(ident: str, *aliases: str, date: str = "1905", extra: str = "") -> str:
    listed = ", ".join(f'"{a}"' for a in aliases)
    return (f"  - id: {ident}\n    name: Event {ident}\n    date: {date}\n"
            f"    aliases: [{listed}]\n{extra}")


def _rubric(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"id: {name}\n{body}", encoding="utf-8")
    return path


def _error(load: Callable[[], object]) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load()
    return caught.value


def _places(error: ContentError) -> list[tuple[int, int]]:
    return [(e.line, e.column) for e in error.errors]


# --- every error at once --------------------------------------------------------------


THREE_BAD_EVENTS = (
    HEAD
    + _event("event-a", "event alpha")
    + "  - id: event-b\n    name: Event B\n    date: 1905-13\n    aliases: [event beta]\n"
    + _event("event-c", "event gamma")
    + "  - id: event-d\n    name: Event D\n    date: 1906\n    alises: [event delta]\n"
    + _event("event-e", "event epsilon")
    + "  - id: event-f\n    name: Event F\n    date: 1907\n    period: erly\n"
      "    aliases: [event phi]\n"
)


def test_three_errors_in_three_events_are_all_reported_in_file_order(tmp_path: Path) -> None:
    path = _rubric(tmp_path, "three", THREE_BAD_EVENTS)
    error = _error(lambda: load_rubric(path))
    assert [str(e).splitlines()[0] for e in error.errors] == [
        f"{path}:11:11: '1905-13' has month 13; months run 1 to 12",
        f"{path}:20:5: unknown key 'alises' in an event; allowed: id, name, date, aliases, "
        "cooccur, required, period, hint, note, not, others",
        f"{path}:28:13: event 'event-f' names unknown period 'erly'",
    ]
    assert error.more[0].hint == "did you mean 'aliases'?"
    assert error.more[1].hint == "did you mean 'early'?"
    assert all(e.more == [] for e in error.more)


def test_the_first_error_is_the_one_raised_when_it_was_the_only_one(tmp_path: Path) -> None:
    path = _rubric(tmp_path, "three", THREE_BAD_EVENTS)
    first = _error(lambda: load_rubric(path))
    (tmp_path / "alone").mkdir()
    alone = _rubric(tmp_path / "alone", "three", THREE_BAD_EVENTS.split("  - id: event-c")[0])
    only = _error(lambda: load_rubric(alone))
    assert (only.line, only.column, only.message.split(": ", 1)[1], only.hint) == \
        (first.line, first.column, first.message.split(": ", 1)[1], first.hint)
    assert only.more == []


def test_the_cli_check_still_prints_the_first_error_alone(tmp_path: Path) -> None:
    path = _rubric(tmp_path, "three", THREE_BAD_EVENTS)
    result = run("check", "-", "--rubric", str(path), stdin=b"An essay.\n")
    assert_clean_error(result, f"{path}:11:11: '1905-13' has month 13")
    assert "alises" not in result.stderr


def test_an_error_that_follows_from_another_is_not_reported(tmp_path: Path) -> None:
    # The period 'late' is wrong: the event placed in it, and an example that expects
    # an event that is wrong, would only repeat it; a duplicate of a wrong id too.
    examples = tmp_path / "draft.md"
    examples.write_text("An essay.\n", encoding="utf-8")
    path = _rubric(tmp_path, "follows", (
        "periods:\n  - {id: early, label: Early, start: 1900, end: 1910}\n"
        "  - {id: late, label: Late, start: 19100, end: 1920}\n"
        "events:\n"
        + _event("event-a", "event alpha", extra="    period: late\n")
        + _event("event-b", "event beta", date="1905-13")
        + _event("event-b", "event beta two")
        + _event("event-c", "event gamma")
        + "examples:\n  - {file: draft.md, expect: pass, found: [event-b, event-c]}\n"
        "  - {file: draft.md, expect: pass, found: [event-z]}\n"
        "  - {file: missing.md, expect: pass}\n"))
    error = _error(lambda: load_rubric(path))
    # The ids examples name are judged only in an otherwise sound rubric: there, 'event-z'
    # might be an event left out. Their files are always.
    assert [e.message.split(": ", 1)[1] for e in error.errors] == [
        "a period's start year must be between 0 and 2100, not 19100",
        "'1905-13' has month 13; months run 1 to 12",
        "example draft 'missing.md' not found next to the rubric",
    ]
    assert _places(error) == [(4, 36), (13, 11), (26, 12)]


def test_errors_at_the_top_level_and_in_lists_of_every_part(tmp_path: Path) -> None:
    path = _rubric(tmp_path, "top", (
        "titel: A rubric\n" + HEAD + _event("event-a", "event alpha")
        + "historians:\n  - {id: h1, name: Historian One, aliases: [One], view: A view}\n"
        "  - {id: h2, name: Historian Two, aliases: [Two], view: A view, works: 3}\n"
        "command_term: asses\nrequire: {words: [10, 5], period_sentencs: 2}\n"))
    error = _error(lambda: load_rubric(path))
    assert [str(e).splitlines()[0] for e in error.errors] == [
        f"{path}:2:1: unknown key 'titel' in the rubric; allowed: id, periods, events, title, "
        "themes, focus, historians, citation_cues, require, examples, command_term, sources, "
        "cases, notes",
        f"{path}:12:72: works must be a list",
        f"{path}:13:15: unknown command term 'asses'; allowed: analyse, compare, contrast, "
        "compare-and-contrast, discuss, evaluate, examine, to-what-extent, explain",
        f"{path}:14:23: the maximum word count must be above the minimum",
        f"{path}:14:27: unknown key 'period_sentencs' in require; allowed: period_sentences, "
        "historians_cited, words",
    ]


def test_every_error_of_a_prompt(tmp_path: Path) -> None:
    path = tmp_path / "p1.yaml"
    path.write_text("id: p1\nquestion: Why?\ncommand_term: describe\ntopic: 13\n"
                    "rubric: Not An Id\nminutes: lots\ncolour: red\n", encoding="utf-8")
    error = _error(lambda: load_prompt(path))
    assert [str(e).splitlines()[0] for e in error.errors] == [
        f"{path}:7:1: unknown key 'colour' in the prompt; allowed: id, question, "
        "command_term, topic, rubric, minutes, timeframe, mirrors, tags, note",
        f"{path}:3:15: unknown command term 'describe'; allowed: analyse, compare, contrast,"
        " compare-and-contrast, discuss, evaluate, examine, to-what-extent, explain",
        f"{path}:4:8: topic must be between 1 and 12, not 13",
        f"{path}:5:9: rubric 'Not An Id' is not a valid id",
        f"{path}:6:10: minutes must be a whole number",
    ]


def _case_text(ident: str, body: str) -> str:
    return (f"id: {ident}\nname: Case {ident}\nregion: europe\nnames: [{ident.title()}]\n"
            f"sources: [test]\n{body}")


def test_every_error_of_a_case_file(tmp_path: Path) -> None:
    path = tmp_path / "case-a.yaml"
    path.write_text(_case_text("case-a", "events:\n"
                               + _event("case-a-one", "case one alpha", date="1905-13")
                               + _event("case-a-two", "case two alpha")
                               + "  - id: case-a-three\n    name: Three\n    date: 1906\n"
                               "    aliases: [case three]\n    colour: red\n"),
                    encoding="utf-8")
    error = _error(lambda: load_case(path, CRITERIA))
    assert _places(error) == [(9, 11), (19, 5)]
    assert "unknown key 'colour' in an event" in error.more[0].message


def test_errors_stop_at_the_cap(tmp_path: Path) -> None:
    body = HEAD + "".join(_event(f"event-{i}", f"event number {i}", date="1905-13")
                          for i in range(MAX_ERRORS + 30))
    path = _rubric(tmp_path, "many", body)
    error = _error(lambda: load_rubric(path))
    assert len(error.errors) == MAX_ERRORS
    assert _places(error) == sorted(_places(error))


def test_a_case_with_errors_is_reported_with_the_rubric_that_accepts_it(tmp_path: Path
                                                                       ) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "case-a.yaml").write_text(_case_text("case-a", "events:\n" + _event(
        "case-a-one", "case one alpha", date="1905-13")), encoding="utf-8")
    (cases / "case-b.yaml").write_text(_case_text("case-b", "events:\n" + _event(
        "case-b-one", "case one beta")), encoding="utf-8")
    path = _rubric(tmp_path, "two", "cases:\n  accept: [case-a, case-b, case-c]\n"
                   "  required: 2\nthemes:\n  - {id: t, name: T, words: [cause]}\n"
                   "command_term: asses\n")
    error = _error(lambda: load_rubric(path))
    assert [(e.path, e.line, e.column) for e in error.errors] == [
        (str(cases / "case-a.yaml"), 9, 11),
        (str(path), 3, 28),  # unknown case 'case-c'
        (str(path), 7, 15),  # the command term
    ]


# --- YAML is data only, in every kind of file -----------------------------------------


_PROMPT = ("id: p1\nquestion: Why?\ncommand_term: examine\ntopic: 12\nrubric: r\n"
           "tags: [{tag}]\n")
_CASE = _case_text("c1", "events:\n  - id: c1-one\n    name: One\n    date: 1905\n"
                   "    aliases: [{tag}]\n")
_RUBRIC = ("id: r1\n" + HEAD + "  - id: event-a\n    name: Event A\n    date: 1905\n"
           "    aliases: [{tag}]\n")
_TAGS = [
    ("!!python/object/apply:os.system ['echo hi']", "unknown YAML tag "
     "'!!python/object/apply:os.system'"),
    ("!!python/object:builtins.dict {}", "unknown YAML tag '!!python/object:builtins.dict'"),
    ("!foo bar", "unknown YAML tag '!foo'"),
]
_LOADERS: dict[str, tuple[str, str, Callable[[Path], object]]] = {
    "prompt": ("p1", _PROMPT, load_prompt),
    "rubric": ("r1", _RUBRIC, lambda p: load_rubric(p)),
    "case": ("c1", _CASE, lambda p: load_case(p, CRITERIA)),
}


def _tag_line(text: str) -> tuple[int, int]:
    lines = text.splitlines()
    line = next(i for i, x in enumerate(lines) if "{tag}" in x)
    return line + 1, lines[line].index("{tag}") + 1


@pytest.mark.parametrize("kind", list(_LOADERS))
@pytest.mark.parametrize(("tag", "message"), _TAGS)
def test_tags_that_build_objects_are_refused_in_every_file(tmp_path: Path, kind: str,
                                                           tag: str, message: str) -> None:
    name, template, load = _LOADERS[kind]
    path = tmp_path / f"{name}.yaml"
    path.write_text(template.replace("{tag}", tag), encoding="utf-8")
    error = _error(lambda: load(path))
    assert (error.path, error.line, error.column) == (str(path), *_tag_line(template))
    assert message in error.message


_BOMB = ("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
         "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
         "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
         "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
         "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
         "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
         "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
         "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n")


@pytest.mark.parametrize("kind", list(_LOADERS))
def test_a_billion_laughs_is_refused_in_every_file(tmp_path: Path, kind: str) -> None:
    name, template, load = _LOADERS[kind]
    path = tmp_path / f"{name}.yaml"
    path.write_text(template.replace("{tag}", "x") + "note:\n" + "".join(
        "  " + line + "\n" for line in _BOMB.splitlines()), encoding="utf-8")
    error = _error(lambda: load(path))
    assert "holds" in error.message and "once its YAML aliases (*name) are expanded" in \
        error.message
    assert error.path == str(path) and error.line > template.count("\n")


@pytest.mark.parametrize("kind", ["case", "prompt"])
def test_a_tag_in_a_case_or_prompt_is_refused_through_the_cli(tmp_path: Path, kind: str
                                                             ) -> None:
    content = tmp_path / "content"
    (content / "rubrics" / "cases").mkdir(parents=True)
    (content / "prompts").mkdir()
    case = content / "rubrics" / "cases" / "c1.yaml"
    case.write_text(_CASE.replace("{tag}", "!!python/object/apply:os.system [touch x]"
                                  if kind == "case" else "one"), encoding="utf-8")
    (content / "rubrics" / "r1.yaml").write_text(
        "id: r1\ncases:\n  accept: [c1]\n  required: 1\n"
        "themes:\n  - {id: t, name: T, words: [cause]}\n", encoding="utf-8")
    prompt = content / "prompts" / "p1.yaml"
    prompt.write_text(_PROMPT.replace("rubric: r", "rubric: r1").replace(
        "{tag}", "!!python/object/apply:os.system [touch x]" if kind == "prompt" else "t"),
        encoding="utf-8")
    result = run("check", "-", "--prompt", "p1", stdin=b"An essay.\n", cwd=tmp_path,
                 env={"IBESSAY_CONTENT_PATH": str(content)})
    bad = case if kind == "case" else prompt
    line, column = _tag_line(_CASE if kind == "case" else _PROMPT)
    assert_clean_error(result, f"{bad}:{line}:{column}: unknown YAML tag "
                       "'!!python/object/apply:os.system'")
    assert not (tmp_path / "x").exists()


# --- items per rubric -----------------------------------------------------------------


def test_a_rubric_over_the_item_limit_is_refused_at_the_item_that_goes_over(
        tmp_path: Path) -> None:
    body = HEAD + "".join(f"  - {{id: e{i}, name: E, date: 1905, aliases: [e {i}]}}\n"
                          for i in range(MAX_ITEMS + 5))
    path = _rubric(tmp_path, "items", body)
    error = _error(lambda: load_rubric(path))
    # periods: 1 item; events from line 5: the (MAX_ITEMS - 1)th event is one too many
    assert (error.line, error.column) == (5 + MAX_ITEMS - 1, 5)
    assert f"over the limit of {MAX_ITEMS:,} items" in error.message
    assert error.hint and "split the question" in error.hint
    assert error.more == []  # nothing after it is read
    result = run("check", "-", "--rubric", str(path), stdin=b"An essay.\n")
    assert_clean_error(result, f"{path}:{5 + MAX_ITEMS - 1}:5: this item brings the rubric "
                       f"over the limit of {MAX_ITEMS:,} items")


def test_the_items_cases_bring_count_at_the_case_that_brings_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_ITEMS", 8)
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("case-a", "case-b"):
        (cases / f"{name}.yaml").write_text(_case_text(name, "events:\n" + "".join(
            _event(f"{name}-{i}", f"{name} thing {i}") for i in range(3))), encoding="utf-8")
    path = _rubric(tmp_path, "two", "cases:\n  accept: [case-a, case-b]\n  required: 2\n"
                   "themes:\n  - {id: t, name: T, words: [cause]}\n")
    error = _error(lambda: load_rubric(path))
    # 1 theme + 2 cases accepted + 3 events of case-a = 6; case-b's 3 make 9 > 8
    assert (error.path, error.line, error.column) == (str(path), 3, 20)
    assert error.message.endswith("this case brings the rubric over the limit of 8 items "
                                  "(events, historians, periods, themes, cases and the like,"
                                  " with what its cases bring)")


def test_the_bundled_rubrics_are_far_below_the_item_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    counted: list[int] = []
    real = loader._count_items

    def spy(*args: object, **kwargs: object) -> int:
        counted.append(real(*args, **kwargs))  # type: ignore[arg-type]
        return counted[-1]

    monkeypatch.setattr(loader, "_count_items", spy)
    for path in sorted((ROOT / "rubrics").glob("*.yaml")):
        load_rubric(path, case_dirs=[ROOT / "rubrics" / "cases"])
    assert 150 < max(counted) <= MAX_ITEMS // 5


# --- phrases: words, characters, and what a rubric compiles to -----------------------


def test_a_phrase_over_the_character_limit_is_refused_at_its_place(tmp_path: Path) -> None:
    alias = " ".join(["x" * 30] * 6)
    assert len(alias.split()) <= PHRASE_WORDS and len(alias) > PHRASE_CHARS
    path = _rubric(tmp_path, "long", HEAD + _event("event-a", alias))
    error = _error(lambda: load_rubric(path))
    assert (error.line, error.column) == (8, 15)
    assert error.message.endswith(f"an alias of {len(alias)} characters is longer than the "
                                  f"limit of {PHRASE_CHARS}")


def _aliases(count: int, words: int = 4, seed: int = 0) -> list[str]:
    """``count`` different made-up phrases of ``words`` words (no spelling variants)."""
    syllables = ["ka", "lo", "mi", "ru", "te", "sa", "no", "vi", "de", "po", "zu", "ga"]
    out = []
    for n in range(seed, seed + count):
        word = "".join(syllables[n // 12**k % 12] for k in range(4))
        out.append(" ".join([word] + [f"{syllables[(n + k) % 12]}kat{k}" for k in
                                      range(1, words)]))
    return out


def _compile_aliases(tmp_path: Path, aliases: list[str], per_event: int = 10) -> Path:
    events = "".join(_event(f"e{i}", *aliases[i:i + per_event])
                     for i in range(0, len(aliases), per_event))
    return _rubric(tmp_path, f"n{len(aliases)}", HEAD + events)


def test_a_rubric_over_the_phrase_limit_is_refused_at_the_alias_that_goes_over(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "MAX_PHRASE_KEYS", 1_000)
    aliases = _aliases(300)
    path = _compile_aliases(tmp_path, aliases)
    error = _error(lambda: compile_rubric(load_rubric(path)))
    assert error.message.startswith(f"{path}:{error.line}:{error.column}: this phrase takes "
                                    "the rubric over the limit of 1,000 phrases a rubric may "
                                    "look for in a draft")
    # the place is the alias that went over: the first the limit would not have taken
    line = path.read_text().splitlines()[error.line - 1]
    over = line[error.column - 1:].split('"')[1]
    # ... which is the one being added when the count went over
    book = PhraseBook((1_000, MAX_PHRASE_CHARS))
    with pytest.raises(TooManyPhrases) as caught:
        for criterion in CRITERIA:
            criterion.compile(load_rubric(path), book)
    assert caught.value.phrases == sorted(alias_variants(over))
    assert aliases.index(over) > 100  # not the first alias: the place is looked for


def test_a_rubric_over_the_character_limit_of_phrases(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "MAX_PHRASE_CHARS", 20_000)
    path = _compile_aliases(tmp_path, _aliases(200))
    error = _error(lambda: compile_rubric(load_rubric(path)))
    assert "over the limit of 20,000 characters of phrases" in error.message
    assert error.path == str(path) and error.line > 4


def test_the_phrase_limit_through_the_cli(tmp_path: Path) -> None:
    # 16-word aliases of about 130 characters, each in 17 punctuated forms: 2,200
    # characters of phrases each, so that 700 go over the characters' limit.
    aliases = _aliases(MAX_PHRASE_CHARS // 2_000, words=16)
    path = _compile_aliases(tmp_path, aliases, per_event=100)
    result = run("check", "-", "--rubric", str(path), stdin=b"An essay.\n")
    assert_clean_error(result, f"{path}:", "this phrase takes the rubric over the limit of "
                       f"{MAX_PHRASE_CHARS:,} characters of phrases")
    assert "split the question" in result.stderr


def test_the_bundled_rubrics_are_far_below_the_phrase_limits() -> None:
    most_keys = most_chars = 0
    for path in sorted((ROOT / "rubrics").glob("*.yaml")):
        book = PhraseBook()
        rubric = load_rubric(path, case_dirs=[ROOT / "rubrics" / "cases"])
        for criterion in CRITERIA:
            criterion.compile(rubric, book)
        most_keys, most_chars = max(most_keys, book.keys), max(most_chars, book.chars)
    assert 10_000 < most_keys <= MAX_PHRASE_KEYS // 5
    assert 150_000 < most_chars <= MAX_PHRASE_CHARS // 7


def test_the_count_is_the_automatons_keys_and_the_names_misspellings() -> None:
    from ibessay.engine.misspellings import MIN_NAME_LENGTH, _deletes, _max_distance

    rubric = load_rubric(ROOT / "rubrics" / "sino-soviet-1949-1976.yaml")
    book = PhraseBook()
    for criterion in CRITERIA:
        criterion.compile(rubric, book)
    names = [n for n in book._names if len(n) >= MIN_NAME_LENGTH]  # noqa: SLF001
    counted = sum(1 + len(n) + (len(n) * (len(n) - 1) // 2 if len(n) > 8 else 0)
                  for n in names)
    assert book.keys == len(list(book.scanner()._automaton.keys())) + counted  # noqa: SLF001
    # an upper bound of what the index holds (a repeated letter deletes to one word)
    assert sum(len(_deletes(n, _max_distance(n))) for n in names) <= counted


def test_long_proper_names_count_towards_the_limit(tmp_path: Path) -> None:
    # Each name is indexed under every word one or two letters shorter, for misspellings:
    # 500 made-up names of 61 letters took 2 s and 320 MB.
    names = ["K" + "".join("abcdefghik"[(i // 10**k) % 10] for k in range(3)) + "a" * 57
             for i in range(500)]
    path = _rubric(tmp_path, "names", HEAD + "".join(
        _event(f"e{i}", *names[i:i + 25]) for i in range(0, 500, 25)))
    error = _error(lambda: compile_rubric(load_rubric(path)))
    assert "over the limit of 1,500,000 characters of phrases" in error.message
    line = path.read_text(encoding="utf-8").splitlines()[error.line - 1]
    assert line[error.column - 1:].lstrip('"').split('"')[0] in names


# --- compile cost is linear in the rubric's size --------------------------------------


def test_one_alias_compiles_to_a_bounded_number_of_keys() -> None:
    # The longest phrase allowed, every word with a British/American spelling: the forms
    # are capped (48 spellings, each with its plural) and each has PHRASE_WORDS + 1 ways
    # to be punctuated, whatever else the rubric holds.
    alias = " ".join(["colour"] * PHRASE_WORDS)[:PHRASE_CHARS]
    book = PhraseBook()
    book.add(alias_variants(alias), (0, 0, 0), punctuated=True)
    assert book.keys <= 96 * (PHRASE_WORDS + 2)
    assert book.chars <= 96 * (PHRASE_WORDS + 2) * (PHRASE_CHARS + PHRASE_WORDS + 2)


def _work(tmp_path: Path, aliases: list[str]) -> tuple[int, int]:
    """(automaton keys, Python and C function calls) of compiling a rubric of ``aliases``:
    counts, not seconds, so that a loaded machine does not change them."""
    folder = tmp_path / f"work{len(aliases)}"
    folder.mkdir()
    return _work_of(load_rubric(_compile_aliases(folder, aliases)))


@pytest.mark.parametrize("words", [2, 8, PHRASE_WORDS])
def test_compiling_twice_the_aliases_is_twice_the_work(tmp_path: Path, words: int) -> None:
    # Work = fixed + per alias x aliases: each doubling of the aliases adds twice what
    # the one before added. Keys exactly (every alias has as many forms); function calls
    # within a tenth. A cost in the square of the aliases would add four times as much.
    (k1, c1), (k2, c2), (k4, c4) = (_work(tmp_path, _aliases(n, words))
                                    for n in (100, 200, 400))
    assert k4 - k2 == 2 * (k2 - k1), (k1, k2, k4)
    assert 1.9 <= (c4 - c2) / (c2 - c1) <= 2.1, (c1, c2, c4)


def test_a_phrase_shared_by_many_items_costs_each_the_same(tmp_path: Path) -> None:
    # A not: phrase written under every event is one key with an entry per event: adding
    # an entry must not look through the others (it did, in a list: n events cost n²).
    def work(events: int) -> tuple[int, int]:
        body = HEAD + "".join(_event(f"e{i}", f"event number {i}", extra="    not: [the "
                                     "cold war]\n") for i in range(events))
        folder = tmp_path / f"shared{events}"
        folder.mkdir()
        return _work_of(load_rubric(_rubric(folder, "shared", body)))

    (k1, c1), (k2, c2), (k4, c4) = work(100), work(200), work(400)
    assert k4 - k2 == 2 * (k2 - k1), (k1, k2, k4)
    assert 1.9 <= (c4 - c2) / (c2 - c1) <= 2.1, (c1, c2, c4)


def _work_of(rubric: object) -> tuple[int, int]:
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        result = compile_rubric(rubric)  # type: ignore[arg-type]
    finally:
        sys.setprofile(None)
    return len(list(result.scanner._automaton.keys())), calls  # noqa: SLF001


def test_adding_an_entry_to_a_shared_phrase_does_not_look_through_the_others() -> None:
    compared = 0

    class Counted:
        """An entry's value that counts how often it is compared."""

        def __init__(self, value: int) -> None:
            self.value = value

        def __eq__(self, other: object) -> bool:
            nonlocal compared
            compared += 1
            return isinstance(other, Counted) and other.value == self.value

        def __hash__(self) -> int:
            return hash(self.value)

    book = PhraseBook()
    for i in range(2_000):
        book.add({"the cold war"}, (0, Counted(i), 0), punctuated=True)
    assert book.keys == 4  # the phrase, once, in its punctuated forms
    assert compared <= 2_000  # a list looked through them all: two million


# --- ids from the command line name nothing outside the content and workspace ----------

_EVIL_QUESTION = "A question from outside every content folder"


@pytest.fixture
def outside(tmp_path: Path) -> dict[str, str]:
    """A prompt, rubric, case and attempt folder outside every content folder and the
    workspace, and the environment of a student whose workspace is elsewhere."""
    evil = tmp_path / "outside"
    (evil / "cases").mkdir(parents=True)
    (evil / "evil.yaml").write_text(
        (ROOT / "prompts" / "sino-soviet-1949-1976.yaml").read_text(encoding="utf-8")
        .replace("id: sino-soviet-1949-1976", "id: evil").replace(
            "question: Examine the changing nature of Sino-Soviet relations between 1949 "
            "and 1976.", f"question: {_EVIL_QUESTION}"), encoding="utf-8")
    (evil / "cases" / "evil.yaml").write_text(_case_text("evil", ""), encoding="utf-8")
    attempt = evil / "2026-01-01-evil"
    attempt.mkdir()
    (attempt / "attempt.json").write_text("{}", encoding="utf-8")
    (tmp_path / "work" / "home").mkdir(parents=True)
    return {"IBESSAY_HOME": str(tmp_path / "work" / "home"),
            "EDITOR": "true", "VISUAL": "true", "evil": str(evil)}


def _evil_ids(evil: str) -> list[str]:
    """A prompt (or case) file and an attempt folder outside, as a relative path, an
    absolute one, and a file's own path; and the folder above."""
    return [f"../{Path(evil).name}/evil", f"{evil}/evil", f"{evil}/evil.yaml",
            f"../{Path(evil).name}/2026-01-01-evil", ".."]


@pytest.mark.parametrize("command", [
    ["show", "{id}"],
    ["check", "{draft}", "--prompt", "{id}"],
    ["watch", "{draft}", "--prompt", "{id}"],
    ["outline", "{id}", "--no-open"],
    ["draft", "{id}", "--no-open"],
    ["practice", "{id}"],
    ["open", "{id}", "--no-open"],
    ["practice", "--resume", "{id}"],
    ["exam", "--resume", "{id}"],
    ["prompts", "--case", "{id}"],
    ["config", "{id}"],
    ["pack", "remove", "{id}"],
    ["pack", "new", "new-pack", "--id", "{id}"],
])
def test_no_id_from_the_command_line_reaches_outside(tmp_path: Path, outside: dict[str, str],
                                                     command: list[str]) -> None:
    evil = outside.pop("evil")
    draft = tmp_path / "draft.md"
    draft.write_text("An essay.\n", encoding="utf-8")
    # One attempt of the student's own, so that attempt names are really looked up.
    made = run("outline", "sino-soviet-1949-1976", "--no-open", env=outside,
               cwd=tmp_path / "work")
    assert made.returncode == 0, made.stderr
    files = sorted((tmp_path / "work" / "home").rglob("*"))
    for ident in _evil_ids(evil):
        args = [a.replace("{id}", ident).replace("{draft}", str(draft)) for a in command]
        result = run(*args, env=outside, cwd=tmp_path / "work")
        assert_clean_error(result)
        assert _EVIL_QUESTION not in result.stdout + result.stderr
        assert "2026-01-01-evil" not in result.stdout
    assert sorted((tmp_path / "work" / "home").rglob("*")) == files  # nothing made
    assert not (tmp_path / "work" / "new-pack").exists()


def test_a_rubric_id_without_a_slash_names_no_file_outside(tmp_path: Path,
                                                            outside: dict[str, str]) -> None:
    # --rubric takes an id or, deliberately, the path of a rubric file (with a slash or
    # a .yaml ending); an id never becomes a path of its own.
    outside.pop("evil")
    for ident in ("..", "...", "~", "evil"):
        result = run("check", "-", "--rubric", ident, stdin=b"An essay.\n", env=outside,
                     cwd=tmp_path / "outside")
        assert_clean_error(result, f"unknown rubric '{ident}'")


def test_a_key_left_out_whole_stops_the_parts_that_may_need_it(tmp_path: Path) -> None:
    # periods: is not a list, so every event placed in a period would be "unknown".
    path = _rubric(tmp_path, "whole", "periods: early\nevents:\n" + _event(
        "event-a", "event alpha", extra="    period: early\n") + "command_term: asses\n")
    error = _error(lambda: load_rubric(path))
    assert [str(e).splitlines()[0].split(": ", 1)[1] for e in error.errors] == [
        "periods must be a list",
        "unknown command term 'asses'; allowed: analyse, compare, contrast, "
        "compare-and-contrast, discuss, evaluate, examine, to-what-extent, explain",
    ]


def test_a_file_over_the_size_limit_is_never_parsed_nor_read_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Composing an 18 MB list of three million items to find the cases a rubric accepts
    # (for the cache's key) took 12 s and 1 GB, before the load refused the file.
    path = tmp_path / "big.yaml"
    path.write_text("id: big\nnotes:\n" + "  - x\n" * 400_000, encoding="utf-8")

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(loader.yaml, "compose", never)
    assert loader.case_ids_named(path) == []
    assert loader.locate_text(path, lambda text: True) is None
    error = _error(lambda: load_rubric(path))
    assert (error.line, error.column) == (1, 1) and "the file is 2.4 MB" in error.message


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_an_endless_file_is_refused_after_the_limit(tmp_path: Path) -> None:
    link = tmp_path / "endless.yaml"
    link.symlink_to("/dev/zero")
    error = _error(lambda: load_rubric(link))
    assert (error.line, error.column) == (1, 1) and "at most 1 MB" in error.message


@pytest.mark.parametrize("file", ["../../secret.md", "/etc/hostname", "examples/../../x.md"])
def test_an_example_draft_outside_the_rubrics_folder_is_refused(tmp_path: Path,
                                                                 file: str) -> None:
    (tmp_path / "secret.md").write_text("A student's own file.\n", encoding="utf-8")
    folder = tmp_path / "pack" / "rubrics"
    folder.mkdir(parents=True)
    path = _rubric(folder, "ex", HEAD + _event("event-a", "event alpha")
                   + f"examples:\n  - {{file: '{file}', expect: pass}}\n")
    error = _error(lambda: load_rubric(path))
    assert (error.line, error.column) == (10, 12)
    assert error.message.endswith(f"example draft '{file}' is outside the rubric's folder")


def test_reading_on_past_errors_reads_a_part_again_at_most_max_errors_times(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each error leaves out its item and the part is read again from the start: 400
    # events after 400 good ones, each naming a period that was wrong, read 400 times
    # over took seconds (n times m). Past MAX_ERRORS items left out, reading stops.
    events = next(c for c in CRITERIA if c.name == "events")
    readings = 0
    real = type(events).load

    def counted(self: object, *args: object) -> object:
        nonlocal readings
        readings += 1
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(type(events), "load", counted)
    path = _rubric(tmp_path, "again", (
        "periods:\n  - {id: early, label: Early, start: 1900, end: 1910}\n"
        "  - {id: late, label: Late, start: 19100, end: 1920}\nevents:\n"
        + "".join(_event(f"g{i}", f"good number {i}") for i in range(400))
        + "".join(_event(f"e{i}", f"event number {i}", extra="    period: late\n")
                  for i in range(400))))
    error = _error(lambda: load_rubric(path))
    assert [e.line for e in error.errors] == [4]  # the others only follow from it
    assert readings <= MAX_ERRORS + 1
