"""Cases: which of the cases a two-case question accepts a draft treats, and whether
each treated case has what it needs.

Post-2017 Paper 2 questions rarely name a country: they ask for "two wars, each chosen
from a different region". Such a rubric accepts cases written once in the case library
(``rubrics/cases/``, read by :func:`ibessay.content.loader.load_case`); their events and
historians join the rubric's (:meth:`Criterion.join` of events and historians), so dates
and citations are checked as for any rubric. This criterion says, per case:

* **treated**: at least ``treat_sentences`` (default 3) sentences are about the case —
  they name it (its ``names``) or one of its events — and one of its events is found.
  Fewer is a name in passing: "unlike the Berlin Wall" is not a second case;
* **complete**: a treated case has its core events (``required: true`` in the case) and
  every period of its own holds one of its events found;

and of the question: enough cases treated, from different regions when it asks.
A rubric without ``cases:`` has no such part, and the criterion reports nothing.
"""

# No "from __future__ import annotations": NamedTuple would compile every field's
# annotation string at import (see ibessay/content/model.py).

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ...content.model import REGIONS as REGION_NAMES
from . import ClassItem, Criterion, Expectation, Hint
from .phrases import alias_variants, proper_words

if TYPE_CHECKING:
    from ...content.loader import Document, Node
    from ...content.model import CaseSet, Rubric
    from ..display import Finding, Section, Tally
    from ..draft import Draft
    from ..scan import PhraseBook


class CaseRef(NamedTuple):
    """A case a question accepts, as listings show it."""

    id: str
    name: str
    region: str


class CasesPart(NamedTuple):
    """A two-case rubric's part: what the question asks of its cases."""

    required: int
    different_regions: bool
    accepted: tuple[CaseRef, ...]


class CaseEvent(NamedTuple):
    id: str
    name: str
    date: str
    core: bool
    found: bool


class CasePeriod(NamedTuple):
    id: str
    label: str
    covered: bool


class CaseResult(NamedTuple):
    id: str
    name: str
    region: str
    sentences: int  # sentences about the case
    treated: bool
    events: tuple[CaseEvent, ...]
    periods: tuple[CasePeriod, ...]
    historians: tuple[tuple[str, str, str], ...]  # (id, name, status) of its historians
    first: int | None  # flat offset of its first mention

    @property
    def complete(self) -> bool:
        return all(e.found for e in self.events if e.core) and all(
            p.covered for p in self.periods)

    @property
    def missing_core(self) -> list[CaseEvent]:
        return [e for e in self.events if e.core and not e.found]


class CasesFound(NamedTuple):
    """The criterion's result (``cases`` empty: the rubric has no cases)."""

    cases: tuple[CaseResult, ...]
    required: int = 0
    different_regions: bool = False
    rule_met: bool = True
    message: str = ""
    treat_sentences: int = 3
    locator: Any = None

    @property
    def treated(self) -> list[CaseResult]:
        return [c for c in self.cases if c.treated]

    def where(self, case: CaseResult) -> tuple[int, int]:
        if case.first is None or self.locator is None:
            return 1, 1
        return self.locator.line_col(case.first)  # type: ignore[no-any-return]


_NONE = CasesFound(())

_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four"}


def _ids(parts: Mapping[str, Any]) -> list[str]:
    part = parts.get("cases")
    return [] if part is None else [c.id for c in part.accepted]


def _treated(result: CasesFound, ident: str) -> bool:
    return any(c.id == ident and c.treated for c in result.cases)


def cases_of(rubric: "Rubric") -> CasesPart | None:
    """What a two-case rubric asks of its cases; None for a question on one subject."""
    return rubric.parts.get("cases")  # type: ignore[no-any-return]


