"""Historians: is a view *cited* (attributed to a historian), or a name only *mentioned*?

A name is cited when a reporting cue in its sentence binds to it ("Lüthi argues",
"according to Radchenko", "Westad's interpretation"; :mod:`ibessay.engine.attribution`).
A rubric asks for a number of historians cited; the markbands' "different perspectives"
start at 10-12.

A historian who was also an actor (``actor:``, Kissinger in 1971–72) is cited only for
a view attributed to him as a writer, and his name without one is his action, not a
mention: absent. So is a short name the draft also gives someone else ("Chen" where
"Chen Yi" is named: an ``exclude`` phrase that contains it).

YAML (docs/authoring.md): ``historians:`` a list of ``{id, name, view, aliases, works,
exclude, actor, note}`` (``note`` is for authors and never shown); ``citation_cues:`` a
rubric's own reporting verbs; ``require: {historians_cited: N}``.
"""

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from ...content.model import PHRASE_WORDS
from ..attribution import (
    CUE_NAMES,
    LOOKING_BACK,
    NOTE_FOR,
    NOTE_IN_BOOK,
    NOTE_LABEL,
    NOTE_OPENING,
    WRITER_CUES,
    WRITING_WORDS,
    Cue,
    bind_cues,
    cue_phrases,
    may_open_note,
    name_groups,
    note_form,
)
from ..report import Locator
from ..spans import Enclosing
from ..text import normalize_phrase
from . import ClassItem, Criterion, Expectation, Hint
from .phrases import alias_variants, proper_words

if TYPE_CHECKING:
    from ...content.loader import Document, Node
    from ...content.model import CaseSet, Rubric
    from ..display import Finding, Section, Tally
    from ..draft import Draft
    from ..scan import PhraseBook


#: Historians not used that the report names; the rest are counted.
_NOT_USED_SHOWN = 8


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
    actor: str = ""  # what they did as an actor, when they were one
    #: On a two-case question, the one case that brings them (a class report counts
    #: them over the drafts that treat it); "" for the question's own and the shared.
    case: str = ""


class Roster(NamedTuple):
    """A rubric's historians and how many a draft must cite."""

    known: tuple[Historian, ...]
    cited: int
    cues: tuple[str, ...] = ()  # the rubric's own citation cues


class HistorianMatch(NamedTuple):
    line: int
    column: int
    text: str
    cited: bool


# Why a name counts as it does (check --explain): Reason.why.
CITED, NO_CUE, ACTOR, NAMESAKE, EXCLUDED = range(5)


#: One occurrence of a name (or of a look-alike) and what it counted for: (start, end)
#: in flat offsets, why (CITED, NO_CUE, ACTOR: an actor's name, NAMESAKE, EXCLUDED: a
#: look-alike) and the cue that cited it or was not enough. A plain tuple: one is made
#: per name found in every draft.
Reason = tuple[int, int, int, "Cue | None"]


class HistorianResult(NamedTuple):
    id: str
    name: str
    status: str  # "cited", "mentioned" or "absent"
    view: str
    works: tuple[str, ...]
    spans: tuple[tuple[int, int, bool], ...]  # (start, end, cited) in flat offsets
    locator: Locator | None = None
    reasons: tuple[Reason, ...] = ()  # every occurrence, in no order, for check --explain
    actor: str = ""
    surname: str = ""  # what a student writes: "Westad", "Chen" (surname first)
    case: str = ""  # the one case that brings them (Historian.case)

    @property
    def short(self) -> str:
        """The name a sentence would use: "Westad argues", "Chen argues"."""
        return self.surname or self.name.split()[-1]

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
        # id, name, view, works, actor, surname, case
        facts: list[tuple[str, str, str, tuple[str, ...], str, str, str]]
        actors: list[int]  # the historians who were also actors


# "Westad has written about the split" names a topic, not a view.
_NOT_CUES = tuple(
    f"{verb} {prep}"
    for verb in ("write", "writes", "wrote", "written", "writing")
    for prep in ("about", "on", "a book", "books", "extensively")
)
_NONE_REJECTED: dict[int, Cue] = {}  # never written to: no name is ambiguous
_DEFAULT_CITED = 2
_CAP_WITHOUT_HISTORIANS = 9  # "different perspectives" start at 10-12
_CAP_TOO_FEW = 12  # 13-15 needs them integrated


