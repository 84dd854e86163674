"""What prompts and rubrics are, once loaded: plain immutable data, no behaviour.

NamedTuples rather than dataclasses: a dataclass costs about a millisecond to create at
import time, and ``ibessay check`` has a start-up budget of a few tens of milliseconds.

The YAML formats are documented in ``docs/authoring.md``; :mod:`ibessay.content.loader`
turns a file into these objects and says ``file:line:col`` when it cannot. What a rubric
asks for lives in its parts, one per criterion (:mod:`ibessay.engine.criteria`).
"""

# No "from __future__ import annotations": NamedTuple would compile every field's
# annotation string at import, doubling the cost of defining the classes on start-up.

from typing import NamedTuple

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


#: Words a phrase looked for in drafts may have (an alias, a name, a cooccur word...): the
#: bundled bank's longest is 9 ("Law for Removing the Distress of People and Reich").
#: Each gap of a phrase is also found with punctuation in it, so a phrase of n words costs
#: n² to compile: a 4,000-word alias took 20 s and gigabytes.
PHRASE_WORDS = 16
#: Characters such a phrase may have: the bank's longest has 55 ("Treaty of Friendship and
#: Alliance with the Nationalists"). Each of its forms is a key of the automaton, up to
#: 1,700 of them: one 32,000-character alias of 16 words took a second and 290 MB.
PHRASE_CHARS = 150

#: Items one rubric may hold: the entries of the lists its criteria read (events,
#: historians, periods, themes, citation cues, focus...) and the cases it accepts, with
#: the entries those cases bring. The bundled maximum is 179 (war-outcome-two-regions: 10
#: cases bringing 104 events, 42 historians and 22 periods); over five times that leaves
#: a teacher room and keeps loading and compiling well under a second.
MAX_ITEMS = 1_000

#: Phrases one compiled rubric may look for, and their characters: its automaton's keys
#: (every alias with its spellings and plurals, each gap of it also with punctuation in
#: it, every cooccur word form and citation cue) and the misspellings its proper names
#: are indexed under (n²/2 of a name of n letters: 500 made-up names of 60 letters took
#: 2 s and 320 MB). The bundled maxima are 13,423 phrases (cold-war-crises-ideology, 9,581
#: of them automaton keys) and 195,575 characters (war-political-social-effects), each
#: compiled in 0.1 s. 100,000 keys of 110 characters took 2.3 s and 530 MB: over five
#: times the phrases and seven times the characters stay near a second and 100 MB.
MAX_PHRASE_KEYS = 75_000
MAX_PHRASE_CHARS = 1_500_000

#: The four regions of the syllabus: two-case questions often ask for cases "each chosen
#: from a different region".
REGIONS = {
    "africa-middle-east": "Africa and the Middle East",
    "americas": "the Americas",
    "asia-oceania": "Asia and Oceania",
    "europe": "Europe",
}


class Case(NamedTuple):
    """A case written once (``rubrics/cases/<id>.yaml``) and accepted by reference by
    the rubrics of two-case questions: a war, a leader's state, a crisis."""

    id: str
    name: str
    region: str  # a key of REGIONS
    names: tuple[str, ...]  # phrases that say a sentence is about the case
    parts: dict  # criterion name -> its part, as in a rubric (periods, events, historians)
    sources: tuple[str, ...] = ()
    path: str = ""


class CaseSet(NamedTuple):
    """What a two-case question asks (a rubric's ``cases:``): how many of the cases it
    accepts an answer must treat, and whether from different regions."""

    cases: tuple[Case, ...]
    required: int = 2
    different_regions: bool = False
    treat_sentences: int = 3  # sentences on a case before it counts as treated


class Example(NamedTuple):
    """A draft shipped with a rubric, and what checking it must give."""

    file: str  # relative to the rubric file
    expect: str  # "pass" or "fail"
    # (key, ids): what the criteria must find, e.g. ("found", ("korean-war",)); the keys
    # are the criteria's expectations (ibessay.engine.criteria), and "unmet".
    checks: tuple[tuple[str, tuple[str, ...]], ...] = ()


class Rubric(NamedTuple):
    """A rubric: what each criterion reads from its file (its *part*), by criterion."""

    id: str
    title: str
    parts: dict  # criterion name -> its part (see ibessay.engine.criteria)
    examples: tuple[Example, ...] = ()
    path: str = ""
    #: The command term of the question it was written for, when the rubric says: what
    #: a check by rubric alone (``--rubric``, the example drafts) reads the draft for.
    command_term: str | None = None
    #: Where its facts were checked (authors' references; see docs/authoring.md).
    sources: tuple[str, ...] = ()
    #: The cases a two-case question accepts (None: a question on one subject).
    cases: CaseSet | None = None


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
# The cache (ibessay.content.cache) stores with marshal, which is built into the interpreter (no
# import cost) but knows only plain types. Records become ("\0record", class, fields...).

_RECORD = "\0record"
_CLASSES = {cls.__name__: cls for cls in (Example, Rubric, Prompt, Case, CaseSet)}


def to_plain(value: object) -> object:
    """``value`` with every record (NamedTuple) turned into plain nested tuples."""
    if isinstance(value, tuple):
        items = tuple(to_plain(item) for item in value)
        return (_RECORD, type(value).__name__, *items) if hasattr(value, "_fields") else items
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: to_plain(item) for key, item in value.items()}
    return value


def from_plain(value: object, records: dict[str, type] | None = None) -> object:
    """The inverse of :func:`to_plain`; ``records`` names the record types beyond the
    model's own (a rubric's parts are the criteria's records)."""
    classes: dict[str, type] = {**_CLASSES, **(records or {})}
    return _from_plain(value, classes)


def _from_plain(value: object, classes: dict[str, type]) -> object:
    if isinstance(value, tuple):
        if value and value[0] == _RECORD:
            return classes[value[1]](*(_from_plain(item, classes) for item in value[2:]))
        return tuple(_from_plain(item, classes) for item in value)
    if isinstance(value, list):
        return [_from_plain(item, classes) for item in value]
    if isinstance(value, dict):
        return {key: _from_plain(item, classes) for key, item in value.items()}
    return value
