"""Rubric and prompt files: what loads, and the file:line:col of everything that doesn't.

One broken fixture per failure mode lives in tests/data/invalid/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import assert_clean_error, run
from ibessay.content.loader import as_month, load_prompt, suggest_key
from ibessay.engine.compiled import load_rubric
from ibessay.engine.criteria.events import events_of
from ibessay.engine.criteria.historians import historians_of
from ibessay.engine.criteria.length import word_range
from ibessay.errors import ContentError, IbessayError

DATA = Path(__file__).parent / "data"
INVALID = DATA / "invalid"


def test_minimal_rubric_loads_with_defaults() -> None:
    rubric = load_rubric(DATA / "minimal-rubric.yaml")
    assert rubric.id == "minimal-rubric"
    assert rubric.title == "minimal-rubric"
    assert [e.id for e in events_of(rubric)] == ["event-a"]
    assert events_of(rubric)[0].required is True
    assert historians_of(rubric).cited == 2
    assert word_range(rubric) == (700, 1100)
    assert rubric.command_term is None and rubric.sources == ()


def test_a_rubric_names_its_command_term_and_sources() -> None:
    rubric = load_rubric(Path(__file__).parents[1] / "rubrics" / "sino-soviet-1949-1976.yaml")
    assert rubric.command_term == "examine"
    assert any("Lüthi" in source for source in rubric.sources)


@pytest.mark.parametrize(
    ("name", "line", "column", "fragments"),
    [
        ("malformed", 5, 7, ["YAML syntax error: did not find expected ',' or ']'"]),
        ("unknown-key", 8, 5, ["unknown key 'alises' in an event",
                               "allowed: id, name, date, aliases", "did you mean 'aliases'?"]),
        ("duplicate-id", 9, 9, ["duplicate event id 'event-a'"]),
        ("bad-date", 7, 11, ["'1905-13' has month 13; months run 1 to 12"]),
        ("unknown-period", 8, 13, ["unknown period 'erly'", "did you mean 'early'?"]),
        ("missing-key", 5, 5, ["missing the required key 'name'"]),
        ("duplicate-key", 7, 5, ["duplicate key 'name'"]),
        ("wrong-id", 1, 5, ["does not match its file name 'wrong-id.yaml'"]),
        ("shared-alias", 6, 56, ["'The Crisis' is an alias of both 'event-a' and 'event-b'"]),
        ("no-aliases", 5, 5, ["has no aliases and no cooccur rules"]),
        ("bad-cooccur", 9, 9, ["needs 2 or 3 word lists, not 1"]),
        ("not-utf8", 3, 1, ["not valid UTF-8 (byte 0xe9)"]),
        ("empty", 1, 1, ["the file is empty"]),
        ("comma-number", 5, 56, ["'150,000 reservists' was read as two items",
                                 'quote it: "150,000 reservists"']),
        ("bad-command-term", 2, 15, ["unknown command term 'asses'", "did you mean 'analyse'?"]),
        # issue 9 item 7: validation that helps a teacher
        ("colon-in-hint", 9, 27, ['quote the text: hint: "Signed in Moscow: a loan of $300 '
                                  'million"']),
        ("colon-in-alias", 10, 9, ['quote the text: "the treaty: a loan"']),
        ("punctuation-alias", 8, 28, ["an alias '...' has no letters or digits"]),
        ("unknown-tag", 9, 11, ["unknown YAML tag '!foo'", "hint: remove the tag"]),
        ("python-tag", 8, 14, ["unknown YAML tag '!!python/object/apply:os.system'"]),
        ("merge-key", 4, 5, ["YAML merge keys (<<) are not read"]),
        ("huge-within", 10, 17, ["within must be between 1 and 50, not 99999999999999999999"]),
        ("huge-year", 7, 11, ["a date is far too large: 1000000000000000000000000000000"]),
        ("long-number", 7, 11, ["a date is far too large: a number of 5001 digits"]),
        ("impossible-date", 7, 11, ["'1905-02-30' is not a real date"]),
        ("tab-indent", 8, 1, ["YAML syntax error", "indent with spaces"]),
        ("alias-bomb", 15, 6, ["holds 597,871 values once its YAML aliases (*name) are "
                               "expanded"]),
        ("self-alias", 8, 14, ["contains an alias of itself"]),
    ],
)
def test_invalid_rubric_is_located(name: str, line: int, column: int, fragments: list[str]) -> None:
    path = INVALID / f"{name}.yaml"
    with pytest.raises(ContentError) as caught:
        load_rubric(path)
    error = caught.value
    assert (error.path, error.line, error.column) == (str(path), line, column), str(error)
    assert str(error).startswith(f"{path}:{line}:{column}: ")
    for fragment in fragments:
        assert fragment in str(error)


def test_missing_rubric_file() -> None:
    with pytest.raises(IbessayError, match="not found"):
        load_rubric(DATA / "no-such-rubric.yaml")


def test_prompt_loads(tmp_path: Path) -> None:
    path = tmp_path / "p1.yaml"
    path.write_text(
        "id: p1\nquestion: Why?\ncommand_term: to-what-extent\ntopic: 10\n"
        "rubric: minimal-rubric\ntimeframe: {start: 1918, end: 1939}\n", encoding="utf-8")
    prompt = load_prompt(path)
    assert prompt.timeframe == (1918, 1939)
    assert prompt.minutes == 45
    assert (prompt.rubric_line, prompt.rubric_column) == (5, 9)


@pytest.mark.parametrize(
    ("body", "line", "column", "fragment"),
    [
        ("command_term: describe\n", 3, 15,
         "unknown command term 'describe'; allowed: analyse, compare"),
        ("command_term: examine\ntopic: 13\n", 4, 8, "topic must be between 1 and 12, not 13"),
        ("command_term: examine\ntopic: 12\nminutes: lots\n", 5, 10,
         "minutes must be a whole number"),
    ],
)
def test_invalid_prompt_is_located(tmp_path: Path, body: str, line: int, column: int,
                                   fragment: str) -> None:
    path = tmp_path / "p1.yaml"
    text = "id: p1\nquestion: Why?\n" + body
    if "topic" not in body:
        text += "topic: 12\n"
    path.write_text(text + "rubric: r\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_prompt(path)
    assert (caught.value.line, caught.value.column) == (line, column), str(caught.value)
    assert fragment in str(caught.value)


# --- issue 9 item 7: validation that helps a teacher ------------------------------------


def test_not_is_never_taken_for_note() -> None:
    """'not' is one letter from 'note', but a note is read by no one: following a "did
    you mean 'note'?" would silently drop every phrase under it."""
    path = INVALID / "not-for-note.yaml"
    with pytest.raises(ContentError) as caught:
        load_rubric(path)
    assert (caught.value.line, caught.value.column) == (12, 5)
    assert "unknown key 'not' in an example" in str(caught.value)
    assert caught.value.hint is None


