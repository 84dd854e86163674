"""A rubric compiled for checking: every criterion's state and the shared scanner.

:func:`compile_rubric` asks each criterion (:data:`~ibessay.engine.criteria.CRITERIA`)
for what it needs and builds one automaton from the phrases they register. The result
is cached between runs (:mod:`ibessay.content.cache`) as plain data: the rubric, each
criterion's state (whatever its ``compile`` returned) and the automaton.
:func:`rubric_at`, :func:`rubric_for` and :func:`load_rubric` are how the rest of
ibessay gets a compiled or loaded rubric.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content.library import case_folders, find_case
from ..content.model import MAX_PHRASE_CHARS, MAX_PHRASE_KEYS, Rubric, from_plain, to_plain
from ..errors import ContentError, did_you_mean
from .criteria import CRITERIA, Criterion, detection_order
from .scan import PhraseBook, Scanner, TooManyPhrases

if TYPE_CHECKING:
    from ..content.library import Library
    from ..content.model import Prompt

#: Every record type a rubric may hold, by name (see content.model.to_plain).
_RECORDS = {cls.__name__: cls for c in CRITERIA for cls in c.records}


class CompiledRubric:
    """A rubric with each criterion's compiled state and the scanner for its phrases."""

    __slots__ = ("rubric_id", "rubric_title", "states", "scanner", "criteria",
                 "detection_order", "kind_index", "_rubric", "_memos")

    def __init__(self, rubric: Rubric | object, states: dict[str, Any], scanner: Scanner,
                 criteria: tuple[Criterion, ...] = CRITERIA,
                 rubric_id: str = "", rubric_title: str = "") -> None:
        # A check reads only the states (and the rubric's id and title); the rubric
        # itself, a few thousand records, is rebuilt from the cache's plain data when
        # something asks for it (templates, listings, the example checker).
        self._rubric = rubric
        self.rubric_id = rubric_id or rubric.id  # type: ignore[union-attr]
        self.rubric_title = rubric_title or rubric.title  # type: ignore[union-attr]
        self.states = states
        self.scanner = scanner
        self.criteria = criteria  # what it was compiled with, and is checked with
        self.detection_order = detection_order(criteria)
        self.kind_index = {kind: i for i, kind in enumerate(scanner.kinds)}
        self._memos: dict[str, dict[Any, Any]] = {}

    @property
    def rubric(self) -> Rubric:
        if not isinstance(self._rubric, Rubric):
            self._rubric = from_plain(self._rubric, _RECORDS)
        return self._rubric  # type: ignore[return-value]

    def memo(self, criterion: str) -> dict[Any, Any]:
        """A dict the criterion may keep answers in across drafts of this rubric (a
        class set, a watch loop). The criterion bounds its size."""
        memo = self._memos.get(criterion)
        if memo is None:
            memo = self._memos[criterion] = {}
        return memo

    # -- storing (see ibessay.content.cache): plain data that marshal can write ---------

    def to_state(self) -> tuple[object, ...]:
        return ((self.rubric_id, self.rubric_title), to_plain(self.rubric), self.states,
                self.scanner.to_state())

    @classmethod
    def from_state(cls, state: tuple[Any, ...]) -> CompiledRubric:
        (rubric_id, title), plain_rubric, states, scanner = state
        return cls(plain_rubric, states, Scanner.from_state(scanner), CRITERIA, rubric_id, title)


def compile_rubric(rubric: Rubric, criteria: tuple[Criterion, ...] = CRITERIA
                   ) -> CompiledRubric:
    """Compile ``rubric``: each criterion's state, and one automaton for all phrases.

    Raises:
        ContentError: the rubric asks for more than MAX_PHRASE_KEYS phrases (or
            MAX_PHRASE_CHARS characters of them), at the phrase that went over (in the
            rubric or a case it accepts).
    """
    book = PhraseBook((MAX_PHRASE_KEYS, MAX_PHRASE_CHARS))
    try:
        states = {c.name: c.compile(rubric, book) for c in criteria}
    except TooManyPhrases as exc:
        raise _too_many(rubric, exc) from None
    return CompiledRubric(rubric, states, book.scanner(), criteria)


