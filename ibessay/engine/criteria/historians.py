"""Historians: is a view *cited* (attributed to a historian), or a name only *mentioned*?

A name is cited when a reporting cue in its sentence binds to it ("Lüthi argues",
"according to Radchenko", "Westad's interpretation"; :mod:`ibessay.engine.attribution`).
A rubric asks for a number of historians cited; the markbands' "different perspectives"
start at 10-12.

YAML (docs/authoring.md): ``historians:`` a list of ``{id, name, view, aliases, works,
exclude, note}``; ``require: {historians_cited: N}``.
"""

from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from ..attribution import bind_cues, cue_phrases
from ..report import Locator
from ..spans import Enclosing
from ..text import normalize_phrase
from . import Criterion, Expectation, Hint
from .phrases import alias_variants, proper_words

if TYPE_CHECKING:
    from ...content.loader import Document, Node
    from ...content.model import Rubric
    from ..display import Finding, Section, Tally
    from ..draft import Draft
    from ..scan import PhraseBook


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


class Roster(NamedTuple):
    """A rubric's historians and how many a draft must cite."""

    known: tuple[Historian, ...]
    cited: int


class HistorianMatch(NamedTuple):
    line: int
    column: int
    text: str
    cited: bool


class HistorianResult(NamedTuple):
    id: str
    name: str
    status: str  # "cited", "mentioned" or "absent"
    view: str
    works: tuple[str, ...]
    spans: tuple[tuple[int, int, bool], ...]  # (start, end, cited) in flat offsets
    locator: Locator | None = None

    @property
    def matches(self) -> tuple[HistorianMatch, ...]:
        if self.locator is None:
            return ()
        return tuple(HistorianMatch(*self.locator.line_col(s), self.locator.words(s, e), cited)
                     for s, e, cited in self.spans)


class Citations(NamedTuple):
    """The historians criterion's result."""

    historians: tuple[HistorianResult, ...]
    required: int  # how many the rubric wants cited

    @property
    def cited(self) -> int:
        return sum(h.status == "cited" for h in self.historians)

    def with_status(self, status: str) -> list[HistorianResult]:
        return [h for h in self.historians if h.status == status]


if TYPE_CHECKING:
    class State(TypedDict):
        """What a compiled rubric keeps for this criterion: plain data, a dict at run
        time (a class would cost start-up for nothing; see Criterion.compile)."""

        required: int
        facts: list[tuple[str, str, str, tuple[str, ...]]]  # id, name, view, works


# "Westad has written about the split" names a topic, not a view.
_NOT_CUES = tuple(
    f"{verb} {prep}"
    for verb in ("write", "writes", "wrote", "written", "writing")
    for prep in ("about", "on", "a book", "books", "extensively")
)
_DEFAULT_CITED = 2
_CAP_WITHOUT_HISTORIANS = 9  # "different perspectives" start at 10-12
_CAP_TOO_FEW = 12  # 13-15 needs them integrated


