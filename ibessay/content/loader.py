"""Loading prompt and rubric YAML, with errors that point at ``file:line:col``.

The YAML is composed into nodes (which carry their position) and converted by hand, so
every complaint names the exact place: an unknown key (and the allowed ones), a duplicate
id, a date that is not a date. The formats are documented in ``docs/authoring.md``.

A rubric's keys belong to its criteria (:mod:`ibessay.engine.criteria`): each one reads
and validates its own with a :class:`Document`, and :func:`load_rubric` only knows the
keys every rubric has (id, title, require, examples, notes).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeAlias, TypeVar

import yaml

from ..errors import ContentError, IbessayError, closest
from .library import case_folders, find_case
from .model import (
    COMMAND_TERMS,
    MAX_ITEMS,
    PHRASE_CHARS,
    PHRASE_WORDS,
    REGIONS,
    TOPICS,
    Case,
    CaseSet,
    Example,
    Prompt,
    Rubric,
)


class Part(Protocol):
    """What the loader needs of whoever reads a part of a rubric (in ibessay, a
    criterion of :mod:`ibessay.engine.criteria`; content never imports the engine)."""

    name: str
    keys: tuple[str, ...]
    required_keys: tuple[str, ...]
    require_keys: tuple[str, ...]
    case_keys: tuple[str, ...]  # the keys of a case file it reads
    expectations: Mapping[str, Any]  # key -> an object with ids(parts) -> list[str]

    def load(self, doc: Document, values: Mapping[str, Node], require: Mapping[str, Node],
             parts: Mapping[str, Any]) -> Any: ...

    def join(self, part: Any, cases: CaseSet,
             sources: Sequence[tuple[Document, Mapping[str, Node]]]) -> Any: ...

try:  # libyaml is ~10x faster than the pure-Python loader (perf-baseline.md section 2)
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Control characters (a double-quoted YAML string can hold any: "\e[2J"), which a
#: terminal would act on when a prompt or a pack's name is shown: tabs and line ends pass.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_EXAMPLE_EXPECTATIONS = ("pass", "fail")
T = TypeVar("T")
Node: TypeAlias = yaml.Node


_YAML_TAG = "tag:yaml.org,2002:"
_TIMESTAMP = _YAML_TAG + "timestamp"
#: The tags plain YAML resolves to by itself; any other tag was written by hand.
_PLAIN_TAGS = frozenset(_YAML_TAG + name for name in (
    "str", "int", "float", "bool", "null", "timestamp", "seq", "map"))
_TAG_HINT = "remove the tag: a rubric or prompt holds only text, numbers, lists and mappings"
#: No number a rubric or prompt needs comes near this (years, word counts, minutes).
_MAX_NUMBER = 999_999
#: The largest prompt, rubric or case file read (the bundled ones are under 0.2 MB): a
#: 20 MB rubric took 23 s and 1.4 GB to compile.
MAX_FILE_BYTES = 1_000_000
#: Values (scalars, lists, mappings) a file may hold once aliases are expanded; the
#: bundled rubric holds a few thousand.
_MAX_VALUES = 200_000
#: Errors one load reports at most (the first raised, the rest in ContentError.more): a
#: file that is wrong everywhere is rewritten, not fixed line by line.
MAX_ERRORS = 50
#: Values read again, in all, to read on past errors (each error read its part again):
#: a bundled rubric holds a few thousand, so fifty readings; a file of 40,000 values with
#: an error in every item took 4.7 s for fifty, and stops after about twelve.
_MAX_REREAD = 500_000


class _Stop(Exception):
    """Reading a file goes no further: enough errors, or a limit that makes the rest moot."""


def _children(node: Node) -> list[Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _holds(node: Node, where: tuple[int, int]) -> bool:
    """Is ``where`` (line, column, from 1) within ``node``?"""
    start = (node.start_mark.line + 1, node.start_mark.column + 1)
    end = (node.end_mark.line + 1, node.end_mark.column + 1)
    return start == where or start <= where < end


def _ids(node: Node) -> set[str]:
    """The ids of the items ``node`` is or holds (a mapping's ``id``, a list's items')."""
    if isinstance(node, yaml.SequenceNode):
        return {ident for item in node.value for ident in _ids(item)}
    if isinstance(node, yaml.MappingNode):
        return {str(v.value) for k, v in node.value
                if isinstance(k, yaml.ScalarNode) and k.value == "id"
                and isinstance(v, yaml.ScalarNode) and str(v.value).strip()}
    return set()


def _tag_name(tag: str) -> str:
    """A tag as it is written: ``!!python/object`` rather than its long form."""
    return "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag


def _shown(value: object, limit: int = 40) -> str:
    """``value`` short enough for a one-line message."""
    if isinstance(value, int) and value.bit_length() > 14_000:
        # str() of an integer over 4,300 digits (0xFFF... read from hex, which has no
        # such limit) fails in Python itself.
        return f"a number of {value.bit_length()} bits"
    text = str(value)
    if len(text) <= limit:
        return text
    what = f"{len(text)} digits" if text.lstrip("+-").isdigit() else f"{len(text)} characters"
    return f"{text[:20]}... ({what})"


# --- saying what to write instead -----------------------------------------------------

#: Keys that are accepted and do nothing: notes for the rubric's authors. A "did you
#: mean" found by spelling never offers one: 'not' is not 'note', and a teacher who
#: followed that advice would see every phrase under it silently ignored. Only a word
#: that means the same ("comment") is pointed at them (see _KEY_MEANINGS).
_COMMENT_KEYS = frozenset({"note", "notes"})

#: Words a teacher may write for a key, and the keys each may mean; a key is offered
#: only where it is allowed. Suggestions by meaning, where spelling would mislead.
_KEY_MEANINGS: dict[str, tuple[str, ...]] = {
    "alias": ("aliases",), "synonyms": ("aliases",), "phrases": ("aliases",),
    "keywords": ("aliases",), "names": ("aliases",), "matches": ("aliases",),
    "dates": ("date",), "when": ("date",), "year": ("date",), "years": ("date",),
    "title": ("name", "label", "title"), "label": ("label", "name"), "name": ("name", "label"),
    "note": ("notes",), "notes": ("note",),
    "comment": ("note", "notes"), "comments": ("note", "notes"),
    "remark": ("note", "notes"), "remarks": ("note", "notes"), "todo": ("note", "notes"),
    "tip": ("hint",), "tips": ("hint",), "advice": ("hint",), "help": ("hint",),
    "optional": ("required",), "mandatory": ("required",),
    "from": ("start",), "begin": ("start",), "begins": ("start",), "starts": ("start",),
    "to": ("end",), "until": ("end",), "ends": ("end",), "finish": ("end",),
    "exclude": ("not", "exclude"), "except": ("not", "exclude"), "unless": ("not",),
    "ignore": ("not", "exclude"), "false_friends": ("not", "others"),
    "not_near": ("not",), "without": ("not",),
    "other": ("others",), "other_events": ("others",), "confused_with": ("others",),
    "words": ("cooccur", "words"), "co_occurrence": ("cooccur",), "together": ("cooccur",),
    "distance": ("within",), "near": ("within",),
    "argument": ("view",), "thesis": ("view",), "views": ("view",),
    "books": ("works",), "book": ("works",), "work": ("works",),
    "subject": ("focus",), "subjects": ("focus",),
}


def _folded(word: str) -> str:
    return re.sub(r"[\s_-]+", "", word.casefold())


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and
    swaps of neighbours ("hnit" is one edit from "hint")."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1]


def suggest_key(key: str, allowed: Sequence[str]) -> str | None:
    """A "did you mean" for an unknown key, or None: a key that means the same (by the
    table of meanings), or one it is a slip of the keyboard away from (case, hyphens, a
    plural, one edit; two in a long key). A key that is accepted and ignored (a note)
    is offered only by meaning, never by spelling."""
    folded = _folded(key)
    meanings = {_folded(word): keys for word, keys in _KEY_MEANINGS.items()}
    by_meaning = [k for k in meanings.get(folded, ()) if k in allowed and k != key]
    if by_meaning:
        return f"did you mean '{by_meaning[0]}'?"
    same_but_case = [k for k in allowed if k != key and k.casefold() == key.casefold()]
    if same_but_case:  # "Note" is "note", never "not"
        return f"did you mean '{same_but_case[0]}'?"
    best: tuple[int, str] | None = None
    for candidate in allowed:
        if candidate in _COMMENT_KEYS:
            continue
        target = _folded(candidate)
        if folded in (target, target + "s", target + "es") or target in (folded + "s",):
            distance = 0
        else:
            distance = _edits(folded, target)
            if distance > (1 if len(target) <= 5 else 2):
                continue
        if best is None or distance < best[0]:
            best = (distance, candidate)
    return f"did you mean '{best[1]}'?" if best else None


_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for name in names}
_NAMED_MONTH = re.compile(r"(?i)^(?:([a-z]+)\.?,?\s+(\d{3,4})|(\d{3,4}),?\s+([a-z]+)\.?)$")
_NUMBERED_MONTH = re.compile(r"^(?:(\d{3,4})\s*[-/.]\s*(\d{1,2})|(\d{1,2})\s*[-/.]\s*(\d{3,4}))$")


