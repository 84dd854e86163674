"""Themes: what a question asks about its cases ("the causes and the impact", "methods
of consolidation"), found where the draft writes about them.

A theme (``themes:`` in a rubric) is a list of words and phrases; it is found when at
least ``sentences`` (default 2) sentences use one of them. Words are inflected as in
``cooccur`` lists ("cause" finds "caused", "causes"); phrases match as aliases do. A
rubric without themes reports nothing.
"""

# No "from __future__ import annotations": NamedTuple would compile every field's
# annotation string at import (see ibessay/content/model.py).

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from ...content.model import PHRASE_WORDS
from . import ClassItem, Criterion, Expectation, Hint
from .phrases import alias_variants, word_forms

if TYPE_CHECKING:
    from ...content.loader import Document, Node
    from ...content.model import Rubric
    from ..display import Finding, Section, Tally
    from ..draft import Draft
    from ..scan import PhraseBook

#: Sentences that must use a theme's words, unless the theme says.
_DEFAULT_SENTENCES = 2


class Theme(NamedTuple):
    id: str
    name: str
    words: tuple[str, ...]
    sentences: int = _DEFAULT_SENTENCES
    hint: str | None = None


class ThemeResult(NamedTuple):
    id: str
    name: str
    needed: int
    starts: tuple[int, ...]  # flat offsets of the first word of each sentence using it
    hint: str | None

    @property
    def found(self) -> bool:
        return len(self.starts) >= self.needed


class ThemesFound(NamedTuple):
    themes: tuple[ThemeResult, ...]
    locator: Any = None

    def lines(self, theme: ThemeResult) -> list[tuple[int, int]]:
        if self.locator is None:
            return []
        return [self.locator.line_col(start) for start in theme.starts]


def _ids(parts: Mapping[str, Any]) -> list[str]:
    return [t.id for t in parts.get("themes", ())]


def _found(result: ThemesFound, ident: str) -> bool:
    return any(t.id == ident and t.found for t in result.themes)


class Themes(Criterion):
    name = "themes"
    keys = ("themes",)
    records = (Theme,)
    column = "Themes"
    class_heading = "Themes"
    class_states = ("found", "missing")
    expectations = {
        "themes": Expectation(_ids, _found, "not found",
                              lambda r: [t.id for t in r.themes if t.found]),
        "missing_themes": Expectation(_ids, lambda r, i: not _found(r, i), "found",
                                      lambda r: [t.id for t in r.themes if not t.found]),
    }

    def load(self, doc: "Document", values: "Mapping[str, Node]", require: "Mapping[str, Node]",
             parts: Mapping[str, Any]) -> tuple[Theme, ...]:
        if "themes" not in values:
            return ()
        themes, ids = [], []
        for item in doc.sequence(values["themes"], "themes"):
            fields = doc.mapping(item, "a theme", ("id", "name", "words"),
                                 ("sentences", "hint", "note"))
            theme = Theme(
                id=doc.ident(fields["id"], "a theme's id"),
                name=doc.text(fields["name"], "a theme's name"),
                words=doc.texts(fields["words"], "a theme's word", PHRASE_WORDS),
                sentences=doc.get(fields, "sentences",
                                  lambda n: doc.integer(n, "a theme's sentences", 1, 50),
                                  _DEFAULT_SENTENCES),
                hint=doc.get(fields, "hint", lambda n: doc.text(n, "a hint"), None),
            )
            themes.append(theme)
            ids.append((theme.id, fields["id"]))
        doc.unique_ids(ids, "theme")
        return tuple(themes)

    def compile(self, rubric: "Rubric", book: "PhraseBook") -> dict[str, Any]:
        themes: tuple[Theme, ...] = rubric.parts["themes"]
        if not themes:
            return {}
        kind = book.kind("theme")
        for t, theme in enumerate(themes):
            for word in theme.words:
                # One word is inflected ("cause": caused, causing); a phrase is found as
                # written, in its spelling variants and plural.
                forms = alias_variants(word) if " " in word.strip() else word_forms(word)
                book.add(forms, (kind, t, 0))
        return dict(themes=[(t.id, t.name, t.sentences, t.hint) for t in themes])

    def detect(self, draft: "Draft", state: dict[str, Any], results: Mapping[str, Any]
               ) -> ThemesFound:
        if not state:
            return ThemesFound(())
        from .signals import not_prose

        starts: list[dict[int, int]] = [{} for _ in state["themes"]]  # sentence -> start
        hits = draft.hits("theme")
        skipped = not_prose(draft) if hits else frozenset()
        for start, _end, t, _b, sentence in hits:
            if sentence not in skipped:  # not a heading, nor the question pasted on top
                starts[t].setdefault(sentence, start)
        return ThemesFound(tuple(
            ThemeResult(ident, name, needed, tuple(sorted(where.values())), hint)
            for (ident, name, needed, hint), where in zip(state["themes"], starts)
        ), draft.locator)

    def met(self, result: ThemesFound) -> bool:
        return all(t.found for t in result.themes)

    def to_json(self, result: ThemesFound) -> dict[str, Any]:
        if not result.themes:
            return {}
        return {"themes": [
            {"id": t.id, "name": t.name, "found": t.found, "sentences": len(t.starts),
             "needed": t.needed,
             "lines": sorted({line for line, _ in result.lines(t)})}
            for t in result.themes]}

    def class_items(self, result: ThemesFound) -> list[ClassItem]:
        return [(t.id, t.name, "found" if t.found else "missing", None, None)
                for t in result.themes]

    def findings(self, result: ThemesFound, results: Mapping[str, Any]) -> "list[Finding]":
        from ..display import Finding

        return [Finding(1, 1, "warning", f"{t.name}: {len(t.starts)} of {t.needed} "
                        "sentences on it") for t in result.themes if not t.found]

    def hints(self, result: ThemesFound, results: Mapping[str, Any]) -> list[Hint]:
        return [Hint("theme", t.id, t.hint or f"Write more on {t.name[0].lower()}"
                     f"{t.name[1:]}") for t in result.themes if not t.found]

    def explain(self, result: ThemesFound, results: Mapping[str, Any]) -> "list[Finding]":
        from ..display import Finding

        out = []
        for theme in result.themes:
            lines = result.lines(theme)
            line, column = lines[0] if lines else (1, 1)
            at = ", ".join(str(n) for n in sorted({n for n, _ in lines})[:8]) or "none"
            out.append(Finding(line, column, "info",
                               f"{theme.id}: {len(theme.starts)} sentence(s) use its words "
                               f"(lines {at}); {theme.needed} needed"))
        return out

    def section(self, result: ThemesFound) -> "Section | None":
        from ..display import Cell, Section

        if not result.themes:
            return None
        rows = tuple(
            (Cell("✓", "good") if t.found else Cell("✗", "bad"), Cell(t.name),
             Cell(f"{len(t.starts)}/{t.needed} sentences"))
            for t in result.themes)
        return Section("Themes of the question", ("", "Theme", "Written on"), rows)

    def tally(self, result: ThemesFound) -> "Tally | None":
        from ..display import Tally

        if not result.themes:
            return None
        return Tally("themes", sum(t.found for t in result.themes), len(result.themes),
                     self.column or "Themes",
                     tuple(t.name for t in result.themes if not t.found), "themes to write on")
