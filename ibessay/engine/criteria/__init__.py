"""Criteria: each kind of thing a rubric asks of a draft is one module here.

A criterion declares, in one class:

* ``keys`` / ``require_keys`` — the rubric YAML it reads, and :meth:`Criterion.load`
  validates them (errors at ``file:line:col``) into its *part* of the rubric;
* :meth:`Criterion.compile` — what it needs per rubric, as plain data (the compiled
  rubric stores whatever this returns; nothing else is kept by hand), registering its
  phrases in the shared :class:`~ibessay.engine.scan.PhraseBook` under kinds it names;
* :meth:`Criterion.detect` — its result for one draft, from the shared scan
  (:class:`~ibessay.engine.draft.Draft`: hits by kind, sentences, words) and the results
  of the criteria before it;
* :meth:`Criterion.points`, :meth:`Criterion.met`, :meth:`Criterion.band_cap` — how it
  scores and what it needs to pass;
* :meth:`Criterion.to_json`, :meth:`Criterion.findings`, :meth:`Criterion.hints`,
  :meth:`Criterion.section`, :meth:`Criterion.tally` — its part of the report: JSON,
  located messages, advice, a table for people and a line for the dashboard;
* :meth:`Criterion.class_items` — each of its items' state in one draft, for the picture
  of a class set (``ibessay check`` on many drafts: how many drafts found each event);
* :meth:`Criterion.explain` — for ``check --explain``: for each item, the alias or rule
  that matched and where, or the nearest miss;
* ``expectations`` — what an example draft or a test case may say of it
  (``found: [korean-war]``).

:data:`CRITERIA` is the registry, in the order they run and report. Everything that
loops over a report's parts (scoring, the report's JSON, renderers, the dashboard, the
example checker) goes through it. CONTRIBUTING.md shows how to add one.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

if TYPE_CHECKING:
    from ...content.loader import Document, Node
    from ...content.model import CaseSet, Rubric
    from ..display import Finding, Section, Tally
    from ..draft import Draft
    from ..scan import PhraseBook


class Hint(NamedTuple):
    """What to work on next."""

    kind: str  # the criterion's hint kind: "period", "event", "historian", "words"
    id: str | None
    message: str


#: One item's state in one draft, for a class set: (id, label, state, share, case).
#: ``state`` is one of the criterion's :attr:`Criterion.class_states`; ``share`` is the
#: part of the essay on it, for the criteria that measure one (periods), else None;
#: ``case`` is the name of the case it belongs to on a two-case question (an event of
#: the Suez Crisis), else None. A plain tuple: a class set pickles thousands of them
#: between processes.
ClassItem = tuple[str, str, str, "float | None", "str | None"]


class Expectation:
    """A key an example draft or test case may use: which ids it may name, and whether
    one holds in a result. (A plain class: every criterion makes some at import.)"""

    __slots__ = ("ids", "holds", "complaint", "actual")

    def __init__(self, ids: Callable[[Mapping[str, Any]], list[str]],
                 holds: Callable[[Any, str], bool], complaint: str,
                 actual: Callable[[Any], list[str]]) -> None:
        self.ids = ids  # the ids it may name, from the rubric's parts
        self.holds = holds  # (result, id) -> does it hold?
        self.complaint = complaint  # what is wrong when it does not: "'x' is <complaint>"
        self.actual = actual  # every id for which it holds (for "exactly")


class Criterion:
    """The interface every criterion implements (see the module docstring)."""

    #: The criterion's name: its key in score_parts, unmet and the compiled rubric.
    name: ClassVar[str]
    #: Top-level rubric keys it reads; those in ``required_keys`` must be present.
    keys: ClassVar[tuple[str, ...]] = ()
    required_keys: ClassVar[tuple[str, ...]] = ()
    #: Keys under the rubric's ``require:`` it reads.
    require_keys: ClassVar[tuple[str, ...]] = ()
    #: Keys of a case file (``rubrics/cases/``) it reads, with the same :meth:`load`.
    case_keys: ClassVar[tuple[str, ...]] = ()
    #: Points of 100 when fully met.
    weight: ClassVar[float] = 0.0
    #: The record types (NamedTuples) its part of a rubric is made of, for the cache.
    records: ClassVar[tuple[type, ...]] = ()
    #: What examples and test cases may expect of it, by key.
    expectations: ClassVar[Mapping[str, Expectation]] = {}
    #: Its heading in the live dashboard's table, when it has a :meth:`tally`.
    column: ClassVar[str | None] = None
    #: Its heading in a class set's picture, when it has :meth:`class_items`.
    class_heading: ClassVar[str | None] = None
    #: The states its :meth:`class_items` take, best first: ("cited", "mentioned",
    #: "absent"). The first is what a class picture counts as "found".
    class_states: ClassVar[tuple[str, ...]] = ()
    #: On a two-case question, the states in which an item of a case the draft does not
    #: treat still counts for the draft in a class set: a historian it cites from such a
    #: case ("cited", "mentioned"), as its own report credits him; never an event of such
    #: a case, which is not the draft's to find ("missing" from it means nothing).
    class_outside_case: ClassVar[frozenset[str]] = frozenset()
    #: Criteria whose results :meth:`detect` reads: they are detected first.
    needs: ClassVar[tuple[str, ...]] = ()

    def load(self, doc: "Document", values: "Mapping[str, Node]", require: "Mapping[str, Node]",
             parts: Mapping[str, Any]) -> Any:
        """Validate this criterion's YAML (``values``: the rubric's top-level keys,
        ``require``: the keys under ``require:``) into its part of the rubric.
        ``parts`` holds the parts of the criteria loaded before it."""
        return None

    def join(self, part: Any, cases: "CaseSet",
             sources: "Sequence[tuple[Document, Mapping[str, Node]]]") -> Any:
        """``part`` with what the cases of a two-case rubric bring to it (their events,
        their historians). ``sources``: the rubric's document and top-level keys, then
        each case's, for errors at ``file:line:col`` (an id or alias two items share)."""
        return part

    def compile(self, rubric: "Rubric", book: "PhraseBook") -> Any:
        """What detection needs for ``rubric``, as plain data marshal can store: a dict
        of ints, strings, lists, tuples, sets and dicts (typed with a TypedDict under
        TYPE_CHECKING, which costs nothing at run time)."""
        return None

    def detect(self, draft: "Draft", state: Any, results: Mapping[str, Any]) -> Any:
        """This criterion's result for one draft."""
        raise NotImplementedError

    def points(self, result: Any) -> float:
        return 0.0

    def score_factor(self, result: Any) -> float:
        """A factor on the whole score (a list of events is not an essay)."""
        return 1.0

    def met(self, result: Any) -> bool:
        return True

    def band_cap(self, result: Any) -> int | None:
        """The highest mark out of 15 the markbands allow without what is missing."""
        return None

    def summary_json(self, result: Any) -> dict[str, Any]:
        """JSON keys that stand in the report's header, beside the word count."""
        return {}

    def to_json(self, result: Any) -> dict[str, Any]:
        return {}

    def findings(self, result: Any, results: Mapping[str, Any]) -> "list[Finding]":
        return []

    def hints(self, result: Any, results: Mapping[str, Any]) -> list[Hint]:
        return []

    def explain(self, result: Any, results: Mapping[str, Any]) -> "list[Finding]":
        """Why each item was or was not credited (``check --explain``): the alias, rule
        or cue that matched and where; for a missing item, its nearest miss. Severity
        "info"; the message starts with the item's id."""
        return []

    def class_items(self, result: Any) -> list[ClassItem]:
        """Each of its items' state in this draft, in the rubric's order (the same items
        for every draft checked against one rubric), for a class set's picture."""
        return []

    def section(self, result: Any) -> "Section | None":
        return None

    def tally(self, result: Any) -> "Tally | None":
        return None


