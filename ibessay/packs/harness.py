"""``ibessay pack test``: run a pack's example drafts and test cases, and say which fail.

One harness for every pack, the bundled one included: tests/test_cases.py runs the
bundled test cases through :func:`run_case`, and CI runs ``ibessay pack test .``.

An example draft (a rubric's ``examples:``) must pass or fail as it says and meet its
expectations; a test case (:mod:`ibessay.content.testcases`) must meet the expectations
it names. A case marked ``xfail`` is a known gap and must still fail: when it passes,
that is reported, so that the fix is noticed and the mark removed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..content.testcases import CheckCase, CheckFile, load_test_file
from ..engine.examples import EXPECTATIONS, ExampleOutcome, check_examples, expectation_failures
from ..errors import ContentError, IbessayError, closest

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..content.library import Library
    from ..engine.compiled import CompiledRubric
    from ..engine.report import Report

PASSED, FAILED, XFAILED, XPASSED = "passed", "failed", "xfailed", "xpassed"


class CaseOutcome(NamedTuple):
    file: str
    case: CheckCase
    failures: tuple[str, ...]

    @property
    def status(self) -> str:
        if self.case.xfail is not None:
            return XPASSED if not self.failures else XFAILED
        return FAILED if self.failures else PASSED

    @property
    def ok(self) -> bool:
        return self.status in (PASSED, XFAILED)


def test_files(folder: Path) -> list[Path]:
    """The test-case files of a pack's tests folder, in name order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_cases(path: Path, library: Library) -> tuple[CheckFile, CompiledRubric]:
    """A test-case file and its compiled rubric, every id it names checked against it.

    Raises:
        ContentError: the file, or an id in it the rubric does not have, at its place.
    """
    from ..engine.compiled import rubric_named

    loaded = load_test_file(path, EXPECTATIONS)
    try:
        compiled = rubric_named(library, loaded.rubric.value)
    except ContentError:
        raise
    except IbessayError as exc:
        raise ContentError(loaded.path, loaded.rubric.line, loaded.rubric.column,
                           exc.message, exc.hint) from None
    errors = [error for case in loaded.cases for error in _unknown_ids(loaded, case, compiled)]
    if errors:
        first, *rest = errors
        first.more = rest
        raise first
    return loaded, compiled


def _unknown_ids(loaded: CheckFile, case: CheckCase, compiled: CompiledRubric,
                 ) -> list[ContentError]:
    """An error for every id ``case`` names that its rubric does not have: ``missing:
    [korean-wr]`` would otherwise hold for ever."""
    parts = compiled.rubric.parts
    errors = []
    for key, ids in case.checks:
        known = [c.name for c in compiled.criteria] if key == "unmet" else \
            EXPECTATIONS[key][1].ids(parts)
        for ident in ids:
            if ident.value not in known:
                near = closest(ident.value, known, limit=1)
                errors.append(ContentError(
                    loaded.path, ident.line, ident.column,
                    f"'{ident.value}' in {key} is not an id of the rubric "
                    f"'{loaded.rubric.value}'", f"did you mean '{near[0]}'?" if near else None))
    for issue_event, _ in case.date_issues or ():
        if issue_event not in EXPECTATIONS["found"][1].ids(parts):
            errors.append(ContentError(loaded.path, case.line, 1, f"date_issues names "
                                       f"'{issue_event}', which is not an event of the rubric"))
    return errors


def run_case(case: CheckCase, compiled: CompiledRubric, file: str = "") -> CaseOutcome:
    """Check ``case.text`` and compare the report with what the case expects."""
    report = _check(case, compiled)
    failures = []
    exactly = {k.value for k in case.exactly}
    named = dict(case.checks)
    for key in EXPECTATIONS:
        if key == "date_issues" and case.date_issues is not None:
            continue  # a case lists {event, year}, checked in full below
        if key in named or key in exactly:
            ids = tuple(i.value for i in named.get(key, ()))
            failures += expectation_failures(((key, ids),), report, exactly=key in exactly)
    if "unmet" in named:  # as in an example: these, perhaps among others, are unmet
        failures += expectation_failures(
            (("unmet", tuple(i.value for i in named["unmet"])),), report)
    issues = [(d.event, d.year) for d in report.result("dates")]
    if case.no_date_issues and issues:
        failures.append(f"date issues: {_issues(issues)}, expected none")
    if case.date_issues is not None and issues != list(case.date_issues):
        failures.append(f"date issues: {_issues(issues)}, expected {_issues(case.date_issues)}")
    if case.corrections is not None and report.corrections != dict(case.corrections):
        failures.append(f"corrections: {report.corrections}, expected {dict(case.corrections)}")
    return CaseOutcome(file, case, tuple(failures))


def _issues(issues: Iterable[tuple[str, int]]) -> str:
    shown = ", ".join(f"{event} {year}" for event, year in issues)
    return f"[{shown}]"


def _check(case: CheckCase, compiled: CompiledRubric) -> Report:
    """The report of the case's text: against the rubric, or as an answer to a question
    with the case's ``command_term`` and ``question``."""
    from ..content.model import Prompt
    from ..engine.check import check_text

    prompt = None
    if case.command_term is not None or case.question is not None:
        prompt = Prompt(id="case", question=case.question or compiled.rubric_title,
                        command_term=case.command_term or compiled.rubric.command_term or "",
                        topic=0, rubric=compiled.rubric.id)
    return check_text(case.text, compiled, "case.md", prompt)


class PackTests(NamedTuple):
    """Everything ``pack test`` ran, and what could not be run."""

    examples: list[tuple[str, ExampleOutcome]]  # (rubric id, outcome)
    cases: list[CaseOutcome]
    errors: list[IbessayError]  # files that did not load: the pack is invalid

    @property
    def failed(self) -> int:
        return sum(not o.ok for _, o in self.examples) + sum(not c.ok for c in self.cases)


def run_pack_tests(library: Library, rubric_files: list[Path], case_files: list[Path]
                   ) -> PackTests:
    """Run every example draft of ``rubric_files`` and every case of ``case_files``."""
    from ..engine.compiled import rubric_at

    examples: list[tuple[str, ExampleOutcome]] = []
    cases: list[CaseOutcome] = []
    errors: list[IbessayError] = []
    for path in rubric_files:
        try:
            compiled = rubric_at(library, path)
            examples += [(compiled.rubric.id, o) for o in check_examples(compiled)]
        except IbessayError as exc:
            errors.append(exc)
    for path in case_files:
        try:
            loaded, compiled = load_cases(path, library)
        except IbessayError as exc:
            errors.append(exc)
            continue
        cases += [run_case(case, compiled, loaded.path) for case in loaded.cases]
    return PackTests(examples, cases, errors)
