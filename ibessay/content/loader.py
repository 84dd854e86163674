"""Loading prompt and rubric YAML, with errors that point at ``file:line:col``.

The YAML is composed into nodes (which carry their position) and converted by hand, so
every complaint names the exact place: an unknown key (and the allowed ones), a duplicate
id, a date that is not a date. The formats are documented in ``docs/authoring.md``.

A rubric's keys belong to its criteria (:mod:`ibessay.engine.criteria`): each one reads
and validates its own with a :class:`Document`, and :func:`load_rubric` only knows the
keys every rubric has (id, title, require, examples, notes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeAlias, TypeVar

import yaml

from ..errors import ContentError, IbessayError, closest
from .model import COMMAND_TERMS, TOPICS, Example, Prompt, Rubric


class Part(Protocol):
    """What the loader needs of whoever reads a part of a rubric (in ibessay, a
    criterion of :mod:`ibessay.engine.criteria`; content never imports the engine)."""

    name: str
    keys: tuple[str, ...]
    required_keys: tuple[str, ...]
    require_keys: tuple[str, ...]
    expectations: Mapping[str, Any]  # key -> an object with ids(parts) -> list[str]

    def load(self, doc: Document, values: Mapping[str, Node], require: Mapping[str, Node],
             parts: Mapping[str, Any]) -> Any: ...

try:  # libyaml is ~10x faster than the pure-Python loader (perf-baseline.md section 2)
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EXAMPLE_EXPECTATIONS = ("pass", "fail")
T = TypeVar("T")
Node: TypeAlias = yaml.Node


class Document:
    """One YAML file being read: converts nodes and raises located errors."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self._constructor = yaml.constructor.SafeConstructor()

    # -- errors ------------------------------------------------------------------------

    def error(self, node: Node, message: str, hint: str | None = None) -> ContentError:
        mark = node.start_mark
        return ContentError(self.name, mark.line + 1, mark.column + 1, message, hint)

    # -- reading -----------------------------------------------------------------------

    def root(self) -> Node:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            raise IbessayError(f"'{self.name}' not found") from None
        except IsADirectoryError:
            raise IbessayError(f"'{self.name}' is a folder, not a YAML file") from None
        except OSError as exc:
            raise IbessayError(f"cannot read '{self.name}': {exc.strerror}") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise ContentError(
                self.name, line, 1, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                "save the file as UTF-8",
            ) from None
        try:
            node = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = exc.problem or exc.context or "invalid YAML"
            raise ContentError(
                self.name, line, col, f"YAML syntax error: {problem}",
                "check the indentation and quoting on this line and the one above",
            ) from None
        except yaml.YAMLError as exc:  # pragma: no cover - errors without a position
            raise ContentError(self.name, 1, 1, f"YAML error: {exc}") from None
        if node is None:
            raise ContentError(self.name, 1, 1, "the file is empty")
        return node

    def mapping(
        self, node: Node, what: str, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, Node]:
        """The values of a mapping by key; unknown, duplicate or missing keys are errors."""
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what} must be a mapping of keys to values")
        allowed = required + optional
        values: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                raise self.error(key_node, f"keys in {what} must be plain words")
            if key in values:
                raise self.error(key_node, f"duplicate key '{key}' in {what}")
            if key not in allowed:
                near = closest(key, list(allowed), limit=1)
                hint = f"did you mean '{near[0]}'?" if near else None
                raise self.error(
                    key_node,
                    f"unknown key '{key}' in {what}; allowed: {', '.join(allowed)}",
                    hint,
                )
            values[key] = value_node
        for key in required:
            if key not in values:
                raise self.error(node, f"{what} is missing the required key '{key}'")
        return values

    def sequence(self, node: Node, what: str) -> list[Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, f"{what} must be a list")
        return list(node.value)

    def scalar(self, node: Node, what: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(node, f"{what} must be a single value, not a list or mapping")
        return self._constructor.construct_object(node)

    def text(self, node: Node, what: str) -> str:
        value = self.scalar(node, what)
        if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
            raise self.error(node, f"{what} must be text")
        value = str(value).strip()
        if not value:
            raise self.error(node, f"{what} must not be empty")
        return value

    def integer(self, node: Node, what: str, low: int, high: int) -> int:
        value = self.scalar(node, what)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(node, f"{what} must be a whole number")
        if not low <= value <= high:
            raise self.error(node, f"{what} must be between {low} and {high}, not {value}")
        return value

    def boolean(self, node: Node, what: str) -> bool:
        value = self.scalar(node, what)
        if not isinstance(value, bool):
            raise self.error(node, f"{what} must be true or false")
        return value

    def ident(self, node: Node, what: str) -> str:
        value = self.text(node, what)
        if not _ID.match(value):
            raise self.error(
                node, f"{what} '{value}' is not a valid id",
                "use lower-case letters, digits and single hyphens, e.g. 'korean-war'",
            )
        return value

    def file_id(self, node: Node, what: str) -> str:
        """The id of a prompt or rubric, which must be its file's name: ids are looked up
        as ``<id>.yaml``."""
        ident = self.ident(node, f"the {what}'s id")
        if ident != self.path.stem:
            raise self.error(
                node, f"the {what}'s id '{ident}' does not match its file name "
                f"'{self.path.name}'", f"rename the file to '{ident}.yaml' or change the id",
            )
        return ident

    def texts(self, node: Node, what: str) -> tuple[str, ...]:
        """A list of texts; a single text is accepted as a list of one."""
        if isinstance(node, yaml.ScalarNode):
            return (self.text(node, what),)
        return tuple(self.text(item, what) for item in self.sequence(node, what))

    def unique_ids(self, items: list[tuple[str, Node]], what: str) -> None:
        seen: set[str] = set()
        for ident, node in items:
            if ident in seen:
                raise self.error(node, f"duplicate {what} id '{ident}'")
            seen.add(ident)

    def get(
        self, values: Mapping[str, Node], key: str, convert: Callable[[Node], T], default: T
    ) -> T:
        return convert(values[key]) if key in values else default

    @staticmethod
    def is_list(node: Node) -> bool:
        return isinstance(node, yaml.SequenceNode)

    @staticmethod
    def is_mapping(node: Node) -> bool:
        return isinstance(node, yaml.MappingNode)

    @staticmethod
    def suggest(word: str, choices: list[str], what: str) -> str:
        """A hint: the closest of ``choices``, or all of them."""
        near = closest(word, choices, limit=1)
        return f"did you mean '{near[0]}'?" if near else f"{what}: {', '.join(choices)}"

    def no_shared_aliases(self, node: Node, key: str, normalise: Callable[[str], str]) -> None:
        """The same phrase (once ``normalise``d) under ``key`` of two items of the list
        ``node`` is ambiguous: say where."""
        owner: dict[str, str] = {}
        for item in node.value:
            values = {k.value: v for k, v in item.value}
            ident = values["id"].value
            alias_node = values.get(key)
            if alias_node is None:
                continue
            nodes = [alias_node] if isinstance(alias_node, yaml.ScalarNode) else alias_node.value
            for alias in nodes:
                phrase = normalise(str(alias.value))
                if owner.get(phrase, ident) != ident:
                    raise self.error(
                        alias, f"'{alias.value}' is an alias of both '{owner[phrase]}' and "
                        f"'{ident}'", "keep each phrase on one item, or make it more specific",
                    )
                owner[phrase] = ident


# --- rubrics -------------------------------------------------------------------------


def load_rubric(path: Path, criteria: Sequence[Part]) -> Rubric:
    """Load and validate a rubric file; each of ``criteria`` reads its own keys (see
    :func:`ibessay.engine.compiled.load_rubric`, which passes the engine's).

    Raises:
        ContentError: anything wrong in the file, at its line and column.
    """
    doc = Document(path)
    required = ("id", *(k for c in criteria for k in c.required_keys))
    optional = ("title", *(k for c in criteria for k in c.keys if k not in c.required_keys),
                "require", "examples", "notes")
    top = doc.mapping(doc.root(), "the rubric", required, optional)
    rubric_id = doc.file_id(top["id"], "rubric")
    require = doc.mapping(top["require"], "require", (),
                          tuple(k for c in criteria for k in c.require_keys)) \
        if "require" in top else {}
    parts: dict[str, object] = {}
    for criterion in criteria:
        parts[criterion.name] = criterion.load(doc, top, require, parts)
    return Rubric(
        id=rubric_id,
        title=doc.get(top, "title", lambda n: doc.text(n, "title"), rubric_id),
        parts=parts,
        examples=_examples(doc, top["examples"], path, criteria, parts)
        if "examples" in top else (),
        path=str(path),
    )


def _examples(
    doc: Document, node: Node, path: Path, criteria: Sequence[Part],
    parts: dict[str, object],
) -> tuple[Example, ...]:
    known = {key: expectation.ids(parts)
             for c in criteria for key, expectation in c.expectations.items()}
    known["unmet"] = [c.name for c in criteria]
    examples = []
    for item in doc.sequence(node, "examples"):
        values = doc.mapping(item, "an example", ("file", "expect"), (*known, "note"))
        file = doc.text(values["file"], "an example's file")
        if not (path.parent / file).is_file():
            raise doc.error(
                values["file"], f"example draft '{file}' not found next to the rubric",
                "paths are relative to the rubric's folder",
            )
        expect = doc.text(values["expect"], "expect")
        if expect not in _EXAMPLE_EXPECTATIONS:
            raise doc.error(values["expect"], f"expect must be 'pass' or 'fail', not '{expect}'")
        checks = []
        for key, ids in known.items():
            if key not in values:
                continue
            given = doc.texts(values[key], f"an id in {key}")
            for ident in given:
                if ident not in ids:
                    near = closest(ident, ids, limit=1)
                    raise doc.error(
                        values[key], f"'{ident}' in {key} is not one of: {', '.join(ids)}"
                        if key == "unmet" else f"'{ident}' in {key} is not an id in this rubric",
                        f"did you mean '{near[0]}'?" if near else None,
                    )
            checks.append((key, given))
        examples.append(Example(file=file, expect=expect, checks=tuple(checks)))
    return tuple(examples)


# --- prompts -------------------------------------------------------------------------


def load_prompt(path: Path) -> Prompt:
    """Load and validate a prompt file (its rubric is resolved by the caller).

    Raises:
        ContentError: anything wrong in the file, at its line and column.
    """
    doc = Document(path)
    top = doc.mapping(
        doc.root(), "the prompt", ("id", "question", "command_term", "topic", "rubric"),
        ("minutes", "timeframe", "mirrors", "tags", "note"),
    )
    prompt_id = doc.file_id(top["id"], "prompt")
    term = doc.text(top["command_term"], "command_term")
    if term not in COMMAND_TERMS:
        near = closest(term, list(COMMAND_TERMS), limit=1)
        raise doc.error(
            top["command_term"], f"unknown command term '{term}'; allowed: "
            f"{', '.join(COMMAND_TERMS)}", f"did you mean '{near[0]}'?" if near else None,
        )
    timeframe = None
    if "timeframe" in top:
        values = doc.mapping(top["timeframe"], "timeframe", ("start", "end"), ())
        start = doc.integer(values["start"], "the timeframe's start", 0, 2100)
        end = doc.integer(values["end"], "the timeframe's end", 0, 2100)
        if end < start:
            raise doc.error(values["end"], "the timeframe ends before it starts")
        timeframe = (start, end)
    rubric_node = top["rubric"]
    return Prompt(
        id=prompt_id,
        question=doc.text(top["question"], "question"),
        command_term=term,
        topic=doc.integer(top["topic"], "topic", 1, len(TOPICS)),
        rubric=doc.ident(rubric_node, "rubric"),
        minutes=doc.get(top, "minutes", lambda n: doc.integer(n, "minutes", 1, 300), 45),
        timeframe=timeframe,
        mirrors=doc.get(top, "mirrors", lambda n: doc.texts(n, "mirrors"), ()),
        tags=doc.get(top, "tags", lambda n: doc.texts(n, "a tag"), ()),
        path=str(path),
        rubric_line=rubric_node.start_mark.line + 1,
        rubric_column=rubric_node.start_mark.column + 1,
    )
