"""A pack's manifest, ``pack.yaml``: what the pack is, which version, and which versions
of ibessay it works with.

A pack is a folder with ``pack.yaml`` beside ``prompts/`` and ``rubrics/`` (and usually
``tests/``); the repository's top level is the bundled pack, ``ibessay``. The manifest is
read only by the pack commands (validate, test, install, list): finding content needs
just the folders, so a check never parses it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable

    from yaml import Node

    from .loader import Document

MANIFEST = "pack.yaml"
#: The longest pack id: it names a folder and starts every prompt id of the pack (a
#: 300-letter id validated, then could not be installed: "File name too long").
MAX_ID = 64

#: A version is numbers joined by dots ("1", "1.2", "2.0.1"): what a teacher raises to
#: make an upgrade, compared number by number.
_VERSION = re.compile(r"^\d{1,6}(?:\.\d{1,6}){0,3}$")
_COMPARISON = re.compile(r"^\s*(>=|<=|==|!=|>|<)?\s*(\S+)\s*$")


class Manifest(NamedTuple):
    id: str
    name: str
    version: str
    author: str = ""
    licence: str = ""
    description: str = ""
    requires: str = ""  # the ibessay versions it works with, e.g. ">=0.1, <1"
    tests: str = "tests"  # the folder of its test-case files, relative to the pack
    path: str = ""  # of pack.yaml


def version_key(version: str) -> tuple[int, ...]:
    """``version`` as numbers to compare, trailing zeros dropped ("1.0" == "1"). A part
    is read up to its first non-digit, so that a pre-release ibessay ("0.2.0rc1") still
    compares (as its release)."""
    numbers = [int(re.match(r"\d*", part).group() or 0)  # type: ignore[union-attr]
               for part in version.split(".")]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def is_version(text: str) -> bool:
    return bool(_VERSION.match(text))


def spec_problem(spec: str) -> str | None:
    """What is wrong with a version requirement, or None when it can be read."""
    for part in spec.split(","):
        found = _COMPARISON.match(part)
        if not found or not is_version(found.group(2)):
            return f"'{part.strip()}' is not a comparison with a version"
    return None


def satisfies(version: str, spec: str) -> bool:
    """Whether ``version`` meets every comparison of ``spec`` (">=0.1, <1"; a bare
    version means ==; an empty spec is met by every version)."""
    if not spec.strip():
        return True
    have = version_key(version)
    for part in spec.split(","):
        found = _COMPARISON.match(part)
        assert found is not None, spec  # checked by spec_problem when loaded
        operator, wanted = found.group(1) or "==", version_key(found.group(2))
        ok = {">=": have >= wanted, "<=": have <= wanted, ">": have > wanted,
              "<": have < wanted, "==": have == wanted, "!=": have != wanted}[operator]
        if not ok:
            return False
    return True


def load_manifest(path: Path) -> Manifest:
    """Read and check ``pack.yaml``.

    Raises:
        ContentError: anything wrong in it, at its line and column (every error of the
            file: the first, with the rest in ``more``).
    """
    from .loader import Document  # imports PyYAML

    doc = Document(path)
    root = doc.root()
    # Every error at once, a missing or misspelt key too (it hid the others: a teacher
    # fixed one, validated, and met the next).
    return doc.read(lambda: _read_manifest(doc, root, path))


def _read_manifest(doc: Document, root: Node, path: Path) -> Manifest:
    top = doc.mapping(root, "pack.yaml", ("id", "name", "version"),
                      ("author", "licence", "description", "ibessay", "tests", "note"),
                      recover=True)

    def field(key: str, convert: Callable[[Node], str], default: str = "") -> str:
        return doc.attempt(lambda: convert(top[key]), default) if key in top else default

    def text(key: str) -> str:
        return field(key, lambda node: doc.text(node, key))

    def version(node: Node) -> str:
        doc.text(node, "version")
        # As written, not as YAML reads it: an unquoted 1.10 is the number 1.1.
        written = str(node.value).strip()
        if not is_version(written):
            raise doc.error(node, f"version '{written}' is not numbers joined by dots",
                            "write e.g. 1.0.0, and raise it for every release: a higher "
                            "version is an upgrade")
        return written

    def requires(node: Node) -> str:
        spec = doc.text(node, "ibessay")
        problem = spec_problem(spec)
        if problem:
            raise doc.error(node, f"ibessay: {problem}",
                            'write the versions it works with, e.g. ">=0.1, <1"')
        return spec

    def pack_id(node: Node) -> str:
        ident = doc.ident(node, "the pack's id")
        if len(ident) > MAX_ID:
            raise doc.error(node, f"the pack's id has {len(ident)} characters; the most is "
                            f"{MAX_ID}", "a short id is what students type: smith-topic10")
        return ident

    def tests(node: Node) -> str:
        folder = doc.text(node, "tests")
        if folder != "tests" and (Path(folder).is_absolute() or ".." in Path(folder).parts):
            raise doc.error(node, f"tests: '{folder}' is outside the pack",
                            "give a folder inside the pack, e.g. tests")
        return folder

    return Manifest(id=field("id", pack_id),
                    name=text("name"), version=field("version", version),
                    author=text("author"), licence=text("licence"),
                    description=text("description"), requires=field("ibessay", requires),
                    tests=field("tests", tests, "tests"), path=str(path))
