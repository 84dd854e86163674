"""A class report: the prompt, a row per draft and the class picture, ready to render."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from .picture import ClassPicture, picture
from .summary import DraftResult

if TYPE_CHECKING:
    from ..content.model import Prompt
    from ..engine.compiled import CompiledRubric


class ClassReport(NamedTuple):
    prompt_id: str | None
    question: str | None
    rubric_id: str
    rubric_title: str
    rows: tuple[DraftResult, ...]  # in the order the drafts were named
    picture: ClassPicture
    #: Students on the roster who handed in no draft.
    without_drafts: tuple[str, ...] = ()
    #: The rubric's word range (low, high): what "short" and "long" mean.
    word_range: tuple[int, int] | None = None
    #: When it was made, as people read it ("2026-12-05 14:02"), for the printed report.
    made: str = ""

    @property
    def failed(self) -> list[DraftResult]:
        return [r for r in self.rows if not r.checked]


def class_report(rows: Sequence[DraftResult], compiled: CompiledRubric,
                 prompt: Prompt | None, without_drafts: Sequence[str] = (),
                 made: str = "") -> ClassReport:
    return ClassReport(
        prompt_id=prompt.id if prompt is not None else None,
        question=prompt.question if prompt is not None else None,
        rubric_id=compiled.rubric_id, rubric_title=compiled.rubric_title, rows=tuple(rows),
        picture=picture(rows), without_drafts=tuple(without_drafts), made=made,
        word_range=compiled.states.get("words"))