def as_month(value: object) -> str | None:
    """``value`` as ``YYYY-MM`` when it names one month ("July 1947", "Jul. 1947",
    "1947/07", "7/1947", a date such as 1947-07-01), else None. For hints: a boundary
    written as a month gets "write 1947-07", or is told that only a year is read."""
    import datetime as _dt  # only on the error path

    if isinstance(value, _dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    if not isinstance(value, str):
        return None
    text = value.strip()
    named = _NAMED_MONTH.match(text)
    if named:
        word, year = (named.group(1), named.group(2)) if named.group(1) else \
            (named.group(4), named.group(3))
        number = _MONTHS.get(word.casefold())
        return f"{int(year):04d}-{number:02d}" if number else None
    numbered = _NUMBERED_MONTH.match(text)
    if numbered:
        year, month = (numbered.group(1), numbered.group(2)) if numbered.group(1) else \
            (numbered.group(4), numbered.group(3))
        if 1 <= int(month) <= 12:
            return f"{int(year):04d}-{int(month):02d}"
    return None


def _syntax_hint(problem: str, text: str, line: int) -> str:
    """How to fix a YAML syntax error, from the problem and the line it is on."""
    lines = text.splitlines()
    written = lines[line - 1] if 0 < line <= len(lines) else ""
    if "tab" in problem or "\t" in written[:len(written) - len(written.lstrip())]:
        return "indent with spaces: YAML does not allow tabs"
    if "mapping values are not allowed" in problem:
        match = re.match(r"^(\s*(?:-\s+)?[\w-]+:)\s+(.*?)\s*$", written)
        if match and ": " in match.group(2) + " ":
            value = match.group(2)
            quoted = _quoted(value if len(value) <= 60 else value[:50] + "...")
            return ("a colon followed by a space starts a key; quote the text: "
                    f"{match.group(1).strip()} {quoted}")
    if "nesting depth" in problem:
        return "nothing in a rubric or prompt nests more than a few levels"
    return "check the indentation and quoting on this line and the one above"


def _quoted(text: str) -> str:
    if '"' not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _colon_hint(node: Node) -> str | None:
    """For text read as a mapping because it holds ": " ("- Signed in Moscow: a loan")."""
    if not (isinstance(node, yaml.MappingNode) and len(node.value) == 1):
        return None
    key, value = node.value[0]
    if not (isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)
            and not key.style and not value.style
            and key.start_mark.line == value.start_mark.line):
        return None
    return ("a colon followed by a space starts a key; quote the text: "
            + _quoted(f"{key.value}: {value.value}"))


