"""Loading prompt and rubric YAML, with errors that point at ``file:line:col``.

The YAML is composed into nodes (which carry their position) and converted by hand, so
every complaint names the exact place: an unknown key (and the allowed ones), a duplicate
id, a date that is not a date. The formats are documented in ``docs/authoring.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ..engine.dates import Span, parse_span
from ..engine.text import normalize_phrase
from ..errors import ContentError, IbessayError, closest
from .model import (
    COMMAND_TERMS,
    REQUIREMENTS,
    TOPICS,
    CoOccurrence,
    Event,
    Example,
    Historian,
    Period,
    Prompt,
    Requirements,
    Rubric,
    Work,
)

try:  # libyaml is ~10x faster than the pure-Python loader (perf-baseline.md section 2)
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EXAMPLE_EXPECTATIONS = ("pass", "fail")
T = TypeVar("T")
Node = yaml.Node


class _Document:
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
        self, values: dict[str, Node], key: str, convert: Callable[[Node], T], default: T
    ) -> T:
        return convert(values[key]) if key in values else default


# --- rubrics -------------------------------------------------------------------------


def load_rubric(path: Path) -> Rubric:
    """Load and validate a rubric file.

    Raises:
        ContentError: anything wrong in the file, at its line and column.
    """
    doc = _Document(path)
    top = doc.mapping(
        doc.root(), "the rubric", ("id", "periods", "events"),
        ("title", "require", "historians", "examples", "notes"),
    )
    rubric_id = doc.file_id(top["id"], "rubric")
    periods = _periods(doc, top["periods"])
    events = _events(doc, top["events"], periods)
    historians = _historians(doc, top["historians"]) if "historians" in top else ()
    _no_shared_aliases(doc, top)
    return Rubric(
        id=rubric_id,
        title=doc.get(top, "title", lambda n: doc.text(n, "title"), rubric_id),
        periods=periods,
        events=events,
        historians=historians,
        require=_requirements(doc, top["require"]) if "require" in top else Requirements(),
        examples=_examples(doc, top["examples"], path, events, historians, periods)
        if "examples" in top else (),
        path=str(path),
    )


def _periods(doc: _Document, node: Node) -> tuple[Period, ...]:
    periods = []
    ids = []
    for item in doc.sequence(node, "periods"):
        values = doc.mapping(item, "a period", ("id", "label", "start", "end"), ())
        period = Period(
            id=doc.ident(values["id"], "a period's id"),
            label=doc.text(values["label"], "a period's label"),
            start=doc.integer(values["start"], "a period's start year", 0, 2100),
            end=doc.integer(values["end"], "a period's end year", 0, 2100),
        )
        if period.end < period.start:
            raise doc.error(values["end"], f"period '{period.id}' ends before it starts")
        periods.append(period)
        ids.append((period.id, values["id"]))
    if not periods:
        raise doc.error(node, "a rubric needs at least one period")
    doc.unique_ids(ids, "period")
    return tuple(periods)


def _events(doc: _Document, node: Node, periods: tuple[Period, ...]) -> tuple[Event, ...]:
    period_ids = [p.id for p in periods]
    events = []
    ids = []
    for item in doc.sequence(node, "events"):
        values = doc.mapping(
            item, "an event", ("id", "name", "date"),
            ("aliases", "cooccur", "required", "period", "hint", "note"),
        )
        event_id = doc.ident(values["id"], "an event's id")
        period = None
        if "period" in values:
            period = doc.text(values["period"], "an event's period")
            if period not in period_ids:
                near = closest(period, period_ids, limit=1)
                raise doc.error(
                    values["period"], f"event '{event_id}' names unknown period '{period}'",
                    f"did you mean '{near[0]}'?" if near else f"periods: {', '.join(period_ids)}",
                )
        aliases = doc.get(values, "aliases", lambda n: doc.texts(n, "an alias"), ())
        cooccur = doc.get(values, "cooccur", lambda n: _cooccurrences(doc, n), ())
        if not aliases and not cooccur:
            raise doc.error(
                item, f"event '{event_id}' has no aliases and no cooccur rules, so it can "
                "never be found", "add the phrases a student would write under 'aliases'",
            )
        events.append(Event(
            id=event_id,
            name=doc.text(values["name"], "an event's name"),
            dates=_dates(doc, values["date"]),
            aliases=aliases,
            cooccur=cooccur,
            required=doc.get(values, "required", lambda n: doc.boolean(n, "required"), True),
            period=period,
            hint=doc.get(values, "hint", lambda n: doc.text(n, "a hint"), None),
        ))
        ids.append((event_id, values["id"]))
    doc.unique_ids(ids, "event")
    return tuple(events)


def _dates(doc: _Document, node: Node) -> tuple[Span, ...]:
    items = doc.sequence(node, "date") if isinstance(node, yaml.SequenceNode) else [node]
    spans = []
    for item in items:
        try:
            spans.append(parse_span(doc.scalar(item, "a date")))
        except ValueError as exc:
            raise doc.error(item, str(exc)) from None
    if not spans:
        raise doc.error(node, "an event needs at least one date")
    return tuple(spans)


def _cooccurrences(doc: _Document, node: Node) -> tuple[CoOccurrence, ...]:
    rules = []
    for item in doc.sequence(node, "cooccur"):
        within = None
        groups_node = item
        if isinstance(item, yaml.MappingNode):
            values = doc.mapping(item, "a cooccur rule", ("words",), ("within",))
            groups_node = values["words"]
            within = doc.get(values, "within", lambda n: doc.integer(n, "within", 1, 50), None)
        groups = tuple(
            doc.texts(group, "a cooccur word") for group in doc.sequence(groups_node, "words")
        )
        if not 2 <= len(groups) <= 3:
            raise doc.error(
                groups_node, f"a cooccur rule needs 2 or 3 word lists, not {len(groups)}",
                "e.g. [[withdrew, recalled], [experts, advisers]]",
            )
        rules.append(CoOccurrence(groups, within))
    return tuple(rules)


def _historians(doc: _Document, node: Node) -> tuple[Historian, ...]:
    historians = []
    ids = []
    for item in doc.sequence(node, "historians"):
        values = doc.mapping(
            item, "a historian", ("id", "name", "view"),
            ("aliases", "works", "exclude", "note"),
        )
        historian = Historian(
            id=doc.ident(values["id"], "a historian's id"),
            name=doc.text(values["name"], "a historian's name"),
            aliases=doc.get(values, "aliases", lambda n: doc.texts(n, "an alias"), ()),
            view=doc.text(values["view"], "a historian's view"),
            works=doc.get(values, "works", lambda n: _works(doc, n), ()),
            exclude=doc.get(values, "exclude", lambda n: doc.texts(n, "an exclude phrase"), ()),
        )
        own = {normalize_phrase(a) for a in (historian.name, *historian.aliases)}
        clash = [e for e in historian.exclude if normalize_phrase(e) in own]
        if clash:
            raise doc.error(
                values["exclude"], f"'{clash[0]}' is both an alias and an exclude phrase of "
                f"historian '{historian.id}'",
            )
        historians.append(historian)
        ids.append((historian.id, values["id"]))
    doc.unique_ids(ids, "historian")
    return tuple(historians)


def _works(doc: _Document, node: Node) -> tuple[Work, ...]:
    works = []
    for item in doc.sequence(node, "works"):
        if isinstance(item, yaml.ScalarNode):
            works.append(Work(doc.text(item, "a work")))
            continue
        values = doc.mapping(item, "a work", ("title",), ("year",))
        works.append(Work(
            doc.text(values["title"], "a work's title"),
            doc.get(values, "year", lambda n: doc.integer(n, "a work's year", 0, 2100), None),
        ))
    return tuple(works)


def _requirements(doc: _Document, node: Node) -> Requirements:
    values = doc.mapping(node, "require", (), ("historians_cited", "words"))
    default = Requirements()
    words = default.words
    if "words" in values:
        items = doc.sequence(values["words"], "words")
        if len(items) != 2:
            raise doc.error(values["words"], "words must be [minimum, maximum], e.g. [700, 1100]")
        low = doc.integer(items[0], "the minimum word count", 0, 100_000)
        high = doc.integer(items[1], "the maximum word count", 0, 100_000)
        if high <= low:
            raise doc.error(items[1], "the maximum word count must be above the minimum")
        words = (low, high)
    return Requirements(
        historians_cited=doc.get(
            values, "historians_cited",
            lambda n: doc.integer(n, "historians_cited", 0, 20), default.historians_cited),
        words=words,
    )


def _examples(
    doc: _Document, node: Node, path: Path, events: tuple[Event, ...],
    historians: tuple[Historian, ...], periods: tuple[Period, ...],
) -> tuple[Example, ...]:
    known = {
        "found": [e.id for e in events], "missing": [e.id for e in events],
        "date_issues": [e.id for e in events], "cited": [h.id for h in historians],
        "mentioned": [h.id for h in historians], "uncovered": [p.id for p in periods],
        "unmet": list(REQUIREMENTS),
    }
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
        lists: dict[str, tuple[str, ...]] = {}
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
            lists[key] = given
        examples.append(Example(file=file, expect=expect, **lists))
    return tuple(examples)


def _no_shared_aliases(doc: _Document, top: dict[str, Node]) -> None:
    """The same phrase on two events (or historians) is ambiguous: say where."""
    for section in ("events", "historians"):
        if section not in top:
            continue
        owner: dict[str, str] = {}
        for item in top[section].value:
            values = dict((k.value, v) for k, v in item.value)
            ident = values["id"].value
            alias_node = values.get("aliases")
            if alias_node is None:
                continue
            nodes = [alias_node] if isinstance(alias_node, yaml.ScalarNode) else alias_node.value
            for alias in nodes:
                key = normalize_phrase(str(alias.value))
                if owner.get(key, ident) != ident:
                    raise doc.error(
                        alias, f"'{alias.value}' is an alias of both '{owner[key]}' and "
                        f"'{ident}'", "keep each phrase on one item, or make it more specific",
                    )
                owner[key] = ident


# --- prompts -------------------------------------------------------------------------


def load_prompt(path: Path) -> Prompt:
    """Load and validate a prompt file (its rubric is resolved by the caller).

    Raises:
        ContentError: anything wrong in the file, at its line and column.
    """
    doc = _Document(path)
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
