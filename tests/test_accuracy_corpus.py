"""The accuracy corpus (bench/accuracy) is well-formed: every draft has its truth, and every
truth names real ids of the bundled rubric. No accuracy figure is asserted here; the
figures come from bench/bench_accuracy.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import ibessay
from ibessay.content.library import Library

DRAFTS = Path(__file__).resolve().parent.parent / "bench" / "accuracy" / "drafts"
TRUTHS = sorted(DRAFTS.glob("*.yaml"))
KEYS = {"prompt", "kind", "periods_covered", "events", "cited", "date_errors", "notes"}
_ids: dict[str, dict[str, set[str]]] = {}


def rubric_ids(prompt: str) -> dict[str, set[str]]:
    """The ids the report lists for this prompt's rubric (every period, event, historian)."""
    if prompt not in _ids:
        report = ibessay.check("An empty draft.", prompt=prompt).to_dict()
        _ids[prompt] = {key: {item["id"] for item in report[key]}
                        for key in ("periods", "events", "historians")}
    return _ids[prompt]


def test_the_corpus_is_there() -> None:
    assert len(TRUTHS) >= 30
    assert sorted(p.stem for p in DRAFTS.glob("*.md")) == [p.stem for p in TRUTHS]


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.stem)
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


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.stem)
def test_draft_exists_and_is_a_draft(truth_path: Path) -> None:
    draft = truth_path.with_suffix(".md")
    assert draft.is_file()
    words = len(draft.read_text(encoding="utf-8").split())
    assert 150 <= words <= 1000, f"{draft.name}: {words} words"
