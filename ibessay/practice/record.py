"""``attempt.json``: ibessay's notes on one attempt, as a typed record with a version.

The file is ibessay's own, but it sits in a folder the student opens, syncs and may edit,
so reading it checks every field. A damaged file is an :class:`IbessayError` that names
it and says what to do. It is never a traceback, and never a reason to touch the outline
and drafts beside it. The one exception is the two time amounts (``read``, ``used``): a
student may edit those, and a bad one counts as none used.

Versions (``schema_version``):

1. What ibessay 0.1.0 wrote. Each timed part is a list in the field order of
   :class:`~ibessay.practice.timing.Part` (``[id, label, seconds, essay, marks]``). A key
   left out meant its default to the code that read it.
2. Parts are stored by name (``{"id": ..., "label": ..., "seconds": ...}``), so a field
   added to a part can never shift the others. ``kind``, ``format``, ``created``,
   ``status`` and each essay's ``prefix`` are always present. Other keys appear only
   when they have a value.

:meth:`AttemptRecord.from_json` migrates an older file in memory, one version at a time
(:data:`MIGRATIONS`), and the next save writes it in the current form. A file from a
newer ibessay is refused: this version could not keep what it does not know.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import MISSING, Field, dataclass, fields, replace
from pathlib import Path
from typing import Any

from ..errors import IbessayError
from .timing import FORMATS, Part, Schedule

META = "attempt.json"
SCHEMA_VERSION = 2

#: Statuses of an attempt; only the last two are over.
OPEN, IN_PROGRESS, PAUSED, FINISHED, ABANDONED = (
    "open", "in progress", "paused", "finished", "abandoned")
STATUSES = (OPEN, IN_PROGRESS, PAUSED, FINISHED, ABANDONED)
DONE = (FINISHED, ABANDONED)
#: One essay (``outline``, ``draft``, ``practice``) or a mock paper (``exam``).
KINDS = ("essay", "exam")
#: Where a timed session stands: it resumes with reading time until "writing".
PHASES = ("reading", "writing", "done")
#: An essay's files are ``PREFIX + role + .md`` in the attempt's folder: no separators.
_PREFIX = re.compile(r"[A-Za-z0-9_-]*")
_TIMINGS = "this attempt's timings ('schedule') are missing or damaged"


@dataclass(frozen=True)
class EssayRecord:
    """One essay of an attempt: its prompt, its files' prefix, and how its check went."""

    prompt: str
    prefix: str = ""
    words: int | None = None
    score: int | None = None
    band: str | None = None
    passed: bool | None = None
    overtime: bool = False  # edits after pens down are in overtime.md


