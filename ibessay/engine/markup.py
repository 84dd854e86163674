"""Markup a student does not mean as essay: YAML front matter and HTML comments.

:func:`blank_markup` turns both into spaces, keeping every line break, so that offsets,
lines and columns in the blanked text are those of the draft.

An HTML comment opened and never closed hides everything after it, as a Markdown
renderer shows it (CommonMark: an HTML block started by ``<!--`` runs to the end of the
document when no ``-->`` ends it). It is also what keeps this linear: a regex looking
for the end of each of 250,000 unclosed ``<!--`` read the rest of the draft from each.
"""

from __future__ import annotations

import re

# Compiled on first use (re caches it): most drafts have none. Anchored at the start,
# so the lazy .*? reads the draft once, however the block ends or does not.
_FRONT_MATTER = r"(?s)\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)"


def blank_markup(text: str) -> str:
    """``text`` with YAML front matter and HTML comments replaced by spaces (line breaks
    kept). A comment that is never closed runs to the end of the text."""
    if text.startswith("---"):
        match = re.match(_FRONT_MATTER, text)
        if match:
            text = _blank(match.group()) + text[match.end():]
    if "<!--" not in text:
        return text
    pieces: list[str] = []
    done = 0  # text[:done] is copied or blanked
    start = text.find("<!--")
    while start != -1:
        end = text.find("-->", start + 4)
        end = len(text) if end == -1 else end + 3
        pieces += (text[done:start], _blank(text[start:end]))
        done = end
        start = text.find("<!--", end)
    pieces.append(text[done:])
    return "".join(pieces)


def _blank(markup: str) -> str:
    """As many spaces as ``markup`` has characters, with its line breaks kept."""
    return "\n".join(" " * len(line) for line in markup.split("\n"))