class Historians(Criterion):
    name = "historians"
    keys = ("historians", "citation_cues")
    case_keys = ("historians",)
    require_keys = ("historians_cited",)
    weight = 20.0
    records = (Roster, Historian, Work)
    column = "Cited"
    class_heading = "Historians"
    class_states = ("cited", "mentioned", "absent")
    class_outside_case = frozenset({"cited", "mentioned"})
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
        no_cues: tuple[str, ...] = ()
        cues = doc.get(values, "citation_cues", lambda n: _load_cues(doc, n), no_cues)
        if "historians" not in values:
            return Roster((), cited, cues)
        node = values["historians"]
        historians = []
        ids = []
        for item in doc.sequence(node, "historians"):
            fields = doc.mapping(
                item, "a historian", ("id", "name", "view"),
                ("aliases", "works", "exclude", "actor", "note"),
            )
            historian = Historian(
                id=doc.ident(fields["id"], "a historian's id"),
                name=doc.text(fields["name"], "a historian's name"),
                aliases=doc.get(fields, "aliases",
                                lambda n: doc.texts(n, "an alias", PHRASE_WORDS), ()),
                view=doc.text(fields["view"], "a historian's view"),
                works=doc.get(fields, "works", lambda n: _load_works(doc, n), ()),
                exclude=doc.get(fields, "exclude",
                                lambda n: doc.texts(n, "an exclude phrase", PHRASE_WORDS), ()),
                actor=doc.get(fields, "actor", lambda n: doc.text(n, "a historian's actor"), ""),
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
        return Roster(tuple(historians), cited, cues)

    def join(self, part: Roster, cases: "CaseSet",
             sources: "Sequence[tuple[Document, Mapping[str, Node]]]") -> Roster:
        """The question's historians and every case's, each once: a historian several
        cases name (Gaddis) has one id, and the same name, everywhere."""
        owners = [part.known, *(c.parts["historians"].known for c in cases.cases)]
        known: dict[str, Historian] = {}
        phrases: dict[str, str] = {}  # a name or alias -> the historian's id
        for (doc, values), historians in zip(sources, owners):
            items = doc.sequence(values["historians"], "historians") \
                if "historians" in values else []
            for historian, item in zip(historians, items):
                fields = {k.value: v for k, v in item.value}
                first = known.setdefault(historian.id, historian)
                if first.name != historian.name:
                    raise doc.error(
                        fields["name"], f"historian '{historian.id}' is '{first.name}' "
                        f"elsewhere and '{historian.name}' here",
                        "give one person the same id and name in every case")
                for phrase in map(normalize_phrase, (historian.name, *historian.aliases)):
                    if phrases.setdefault(phrase, historian.id) != historian.id:
                        raise doc.error(
                            fields["id"], f"historians '{phrases[phrase]}' and "
                            f"'{historian.id}' share the name or alias '{phrase}'",
                            "keep each name on one historian")
        # A historian of one case only belongs to it; Gaddis, named by two, to neither.
        brought: dict[str, set[str]] = {}
        for case, historians in zip(cases.cases, owners[1:]):
            for historian in historians:
                brought.setdefault(historian.id, set()).add(case.name)
        own = {historian.id for historian in part.known}
        return part._replace(known=tuple(
            h._replace(case=next(iter(brought[h.id])))
            if h.id not in own and len(brought.get(h.id, ())) == 1 else h
            for h in known.values()))

    def compile(self, rubric: "Rubric", book: "PhraseBook") -> "State":
        part: Roster = rubric.parts["historians"]
        name, exclude = book.kind("name"), book.kind("exclude")
        cue, not_cue, writing = book.kind("cue"), book.kind("not-cue"), book.kind("writing")
        for h, historian in enumerate(part.known):
            own = (historian.name, *historian.aliases)
            for k, alias in enumerate(own):
                book.add(alias_variants(alias), (name, h, k), punctuated=True)
                book.names(proper_words(alias))
            for phrase in historian.exclude:
                # The aliases a look-alike contains ("Liu" in "Liu Shaoqi"): once it is
                # named, they may mean that person too.
                words = f" {normalize_phrase(phrase)} "
                shadow = sum(1 << k for k, alias in enumerate(own)
                             if f" {normalize_phrase(alias)} " in words)
                book.add(alias_variants(phrase), (exclude, h, shadow), punctuated=True)
            # An actor's titles refer to his writing ("argued in On China"). Not every
            # historian's: "The Cold War" would be a title in every essay.
            for work in historian.works if historian.actor else ():
                title = normalize_phrase(work.title.split(":")[0].split("(")[0])
                if title:
                    book.add({title}, (writing, 1, 0), punctuated=True)
        for phrase, kind in cue_phrases(part.cues).items():
            book.add({phrase}, (cue, kind, 0))
        book.add(set(_NOT_CUES), (not_cue, 0, 0))
        book.add(set(WRITING_WORDS), (writing, 0, 0))
        book.add(set(LOOKING_BACK), (writing, 2, 0))
        return {"required": part.cited,
                "facts": [(h.id, h.name, h.view, tuple(w.label() for w in h.works), h.actor,
                           _surname(h), h.case) for h in part.known],
                "actors": [i for i, h in enumerate(part.known) if h.actor]}

    def detect(self, draft: "Draft", state: "State", results: Mapping[str, Any]) -> Citations:
        names: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
        for start, end, historian, alias, sentence in draft.hits("name"):
            names[sentence].append((start, end, historian, alias))
        cues: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for start, end, kind, _, sentence in draft.hits("cue"):
            cues[sentence].append((start, end, kind))
        reasons: dict[int, list[Reason]] = defaultdict(list)
        # A name inside a look-alike ("Liu" in "Liu Shaoqi") is someone else, and a cue
        # inside a not-cue ("written" in "written about") attributes nothing. A look-alike
        # named anywhere makes the names it contains ambiguous everywhere.
        namesakes: set[tuple[int, int]] = set()
        excluded = draft.hits("exclude")
        if excluded:
            enclosing = Enclosing([(start, end) for start, end, _, _, _ in excluded])
            for sentence, hits in names.items():
                names[sentence] = [h for h in hits if not enclosing.encloses(h[0], h[1])]
            for start, end, historian, shadow, _ in excluded:
                reasons[historian].append((start, end, EXCLUDED, None))
                while shadow:
                    low = shadow & -shadow
                    namesakes.add((historian, low.bit_length() - 1))
                    shadow ^= low
        not_cues = draft.hits("not-cue")
        if not_cues:
            enclosing = Enclosing([(start, end) for start, end, _, _, _ in not_cues])
            for sentence, hits3 in cues.items():
                cues[sentence] = [h for h in hits3 if not enclosing.encloses(h[0], h[1])]

        actors = set(state["actors"])
        # The writing words ("book", "later", a title) and their sentences, when asked.
        writing: list[Any] | None = None
        writing_at: list[int] = []
        flat = draft.flat.text
        found: dict[int, list[tuple[int, int, bool]]] = defaultdict(list)
        for sentence, hits in names.items():
            hits = _longest_only(hits)
            ambiguous = {i for i, hit in enumerate(hits)
                         if hit[2] in actors or (hit[2], hit[3]) in namesakes} \
                if actors or namesakes else set()
            in_writing = named_writing = False
            if ambiguous:
                if writing is None:
                    writing = draft.hits("writing")
                    if not draft.in_order:
                        writing = sorted(writing, key=lambda hit: hit[4])
                    writing_at = [hit[4] for hit in writing]
                lo = bisect_left(writing_at, sentence)
                hi = bisect_right(writing_at, sentence, lo)
                if hi > lo:
                    refers = _refers_to_writing(draft, writing[lo:hi])
                    in_writing, named_writing = refers > 0, refers > 1
            rejected: dict[int, Cue] = {} if ambiguous else _NONE_REJECTED
            cited = bind_cues(flat, hits, cues.get(sentence, []), draft.flat_words,
                              ambiguous, in_writing, rejected)
            if len(cited) < len(hits) and _may_be_note(draft, hits,
                                                       draft.sentence_starts[sentence]):
                _note_forms(draft, sentence, hits, cited, ambiguous, in_writing)
            for i, (start, end, historian, _) in enumerate(hits):
                by = cited.get(i)
                if by is not None:
                    found[historian].append((start, end, True))
                    reasons[historian].append((start, end, CITED, by))
                elif i in ambiguous and not named_writing:
                    why = ACTOR if historian in actors else NAMESAKE
                    reasons[historian].append((start, end, why, rejected.get(i)))
                else:
                    found[historian].append((start, end, False))
                    reasons[historian].append((start, end, NO_CUE, None))
        results_ = []
        locator = draft.locator
        for i, (ident, name, view, works, actor, surname, case) in enumerate(state["facts"]):
            spans = found.get(i)
            if spans is None:
                status = "absent"
            else:
                spans.sort()
                status = "cited" if any(c for _, _, c in spans) else "mentioned"
            seen = reasons.get(i)
            results_.append(HistorianResult(ident, name, status, view, works,
                                            tuple(spans or ()), locator,
                                            tuple(seen) if seen else (), actor, surname,
                                            case))
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

    def class_items(self, result: Citations) -> list[ClassItem]:
        return [(h.id, h.name, h.status, None, h.case or None) for h in result.historians]

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
                f"what they argue (e.g. \"{historian.short} argues that ...\")"))
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
            surname = h.short
            hints.append(Hint(
                "historian", h.id,
                f"You name {h.name} but attribute no view. Say what they argue, e.g. "
                f"\"{surname} argues that …\" ({h.view})",
            ))
        still = needed - cited - len(mentioned)
        if still > 0:
            absent = result.with_status("absent")
            # On a two-case question, suggest the historians of the cases written on.
            treated = {h for case in getattr(results.get("cases"), "treated", ())
                       for h, _, _ in case.historians}
            if treated:
                absent.sort(key=lambda h: h.id not in treated)
            options = absent[:3]
            suggestions = "; ".join(
                f"{h.name}{' (' + h.works[0] + ')' if h.works else ''}: {h.view}"
                for h in options
            )
            hints.append(Hint(
                "historian", None,
                f"Cite {still} more historian{'s' if still > 1 else ''} with a view."
                + (f" For example: {suggestions}" if suggestions else ""),
            ))
        return hints

    def explain(self, result: Citations, results: Mapping[str, Any]) -> "list[Finding]":
        from ..display import Finding

        out = []
        for h in result.historians:
            line, column, message = _explanation(h)
            out.append(Finding(line, column, "info", f"{h.id}: {message}"))
        return out

    def section(self, result: Citations) -> "Section":
        from ..display import Cell, Section

        tones = {"cited": "good", "mentioned": "warn"}
        rows = []
        for h in result.historians:
            if h.status == "absent":
                continue
            where = ", ".join(f"l.{m.line}" + ("" if m.cited else "*") for m in h.matches[:4])
            rows.append((Cell(h.name), Cell(h.status, tones[h.status]), Cell(where)))
        notes = ["* named without a view attributed (no \"argues\", \"according to\", ...)"] \
            if any("*" in row[2].text for row in rows) else []
        absent = [h.name for h in result.historians if h.status == "absent"]
        if absent:
            # A two-case question's cases bring dozens: name a few.
            shown = ", ".join(absent[:_NOT_USED_SHOWN])
            more = len(absent) - _NOT_USED_SHOWN
            notes.append(f"Not used: {shown}" + (f" and {more} more" if more > 0 else ""))
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