@dataclass(frozen=True)
class AttemptRecord:
    """Everything ibessay keeps in ``attempt.json``. Timed attempts (``practice``,
    ``exam``) have a ``schedule``. The fields after it are the session's progress."""

    kind: str
    format: str
    created: str  # local time, ISO 8601, to the second
    status: str
    essays: tuple[EssayRecord, ...]
    schedule: Schedule | None = None
    phase: str | None = None
    read: float = 0.0  # seconds of reading time used
    used: float = 0.0  # seconds of writing time used
    pens_down: str | None = None  # when the timed copy was taken
    early: bool = False  # the student finished before the time was up
    finished: str | None = None
    editor_pids: tuple[int, ...] = ()  # GUI editor windows left open
    concept: str | None = None  # the 2028 paper's Section A concept

    @property
    def timed(self) -> bool:
        return self.schedule is not None

    def with_essay(self, index: int, **changes: Any) -> AttemptRecord:
        """This record with essay ``index`` changed."""
        essays = list(self.essays)
        essays[index] = replace(essays[index], **changes)
        return replace(self, essays=tuple(essays))

    def to_json(self) -> str:
        """The file's text, in the current version."""
        data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        for f in fields(self):
            value = getattr(self, f.name)
            if _is_default(f, value):
                continue
            if f.name == "essays":
                data["essays"] = [_essay_to_json(e) for e in value]
            elif f.name == "schedule":
                data["schedule"] = {"reading": value.reading,
                                    "parts": [p._asdict() for p in value.parts]}
                data["minutes"] = value.writing / 60  # not read back: for people
            elif f.name == "editor_pids":
                data["editor_pids"] = list(value)
            else:
                data[f.name] = value
        return json.dumps(data, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str, path: Path) -> AttemptRecord:
        """Read ``attempt.json``'s text (of any version up to :data:`SCHEMA_VERSION`).

        Raises:
            IbessayError: the file is damaged, or was made by a newer ibessay; the
                message names ``path``.
        """
        try:
            data = json.loads(text)
        except ValueError as exc:
            problem = "it is not valid JSON"
            if isinstance(exc, json.JSONDecodeError):
                problem += f" ({exc.msg} at line {exc.lineno}, column {exc.colno})"
            raise damaged(path, problem) from None
        if not isinstance(data, dict):
            raise damaged(path, "it should hold a JSON object ({...})")
        version = data.get("schema_version", 1)
        if type(version) is not int or version < 1:
            raise damaged(path, f"'schema_version' should be a whole number, not "
                                f"{json.dumps(version)}")
        if version > SCHEMA_VERSION:
            raise IbessayError(
                f"'{path}' was made by a newer ibessay (attempt format {version}; this "
                f"one reads formats up to {SCHEMA_VERSION})",
                "upgrade ibessay (pip install --upgrade ibessay); the attempt's files are "
                "untouched")
        for older in range(version, SCHEMA_VERSION):
            data = MIGRATIONS[older](data)
        try:
            return _parse(data)
        except _Damaged as exc:
            raise damaged(path, str(exc)) from None


def read_record(path: Path) -> AttemptRecord:
    """The record in ``path``.

    Raises:
        FileNotFoundError: there is no such file (the folder is not an attempt).
        IbessayError: the file cannot be read or is damaged.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise
    except UnicodeDecodeError:
        raise damaged(path, "it is not UTF-8 text") from None
    except OSError as exc:
        raise damaged(path, exc.strerror or str(exc)) from None
    return AttemptRecord.from_json(text, path)


def damaged(path: Path, problem: str) -> IbessayError:
    """The error for an ``attempt.json`` that cannot be used, naming it and the fix."""
    return IbessayError(
        f"cannot read the attempt file '{path}': {problem}",
        f"fix it by hand, or start a new attempt; your outline and drafts in "
        f"'{path.parent}' are untouched")


# --- versions ----------------------------------------------------------------------------

def _from_version_1(data: dict[str, Any]) -> dict[str, Any]:
    """Name each part's fields; write down the defaults that version 1's readers assumed
    for a missing key (as ``meta.get(key, default)``)."""
    data = {"kind": "essay", "format": "2017", "created": "", "status": OPEN, **data}
    essays = data.get("essays")
    if isinstance(essays, list):
        data["essays"] = [{"prefix": "", **e} if isinstance(e, dict) else e for e in essays]
    schedule = data.get("schedule")
    if isinstance(schedule, dict) and isinstance(schedule.get("parts"), list):
        names = Part._fields
        data["schedule"] = {**schedule, "parts": [
            dict(zip(names, p)) if isinstance(p, list) and 3 <= len(p) <= len(names) else p
            for p in schedule["parts"]]}
    data["schema_version"] = 2
    return data


#: ``MIGRATIONS[n]`` turns a version-n file's data into version n + 1's.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _from_version_1}


# --- reading and writing fields ----------------------------------------------------------

class _Damaged(Exception):
    """A problem with one field, worded for the file's reader."""


_REQUIRED = object()


def _is_default(f: Field[Any], value: object) -> bool:
    """Is ``value`` the default of an optional field (and so left out of the file)?"""
    return f.default is not MISSING and value == f.default


def _essay_to_json(essay: EssayRecord) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in fields(essay):
        value = getattr(essay, f.name)
        if f.name in ("prompt", "prefix") or not _is_default(f, value):
            data[f.name] = value
    return data


def _shown(value: object) -> str:
    return json.dumps(value)[:40]


