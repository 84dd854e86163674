"""The accuracy corpora (bench/accuracy/drafts, the held-out set bench/accuracy/heldout and
the public-domain texts bench/accuracy/public) are well-formed: every draft has its truth,
and every truth names real ids of the bundled rubric. No accuracy figure is asserted
here; the figures come from bench/bench_accuracy.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import ibessay
from ibessay.content.library import Library

ACCURACY = Path(__file__).resolve().parent.parent / "bench" / "accuracy"
DRAFTS = ACCURACY / "drafts"
HELDOUT = ACCURACY / "heldout"  # never used for tuning: it measures whether tuning generalised
PUBLIC = ACCURACY / "public"  # real public-domain texts, kept whole (see SOURCES.md)
TRUTHS = [*sorted(DRAFTS.glob("*.yaml")), *sorted(HELDOUT.glob("*.yaml")),
          *sorted(PUBLIC.glob("*.yaml"))]
KEYS = {"prompt", "kind", "periods_covered", "events", "cited", "date_errors", "notes"}
_ids: dict[str, dict[str, set[str]]] = {}


def rubric_ids(prompt: str) -> dict[str, set[str]]:
    """The ids the report lists for this prompt's rubric (every period, event, historian)."""
    if prompt not in _ids:
        report = ibessay.check("An empty draft.", prompt=prompt).to_dict()
        _ids[prompt] = {key: {item["id"] for item in report[key]}
                        for key in ("periods", "events", "historians")}
    return _ids[prompt]


@pytest.mark.parametrize(("folder", "at_least"), [(DRAFTS, 30), (HELDOUT, 20), (PUBLIC, 5)],
                         ids=["drafts", "heldout", "public"])
def test_the_corpus_is_there(folder: Path, at_least: int) -> None:
    truths = sorted(folder.glob("*.yaml"))
    assert len(truths) >= at_least
    drafts = sorted(p.stem for p in folder.glob("*.md") if p.name != "README.md")
    assert drafts == [p.stem for p in truths]


def _runs(path: Path, n: int = 10) -> set[tuple[str, ...]]:
    words = [w.strip(".,;:!?\"'()*#|").lower() for w in path.read_text(encoding="utf-8").split()]
    words = [w for w in words if w]
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_the_heldout_set_is_not_a_copy() -> None:
    """Held-out drafts are other texts: none shares a run of ten words with the tuning set
    (apart from the question itself, which drafts may copy as their title)."""
    tuning: set[tuple[str, ...]] = set()
    for draft in DRAFTS.glob("*.md"):
        tuning |= _runs(draft)
    question = "examine the changing nature of sino-soviet relations between 1949 and 1976".split()
    in_question = {tuple(question[i:i + 10]) for i in range(len(question) - 9)}
    for draft in sorted(HELDOUT.glob("*.md")):
        shared = (_runs(draft) & tuning) - in_question
        assert not shared, f"{draft.name}: {' '.join(next(iter(shared)))}"


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.mark.parametrize("truth_path", TRUTHS, ids=_id)
def test_truth_names_real_ids(truth_path: Path) -> None:
    truth: dict[str, Any] = yaml.safe_load(truth_path.read_text(encoding="utf-8"))
    assert set(truth) <= KEYS, f"unknown keys: {set(truth) - KEYS}"
    assert truth["prompt"] in Library.default().prompt_ids()
    ids = rubric_ids(truth["prompt"])
    assert set(truth["periods_covered"]) <= ids["periods"]
    assert set(truth["events"]) <= ids["events"]
    assert len(truth["events"]) == len(set(truth["events"]))
    assert set(truth["cited"]) <= ids["historians"]
    for error in truth["date_errors"]:
        assert set(error) == {"event", "year"}
        assert error["event"] in ids["events"]
        assert isinstance(error["year"], int) and 1800 <= error["year"] <= 2100
        assert error["event"] in truth["events"], "a wrong date belongs to an event the draft names"


@pytest.mark.parametrize("truth_path", TRUTHS, ids=_id)
def test_draft_exists_and_is_a_draft(truth_path: Path) -> None:
    draft = truth_path.with_suffix(".md")
    assert draft.is_file()
    text = draft.read_text(encoding="utf-8")
    words = len(text.split())
    # Public texts are kept whole, as published (the longest, Cuba, is ~1,300 words), and name
    # their source and licence on the first line.
    longest = 1500 if draft.parent == PUBLIC else 1000
    assert 150 <= words <= longest, f"{draft.name}: {words} words"
    if draft.parent == PUBLIC:
        first = text.splitlines()[0]
        assert first.startswith("<!-- Source: ") and "public domain" in first
