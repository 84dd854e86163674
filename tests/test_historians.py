"""Historians beyond the data-driven cases (tests/cases/historians.yaml): a rubric's own
citation cues, note forms on a rubric of other historians, the `actor:` field, what
``check --explain`` says, and that no author's `note:` reaches a student's report."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import ibessay
from conftest import ROOT
from ibessay.errors import ContentError
from ibessay.render import REPORT_FORMATS, renderer

RUBRIC = "sino-soviet-1949-1976"
BUNDLED = ROOT / "rubrics" / f"{RUBRIC}.yaml"

# A rubric on another question, with the historians of the note forms plans use.
ORIGINS = """\
id: origins
periods:
  - {id: early, label: Early Cold War, start: 1945, end: 1949}
events:
  - {id: long-telegram, name: Long Telegram, date: 1946-02, aliases: [Kennan telegram]}
historians:
  - {id: gaddis, name: John Lewis Gaddis, aliases: [Gaddis], view: Stalin the main cause.}
  - {id: kolko, name: Gabriel Kolko, aliases: [Kolko], view: The US sought an open door.}
  - {id: feis, name: Herbert Feis, aliases: [Feis], view: Soviet expansion the cause.}
  - {id: alperovitz, name: Gar Alperovitz, aliases: [Alperovitz],
     view: The bomb was used to impress Moscow.}