class Document:
    """One YAML file being read: converts nodes and raises located errors."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self._constructor = yaml.constructor.SafeConstructor()
        #: What is wrong, in the order found (see :meth:`record` and :meth:`finish`).
        self.errors: list[ContentError] = []
        #: The ids of items left out because of an error: a later complaint that names
        #: one (an unknown period 'x' when period 'x' was wrong) only follows from it.
        self.failed_ids: set[str] = set()
        self.drops = 0  # items and keys left out (see drop())
        self.values = 0  # in the file (see _inspect())

    # -- errors ------------------------------------------------------------------------

    def error(self, node: Node, message: str, hint: str | None = None) -> ContentError:
        mark = node.start_mark
        return ContentError(self.name, mark.line + 1, mark.column + 1, message, hint)

    def record(self, error: ContentError, own: set[str] | frozenset[str] = frozenset()
               ) -> None:
        """Keep ``error`` (and those in its ``more``) to report when the file is read,
        unless it only follows from one already kept: it names an item left out (other
        than ``own``, the ids of the item it is in). Stops reading at MAX_ERRORS."""
        for one in error.errors:
            if self.errors and (
                any(f"'{ident}'" in one.message for ident in self.failed_ids - own)
                or any((e.path, e.line, e.column, e.message) ==
                       (one.path, one.line, one.column, one.message) for e in self.errors)):
                continue
            self.errors.append(one)
        error.more = []
        if len(self.errors) >= MAX_ERRORS:
            raise _Stop

    def attempt(self, convert: Callable[[], T], default: T) -> T:
        """``convert()``, or ``default`` when it raises a ContentError (kept)."""
        try:
            return convert()
        except ContentError as exc:
            self.record(exc)
            return default

    def finish(self) -> None:
        """Raise the first error found, with the others in its ``more``.

        Raises:
            ContentError: anything wrong in the file, at its line and column.
        """
        if self.errors:
            first, *rest = self.errors[:MAX_ERRORS]
            # The first as it always was (the one a check shows); the rest in file order,
            # this file's before those of the case files it accepts.
            first.more = sorted(rest, key=lambda e: (e.path != self.name, e.path, e.line,
                                                     e.column))
            raise first

    def read(self, convert: Callable[[], T]) -> T:
        """``convert()`` with every error it records raised at the end, first first.

        An error it raises itself is the last recorded; anything else raised after an
        error (a part left out that another part needed) ends the reading there."""
        try:
            result = convert()
        except ContentError as exc:
            try:
                self.record(exc)
            except _Stop:
                pass
        except _Stop:
            pass
        except Exception:
            if not self.errors:
                raise
        self.finish()
        return result  # no error was recorded, so convert() returned

    def place(self, error: ContentError, *containers: dict[str, Node]
              ) -> tuple[dict[str, Node], str, Node | None] | None:
        """Where in ``containers`` (mappings of keys to nodes) ``error`` is: the
        container, the key, and the item of the list under it that holds the error's
        place (None: the value is not a list, or the error is at the list itself)."""
        if error.path != self.name:
            return None
        where = (error.line, error.column)
        for container in containers:
            for key, node in container.items():
                if _holds(node, where):
                    # Items are mappings (an event, a historian); in a list of words or
                    # numbers, the error is the list's.
                    items = node.value if isinstance(node, yaml.SequenceNode) else []
                    item = next((i for i in items if _holds(i, where)), None)
                    return container, key, item if isinstance(item, yaml.MappingNode) else None
        return None

    def drop(self, place: tuple[dict[str, Node], str, Node | None]) -> None:
        """Leave out what an error is in (see :meth:`place`) so that reading can go on:
        the item of a list (an event, a historian), else the whole value of the key."""
        # Each time, the part is read again from the start: so that a file of a thousand
        # items that each repeat one error costs no more than a few readings, stop.
        self.drops += 1
        if self.drops > MAX_ERRORS or self.drops * self.values > _MAX_REREAD:
            raise _Stop
        container, key, item = place
        node = container[key]
        if item is None:
            del container[key]
            self.failed_ids.update(_ids(node))
            return
        container[key] = yaml.SequenceNode(
            node.tag, [i for i in node.value if i is not item], node.start_mark,
            node.end_mark, flow_style=node.flow_style)
        self.failed_ids.update(_ids(item))

    def root(self) -> Node:
        try:
            # Never more than the limit is read: a 10 GB file (or /dev/zero) is refused
            # as quickly as a 2 MB one.
            with open(self.path, "rb") as file:
                data = file.read(MAX_FILE_BYTES + 1)
                size = len(data) if len(data) <= MAX_FILE_BYTES else \
                    max(len(data), os.fstat(file.fileno()).st_size)
        except FileNotFoundError:
            raise IbessayError(f"'{self.name}' not found") from None
        except IsADirectoryError:
            raise IbessayError(f"'{self.name}' is a folder, not a YAML file") from None
        except OSError as exc:
            raise IbessayError(f"cannot read '{self.name}': {exc.strerror}") from None
        if size > MAX_FILE_BYTES:
            raise ContentError(
                self.name, 1, 1, f"the file is {size / 1e6:.1f} MB; a prompt, rubric or "
                f"case may be at most {MAX_FILE_BYTES // 1_000_000} MB",
                "the bundled rubrics are under 0.2 MB: split the file, or cut what no "
                "draft needs")
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
                _syntax_hint(problem, text, line),
            ) from None
        except RecursionError:  # the pure-Python parser (libyaml stops at depth 1000)
            raise ContentError(
                self.name, 1, 1, "YAML nested too deeply to read",
                "nothing in a rubric or prompt nests more than a few levels",
            ) from None
        except yaml.YAMLError as exc:  # pragma: no cover - errors without a position
            raise ContentError(self.name, 1, 1, f"YAML error: {exc}") from None
        if node is None:
            raise ContentError(self.name, 1, 1, "the file is empty")
        self._inspect(node)
        return node

    def mapping(
        self, node: Node, what: str, required: tuple[str, ...], optional: tuple[str, ...],
        recover: bool = False,
    ) -> dict[str, Node]:
        """The values of a mapping by key; unknown, duplicate or missing keys are errors.
        With ``recover``, each is recorded (:meth:`record`) and the rest still read."""
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what} must be a mapping of keys to values")
        allowed = required + optional
        values: dict[str, Node] = {}
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            error = None
            if not isinstance(key, str):
                error = self.error(key_node, f"keys in {what} must be plain words")
            elif key in seen:
                error = self.error(key_node, f"duplicate key '{key}' in {what}")
            elif key not in allowed:
                error = self.error(
                    key_node,
                    f"unknown key '{key}' in {what}; allowed: {', '.join(allowed)}",
                    suggest_key(key, allowed),
                )
            if error is not None:
                if not recover:
                    raise error
                self.record(error)
                continue
            seen.add(key)  # type: ignore[arg-type]
            values[key] = value_node  # type: ignore[index]
        for key in required:
            if key not in seen:
                error = self.error(node, f"{what} is missing the required key '{key}'")
                if not recover:
                    raise error
                self.record(error)
        return values

    def sequence(self, node: Node, what: str) -> list[Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, f"{what} must be a list")
        return list(node.value)

    def scalar(self, node: Node, what: str) -> Any:
        value = self._construct(node, what)
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _MAX_NUMBER:
            raise self.error(node, f"{what} is far too large: {_shown(value)}",
                             "years run 0 to 2100, and counts and limits are small numbers")
        return value

    def _construct(self, node: Node, what: str) -> Any:
        """The Python value of a scalar node; anything PyYAML cannot build (a date that
        does not exist, a number too long to read) is an error at the node."""
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(node, f"{what} must be a single value, not a list or mapping",
                             _colon_hint(node))
        try:
            return self._constructor.construct_object(node)
        except (ValueError, OverflowError) as exc:
            raw = str(node.value)
            if raw.strip().lstrip("+-").isdigit():
                raise self.error(node, f"{what} is far too large: a number of {len(raw)} "
                                 "digits", "years run 0 to 2100, and counts and limits are "
                                 "small numbers") from None
            if node.tag == _TIMESTAMP:
                raise self.error(node, f"{what} '{raw}' is not a real date ({exc})",
                                 "write the date as YYYY-MM-DD, e.g. 1950-02-14") from None
            raise self.error(node, f"{what} '{_shown(raw)}' cannot be read as "
                             f"{_tag_name(node.tag)}: {exc}") from None
        except yaml.YAMLError:  # a tag _inspect let through that SafeConstructor lacks
            raise self.error(node, f"unknown YAML tag '{_tag_name(node.tag)}'",
                             _TAG_HINT) from None
        except (KeyError, AttributeError, TypeError):
            # A standard tag on a value it does not fit ("!!bool maybe", "!!timestamp
            # foo"): SafeConstructor fails without a message of its own.
            raise self.error(node, f"{what} '{_shown(node.value)}' cannot be read as "
                             f"{_tag_name(node.tag)}", "remove the tag, or write a value "
                             "of that type") from None

    def text(self, node: Node, what: str, max_words: int | None = None) -> str:
        """A text; with ``max_words``, a phrase looked for in drafts, which must be short."""
        value = self.scalar(node, what)
        if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
            raise self.error(node, f"{what} must be text")
        value = str(value).strip()
        if not value:
            raise self.error(node, f"{what} must not be empty")
        control = _CONTROL.search(value)
        if control:
            raise self.error(node, f"{what} holds the control character "
                             f"{control.group()!r}", "remove it: a terminal would act on "
                             "it rather than show it")
        if not any(ch.isalnum() for ch in value):
            raise self.error(
                node, f"{what} '{_shown(value)}' has no letters or digits",
                "write the words it stands for: punctuation alone is not something a "
                "student writes",
            )
        if max_words is not None and len(value.split()) > max_words:
            raise self.error(
                node, f"{what} of {len(value.split())} words is longer than the limit of "
                f"{max_words}", "a phrase is matched as a student writes it: a name or a few "
                "words; for a longer wording, use a cooccur rule",
            )
        if max_words is not None and len(value) > PHRASE_CHARS:
            raise self.error(
                node, f"{what} of {len(value):,} characters is longer than the limit of "
                f"{PHRASE_CHARS}", "a phrase is matched as a student writes it: a name or a "
                "few words; for a longer wording, use a cooccur rule",
            )
        return value

    def integer(self, node: Node, what: str, low: int, high: int) -> int:
        value = self._construct(node, what)
        if isinstance(value, bool) or not isinstance(value, int):
            month = as_month(value)
            if month is not None:
                raise self.error(
                    node, f"{what} must be a whole number: '{_shown(str(value))}' names a "
                    "month, and here only a year is read",
                    f"write {month[:4]} (the year alone)",
                )
            raise self.error(node, f"{what} must be a whole number")
        if not low <= value <= high:
            raise self.error(node, f"{what} must be between {low} and {high}, "
                             f"not {_shown(value)}")
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

    def texts(self, node: Node, what: str, max_words: int | None = None) -> tuple[str, ...]:
        """A list of texts; a single text is accepted as a list of one."""
        if isinstance(node, yaml.ScalarNode):
            return (self.text(node, what, max_words),)
        items = self.sequence(node, what)
        for item, after in zip(items, items[1:]):
            # [150,000 reservists] is two items in YAML, "150" and "000 reservists": a
            # bare "150" would then match any draft that writes the number.
            if (isinstance(item, yaml.ScalarNode) and isinstance(after, yaml.ScalarNode)
                    and not item.style and item.value.isdigit()
                    and after.value[:3].isdigit() and item.end_mark.index + 1 ==
                    after.start_mark.index):
                raise self.error(
                    item, f"'{item.value},{after.value}' was read as two items",
                    f'quote it: "{item.value},{after.value}"')
        return tuple(self.text(item, what, max_words) for item in items)

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


    def _inspect(self, root: Node) -> None:
        """Refuse what the hand conversion would otherwise meet too late or not at all: a
        tag other than YAML's plain ones (``!!python/object``, ``!foo``, even on a list),
        and anchors and aliases that expand to more values than any rubric holds (a
        "billion laughs"), or that contain themselves.

        One pass over the nodes; an alias is the very node it names, so a list or mapping
        met twice means aliases, and only then are expanded sizes summed (once per node)."""
        plain = _PLAIN_TAGS
        seen: set[int] = set()
        shared = False
        values = 0
        stack = [root]
        while stack:
            node = stack.pop()
            values += 1
            if node.tag not in plain:
                self._refuse_tag(node)
            items = node.value
            if type(items) is list:  # a list or a mapping
                if id(node) in seen:
                    shared = True
                    continue
                seen.add(id(node))
                if isinstance(node, yaml.MappingNode):
                    for pair in items:
                        stack.extend(pair)
                else:
                    stack.extend(items)
        self.values = values
        if shared:
            self._expanded_sizes(root)
        elif values > _MAX_VALUES:
            raise self.error(root, f"the file holds {values:,} values; a rubric or prompt "
                             f"needs far fewer than {_MAX_VALUES:,}",
                             "split the file, or remove what is not needed")

    def _refuse_tag(self, node: Node) -> None:
        if node.tag == _YAML_TAG + "merge":
            raise self.error(node, "YAML merge keys (<<) are not read in a rubric or prompt",
                             "write the keys out in full")
        raise self.error(node, f"unknown YAML tag '{_tag_name(node.tag)}'", _TAG_HINT)

    def _expanded_sizes(self, root: Node) -> None:
        """The number of values each node stands for once aliases are expanded, summed
        bottom-up once per node: too many, or a node that contains itself, is an error
        at the smallest list or mapping at fault."""
        size: dict[int, int] = {}
        open_: set[int] = set()
        stack: list[tuple[Node, bool]] = [(root, False)]
        while stack:
            node, finished = stack.pop()
            key = id(node)
            children = _children(node)
            if finished:
                total = 1 + sum(size[id(child)] for child in children)
                if total > _MAX_VALUES:
                    kind = "list" if isinstance(node, yaml.SequenceNode) else "mapping"
                    raise self.error(
                        node, f"this {kind} holds {total:,} values once its YAML aliases "
                        f"(*name) are expanded; a rubric or prompt needs far fewer than "
                        f"{_MAX_VALUES:,}",
                        "write the values out instead of repeating aliases of aliases",
                    )
                size[key] = total
                open_.discard(key)
                continue
            if key in size:
                continue
            if key in open_:
                raise self.error(node, "this YAML anchor (&name) contains an alias of itself",
                                 "a value cannot include itself; write it out")
            open_.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in size)


# --- rubrics -------------------------------------------------------------------------


def load_rubric(path: Path, criteria: Sequence[Part], case_dirs: Sequence[Path] = ()
                ) -> Rubric:
    """Load and validate a rubric file; each of ``criteria`` reads its own keys (see
    :func:`ibessay.engine.compiled.load_rubric`, which passes the engine's).

    A two-case rubric (``cases:``) accepts cases by id: each is read from
    ``rubrics/cases/<id>.yaml`` beside the rubric, else from ``case_dirs`` in order,
    and each criterion joins the items a case brings to its part of the rubric.

    Reading goes on past an error, leaving out the key or the list item (an event, a
    historian) it is in, so that every independent error is found at once.

    Raises:
        ContentError: the first thing wrong in the file (or a case it names), at its
            line and column; the others found in its ``more``.
    """
    doc = Document(path)
    root = doc.root()
    return doc.read(lambda: _read_rubric(doc, root, path, criteria, case_dirs))


def _read_rubric(doc: Document, root: Node, path: Path, criteria: Sequence[Part],
                 case_dirs: Sequence[Path]) -> Rubric:
    with_cases = isinstance(root, yaml.MappingNode) and any(
        isinstance(k, yaml.ScalarNode) and k.value == "cases" for k, _ in root.value)
    # A two-case question's periods and events are its cases': its own are optional.
    case_keys = {k for c in criteria for k in c.case_keys} if with_cases else set()
    required = ("id", *(k for c in criteria for k in c.required_keys if k not in case_keys))
    optional = ("title", *(k for c in criteria for k in c.keys if k not in required),
                "require", "examples", "command_term", "sources", "cases", "notes")
    top = doc.mapping(root, "the rubric", required, optional, recover=True)
    rubric_id = doc.attempt(lambda: doc.file_id(top["id"], "rubric"), path.stem) \
        if "id" in top else path.stem
    require: dict[str, Node] = {}
    if "require" in top:
        require = doc.attempt(lambda: doc.mapping(
            top["require"], "require", (), tuple(k for c in criteria for k in c.require_keys),
            recover=True), {})
    item_keys = tuple(dict.fromkeys(k for c in criteria for k in (*c.keys, *c.case_keys)))
    count = _count_items(doc, top, item_keys, 0)
    case_set, sources = None, [(doc, top)]
    if "cases" in top:
        found = doc.attempt(
            lambda: _case_set(doc, top["cases"], path, case_dirs, criteria, item_keys, count),
            None)
        if found is not None:
            case_set, case_sources = found
            sources += case_sources
    parts = _load_parts(doc, criteria, top, require)
    if case_set is not None:
        for criterion in criteria:
            if criterion.name in parts:
                parts[criterion.name] = doc.attempt(
                    partial(criterion.join, parts[criterion.name], case_set, sources),
                    parts[criterion.name])
    return Rubric(
        id=rubric_id,
        title=doc.attempt(lambda: doc.get(top, "title", lambda n: doc.text(n, "title"),
                                          rubric_id), rubric_id),
        parts=parts,
        examples=_examples(doc, top["examples"], path, criteria, parts)
        if "examples" in top else (),
        path=str(path),
        command_term=doc.attempt(lambda: _command_term(doc, top["command_term"]), None)
        if "command_term" in top else None,
        sources=doc.attempt(
            lambda: doc.get(top, "sources", lambda n: doc.texts(n, "a source"), ()), ()),
        cases=case_set,
    )


def _load_parts(doc: Document, criteria: Sequence[Part], top: dict[str, Node],
                require: dict[str, Node], case: bool = False) -> dict[str, object]:
    """Each criterion's part (only those that read a case file's keys, for a ``case``).
    An error is recorded and the item (or key) it is in left out, and the criterion
    reads again without it: every independent error is found, each once."""
    parts: dict[str, object] = {}
    dropped: list[tuple[dict[str, Node], str, Node | None]] = []
    # Keys of the file's mapping that are not there: required ones were complained of.
    gone = set() if not doc.errors else \
        {k for c in criteria for k in (*c.keys, *c.required_keys, *c.case_keys)} - set(top)
    for criterion in criteria:
        if case and not criterion.case_keys:
            continue
        if any(place[2] is None and place[0] is top for place in dropped):
            # A whole key was left out (periods: that is not a list): what the parts
            # after it would say about it (an unknown period) only follows from it.
            return parts
        if gone & set(criterion.required_keys):
            return parts  # missing (and said so): the same for the parts after it
        while True:
            try:
                parts[criterion.name] = criterion.load(doc, top, {} if case else require,
                                                       parts)
                break
            except ContentError as exc:
                place = doc.place(exc, require, top)
                doc.record(exc, _ids(place[2]) if place and place[2] is not None else set())
                if place is None:
                    # Nothing to leave out: this part is missing, and the parts after it
                    # may need it (events are placed in periods).
                    return parts
                doc.drop(place)
                dropped.append(place)
            except (KeyError, TypeError, AttributeError, IndexError, ValueError):
                if not doc.errors:
                    raise
                return parts  # a key left out (or missing) that this part needs
    return parts


def _count_items(doc: Document, top: Mapping[str, Node], keys: Sequence[str], count: int,
                 brought_by: Node | None = None) -> int:
    """``count`` plus the items of the lists under ``keys``; past MAX_ITEMS, an error at
    the item that goes over (or at ``brought_by``, the case that brings it) ends reading."""
    for key in keys:
        node = top.get(key)
        if not isinstance(node, yaml.SequenceNode):
            continue
        if count + len(node.value) > MAX_ITEMS:
            over = node.value[MAX_ITEMS - count] if brought_by is None else brought_by
            doc.record(doc.error(
                over, f"{'this case brings' if brought_by is not None else 'this item brings'}"
                f" the rubric over the limit of {MAX_ITEMS:,} items (events, historians, "
                "periods, themes, cases and the like, with what its cases bring)",
                "a question needs a few dozen (the largest bundled rubric has 179): cut "
                "what no draft needs, or split the question into several rubrics"))
            raise _Stop
        count += len(node.value)
    return count


def locate_text(path: Path, matches: Callable[[str], bool]) -> tuple[int, int] | None:
    """(line, column) of the first text in the YAML file ``path`` that ``matches``, or
    None: where to put an error found after loading (a rubric compiled to too many
    phrases). The file loaded before, so it is read without checks."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=_Loader)
    except Exception:  # changed since it loaded: say no place rather than a wrong one
        return None
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:  # depth first, children in order: the file's order
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.value.strip() and matches(node.value):
                return node.start_mark.line + 1, node.start_mark.column + 1
        else:
            stack.extend(reversed(_children(node)))
    return None