@pytest.mark.parametrize(
    ("key", "allowed", "hint"),
    [
        # a slip of the keyboard, towards a key that does something
        ("alises", ("id", "aliases", "note"), "did you mean 'aliases'?"),
        ("hnit", ("hint", "note"), "did you mean 'hint'?"),
        ("Hint", ("hint", "note"), "did you mean 'hint'?"),
        # a key that differs only in case is that key, even an ignored one: "Note" must
        # not become "not", which would silently drop matches
        ("Note", ("not", "note", "others"), "did you mean 'note'?"),
        ("NOTE", ("not", "note"), "did you mean 'note'?"),
        ("co-occur", ("cooccur", "note"), "did you mean 'cooccur'?"),
        ("requierd", ("required", "note"), "did you mean 'required'?"),
        ("alias", ("aliases", "note"), "did you mean 'aliases'?"),
        # never by spelling towards a key that is accepted and ignored
        ("not", ("id", "name", "note"), None),
        ("nte", ("hint", "note"), None),
        ("others", ("id", "note", "notes"), None),
        ("nots", ("note", "notes"), None),
        # by meaning, and only where the key it means is allowed
        ("comment", ("hint", "note"), "did you mean 'note'?"),
        ("notes", ("hint", "note"), "did you mean 'note'?"),
        ("not", ("not", "note"), None),  # (allowed keys never reach suggest_key)
        ("exclude", ("aliases", "not", "note"), "did you mean 'not'?"),
        ("exclude", ("aliases", "note"), None),
        ("other", ("others", "note"), "did you mean 'others'?"),
        ("false-friends", ("not", "others", "note"), "did you mean 'not'?"),
        ("optional", ("required",), "did you mean 'required'?"),
        ("name", ("id", "label", "start"), "did you mean 'label'?"),
        ("from", ("start", "end"), "did you mean 'start'?"),
        # not close in spelling or meaning
        ("colour", ("id", "name", "date", "hint", "note"), None),
        ("data", ("id", "title"), None),
    ],
)
def test_key_suggestions_are_safe(key: str, allowed: tuple[str, ...], hint: str | None) -> None:
    if key in allowed:
        return
    assert suggest_key(key, allowed) == hint


