"""Where prompts and rubrics live, and how an id becomes a loaded object.

A content root is a folder with ``prompts/<id>.yaml`` and ``rubrics/<id>.yaml``. The
bundled root is the repository's top level in a source checkout, or a copy inside the
installed package (``ibessay/_bundled``, see ``pyproject.toml``). Folders named in
``$IBESSAY_CONTENT_PATH`` are searched first, so a teacher's own prompt can stand beside
(or replace) a bundled one.

Loading goes through :class:`~ibessay.content.cache.Cache`, so PyYAML is imported only
when a file changed since the last run. Rubrics are compiled by the engine
(:mod:`ibessay.engine.compiled`), which finds their files here.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import IbessayError, did_you_mean
from .cache import Cache, default_directory
from .model import Prompt, from_plain, to_plain

_SUFFIXES = (".yaml", ".yml")


def bundled_root() -> Path:
    """The folder holding the bundled ``prompts/`` and ``rubrics/``."""
    package = Path(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    installed = package / "_bundled"
    return installed if (installed / "rubrics").is_dir() else package.parent


class Library:
    """The prompts and rubrics found in ``roots``, loaded through ``cache``."""

    def __init__(self, roots: list[Path], cache: Cache) -> None:
        self.roots = roots
        self.cache = cache

    @classmethod
    def default(cls) -> Library:
        """Folders in ``$IBESSAY_CONTENT_PATH`` (a teacher's own prompts and rubrics,
        separated like ``PATH``) first, then the bundled content."""
        extra = os.environ.get("IBESSAY_CONTENT_PATH", "")
        roots = [Path(p) for p in extra.split(os.pathsep) if p]
        return cls([*roots, bundled_root()], Cache(default_directory()))

    # -- discovery ---------------------------------------------------------------------

    def prompt_ids(self) -> list[str]:
        return self._ids("prompts")

    def rubric_ids(self) -> list[str]:
        return self._ids("rubrics")

    def _ids(self, folder: str) -> list[str]:
        ids: set[str] = set()
        for root in self.roots:
            directory = root / folder
            if directory.is_dir():
                ids.update(p.stem for p in directory.iterdir() if p.suffix in _SUFFIXES)
        return sorted(ids)

    def _find(self, folder: str, ident: str) -> Path | None:
        for root in self.roots:
            for suffix in _SUFFIXES:
                path = root / folder / f"{ident}{suffix}"
                if path.is_file():
                    return path
        return None

    # -- loading -----------------------------------------------------------------------

    def prompt(self, prompt_id: str) -> Prompt:
        """The prompt with this id.

        Raises:
            IbessayError: no such prompt (with the closest ids), or a bad prompt file.
        """
        path = self._find("prompts", prompt_id)
        if path is None:
            raise IbessayError(
                f"unknown prompt '{prompt_id}'",
                did_you_mean(prompt_id, self.prompt_ids()) or "run 'ibessay prompts' to list them",
            )
        def build() -> Prompt:
            from .loader import load_prompt  # imports PyYAML: only on a cache miss

            return load_prompt(path)

        return self.cache.get("prompt", [path], build,  # type: ignore[return-value]
                              encode=to_plain, decode=from_plain)  # type: ignore[arg-type]

    def all_prompts(self) -> list[Prompt]:
        return [self.prompt(i) for i in self.prompt_ids()]

    def prompts_matching(self, topic: int | None = None, term: str | None = None,
                         ) -> list[Prompt]:
        """The prompts on ``topic`` with command term ``term`` (None: any)."""
        return [p for p in self.all_prompts()
                if (topic is None or p.topic == topic)
                and (term is None or p.command_term == term)]

    def rubric_path(self, id_or_path: str) -> Path:
        """Resolve a rubric id, or a path to a rubric file."""
        looks_like_path = any(c in id_or_path for c in "/\\") or id_or_path.endswith(_SUFFIXES)
        if looks_like_path:
            path = Path(id_or_path)
            if not path.is_file():
                raise IbessayError(
                    f"rubric file '{id_or_path}' not found",
                    "give a rubric id (see 'ibessay prompts') or the path of a .yaml file",
                )
            return path
        found = self._find("rubrics", id_or_path)
        if found is None:
            raise IbessayError(
                f"unknown rubric '{id_or_path}'",
                did_you_mean(id_or_path, self.rubric_ids()) or "no rubrics are installed",
            )
        return found

    def case_folders(self) -> list[Path]:
        """Where the cases two-case rubrics accept are looked for, after the folder
        beside the rubric."""
        return [root / "rubrics" / "cases" for root in self.roots]

    def find_rubric(self, rubric_id: str) -> Path | None:
        """The file of the rubric with this id, or None."""
        return self._find("rubrics", rubric_id)
