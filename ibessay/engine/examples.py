"""Checking a rubric against its own example drafts: content tested like code.

A rubric lists example drafts and what checking each must give (``examples:`` in the
YAML): the exemplar passes, a counter-example fails, and optionally which events are
found or missing, which historians are cited or only mentioned, which dates are flagged.
:func:`check_examples` runs them; the test suite runs it for every bundled rubric, and
teachers will run it on their own packs.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ..content.drafts import read_draft
from ..content.model import Example
from .check import check_text
from .matcher import Matcher
from .report import Report


class ExampleOutcome(NamedTuple):
    example: Example
    path: Path
    report: Report
    failures: tuple[str, ...]  # empty when the draft behaves as the rubric says

    @property
    def ok(self) -> bool:
        return not self.failures


def check_examples(matcher: Matcher) -> list[ExampleOutcome]:
    """Run every example draft of ``matcher``'s rubric and compare with its expectations."""
    folder = Path(matcher.rubric.path).parent
    outcomes = []
    for example in matcher.rubric.examples:
        path = folder / example.file
        draft = read_draft(str(path))
        report = check_text(draft.text, matcher, draft.name)
        outcomes.append(ExampleOutcome(example, path, report, tuple(_failures(example, report))))
    return outcomes


def _failures(example: Example, report: Report) -> list[str]:
    failures = []
    if (example.expect == "pass") != report.passed:
        state = "passes" if report.passed else f"fails (unmet: {', '.join(report.unmet)})"
        failures.append(f"expected to {example.expect}, but it {state}")
    found = {e.id for e in report.events if e.found}
    status = {h.id: h.status for h in report.historians}
    flagged = {d.event for d in report.date_issues}
    uncovered = {p.id for p in report.periods if not p.covered}
    checks = (
        ("found", lambda i: i in found, "not found"),
        ("missing", lambda i: i not in found, "found"),
        ("cited", lambda i: status[i] == "cited", "not cited"),
        ("mentioned", lambda i: status[i] == "mentioned", "not merely mentioned"),
        ("date_issues", lambda i: i in flagged, "no date issue flagged"),
        ("uncovered", lambda i: i in uncovered, "covered"),
        ("unmet", lambda i: i in report.unmet, "met"),
    )
    for key, holds, complaint in checks:
        for ident in getattr(example, key):
            if not holds(ident):
                failures.append(f"{key}: '{ident}' is {complaint}")
    return failures