def test_every_bundled_key_is_suggested_for_its_own_slip() -> None:
    """Each key a criterion reads is found from a one-letter slip of it (a dropped
    letter), unless it is a note, which is offered by meaning only."""
    from ibessay.engine.criteria import CRITERIA

    keys = {k for c in CRITERIA for k in (*c.keys, *c.require_keys)}
    keys |= {"id", "name", "date", "aliases", "cooccur", "required", "period", "hint",
             "label", "start", "end", "words", "within", "view", "works", "exclude"}
    for key in sorted(keys):
        slip = key[:2] + key[3:] if len(key) > 3 else key + "x"
        allowed = (key, "note", "notes")
        assert suggest_key(slip, allowed) == f"did you mean '{key}'?", slip


@pytest.mark.parametrize(
    ("written", "month"),
    [("July 1947", "1947-07"), ("Jul. 1947", "1947-07"), ("1947 July", "1947-07"),
     ("1947/07", "1947-07"), ("7/1947", "1947-07"), ("1947-7", "1947-07"),
     ("sept 1950", "1950-09"), ("1947-13", None), ("Summer 1947", None), ("1947", None),
     (1947, None)],
)
def test_a_month_is_recognised_however_written(written: object, month: str | None) -> None:
    assert as_month(written) == month


def test_a_period_boundary_written_as_a_month(tmp_path: Path) -> None:
    path = INVALID / "month-boundary.yaml"
    with pytest.raises(ContentError) as caught:
        load_rubric(path)
    assert (caught.value.line, caught.value.column) == (3, 38)
    assert "'July 1947'" in str(caught.value)
    # "write 1947-07" where months are read, "write 1947 (...)" where only a year is
    assert caught.value.hint is not None and caught.value.hint.startswith("write 1947")