class Cases(Criterion):
    name = "cases"
    records = (CaseRef, CasesPart)
    column = "Cases"
    class_heading = "Cases"
    class_states = ("treated", "not treated")
    needs = ("events", "historians")
    expectations = {
        "treated": Expectation(_ids, _treated, "not treated",
                               lambda r: [c.id for c in r.treated]),
        "not_treated": Expectation(_ids, lambda r, i: not _treated(r, i), "treated",
                                   lambda r: [c.id for c in r.cases if not c.treated]),
    }

    # -- the rubric --------------------------------------------------------------------

    def load(self, doc: "Document", values: "Mapping[str, Node]", require: "Mapping[str, Node]",
             parts: Mapping[str, Any]) -> CasesPart | None:
        return None  # the loader reads `cases:` and the case files; see join()

    def join(self, part: Any, cases: "CaseSet",
             sources: "Sequence[tuple[Document, Mapping[str, Node]]]") -> CasesPart:
        return CasesPart(cases.required, cases.different_regions,
                         tuple(CaseRef(c.id, c.name, c.region) for c in cases.cases))

    def compile(self, rubric: "Rubric", book: "PhraseBook") -> dict[str, Any]:
        case_set = rubric.cases
        if case_set is None:
            return {}
        from ..dates import spans_label

        kind = book.kind("case")
        events = rubric.parts["events"]
        base = len(events) - sum(len(c.parts["events"]) for c in case_set.cases)
        owner = [-1] * base  # the case of each of the rubric's events (-1: the question's)
        cases = []
        for c, case in enumerate(case_set.cases):
            for phrase in case.names:
                book.add(alias_variants(phrase), (kind, c, 0), punctuated=True)
                if " " not in phrase.strip():
                    book.names(proper_words(phrase))
            own = case.parts["events"]
            periods = case.parts.get("periods", ())
            holds = []  # for each period, the indices (in own) of its events
            for period in periods:
                holds.append([i for i, e in enumerate(own) if
                              (e.period == period.id if e.period else
                               period.contains(e.dates[0].start[0], e.dates[0].start[1]))])
            cases.append(dict(
                id=case.id, name=case.name, region=case.region,
                events=[(e.id, e.name, spans_label(e.dates), e.required) for e in own],
                first=base, periods=[(p.id, p.label) for p in periods], holds=holds,
                historians=[h.id for h in case.parts["historians"].known],
            ))
            base += len(own)
            owner += [c] * len(own)
        return dict(kind=kind, cases=cases, owner=owner, required=case_set.required,
                    different=case_set.different_regions, treat=case_set.treat_sentences)

    # -- a draft -----------------------------------------------------------------------

    def detect(self, draft: "Draft", state: dict[str, Any], results: Mapping[str, Any]
               ) -> CasesFound:
        if not state:
            return _NONE
        found = results["events"]
        statuses = {h.id: (h.name, h.status) for h in results["historians"].historians}
        sentences: list[set[int]] = [set() for _ in state["cases"]]
        first: list[int | None] = [None] * len(state["cases"])

        from .signals import not_prose

        # A heading ("## Cuba"), a title or the question pasted on top is not a
        # sentence about a case.
        skipped = not_prose(draft)

        def about(c: int, sentence: int, start: int) -> None:
            if sentence in skipped:
                return
            sentences[c].add(sentence)
            known = first[c]
            first[c] = start if known is None else min(known, start)

        for start, _end, c, _b, sentence in draft.hits("case"):
            about(c, sentence, start)
        owner = state["owner"]
        for o in found.occurrences:
            owned = owner[o.event] if o.event < len(owner) else -1  # beyond: an other
            if owned >= 0:
                about(owned, o.sentence, o.start)
        results_ = []
        for c, case in enumerate(state["cases"]):
            hits = [found.events[case["first"] + i].found for i in range(len(case["events"]))]
            treated = len(sentences[c]) >= state["treat"] and any(hits)
            results_.append(CaseResult(
                id=case["id"], name=case["name"], region=case["region"],
                sentences=len(sentences[c]), treated=treated,
                events=tuple(CaseEvent(i, n, d, core, hit)
                             for (i, n, d, core), hit in zip(case["events"], hits)),
                periods=tuple(CasePeriod(pid, label, any(hits[i] for i in held))
                              for (pid, label), held in zip(case["periods"], case["holds"])),
                historians=tuple((h, *statuses[h]) for h in case["historians"]
                                 if h in statuses),
                first=first[c],
            ))
        met, message = _rule(results_, state["required"], state["different"], state["treat"])
        return CasesFound(tuple(results_), state["required"], state["different"], met,
                          message, state["treat"], draft.locator)

    # -- scoring -----------------------------------------------------------------------

    def met(self, result: CasesFound) -> bool:
        return result.rule_met and all(c.complete for c in result.treated)

    def score_factor(self, result: CasesFound) -> float:
        """The share of the question the treated cases answer: an essay on one case of
        two answers half of it, on none nothing (its events and periods are its cases'),
        and a case without its core events counts for less."""
        if not result.cases:
            return 1.0
        # The best case of each region, when the question wants different regions: two
        # European cases answer half of "each from a different region".
        best: dict[str, float] = {}
        for case in result.treated:
            key = case.region if result.different_regions else case.id
            best[key] = max(best.get(key, 0.0), _quality(case))
        quality = sorted(best.values(), reverse=True)
        return sum(quality[:result.required]) / result.required

    def band_cap(self, result: CasesFound) -> int | None:
        # Fewer cases than the question asks is not an answer to it: at most 7-9.
        return 9 if result.cases and len(result.treated) < result.required else None

    # -- the report --------------------------------------------------------------------

    def to_json(self, result: CasesFound) -> dict[str, Any]:
        if not result.cases:
            return {}
        return {
            "cases": [{
                "id": c.id, "name": c.name, "region": c.region, "treated": c.treated,
                "sentences": c.sentences, "complete": c.treated and c.complete,
                "events": [{"id": e.id, "name": e.name, "date": e.date, "core": e.core,
                            "found": e.found} for e in c.events],
                "historians": [{"id": h, "name": n, "status": s} for h, n, s in c.historians],
                "periods": [{"id": p.id, "label": p.label, "covered": p.covered}
                            for p in c.periods],
            } for c in result.cases],
            "case_rule": {"required": result.required,
                          "different_regions": result.different_regions,
                          "met": result.rule_met, "message": result.message},
        }

    def class_items(self, result: CasesFound) -> list[ClassItem]:
        return [(c.id, c.name, "treated" if c.treated else "not treated", None, None)
                for c in result.cases]

    def findings(self, result: CasesFound, results: Mapping[str, Any]) -> "list[Finding]":
        from ..display import Finding

        if not result.cases:
            return []
        out = []
        if not result.rule_met:
            line, column = (result.where(result.treated[0]) if result.treated else (1, 1))
            out.append(Finding(line, column, "warning", result.message))
        for case in result.treated:
            line, column = result.where(case)
            for event in case.missing_core:
                out.append(Finding(line, column, "warning",
                                   f"{case.name}: {event.name} ({event.date}) is missing"))
            for period in case.periods:
                if not period.covered:
                    out.append(Finding(line, column, "warning",
                                       f"{case.name}: nothing on {period.label}"))
        return out

    def hints(self, result: CasesFound, results: Mapping[str, Any]) -> list[Hint]:
        if not result.cases:
            return []
        hints = []
        if not result.rule_met:
            hints.append(Hint("case", None, result.message))
        for case in result.treated:
            missing = case.missing_core
            if missing:
                hints.append(Hint("case", case.id, f"{case.name}: bring in " + "; ".join(
                    f"{e.name} ({e.date})" for e in missing)))
        return hints

    def explain(self, result: CasesFound, results: Mapping[str, Any]) -> "list[Finding]":
        from ..display import Finding

        out = []
        for case in result.cases:
            if not case.sentences:
                continue
            line, column = result.where(case)
            found = [e.id for e in case.events if e.found]
            status = "treated" if case.treated else (
                f"named in passing ({case.sentences} of {result.treat_sentences} "
                "sentences needed)" if case.sentences < result.treat_sentences
                else "named, but none of its events is found")
            out.append(Finding(line, column, "info",
                               f"{case.id}: {case.sentences} sentence(s) about it, first "
                               f"at line {line}; {status}; events found: "
                               f"{', '.join(found) or 'none'}"))
        return out

    def section(self, result: CasesFound) -> "Section | None":
        from ..display import Cell, Section

        if not result.cases:
            return None
        rows = []
        for case in result.cases:
            if not case.sentences:
                continue
            core = [e for e in case.events if e.core]
            mark = Cell("✓", "good") if case.treated and case.complete else \
                Cell("~", "warn") if case.treated else Cell("✗", "bad")
            treated = Cell("treated" if case.treated else "in passing",
                           None if case.treated else "dim")
            rows.append((mark, Cell(case.name), Cell(REGION_NAMES[case.region]), treated,
                         Cell(f"{sum(e.found for e in core)}/{len(core)} core events")))
        return Section("Cases", ("", "Case", "Region", "Treated", "Core events"),
                       tuple(rows), (result.message,))

    def tally(self, result: CasesFound) -> "Tally | None":
        from ..display import Tally

        if not result.cases:
            return None
        # Done: the cases that pass (treated with their core events and periods), one
        # per region when the question asks for different regions; what is missing
        # names the rule and each treated case's missing core events and periods (a
        # two-case question has no "Required events" of its own to show them).
        good = [c for c in result.treated if c.complete]
        done = len({c.region for c in good}) if result.different_regions else len(good)
        missing = [] if result.rule_met else [result.message]
        for case in result.treated:
            missing += [f"{case.name}: {e.name}" for e in case.missing_core]
            missing += [f"{case.name}: {p.label}" for p in case.periods if not p.covered]
        return Tally("cases", min(done, result.required), result.required,
                     self.column or "Cases", tuple(missing), "cases")