def _registry() -> tuple[Criterion, ...]:
    from .cases import Cases
    from .command_term import CommandTerm
    from .dates import Dates
    from .events import Events
    from .historians import Historians
    from .length import Words
    from .periods import Periods
    from .structure import Structure
    from .themes import Themes

    # The order they are loaded, detected and reported in: periods first (events name
    # them), events before dates and periods (which read where events were found). The
    # cases a two-case question accepts, and its themes, are reported first: they say
    # whether the draft answers the question at all. The command term's and the
    # structure's signals last (structure reads the command term's cues and the length).
    return (Cases(), Themes(), Periods(), Events(), Historians(), Dates(), Words(),
            CommandTerm(), Structure())


def detection_order(criteria: tuple[Criterion, ...]) -> tuple[Criterion, ...]:
    """``criteria`` with each one after those it ``needs``, else in registry order."""
    done: list[Criterion] = []
    names = {c.name for c in criteria}
    while len(done) < len(criteria):
        ready = [c for c in criteria if c not in done
                 and all(n in {d.name for d in done} for n in c.needs if n in names)]
        if not ready:
            raise RuntimeError("criteria need each other: " + ", ".join(c.name for c in criteria))
        done.append(ready[0])
    return tuple(done)


#: Every criterion, in the order they load and report.
CRITERIA: tuple[Criterion, ...] = _registry()