class Historians(Criterion):
    name = "historians"
    keys = ("historians",)
    require_keys = ("historians_cited",)
    weight = 20.0
    records = (Roster, Historian, Work)
    column = "Cited"
    expectations = {
        status: Expectation(
            lambda parts: [h.id for h in parts["historians"].known],
            lambda r, i, s=status: _by_id(r, i).status == s,  # type: ignore[misc]
            {"cited": "not cited", "mentioned": "not merely mentioned",
             "absent": "named"}[status],
            lambda r, s=status: [h.id for h in r.with_status(s)],  # type: ignore[misc]
        )
        for status in ("cited", "mentioned", "absent")
    }

    def load(self, doc: "Document", values: "Mapping[str, Node]", require: "Mapping[str, Node]",
             parts: Mapping[str, Any]) -> Roster:
        cited = doc.get(require, "historians_cited",
                        lambda n: doc.integer(n, "historians_cited", 0, 20), _DEFAULT_CITED)
        if "historians" not in values:
            return Roster((), cited)
        node = values["historians"]
        historians = []
        ids = []
        for item in doc.sequence(node, "historians"):
            fields = doc.mapping(
                item, "a historian", ("id", "name", "view"),
                ("aliases", "works", "exclude", "note"),
            )
            historian = Historian(
                id=doc.ident(fields["id"], "a historian's id"),
                name=doc.text(fields["name"], "a historian's name"),
                aliases=doc.get(fields, "aliases", lambda n: doc.texts(n, "an alias"), ()),
                view=doc.text(fields["view"], "a historian's view"),
                works=doc.get(fields, "works", lambda n: _load_works(doc, n), ()),
                exclude=doc.get(fields, "exclude",
                                lambda n: doc.texts(n, "an exclude phrase"), ()),
            )
            own = {normalize_phrase(a) for a in (historian.name, *historian.aliases)}
            clash = [e for e in historian.exclude if normalize_phrase(e) in own]
            if clash:
                raise doc.error(
                    fields["exclude"], f"'{clash[0]}' is both an alias and an exclude phrase "
                    f"of historian '{historian.id}'",
                )
            historians.append(historian)
            ids.append((historian.id, fields["id"]))
        doc.unique_ids(ids, "historian")
        doc.no_shared_aliases(node, "aliases", normalize_phrase)
        return Roster(tuple(historians), cited)

    def compile(self, rubric: "Rubric", book: "PhraseBook") -> "State":
        part: Roster = rubric.parts["historians"]
        name, exclude = book.kind("name"), book.kind("exclude")
        cue, not_cue = book.kind("cue"), book.kind("not-cue")
        for h, historian in enumerate(part.known):
            for alias in (historian.name, *historian.aliases):
                book.add(alias_variants(alias), (name, h, 0), punctuated=True)
                book.names(proper_words(alias))
            for phrase in historian.exclude:
                book.add(alias_variants(phrase), (exclude, h, 0), punctuated=True)
        for phrase, kind in cue_phrases().items():
            book.add({phrase}, (cue, kind, 0))
        book.add(set(_NOT_CUES), (not_cue, 0, 0))
        return {"required": part.cited,
                "facts": [(h.id, h.name, h.view, tuple(w.label() for w in h.works))
                          for h in part.known]}

    def detect(self, draft: "Draft", state: "State", results: Mapping[str, Any]) -> Citations:
        names: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for start, end, historian, _, sentence in draft.hits("name"):
            names[sentence].append((start, end, historian))
        cues: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for start, end, kind, _, sentence in draft.hits("cue"):
            cues[sentence].append((start, end, kind))
        # A name inside a look-alike ("Liu" in "Liu Shaoqi") is someone else, and a cue
        # inside a not-cue ("written" in "written about") attributes nothing.
        for table, kind in ((names, "exclude"), (cues, "not-cue")):
            blocked = [(start, end) for start, end, _, _, _ in draft.hits(kind)]
            if blocked:
                enclosing = Enclosing(blocked)
                for sentence, hits in table.items():
                    table[sentence] = [h for h in hits if not enclosing.encloses(h[0], h[1])]

        flat = draft.flat.text
        found: dict[int, list[tuple[int, int, bool]]] = defaultdict(list)
        for sentence, hits in names.items():
            hits = _longest_only(hits)
            cited = bind_cues(flat, hits, cues.get(sentence, []), draft.flat_words)
            for i, (start, end, historian) in enumerate(hits):
                found[historian].append((start, end, i in cited))
        results_ = []
        locator = draft.locator
        for i, (ident, name, view, works) in enumerate(state["facts"]):
            spans = found.get(i)
            if spans is None:
                status = "absent"
            else:
                spans.sort()
                status = "cited" if any(c for _, _, c in spans) else "mentioned"
            results_.append(HistorianResult(ident, name, status, view, works,
                                            tuple(spans or ()), locator))
        return Citations(tuple(results_), state["required"])

    def points(self, result: Citations) -> float:
        needed = result.required
        return self.weight * (min(result.cited, needed) / needed if needed else 1.0)

    def met(self, result: Citations) -> bool:
        return result.cited >= result.required

    def band_cap(self, result: Citations) -> int | None:
        if result.required and result.cited == 0:
            return _CAP_WITHOUT_HISTORIANS
        return _CAP_TOO_FEW if result.cited < result.required else None

    def to_json(self, result: Citations) -> dict[str, Any]:
        return {"historians": [
            {"id": h.id, "name": h.name, "status": h.status,
             "matches": [{"line": m.line, "column": m.column, "text": m.text, "cited": m.cited}
                         for m in h.matches]}
            for h in result.historians
        ]}

    def findings(self, result: Citations, results: Mapping[str, Any]) -> "list[Finding]":
        from ..display import Finding

        # A name without a view is a problem while too few historians are cited; after
        # that it may simply be an actor (Kissinger flying to Beijing).
        short = result.cited < result.required
        out = []
        for historian in result.with_status("mentioned"):
            first = historian.matches[0]
            out.append(Finding(
                first.line, first.column, "warning" if short else "note",
                f"{historian.name} is named but no view is attributed; if you cite them, say "
                f"what they argue (e.g. \"{historian.name.split()[-1]} argues that ...\")"))
        if short:
            out.append(Finding(1, 1, "warning", f"{result.cited} historian(s) cited; the "
                                                f"rubric expects {result.required}"))
        return out

    def hints(self, result: Citations, results: Mapping[str, Any]) -> list[Hint]:
        needed, cited = result.required, result.cited
        if cited >= needed:
            return []
        hints = []
        mentioned = result.with_status("mentioned")
        for h in mentioned[: needed - cited]:
            surname = h.name.split()[-1]
            hints.append(Hint(
                "historian", h.id,
                f"You name {h.name} but attribute no view. Say what they argue, e.g. "
                f"\"{surname} argues that …\" ({h.view})",
            ))
        still = needed - cited - len(mentioned)
        if still > 0:
            options = result.with_status("absent")[:3]
            suggestions = "; ".join(
                f"{h.name}{' (' + h.works[0] + ')' if h.works else ''}: {h.view}"
                for h in options
            )
            hints.append(Hint(
                "historian", None,
                f"Cite {still} more historian{'s' if still > 1 else ''} with a view. "
                f"For example: {suggestions}",
            ))
        return hints

    def section(self, result: Citations) -> "Section":
        from ..display import Cell, Section

        tones = {"cited": "good", "mentioned": "warn"}
        rows = []
        for h in result.historians:
            if h.status == "absent":
                continue
            where = ", ".join(f"l.{m.line}" + ("" if m.cited else "*") for m in h.matches[:4])
            rows.append((Cell(h.name), Cell(h.status, tones[h.status]), Cell(where)))
        notes = ["* named without a view attributed (no \"argues\", \"according to\", ...)"]
        absent = [h.name for h in result.historians if h.status == "absent"]
        if absent:
            notes.append(f"Not used: {', '.join(absent)}")
        return Section(f"Historians (cite at least {result.required})",
                       ("Historian", "Status", "Where"), tuple(rows), tuple(notes))

    def tally(self, result: Citations) -> "Tally":
        from ..display import Tally

        return Tally("historians cited", result.cited, result.required, self.column)


