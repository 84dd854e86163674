"""Data-driven matching cases: tests/cases/*.yaml (see the comment at the top of each)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ibessay.content.library import Library
from ibessay.engine.check import check_text
from ibessay.engine.compiled import rubric_named

CASES = Path(__file__).parent / "cases"


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            params.append(pytest.param(data["rubric"], case, id=f"{path.stem}: {case['name']}"))
    return params


@pytest.mark.parametrize(("rubric", "case"), _load())
def test_case(rubric: str, case: dict[str, Any]) -> None:
    report = check_text(case["text"], rubric_named(Library.default(), rubric), "case.md")
    found = {e.id for e in report.result("events").events if e.found}
    status = {h.id: h.status for h in report.result("historians").historians}
    covered = {p.id for p in report.result("periods") if p.covered}

    for event in case.get("found", []):
        assert event in found, f"{event} not found; found: {sorted(found)}"
    for event in case.get("missing", []):
        matches = [e.matches for e in report.result("events").events if e.id == event]
        assert event not in found, f"{event} found: {matches}"
    for key in ("cited", "mentioned", "absent"):
        for historian in case.get(key, []):
            assert status[historian] == key, f"{historian} is {status[historian]}, not {key}"
    if case.get("no_date_issues"):
        assert report.result("dates") == (), report.result("dates")
    if "date_issues" in case:
        got = [{"event": d.event, "year": d.year} for d in report.result("dates")]
        assert got == case["date_issues"]
    for period in case.get("covered", []):
        assert period in covered, [(p.id, p.share) for p in report.result("periods")]
    for period in case.get("uncovered", []):
        assert period not in covered, [(p.id, p.share) for p in report.result("periods")]
    if "corrections" in case:
        assert report.corrections == case["corrections"]