"""


def _rubric(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "origins.yaml"
    path.write_text(ORIGINS + extra, encoding="utf-8")
    return path


def _status(report: Any) -> dict[str, str]:
    return {h.id: h.status for h in report.result("historians").historians}


# -- note forms and a rubric's own cues ------------------------------------------------

@pytest.mark.parametrize(("text", "cited"), [
    ("- Gaddis — Stalin main cause", "gaddis"),
    ("- Kolko: open door", "kolko"),
    ("For Feis, Soviet expansion caused the Cold War.", "feis"),
    ("In Alperovitz's book the bomb is aimed at Moscow.", "alperovitz"),
    ("According to Kolko, the US wanted markets.", "kolko"),
    ("Gaddis (1997) argues that Stalin was to blame.", "gaddis"),
])
def test_note_forms_of_plans_cite(tmp_path: Path, text: str, cited: str) -> None:
    status = _status(ibessay.check(text, rubric=_rubric(tmp_path)))
    assert status[cited] == "cited", status


def test_a_rubric_adds_its_own_citation_cues(tmp_path: Path) -> None:
    text = "Kolko points the finger at Washington. Feis pins it on Stalin."
    assert _status(ibessay.check(text, rubric=_rubric(tmp_path)))["kolko"] == "mentioned"
    rubric = _rubric(tmp_path, "citation_cues: [points the finger, pin]\n")
    status = _status(ibessay.check(text, rubric=rubric))
    assert status["kolko"] == status["feis"] == "cited"
    # Read as reporting verbs, so a past tense does not cite an actor (below) but a
    # historian, yes: "pinned" is a form of "pin".
    assert _status(ibessay.check("Feis pinned it on Stalin.", rubric=rubric))["feis"] == "cited"


def test_a_citation_cue_of_punctuation_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        ibessay.check("Gaddis.", rubric=_rubric(tmp_path, 'citation_cues: [argues, "--"]\n'))
    assert caught.value.line == 12 and "no letters" in str(caught.value)


def test_an_actor_must_be_text(tmp_path: Path) -> None:
    extra = "  - {id: byrnes, name: James Byrnes, view: A memoir., actor: [1945]}\n"
    with pytest.raises(ContentError, match="actor must be a single value"):
        ibessay.check("Byrnes.", rubric=_rubric(tmp_path, extra))


def test_an_actor_in_another_rubric(tmp_path: Path) -> None:
    extra = ("  - {id: kennan, name: George Kennan, aliases: [Kennan], view: Containment.,\n"
             "     actor: wrote the Long Telegram (February 1946) as a diplomat}\n")
    rubric = _rubric(tmp_path, extra)
    assert _status(ibessay.check("Kennan sent the Long Telegram.", rubric=rubric))["kennan"] \
        == "absent"
    assert _status(ibessay.check("Kennan argues in his memoirs that he was misread.",
                                 rubric=rubric))["kennan"] == "cited"


# -- check --explain ----------------------------------------------------------------

def _explain(text: str) -> dict[str, str]:
    report = ibessay.check(text, rubric=RUBRIC)
    found = [f for f in report.explanations() if f.message.split(":")[0] in
             {h.id for h in report.result("historians").historians}]
    assert all(f.severity == "info" for f in found)
    return {f.message.split(":")[0]: f.message for f in found}


def test_explain_names_the_cue_and_where() -> None:
    said = _explain("The alliance was doomed.\nWestad argues that it was. Lüthi claims so.")
    assert said["westad"] == 'westad: cited at l.2:1: "Westad" with the reporting verb "argues"'
    assert said["luthi"].startswith('luthi: cited at l.2:28: "Lüthi" with the reporting verb')


def test_explain_names_a_note_form() -> None:
    said = _explain("- Gaddis — Stalin main cause\n- For Radchenko, status mattered.")
    assert "a note: \"Gaddis\" opens the line, then a colon or dash" in said["gaddis"]
    assert 'the note form "For Radchenko, ..."' in said["radchenko"]


def test_explain_says_why_a_name_is_only_mentioned() -> None:
    said = _explain("Zubok is a historian.")
    assert said["zubok"].startswith("zubok: only mentioned at l.1:1: no reporting verb")


def test_explain_says_an_actor_is_not_the_writer() -> None:
    said = _explain("Kissinger flew to Beijing. Kissinger believed the split could be used.")
    message = said["kissinger"]
    assert message.startswith('kissinger: not counted at l.1:28: "Kissinger" there is the '
                              "actor, not the writer (Nixon's envoy")
    assert '"believed" may tell what the actor did or thought' in message
    assert message.endswith('"Kissinger argues in On China that ..."')


def test_explain_says_a_short_name_may_be_someone_else() -> None:
    said = _explain("Chen Yi went to Moscow. Chen protested.")
    assert said["chen-jian"] == ('chen-jian: not counted at l.1:25: "Chen" may be "Chen Yi", '
                                 'named at l.1:1; write "Chen Jian" or a reporting verb in '
                                 'the present ("Chen argues")')
    said = _explain("Chiang Kai-shek fled to Taiwan.")
    assert said["chang"] == ('chang: absent: "Chiang Kai-shek" at l.1:1 is someone else, '
                             "not Jung Chang")
    assert said["gaddis"] == 'gaddis: absent: not named (write "John Lewis Gaddis")'


def test_advice_uses_the_surname_of_a_name_written_surname_first() -> None:
    report = ibessay.check("Chen Jian is a historian. Shen Zhihua too.", rubric=RUBRIC)
    advice = " ".join(h.message for h in report.hints)
    assert '"Chen argues that' in advice and '"Shen argues that' in advice
    assert "Jian argues" not in advice and "Zhihua argues" not in advice


def test_explain_counts_further_citations() -> None:
    said = _explain("Westad argues it. Westad notes it. Westad claims it.")
    assert said["westad"].endswith("; cited 2 more times")


# -- a note is for authors, never for the student -----------------------------------

def _notes(node: Any) -> list[str]:
    """Every `note:`/`notes:` text in a rubric, at any depth."""
    if isinstance(node, dict):
        return [text for key, value in node.items()
                for text in ([str(value)] if key in ("note", "notes") and
                             not isinstance(value, (dict, list)) else _notes(value))]
    if isinstance(node, list):
        return [text for item in node for text in _notes(item)]
    return []


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _shingles(text: str, n: int = 6) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _rendered(text: str) -> str:
    report = ibessay.check(text, rubric=RUBRIC, name="draft.md")
    out = []
    for fmt in REPORT_FORMATS:
        buffer = io.StringIO()
        renderer(fmt)(report, buffer, color=False)
        out.append(buffer.getvalue())
    out += [f.message for f in report.explanations()]
    out.append(json.dumps([h._asdict() for h in report.hints]))
    return "\n".join(out)


def test_no_note_of_the_rubric_reaches_any_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "3000")  # the rich report on one line per row
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    notes = _notes(data)
    historians = data["historians"]
    assert len(notes) >= 2  # the historians' at least
    # A student-facing text may say what a note also says: only the note's own words count.
    shown = set().union(*(_shingles(str(h["view"])) for h in historians),
                        *(_shingles(str(e.get("hint", ""))) for e in data["events"]))
    secret = set().union(*(_shingles(note) for note in notes)) - shown
    assert secret
    # Each historian named alone (its view is then in "what to work on"), all of them
    # named, all of them cited, and none.
    drafts = [f"{h['name']} is a historian." for h in historians]
    drafts.append(" ".join(f"{h['name']} wrote a book." for h in historians))
    drafts.append(" ".join(f"{h['name']} argues that it mattered." for h in historians))
    drafts.append("The alliance failed.")
    views_seen = 0
    for draft in drafts:
        rendered = _rendered(draft)
        leaked = secret & _shingles(rendered)
        assert not leaked, (draft, sorted(leaked)[:3])
        views_seen += any(_shingles(str(h["view"])) & _shingles(rendered)
                          for h in historians)
    # The check looks where a note once leaked: views are in these reports.
    assert views_seen >= len(historians)