def _quality(case: CaseResult) -> float:
    core = [e for e in case.events if e.core]
    return 0.5 + 0.5 * (sum(e.found for e in core) / len(core) if core else 1.0)


def _rule(cases: Sequence[CaseResult], required: int, different: bool, treat: int
          ) -> tuple[bool, str]:
    """Whether enough cases are treated (from different regions when asked), and what
    to tell the student either way."""
    treated = [c for c in cases if c.treated]
    want = _NUMBERS.get(required, str(required))
    asked = f"the question asks for {want} case{'s' if required > 1 else ''}" + (
        ", each from a different region" if different else "")
    passing = [c.name for c in cases if c.sentences and not c.treated]
    aside = (f" ({', '.join(passing)} named only in passing: a case needs {treat} "
             "sentences and one of its events)") if passing else ""
    regions = {c.region for c in treated}
    if len(treated) < required:
        if not treated:
            return False, f"No case is treated: {asked}{aside}"
        names = ", ".join(c.name for c in treated)
        return False, (f"Only {_NUMBERS.get(len(treated), len(treated))} case treated "
                       f"({names}): {asked}{aside}")
    if different and len(regions) < required:
        where = ", ".join(sorted(REGION_NAMES[r] for r in regions))
        return False, (f"The cases treated all come from {where}: {asked}; replace one "
                       "with a case from another region")
    names = " and ".join(f"{c.name} ({REGION_NAMES[c.region]})" for c in treated)
    return True, f"Cases treated: {names}"

