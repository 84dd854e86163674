"""How criteria turn a rubric's phrases into the forms a draft may write them in."""

from __future__ import annotations

import re

from ..text import normalize_phrase

_MIN_PROPER_NAME = 6


def alias_variants(phrase: str) -> set[str]:
    """An alias or a name as found: its spelling variants, each also in the plural."""
    from ..wordforms import spelling_variants, with_plural

    return {plural for variant in spelling_variants(phrase) for plural in with_plural(variant)}


def word_forms(word: str) -> set[str]:
    """A co-occurrence word as found: its inflections and their spelling variants."""
    from ..wordforms import phrase_inflections, spelling_variants

    return {v for form in phrase_inflections(word) for v in spelling_variants(form)}


def proper_words(phrase: str) -> set[str]:
    """Folded words of ``phrase`` written with a capital: candidates for fuzzy matching."""
    return {
        normalize_phrase(word)
        for word in re.split(r"[\s\-]+", phrase)
        if word[:1].isupper() and len(word) >= _MIN_PROPER_NAME and word.isalpha()
    }
