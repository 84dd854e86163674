"""From each criterion's result to a score out of 100, an indicative markband and
pass/fail (the report makes the hints when asked: :attr:`Report.hints`).

The score is the sum of the criteria's points (each has a weight: events 40, periods 20,
historians 20, dates 10, words 10), times any factor a criterion puts on the whole (the
length: a 250-word list of events is not an essay). Score parts and unmet requirements
are listed heaviest first.

A draft *passes* the rubric when every criterion is met. The mark out of 15 is the score
scaled, then capped so that the band never says more than the rest of the report
(docs/report-format.md, "The indicative band"):

* a draft that does not pass is never in the top band (13-15 needs everything the
  rubric asks for): at most 12;
* each criterion caps what its own gaps rule out (its ``band_cap``): historiography for
  10-12 up, balance over the whole time frame for 13-15, accurate dates, length.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .markbands import band_for
from .report import Report

#: The highest mark a draft that does not pass the rubric is shown: the top of 10-12.
CAP_NOT_PASSING = 12

if TYPE_CHECKING:
    from ..content.model import Prompt
    from .compiled import CompiledRubric
    from .draft import Draft


def grade(draft: Draft, results: dict[str, Any], compiled: CompiledRubric,
          prompt: Prompt | None, source: str | None = None) -> Report:
    """The report of ``draft``, from the ``results`` of ``compiled``'s criteria.
    ``source``: the draft's text as given, for columns as editors count them."""
    criteria = compiled.criteria
    heaviest_first = sorted(criteria, key=lambda c: -c.weight)
    parts = {c.name: c.points(results[c.name]) for c in heaviest_first if c.weight}
    factor = 1.0
    for criterion in criteria:
        factor *= criterion.score_factor(results[criterion.name])
    score = round(sum(parts.values()) * factor)

    unmet = tuple(c.name for c in heaviest_first if not c.met(results[c.name]))
    mark = round(score * 15 / 100)
    caps = [cap for c in criteria if (cap := c.band_cap(results[c.name])) is not None]
    if unmet:
        caps.append(CAP_NOT_PASSING)
    if caps:
        mark = min(mark, *caps)
    return Report(
        draft=draft.name,
        prompt_id=prompt.id if prompt else None,
        question=prompt.question if prompt else None,
        rubric_id=compiled.rubric_id,
        rubric_title=compiled.rubric_title,
        words=draft.words,
        score=score,
        score_parts={name: round(points * factor, 1) for name, points in parts.items()},
        mark=mark,
        band=band_for(mark),
        passed=not unmet,
        unmet=unmet,
        results=results,
        corrections=draft.corrections,
        criteria=criteria,
        locator=draft.locator,
        source=source,
    )