def _too_many(rubric: Rubric, exc: TooManyPhrases) -> ContentError:
    """The error for a rubric over the limit of phrases, at the first text in its file
    (or its cases') that compiles to a phrase being added when it went over."""
    from ..content.loader import locate_text
    from ..content.model import PHRASE_WORDS
    from .criteria.phrases import alias_variants, word_forms
    from .text import normalize_phrase

    wanted = set(exc.phrases)

    def is_one(text: str) -> bool:  # most often the phrase as written
        return len(text.split()) <= PHRASE_WORDS and normalize_phrase(text) in wanted

    def compiles_to_one(text: str) -> bool:  # else one of its forms (slower)
        return len(text.split()) <= PHRASE_WORDS and bool(
            alias_variants(text) & wanted or word_forms(text) & wanted)

    files = [rubric.path, *(case.path for case in rubric.cases.cases)] \
        if rubric.cases is not None else [rubric.path]
    where = next(((file, *place) for matches in (is_one, compiles_to_one)
                  for file in files if file
                  for place in [locate_text(Path(file), matches)] if place), None)
    what = (f"{exc.what} a rubric may look for in a draft (every alias and name with "
            "its spellings, plurals and punctuated forms, every cooccur word's forms, the "
            "misspellings of names)")
    hint = ("the largest bundled rubric compiles to under 14,000 phrases of 200,000 "
            "characters: cut aliases no student would write, or split the question into "
            "several rubrics")
    if where is None:
        return ContentError(rubric.path or rubric.id, 1, 1,
                            f"the rubric goes over {what} at '{exc.phrases[0]}'", hint)
    file, line, column = where
    return ContentError(file, line, column, f"this phrase takes the rubric over {what}", hint)


def load_rubric(path: Path, criteria: tuple[Criterion, ...] = CRITERIA,
                case_dirs: Sequence[Path] = ()) -> Rubric:
    """Load and validate a rubric file with every criterion's keys (the cases it
    accepts from ``cases/`` beside it, else from ``case_dirs``).

    Raises:
        ContentError: anything wrong in the file, at its line and column.
    """
    from ..content.loader import load_rubric as load  # imports PyYAML

    return load(path, criteria, case_dirs)  # type: ignore[arg-type]  # ClassVars satisfy Part


def rubric_at(library: Library, path: Path) -> CompiledRubric:
    """The compiled rubric in ``path`` (cached between runs until its files change,
    the files of the cases it accepts included)."""
    folders = library.case_folders(library.pack_of(path))

    def accepted() -> list[str]:
        from ..content.loader import case_ids_named

        return case_ids_named(path)

    # The ids come from the rubric's bytes; the file holding each is looked for on every
    # run (a few stat calls): a case written after the rubric, or beside it in a folder
    # that comes first, is a new source, and its edits are seen.
    cases = [found for found in (find_case(ident, case_folders(path, folders))
                                 for ident in library.cache.get("accepted-case-ids", [path],
                                                                accepted))
             if found is not None]
    return library.cache.get(
        "rubric", [path, *cases],
        lambda: compile_rubric(load_rubric(path, case_dirs=folders)),
        encode=CompiledRubric.to_state, decode=CompiledRubric.from_state)


def rubric_named(library: Library, id_or_path: str) -> CompiledRubric:
    """The compiled rubric with this id, or in this file."""
    return rubric_at(library, library.rubric_path(id_or_path))


def resolve(library: Library, prompt: str | None, rubric: str | None
            ) -> tuple[Prompt | None, CompiledRubric]:
    """The prompt with id ``prompt`` and its compiled rubric, or else no prompt and the
    rubric with id (or in the file) ``rubric``: what a check is run against."""
    if prompt is not None:
        chosen = library.prompt(prompt)
        return chosen, rubric_for(library, chosen)
    return None, rubric_named(library, rubric or "")


def rubric_for(library: Library, prompt: Prompt) -> CompiledRubric:
    """The compiled rubric a prompt names.

    Raises:
        ContentError: at the prompt's ``rubric:`` line when the rubric does not exist.
    """
    path = library.rubric_file_for(prompt)
    if path is None:
        raise ContentError(
            prompt.path, prompt.rubric_line, prompt.rubric_column,
            f"prompt '{prompt.id}' names rubric '{prompt.rubric}', which does not exist",
            did_you_mean(prompt.rubric, library.rubric_ids()),
        )
    return rubric_at(library, path)
