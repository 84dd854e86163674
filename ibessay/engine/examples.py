"""Checking a rubric against its own example drafts: content tested like code.

A rubric lists example drafts and what checking each must give (``examples:`` in the
YAML): the exemplar passes, a counter-example fails, and optionally what the criteria
must find (``found``, ``missing``, ``cited``, ``mentioned``, ``date_issues``,
``uncovered``...: each criterion's ``expectations``) and which requirements are
``unmet``. :func:`check_examples` runs them; the test suite runs it for every bundled
rubric, and teachers run it on their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..content.drafts import read_draft
from .check import check_text
from .criteria import CRITERIA, Expectation

if TYPE_CHECKING:
    from ..content.model import Example
    from .compiled import CompiledRubric
    from .report import Report

#: Every key an example or a test case may use, with its criterion's name.
EXPECTATIONS: dict[str, tuple[str, Expectation]] = {
    key: (c.name, expectation) for c in CRITERIA for key, expectation in c.expectations.items()
}


class ExampleOutcome(NamedTuple):
    example: Example
    path: Path
    report: Report
    failures: tuple[str, ...]  # empty when the draft behaves as the rubric says

    @property
    def ok(self) -> bool:
        return not self.failures


def check_examples(compiled: CompiledRubric) -> list[ExampleOutcome]:
    """Run every example draft of ``compiled``'s rubric and compare with its expectations."""
    folder = Path(compiled.rubric.path).parent
    outcomes = []
    for example in compiled.rubric.examples:
        path = folder / example.file
        draft = read_draft(str(path))
        report = check_text(draft.text, compiled, draft.name)
        failures = [*verdict_failures(example.expect, report),
                    *expectation_failures(example.checks, report)]
        outcomes.append(ExampleOutcome(example, path, report, tuple(failures)))
    return outcomes


def verdict_failures(expect: str, report: Report) -> list[str]:
    """A complaint when the report passes where ``expect`` is "fail", or the reverse."""
    if (expect == "pass") == report.passed:
        return []
    state = "passes" if report.passed else f"fails (unmet: {', '.join(report.unmet)})"
    return [f"expected to {expect}, but it {state}"]


def expectation_failures(checks: tuple[tuple[str, tuple[str, ...]], ...], report: Report,
                         exactly: bool = False) -> list[str]:
    """What in ``report`` contradicts ``checks`` ((key, ids) pairs, as in an example);
    with ``exactly``, also what holds for ids the checks do not name."""
    failures = []
    for key, ids in checks:
        if key == "unmet":
            failures += [f"unmet: '{i}' is met" for i in ids if i not in report.unmet]
            if exactly:
                failures += [f"unmet: '{i}' is also unmet" for i in report.unmet
                             if i not in ids]
            continue
        criterion, expectation = EXPECTATIONS[key]
        result = report.result(criterion)
        failures += [f"{key}: '{i}' is {expectation.complaint}" for i in ids
                     if not expectation.holds(result, i)]
        if exactly:
            failures += [f"{key}: '{i}' too, not listed" for i in expectation.actual(result)
                         if i not in ids]
    return failures