def _longest_only(hits: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Drop a name inside a longer name of the same historian ("Lüthi" in "Lorenz Lüthi")."""
    if len(hits) == 1:  # most sentences name one historian once
        return hits
    hits = sorted(hits, key=lambda h: (h[0], -h[1]))
    kept: list[tuple[int, int, int, int]] = []
    for hit in hits:
        if kept and hit[0] < kept[-1][1] and hit[2] == kept[-1][2]:
            continue
        kept.append(hit)
    return kept


def _explanation(h: HistorianResult) -> tuple[int, int, str]:
    """Where and why ``h`` counts as it does: the cue that cited it, or why it is only
    mentioned or absent (check --explain)."""
    loc = h.locator
    surname = h.short
    if loc is None or not h.reasons:
        return 1, 1, f"absent: not named (write \"{h.name}\")"
    by_why: dict[int, Reason] = {}
    for reason in sorted(h.reasons, key=lambda r: (r[0], -r[1])):
        # The first of each kind; of an actor's, the first a cue bound to; of look-alikes,
        # the longest at the first place ("Chiang Kai-shek", not "Chiang").
        first = by_why.setdefault(reason[2], reason)
        if reason[2] == ACTOR and first[3] is None and reason[3] is not None:
            by_why[ACTOR] = reason

    def where(r: Reason) -> str:
        line, column = loc.line_col(r[0])
        return f"l.{line}:{column}"

    def said(r: Reason) -> str:
        return f"\"{loc.words(r[0], r[1])}\""

    cited = by_why.get(CITED)
    if cited is not None and cited[3] is not None:
        cue = cited[3]
        if cue[2] in _NOTE_FORMS:
            how = _NOTE_FORMS[cue[2]].format(name=loc.words(cited[0], cited[1]))
        else:
            how = f"{CUE_NAMES[cue[2]]} \"{loc.words(cue[0], cue[1])}\""
        writer = " (as the writer: the actor's name needs such a cue)" if h.actor else ""
        others = sum(r[2] == CITED for r in h.reasons) - 1
        more = f"; cited {others} more time{'s' * (others > 1)}" if others > 0 else ""
        return (*loc.line_col(cited[0]),
                f"cited at {where(cited)}: {said(cited)} with {how}{writer}{more}")
    named = by_why.get(NO_CUE)
    if named is not None:
        return (*loc.line_col(named[0]),
                f"only mentioned at {where(named)}: no reporting verb, \"according to\", "
                f"view noun or note form binds to {said(named)} in its sentence; say what "
                f"{surname} argues (\"{surname} argues that ...\")")
    actor = by_why.get(ACTOR)
    if actor is not None:
        work = f" in {h.works[0].split(' (')[0]}" if h.works else ""
        if actor[3] is not None:
            cue_words = f"\"{loc.words(actor[3][0], actor[3][1])}\""
            why = (f"{cue_words} may tell what the actor did or thought at the time (a past "
                   f"tense or a stance), and nothing in the sentence refers to writing")
        else:
            why = "no view is attributed to a writer"
        return (*loc.line_col(actor[0]),
                f"not counted at {where(actor)}: {said(actor)} there is the actor, not the "
                f"writer ({h.actor.rstrip('.')}); {why}. To cite the historian, attribute "
                f"a view from the writing: \"{surname} argues{work} that ...\"")
    namesake = by_why.get(NAMESAKE)
    if namesake is not None:
        other = by_why.get(EXCLUDED)
        who = f"{said(other)}, named at {where(other)}" if other is not None \
            else "someone else"
        return (*loc.line_col(namesake[0]),
                f"not counted at {where(namesake)}: {said(namesake)} may be {who}; write "
                f"\"{h.name}\" or a reporting verb in the present (\"{said(namesake)[1:-1]} "
                f"argues\")")
    other = by_why[EXCLUDED]
    return (*loc.line_col(other[0]),
            f"absent: {said(other)} at {where(other)} is someone else, not {h.name}")


_NOTE_FORMS = {
    NOTE_LABEL: "a note: \"{name}\" opens the line, then a colon or dash",
    NOTE_FOR: "the note form \"For {name}, ...\"",
    NOTE_IN_BOOK: "the note form \"In {name}'s book\"",
}


def _surname(h: Historian) -> str:
    """The one-word alias that is a word of the name ("Chen" of "Chen Jian", written
    surname first), else the name's last word."""
    words = h.name.split()
    return next((a for a in h.aliases if " " not in a and a in words), words[-1])


def _refers_to_writing(draft: "Draft", words: list[Any]) -> int:
    """Do these writing words of a sentence refer to writing (2): "book", "memoirs",
    "wrote", an actor's title (with its capital: "On China", not "pressure on China")? Or
    do they only look back (1: "later", "in retrospect"), or neither (0)?"""
    text, to_source = draft.text, draft.flat.to_source
    out = 0
    for start, _, what, _, _ in words:
        if what == 0 or (what == 1 and text[to_source(start):to_source(start) + 1].isupper()):
            return 2
        if what == 2:
            out = 1
    return out


def _may_be_note(draft: "Draft", hits: list[tuple[int, int, int, int]],
                 sentence_start: int) -> bool:
    """Could a note form cite a name of this sentence: does one open it, a table cell or
    a bracket, or follow "in" or "for"? (The quick test before :func:`_note_forms`.)"""
    flat = draft.flat.text
    if hits[0][0] - sentence_start <= NOTE_OPENING and not flat[sentence_start:hits[0][0]].strip():
        return True
    to_source = draft.flat.to_source
    return any(flat[max(hit[0] - 5, 0):hit[0]].rjust(5).endswith((" in ", " for "))
               or may_open_note(draft.text, to_source(hit[0])) for hit in hits)


def _note_forms(draft: "Draft", sentence: int, hits: list[tuple[int, int, int, int]],
                cited: dict[int, Cue], ambiguous: set[int], in_writing: bool) -> None:
    """Add to ``cited`` the names of ``sentence`` a note form cites ("Gaddis — ...",
    "For Feis, ...", "In Alperovitz's book")."""
    flat = draft.flat.text
    start = draft.sentence_starts[sentence]
    for first, last in name_groups(flat, hits):
        if all(i in cited for i in range(first, last + 1)):
            continue
        form = note_form(flat, draft.text, draft.flat.to_source, hits[first], hits[last],
                         start)
        if form is None:
            continue
        for i in range(first, last + 1):
            if i not in cited and (form in WRITER_CUES or in_writing or i not in ambiguous):
                cited[i] = (hits[i][0], hits[i][1], form)


def _load_cues(doc: "Document", node: "Node") -> tuple[str, ...]:
    cues = doc.texts(node, "a citation cue", PHRASE_WORDS)
    for item, cue in zip(doc.sequence(node, "citation_cues") if doc.is_list(node) else [node],
                         cues):
        if not normalize_phrase(cue):
            raise doc.error(item, f"the citation cue '{cue}' has no letters or digits",
                            "write a reporting verb, e.g. 'contends'")
    return cues


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
