"""``ibessay pack validate``: every error of a pack at once, each at its file:line:col.

Loading content stops at the first file that is wrong, which suits a check; a teacher
fixing a pack wants the whole list. So every file is loaded on its own — the manifest,
each prompt, rubric (compiled, as a check would), case and test-case file — and every
error kept (a file's further errors come in its error's ``more``). A pack's rubrics may
accept bundled cases and its prompts name bundled rubrics, so the pack is read as it
will be used: first, with the bundled content behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import NamedTuple, TypeVar

from ..content.cache import Cache, default_directory
from ..content.library import Library, bundled_root
from ..content.manifest import MANIFEST, Manifest, load_manifest, satisfies
from ..errors import ContentError, IbessayError

_YAML = (".yaml", ".yml")
T = TypeVar("T")


class Validation(NamedTuple):
    root: Path
    manifest: Manifest | None
    errors: list[IbessayError]  # in file order; every ContentError's ``more`` spread out
    warnings: list[str]
    counts: dict[str, int]  # how many prompts, rubrics, cases and test files, by kind

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def files_with_errors(self) -> int:
        return len({getattr(e, "path", None) or e.message for e in self.errors})


def pack_library(root: Path) -> Library:
    """The library a pack at ``root`` is used with: the pack first, then the bundled
    content (whose cases and rubrics its own may name)."""
    bundled = bundled_root()
    same = root.resolve() == bundled.resolve()
    return Library([root] if same else [root, bundled], Cache(default_directory()))


def yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in _YAML)


def validate_pack(root: Path) -> Validation:
    """Load every file of the pack at ``root`` and keep every error.

    Raises:
        IbessayError: ``root`` is not a folder of content at all.
    """
    from .. import __version__
    from ..content.loader import load_case, load_prompt
    from ..engine.compiled import rubric_at, rubric_for
    from ..engine.criteria import CRITERIA
    from .harness import load_cases, test_files

    if not root.is_dir():
        raise IbessayError(f"'{root}' is not a folder",
                           "give the folder of a pack (the one with pack.yaml)")
    if not (root / "prompts").is_dir() and not (root / "rubrics").is_dir():
        # Run from inside a pack (its prompts/, say): name the pack's folder.
        above = next((p for p in root.resolve().parents if (p / MANIFEST).is_file()), None)
        raise IbessayError(f"'{root}' has no prompts/ or rubrics/ folder",
                           f"this is inside the pack in '{above}': give that folder"
                           if above else "give the folder of a pack, or make one with "
                           "'ibessay pack new DIR'")
    if not yaml_files(root / "prompts") and not yaml_files(root / "rubrics"):
        # Nothing to use; and its zip, which holds only files, would not install.
        raise IbessayError(f"'{root}' has no prompt nor rubric in prompts/ or rubrics/",
                           "write one, or make a pack with 'ibessay pack new DIR'")
    errors: list[IbessayError] = []
    warnings: list[str] = []

    def attempt(action: Callable[[], T]) -> T | None:
        """What ``action`` returns, or None with its errors kept."""
        try:
            return action()
        except ContentError as exc:
            errors.extend([exc, *exc.more])
        except IbessayError as exc:
            errors.append(exc)
        return None

    manifest = None
    if (root / MANIFEST).is_file():
        manifest = attempt(lambda: load_manifest(root / MANIFEST))
        if manifest and manifest.requires and not satisfies(__version__, manifest.requires):
            warnings.append(f"{root / MANIFEST}: ibessay: '{manifest.requires}' leaves out "
                            f"this ibessay, {__version__}, so a student with it cannot "
                            "install the pack")
    else:
        warnings.append(f"{root / MANIFEST}: missing; the folder can be used with "
                        "IBESSAY_CONTENT_PATH, but a pack to install needs one "
                        "('ibessay pack new' writes one)")
    library = pack_library(root)
    prompts = yaml_files(root / "prompts")
    for path in prompts:
        prompt = attempt(partial(load_prompt, path))
        compiled = attempt(partial(rubric_for, library, prompt)) if prompt else None
        if prompt and compiled and compiled.rubric.command_term not in (
                None, prompt.command_term):
            warnings.append(f"{path}: the command term '{prompt.command_term}' is not the "
                            f"rubric's '{compiled.rubric.command_term}' (a check by the "
                            "rubric alone reads for the rubric's)")
    rubrics = yaml_files(root / "rubrics")
    for path in rubrics:
        attempt(partial(rubric_at, library, path))
    cases = yaml_files(root / "rubrics" / "cases")
    for path in cases:
        attempt(partial(load_case, path, CRITERIA))  # type: ignore[arg-type]  # as Part
    tests = test_files(root / (manifest.tests if manifest else "tests"))
    if manifest and manifest.tests != "tests" and not (root / manifest.tests).is_dir():
        # A typo (tests: test) would skip every test case, and `pack test` would pass.
        line, column = _place_of_key(root / MANIFEST, "tests")
        errors.append(ContentError(str(root / MANIFEST), line, column,
                                   f"tests: there is no folder '{manifest.tests}' in the "
                                   "pack", "give the folder of your test-case files"))
    for path in tests:
        attempt(partial(load_cases, path, library))
    for folder in (root / "prompts", root / "rubrics"):
        for stray in sorted(folder.iterdir()) if folder.is_dir() else ():
            if stray.is_file() and stray.suffix not in _YAML:
                warnings.append(f"{stray}: not read (only .yaml files are)")
    for path in [*prompts, *rubrics, *cases]:
        if path.suffix == ".yml" and path.with_suffix(".yaml").is_file():
            errors.append(ContentError(str(path), 1, 1, f"'{path.with_suffix('.yaml').name}'"
                                       " has the same id, and only it is read",
                                       "keep one of the two files"))
    counts = {"prompt": len(prompts), "rubric": len(rubrics), "case": len(cases),
              "test file": len(tests)}
    return Validation(root, manifest, _unique(errors), warnings, counts)


def _place_of_key(path: Path, key: str) -> tuple[int, int]:
    """The line and column of the value of the top-level ``key:`` of a YAML file."""
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if line.startswith(f"{key}:"):
            value = line[len(key) + 1:]
            return number, len(key) + 2 + len(value) - len(value.lstrip())
    return 1, 1


def _unique(errors: list[IbessayError]) -> list[IbessayError]:
    """Each error once: a case file with an error is met again by every rubric that
    accepts it, and a rubric's by every prompt that names it."""
    seen, kept = set(), []
    for error in errors:
        if str(error) not in seen:
            seen.add(str(error))
            kept.append(error)
    return kept
