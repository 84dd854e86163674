"""The public API: check a draft from a script, an editor plug-in or a class-set tool.

    >>> import ibessay
    >>> report = ibessay.check(open("essay.md").read(), prompt="sino-soviet-1949-1976")
    >>> report.score, report.passed, report.to_dict()["unmet"]

``report.to_dict()`` is exactly the JSON report of ``ibessay check --format json``
(docs/report-format.md). Prompts and rubrics are looked up as the command line does:
``$IBESSAY_CONTENT_PATH`` first, then the bundled content, through the same cache.
Errors a user can fix raise :class:`ibessay.errors.IbessayError` (or its subclass
``ContentError``, located at ``file:line:col``).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .content.library import Library
    from .content.model import Prompt
    from .engine.report import Report

_library: Library | None = None


def _default_library() -> Library:
    """One library per process, so that a script checking many drafts compiles (or
    reads from the cache) each rubric once."""
    global _library
    if _library is None:
        from .content.library import Library

        _library = Library.default()
    return _library


def check(text: str, *, prompt: str | None = None, rubric: str | os.PathLike[str] | None = None,
          name: str = "-") -> Report:
    """Check the draft ``text`` against a prompt's rubric, or a rubric's id or file.

    Args:
        text: the whole draft (Markdown or plain text).
        prompt: a prompt id, as ``ibessay prompts`` lists them; its rubric is used.
        rubric: a rubric id, or the path of a rubric file (instead of ``prompt``).
        name: what the report calls the draft (its ``draft`` field).

    Raises:
        IbessayError: neither or both of ``prompt`` and ``rubric``, an unknown id (with
            the closest ones), or a rubric file that is not valid.
    """
    from .engine.check import check_text
    from .engine.compiled import resolve
    from .errors import IbessayError

    if (prompt is None) == (rubric is None):
        raise IbessayError("give a prompt or a rubric, not both or neither",
                           "ibessay.check(text, prompt='sino-soviet-1949-1976')")
    chosen, compiled = resolve(_default_library(), prompt,
                               None if rubric is None else os.fspath(rubric))
    return check_text(text, compiled, name, chosen)


def load_prompt(prompt_id: str) -> Prompt:
    """The prompt with this id (question, command term, topic, time frame, rubric id).

    Raises:
        IbessayError: no such prompt (the hint names the closest), or a bad prompt file.
    """
    return _default_library().prompt(prompt_id)