def historians_of(rubric: "Rubric") -> Roster:
    """A rubric's historians and the number to cite."""
    return rubric.parts["historians"]  # type: ignore[no-any-return]


def _by_id(result: Citations, ident: str) -> HistorianResult:
    return next(h for h in result.historians if h.id == ident)


def _longest_only(hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Drop a name inside a longer name of the same historian ("Lüthi" in "Lorenz Lüthi")."""
    if len(hits) == 1:  # most sentences name one historian once
        return hits
    hits = sorted(hits, key=lambda h: (h[0], -h[1]))
    kept: list[tuple[int, int, int]] = []
    for hit in hits:
        if kept and hit[0] < kept[-1][1] and hit[2] == kept[-1][2]:
            continue
        kept.append(hit)
    return kept


def _load_works(doc: "Document", node: "Node") -> tuple[Work, ...]:
    works = []
    for item in doc.sequence(node, "works"):
        if not doc.is_mapping(item):
            works.append(Work(doc.text(item, "a work")))
            continue
        values = doc.mapping(item, "a work", ("title",), ("year",))
        works.append(Work(
            doc.text(values["title"], "a work's title"),
            doc.get(values, "year", lambda n: doc.integer(n, "a work's year", 0, 2100), None),
        ))
    return tuple(works)
