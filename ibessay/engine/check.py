"""Checking a draft against a rubric: the engine behind ``ibessay check``.

:func:`check_text` takes the draft's text and a compiled rubric
(:class:`~ibessay.engine.compiled.CompiledRubric`) and returns a
:class:`~ibessay.engine.report.Report`. It knows nothing of files, terminals or formats:

1. prepare the draft once for every criterion (:func:`ibessay.engine.draft.prepare`:
   one scanning pass finds every phrase, sentences are split, words counted);
2. each criterion (:mod:`ibessay.engine.criteria`) detects its result, after those
   whose results it reads;
3. score, band and hints (:mod:`ibessay.engine.scoring`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import scoring
from .draft import prepare

if TYPE_CHECKING:
    from ..content.model import Prompt
    from .compiled import CompiledRubric
    from .report import Report


def check_text(
    text: str, compiled: CompiledRubric, draft_name: str = "-", prompt: Prompt | None = None
) -> Report:
    """Check ``text`` (a whole draft) against ``compiled``'s rubric."""
    draft = prepare(text, compiled, draft_name, prompt)
    states = compiled.states
    found: dict[str, Any] = {}
    for criterion in compiled.detection_order:
        found[criterion.name] = criterion.detect(draft, states[criterion.name], found)
    results = {criterion.name: found[criterion.name] for criterion in compiled.criteria}
    return scoring.grade(draft, results, compiled, prompt, text)