# --- cases ---------------------------------------------------------------------------

#: Sentences on a case before it counts as treated rather than named in passing.
_TREAT_SENTENCES = 3


def case_ids_named(rubric_path: Path) -> list[str]:
    """The ids of the cases a rubric accepts, read quickly (for the cache's key: an
    edited case recompiles every rubric that accepts it). A file that cannot be read
    names none: loading it reports why. Which file holds each case depends on the
    folders, not on the rubric: :func:`find_case` says, on every run."""
    def value(node: Node | None, key: str) -> Node | None:
        if not isinstance(node, yaml.MappingNode):
            return None
        return next((v for k, v in node.value if k.value == key), None)

    try:  # composed, not constructed: an alias bomb stays a few nodes
        if rubric_path.stat().st_size > MAX_FILE_BYTES:
            return []  # the full load refuses it, unread (composing 18 MB took 12 s, 1 GB)
        root = yaml.compose(rubric_path.read_text(encoding="utf-8-sig"), Loader=_Loader)
    except Exception:  # anything malformed: the full load says what and where
        return []
    accepted = value(value(root, "cases"), "accept")
    if not isinstance(accepted, yaml.SequenceNode):
        return []
    return [str(item.value) for item in accepted.value
            if isinstance(item, yaml.ScalarNode) and _ID.match(str(item.value))]


