"""What prompts and rubrics are, once loaded: plain immutable data, no behaviour.

NamedTuples rather than dataclasses: a dataclass costs about a millisecond to create at
import time, and ``ibessay check`` has a start-up budget of a few tens of milliseconds.

The YAML formats are documented in ``docs/authoring.md``; :mod:`ibessay.loader` turns a
file into these objects and says ``file:line:col`` when it cannot.
"""

# No "from __future__ import annotations": NamedTuple would compile every field's
# annotation string at import, doubling the cost of defining the classes on start-up.

from typing import NamedTuple

from ..engine.dates import Span

#: The command terms of the 2017 guide (plus "explain", seen in older papers).
COMMAND_TERMS = (
    "analyse", "compare", "contrast", "compare-and-contrast", "discuss", "evaluate",
    "examine", "to-what-extent", "explain",
)

#: The 12 world-history topics of the syllabus first assessed in 2017.
TOPICS = {
    1: "Society and economy (750–1400)",
    2: "Causes and effects of medieval wars (750–1500)",
    3: "Dynasties and rulers (750–1500)",
    4: "Societies in transition (1400–1700)",
    5: "Early Modern states (1450–1789)",
    6: "Causes and effects of Early Modern wars (1500–1750)",
    7: "Origins, development and impact of industrialization (1750–2005)",
    8: "Independence movements (1800–2000)",
    9: "Emergence and development of democratic states (1848–2000)",
    10: "Authoritarian states (20th century)",
    11: "Causes and effects of 20th-century wars",
    12: "The Cold War: superpower tensions and rivalries (20th century)",
}


class Period(NamedTuple):
    id: str
    label: str
    start: int
    end: int


class CoOccurrence(NamedTuple):
    """One word from each group in one sentence (or within ``within`` words) finds an event."""

    groups: tuple[tuple[str, ...], ...]
    within: int | None = None


class Event(NamedTuple):
    id: str
    name: str
    dates: tuple[Span, ...]
    aliases: tuple[str, ...]
    cooccur: tuple[CoOccurrence, ...] = ()
    required: bool = True
    period: str | None = None
    hint: str | None = None


class Work(NamedTuple):
    title: str
    year: int | None = None

    def label(self) -> str:
        return self.title if self.year is None else f"{self.title} ({self.year})"


class Historian(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    view: str
    works: tuple[Work, ...] = ()
    exclude: tuple[str, ...] = ()


#: The requirements a draft must meet to pass a rubric (see ibessay.scoring).
REQUIREMENTS = ("events", "periods", "historians", "dates", "words")


class Requirements(NamedTuple):
    historians_cited: int = 2
    words: tuple[int, int] = (700, 1100)


class Example(NamedTuple):
    """A draft shipped with a rubric, and what checking it must give."""

    file: str  # relative to the rubric file
    expect: str  # "pass" or "fail"
    found: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    cited: tuple[str, ...] = ()
    mentioned: tuple[str, ...] = ()
    date_issues: tuple[str, ...] = ()
    uncovered: tuple[str, ...] = ()
    unmet: tuple[str, ...] = ()  # requirement names, as in Report.unmet


class Rubric(NamedTuple):
    id: str
    title: str
    periods: tuple[Period, ...]
    events: tuple[Event, ...]
    historians: tuple[Historian, ...]
    require: Requirements = Requirements()
    examples: tuple[Example, ...] = ()
    path: str = ""


class Prompt(NamedTuple):
    id: str
    question: str
    command_term: str
    topic: int
    rubric: str
    minutes: int = 45
    timeframe: tuple[int, int] | None = None
    mirrors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    path: str = ""
    rubric_line: int = 1  # where `rubric:` is written, for "rubric not found" errors
    rubric_column: int = 1


# --- storing model objects -------------------------------------------------------------
# The cache (ibessay.cache) stores with marshal, which is built into the interpreter (no
# import cost) but knows only plain types. Records become ("\0record", class, fields...).

_RECORD = "\0record"
_CLASSES = {cls.__name__: cls for cls in (
    Span, Period, CoOccurrence, Event, Work, Historian, Requirements, Example, Rubric, Prompt,
)}


def to_plain(value: object) -> object:
    """``value`` with every model record turned into plain nested tuples."""
    if isinstance(value, tuple):
        items = tuple(to_plain(item) for item in value)
        return (_RECORD, type(value).__name__, *items) if hasattr(value, "_fields") else items
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    return value


def from_plain(value: object) -> object:
    """The inverse of :func:`to_plain`."""
    if isinstance(value, tuple):
        if value and value[0] == _RECORD:
            return _CLASSES[value[1]](*(from_plain(item) for item in value[2:]))
        return tuple(from_plain(item) for item in value)
    if isinstance(value, list):
        return [from_plain(item) for item in value]
    return value
