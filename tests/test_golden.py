"""Every report of the golden corpus is byte-for-byte what was recorded (tests/golden.py)."""

from __future__ import annotations

import difflib
import json

import pytest

from golden import GOLDEN, corpus, report, serialise

CORPUS = corpus()


@pytest.mark.parametrize("stem", sorted(CORPUS))
def test_reports_unchanged(stem: str) -> None:
    recorded = (GOLDEN / f"{stem}.json").read_text(encoding="utf-8")
    reports = {draft.name: report(draft) for draft in CORPUS[stem]}
    if serialise(reports) == recorded:
        return
    # Name the drafts whose reports changed, with the first lines of the difference.
    before = json.loads(recorded)
    changed = [name for name in reports if serialise({name: reports[name]})
               != serialise({name: before.get(name)})]
    gone = sorted(set(before) - set(reports))
    first = changed[0] if changed else None
    diff = "" if first is None else "\n".join(list(difflib.unified_diff(
        serialise({first: before.get(first)}).splitlines(),
        serialise({first: reports[first]}).splitlines(), "recorded", "now", lineterm="",
    ))[:40])
    pytest.fail(
        f"{len(changed)} report(s) changed ({', '.join(changed[:5])}), {len(gone)} gone; "
        "if the change is intended, re-record with '.venv/bin/python tests/golden.py' and "
        f"review 'git diff tests/golden/'\n{diff}"
    )


def test_corpus_covers_every_example_and_case() -> None:
    assert len(CORPUS["examples"]) >= 6
    assert len(CORPUS["cases"]) >= 80
    assert len(CORPUS["stress"]) == 500