def test_deep_nesting_is_refused_with_a_position(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("id: deep\nperiods: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_rubric(path)
    assert caught.value.line == 2
    assert "nesting depth" in str(caught.value)


def test_deep_nesting_with_the_pure_python_parser(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml, PyYAML recurses: a RecursionError is still a located error."""
    import yaml

    from ibessay.content import loader

    monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    path = tmp_path / "deep.yaml"
    # Flow style keeps the file small (indented, 3,000 levels is 9 MB: over the size
    # limit, which would answer first).
    path.write_text("id: deep\nperiods: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    with pytest.raises(ContentError, match="nested too deeply"):
        load_rubric(path)


def test_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "minimal-rubric.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (DATA / "minimal-rubric.yaml").read_bytes())
    assert load_rubric(path).id == "minimal-rubric"


def test_anchors_and_aliases_that_stay_small_still_work(tmp_path: Path) -> None:
    path = tmp_path / "anchors.yaml"
    path.write_text(
        "id: anchors\nperiods:\n  - {id: early, label: Early, start: 1900, end: 1910}\n"
        "events:\n  - {id: a, name: A, date: 1905, aliases: &words [event alpha, alpha]}\n"
        "  - {id: b, name: B, date: 1906, cooccur: [[*words, [beta]]]}\n", encoding="utf-8")
    assert [e.id for e in events_of(load_rubric(path))] == ["a", "b"]


@pytest.mark.parametrize(
    ("body", "line", "column", "fragment"),
    [
        ("command_term: examine\ntopic: 12\ntimeframe: {start: 1947-07, end: 1976}\n",
         5, 20, "names a month, and here only a year is read"),
        ("command_term: examine\ntopic: " + "9" * 60 + "\n", 4, 8,
         "topic must be between 1 and 12, not 99999999999999999999... (60 digits)"),
        ("command_term: !!python/name:os.system examine\ntopic: 12\n", 3, 15,
         "unknown YAML tag '!!python/name:os.system'"),
        ("command_term: examine\ntopic: 12\ntags: [cold war, '-']\n", 5, 18,
         "a tag '-' has no letters or digits"),
        # standard tags on values they do not fit, and a huge hexadecimal number
        ("command_term: examine\ntopic: !!int twelve\n", 4, 8,
         "cannot be read as !!int"),
        ("command_term: examine\ntopic: !!bool maybe\n", 4, 8,
         "cannot be read as !!bool"),
        ("command_term: examine\ntopic: 0x" + "F" * 4000 + "\n", 4, 8,
         "not a number of 16000 bits"),
    ],
)
def test_invalid_prompt_is_located_issue_9(tmp_path: Path, body: str, line: int, column: int,
                                           fragment: str) -> None:
    path = tmp_path / "p1.yaml"
    path.write_text("id: p1\nquestion: Why?\n" + body + "rubric: r\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_prompt(path)
    assert (caught.value.line, caught.value.column) == (line, column), str(caught.value)
    assert fragment in str(caught.value)


# Through the installed command, as a teacher meets them: one or two lines, exit 2.
@pytest.mark.parametrize(
    ("name", "fragments"),
    [
        ("not-for-note", ["unknown key 'not' in an example"]),
        ("colon-in-hint", ['quote the text: hint: "Signed in Moscow']),
        ("colon-in-alias", ['quote the text: "the treaty: a loan"']),
        ("punctuation-alias", ["an alias '...' has no letters or digits"]),
        ("unknown-tag", ["unknown YAML tag '!foo'"]),
        ("python-tag", ["unknown YAML tag '!!python/object/apply:os.system'"]),
        ("huge-within", ["within must be between 1 and 50"]),
        ("huge-year", ["a date is far too large"]),
        ("long-number", ["a number of 5001 digits"]),
        ("impossible-date", ["is not a real date"]),
        ("month-boundary", ["'July 1947'", "hint: write 1947"]),
        ("tab-indent", ["indent with spaces"]),
        ("alias-bomb", ["597,871 values"]),
        ("self-alias", ["contains an alias of itself"]),
        ("merge-key", ["merge keys"]),
    ],
)
def test_cli_names_the_place_and_the_fix(name: str, fragments: list[str]) -> None:
    path = INVALID / f"{name}.yaml"
    result = run("check", str(DATA / "minimal-rubric.yaml"), "--rubric", str(path))
    assert_clean_error(result, *fragments)
    assert result.stderr.startswith(f"ibessay: error: {path}:")
    if name == "not-for-note":
        assert "note?" not in result.stderr and "hint" not in result.stderr


def test_a_phrase_longer_than_the_limit_is_refused_at_once(tmp_path: Path) -> None:
    # Issue 11: one 4,000-word alias took 20 s and gigabytes to compile (every gap of a
    # phrase is a variant). Now it is a located error before anything is compiled.
    from ibessay.content.model import PHRASE_WORDS

    alias = " ".join(["word"] * 4000)
    path = tmp_path / "long-alias.yaml"
    path.write_text(
        "id: long-alias\nperiods:\n  - {id: early, label: Early, start: 1900, end: 1910}\n"
        f"events:\n  - id: event-a\n    name: Event A\n    date: 1905\n"
        f"    aliases: [\"{alias}\"]\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_rubric(path)
    assert str(caught.value).startswith(f"{path}:8:15: an alias of 4000 words is longer "
                                        f"than the limit of {PHRASE_WORDS}")
    assert "use a cooccur rule" in str(caught.value)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("id: huge\nnotes: |\n" + "  padding line of text\n" * 60_000,
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_rubric(path)
    assert str(caught.value).startswith(f"{path}:1:1: the file is 1.4 MB; a prompt, rubric "
                                        "or case may be at most 1 MB")
    result = run("check", "-", "--rubric", str(path), stdin=b"Some essay text.\n")
    assert_clean_error(result, "huge.yaml:1:1: the file is 1.4 MB")