def case_ids(folders: Sequence[Path]) -> list[str]:
    ids: set[str] = set()
    for folder in folders:
        if folder.is_dir():
            ids.update(p.stem for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    return sorted(ids)


def _case_set(doc: Document, node: Node, path: Path, case_dirs: Sequence[Path],
              criteria: Sequence[Part], item_keys: Sequence[str] = (), count: int = 0,
              ) -> tuple[CaseSet, list[tuple[Document, dict[str, Node]]]] | None:
    values = doc.mapping(node, "cases", ("accept",),
                         ("required", "different_regions", "treat_sentences"), recover=True)
    if "accept" not in values:
        return None  # recorded by mapping(); nothing else here can be judged
    folders = case_folders(path, case_dirs)
    cases: list[Case] = []
    sources: list[tuple[Document, dict[str, Node]]] = []
    seen: set[str] = set()
    errors = len(doc.errors)
    count += len(doc.sequence(values["accept"], "the cases accepted"))
    for item in doc.sequence(values["accept"], "the cases accepted"):
        loaded = doc.attempt(partial(_accepted_case, doc, item, seen, folders, criteria),
                             None)
        if loaded is None:
            continue
        case, case_doc, case_values = loaded
        count = _count_items(doc, case_values, item_keys, count, brought_by=item)
        cases.append(case)
        sources.append((case_doc, case_values))
    if len(doc.errors) > errors:
        # An accepted case was wrong: whether enough are accepted only follows from it.
        return CaseSet(tuple(cases), min(2, len(cases)), False, _TREAT_SENTENCES), sources
    if not cases:
        raise doc.error(values["accept"], "a two-case rubric must accept at least one case")
    required = doc.get(values, "required",
                       lambda n: doc.integer(n, "cases required", 1, len(cases)),
                       min(2, len(cases)))
    different = doc.get(values, "different_regions",
                        lambda n: doc.boolean(n, "different_regions"), False)
    if different and len({c.region for c in cases}) < required:
        raise doc.error(
            values["different_regions"],
            f"the cases accepted come from {len({c.region for c in cases})} region(s), "
            f"fewer than the {required} required from different regions",
            "accept cases from more regions, or set different_regions: false",
        )
    treat = doc.get(values, "treat_sentences",
                    lambda n: doc.integer(n, "treat_sentences", 1, 20), _TREAT_SENTENCES)
    return CaseSet(tuple(cases), required, different, treat), sources


def _accepted_case(doc: Document, item: Node, seen: set[str], folders: Sequence[Path],
                   criteria: Sequence[Part]) -> tuple[Case, Document, dict[str, Node]]:
    """The case an item of ``accept:`` names, loaded."""
    case_id = doc.ident(item, "a case id")
    if case_id in seen:
        raise doc.error(item, f"case '{case_id}' is accepted twice")
    seen.add(case_id)
    found = find_case(case_id, folders)
    if found is None:
        near = closest(case_id, case_ids(folders), limit=1)
        raise doc.error(
            item, f"unknown case '{case_id}': no file cases/{case_id}.yaml",
            f"did you mean '{near[0]}'?" if near else
            "write the case in rubrics/cases/ (see docs/authoring.md, \"Cases\")",
        )
    return load_case(found, criteria)


def load_case(path: Path, criteria: Sequence[Part]) -> tuple[Case, Document, dict[str, Node]]:
    """Load and validate a case file (``rubrics/cases/<id>.yaml``): its own keys, and
    the periods, events and historians the criteria read from it.

    Raises:
        ContentError: the first thing wrong in the file, at its line and column; the
            others found in its ``more``.
    """
    doc = Document(path)
    root = doc.root()
    return doc.read(lambda: _read_case(doc, root, path, criteria))


def _read_case(doc: Document, root: Node, path: Path, criteria: Sequence[Part]
               ) -> tuple[Case, Document, dict[str, Node]]:
    keys = tuple(k for c in criteria for k in c.case_keys)
    required = ("id", "name", "region", "names", "events", "sources")
    top = doc.mapping(root, "the case", required,
                      (*(k for k in keys if k not in required), "note"), recover=True)
    case_id = doc.attempt(lambda: doc.file_id(top["id"], "case"), path.stem) \
        if "id" in top else path.stem

    def read_region() -> str:
        region = doc.text(top["region"], "a region")
        if region not in REGIONS:
            raise doc.error(top["region"], f"unknown region '{region}'; allowed: "
                            f"{', '.join(REGIONS)}",
                            doc.suggest(region, list(REGIONS), "regions"))
        return region

    region = doc.attempt(read_region, "") if "region" in top else ""
    _count_items(doc, top, keys, 0)
    parts = _load_parts(doc, criteria, top, {}, case=True)
    case = Case(
        id=case_id,
        name=doc.attempt(lambda: doc.text(top["name"], "a case's name"), case_id)
        if "name" in top else case_id,
        region=region,
        names=doc.attempt(lambda: doc.texts(top["names"], "a name of the case",
                                            PHRASE_WORDS), ()) if "names" in top else (),
        parts=parts,
        sources=doc.attempt(lambda: doc.texts(top["sources"], "a source"), ())
        if "sources" in top else (),
        path=str(path),
    )
    return case, doc, top


def _examples(
    doc: Document, node: Node, path: Path, criteria: Sequence[Part],
    parts: dict[str, object],
) -> tuple[Example, ...]:
    # After an error in the rest of the rubric, the ids an example names are not judged:
    # one left out, or never read, would only repeat that error.
    judged = not doc.errors
    known = {key: expectation.ids(parts) if c.name in parts and judged else None
             for c in criteria for key, expectation in c.expectations.items()}
    known["unmet"] = [c.name for c in criteria]
    items: list[Node] = doc.attempt(lambda: doc.sequence(node, "examples"), [])
    examples = (doc.attempt(partial(_example, doc, item, path, known), None) for item in items)
    return tuple(example for example in examples if example is not None)


def _example(doc: Document, item: Node, path: Path, known: dict[str, list[str] | None]
             ) -> Example:
    values = doc.mapping(item, "an example", ("file", "expect"), (*known, "note"))
    file = doc.text(values["file"], "an example's file")
    if Path(file).is_absolute() or ".." in Path(file).parts or ":" in file:
        # pack test reads it and shows what it found: a pack from someone else must not
        # point it at the student's own files.
        raise doc.error(values["file"], f"example draft '{file}' is outside the rubric's "
                        "folder", "write its path from the rubric's folder, e.g. "
                        "examples/<rubric id>/pass.md")
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
            if ids is not None and ident not in ids:
                near = closest(ident, ids, limit=1)
                raise doc.error(
                    values[key], f"'{ident}' in {key} is not one of: {', '.join(ids)}"
                    if key == "unmet" else f"'{ident}' in {key} is not an id in this rubric",
                    f"did you mean '{near[0]}'?" if near else None,
                )
        checks.append((key, given))
    return Example(file=file, expect=expect, checks=tuple(checks))


def _command_term(doc: Document, node: Node) -> str:
    term = doc.text(node, "command_term")
    if term not in COMMAND_TERMS:
        near = closest(term, list(COMMAND_TERMS), limit=1)
        raise doc.error(
            node, f"unknown command term '{term}'; allowed: {', '.join(COMMAND_TERMS)}",
            f"did you mean '{near[0]}'?" if near else None,
        )
    return term


# --- prompts -------------------------------------------------------------------------


def load_prompt(path: Path) -> Prompt:
    """Load and validate a prompt file (its rubric is resolved by the caller).

    Raises:
        ContentError: the first thing wrong in the file, at its line and column; the
            others found in its ``more``.
    """
    doc = Document(path)
    root = doc.root()
    return doc.read(lambda: _read_prompt(doc, root, path))


def _read_prompt(doc: Document, root: Node, path: Path) -> Prompt:
    top = doc.mapping(
        root, "the prompt", ("id", "question", "command_term", "topic", "rubric"),
        ("minutes", "timeframe", "mirrors", "tags", "note"), recover=True,
    )

    def field(key: str, convert: Callable[[Node], T], default: T) -> T:
        return doc.attempt(lambda: convert(top[key]), default) if key in top else default

    prompt_id = field("id", lambda n: doc.file_id(n, "prompt"), path.stem)
    term = field("command_term", lambda n: _command_term(doc, n), "")

    def read_timeframe(node: Node) -> tuple[int, int]:
        values = doc.mapping(node, "timeframe", ("start", "end"), ())
        start = doc.integer(values["start"], "the timeframe's start", 0, 2100)
        end = doc.integer(values["end"], "the timeframe's end", 0, 2100)
        if end < start:
            raise doc.error(values["end"], "the timeframe ends before it starts")
        return start, end

    timeframe = field("timeframe", read_timeframe, None)
    rubric_node = top.get("rubric", root)
    return Prompt(
        id=prompt_id,
        question=field("question", lambda n: doc.text(n, "question"), ""),
        command_term=term,
        topic=field("topic", lambda n: doc.integer(n, "topic", 1, len(TOPICS)), 1),
        rubric=field("rubric", lambda n: doc.ident(n, "rubric"), ""),
        minutes=field("minutes", lambda n: doc.integer(n, "minutes", 1, 300), 45),
        timeframe=timeframe,
        mirrors=field("mirrors", lambda n: doc.texts(n, "mirrors"), ()),
        tags=field("tags", lambda n: doc.texts(n, "a tag"), ()),
        path=str(path),
        rubric_line=rubric_node.start_mark.line + 1,
        rubric_column=rubric_node.start_mark.column + 1,
    )