def _get(data: dict[str, Any], key: str, kind: type | tuple[type, ...],
         default: object = _REQUIRED, where: str = "") -> Any:
    """``data[key]`` if it has type ``kind``; ``default`` when absent or null."""
    value = data.get(key)
    if value is None:
        if default is _REQUIRED:
            raise _Damaged(f"'{where}{key}' is missing")
        return default
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        wanted = " or ".join({str: "text", int: "a whole number", float: "a number",
                              bool: "true or false", list: "a list"}[k] for k in kinds)
        raise _Damaged(f"'{where}{key}' should be {wanted}, not {_shown(value)}")
    return value


def _choice(data: dict[str, Any], key: str, choices: tuple[str, ...],
            default: object = _REQUIRED) -> Any:
    value = _get(data, key, str, default)
    if value is not default and value not in choices:
        raise _Damaged(f"'{key}' should be one of {', '.join(choices)}; not {_shown(value)}")
    return value


def _number(value: object) -> bool:
    """Is it a number of seconds (JSON's true and false are not)?"""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


def _seconds(value: object) -> float:
    """A time amount; one a student broke by hand counts as none used."""
    return float(value) if _number(value) else 0.0  # type: ignore[arg-type]


def _parse(data: dict[str, Any]) -> AttemptRecord:
    essays = data.get("essays")
    if not isinstance(essays, list) or not essays:
        raise _Damaged("'essays' should list the attempt's essays")
    pids = _get(data, "editor_pids", list, [])
    return AttemptRecord(
        kind=_choice(data, "kind", KINDS),
        format=_choice(data, "format", FORMATS),
        created=_get(data, "created", str),
        status=_choice(data, "status", STATUSES),
        essays=tuple(_essay(e, i) for i, e in enumerate(essays)),
        schedule=_schedule(data.get("schedule")),
        phase=_choice(data, "phase", PHASES, None),
        read=_seconds(data.get("read")),
        used=_seconds(data.get("used")),
        pens_down=_get(data, "pens_down", str, None),
        early=_get(data, "early", bool, False),
        finished=_get(data, "finished", str, None),
        # Only looked up to avoid opening a second window: a stray entry is dropped.
        editor_pids=tuple(p for p in pids if type(p) is int and p > 0),
        concept=_get(data, "concept", str, None),
    )


def _essay(value: object, index: int) -> EssayRecord:
    where = f"essays[{index}]."
    if not isinstance(value, dict):
        raise _Damaged(f"'essays[{index}]' should be an object with a 'prompt'")
    prompt = _get(value, "prompt", str, where=where)
    prefix = _get(value, "prefix", str, where=where)
    if not prompt or not _PREFIX.fullmatch(prefix):
        bad = "prompt" if not prompt else "prefix"
        raise _Damaged(f"'{where}{bad}' is not a valid {bad}: {_shown(value[bad])}")
    return EssayRecord(
        prompt=prompt,
        prefix=prefix,
        words=_get(value, "words", int, None, where),
        score=_get(value, "score", int, None, where),
        band=_get(value, "band", str, None, where),
        passed=_get(value, "passed", bool, None, where),
        overtime=_get(value, "overtime", bool, False, where),
    )


def _schedule(value: object) -> Schedule | None:
    if value is None:
        return None
    if not (isinstance(value, dict) and _number(value.get("reading"))
            and isinstance(value.get("parts"), list) and value["parts"]):
        raise _Damaged(_TIMINGS)
    parts = []
    for part in value["parts"]:
        if not (isinstance(part, dict) and isinstance(part.get("id"), str)
                and isinstance(part.get("label"), str) and _number(part.get("seconds"))
                and type(part.get("essay", 0)) is int and type(part.get("marks", 0)) is int):
            raise _Damaged(_TIMINGS)
        parts.append(Part(part["id"], part["label"], float(part["seconds"]),
                          part.get("essay", 0), part.get("marks", 0)))
    schedule = Schedule(float(value["reading"]), tuple(parts))
    if schedule.writing <= 0:
        raise _Damaged(_TIMINGS)
    return schedule
