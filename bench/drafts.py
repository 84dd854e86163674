"""Deterministic 1,500-word drafts for the benchmarks, built from the bundled examples.

Real essays are the right test data: their density of names, dates and reporting verbs
is what the matcher is tuned for. Each benchmark draft strings together paragraphs drawn
(with a fixed seed) from the Sino-Soviet example drafts until it passes the target length,
then gets a few realistic slips: misspelt names, a wrong year, lower-cased names.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "rubrics" / "examples" / "sino-soviet-1949-1976"
_SLIPS = (
    ("Khrushchev", "Kruschev"), ("Khrushchev", "Krushchev"), ("Lüthi", "Luthi"),
    ("Westad", "westad"), ("Radchenko", "Radchencko"), ("Beijing", "Peking"),
    ("1950", "1951"), ("1969", "1967"), ("Mao", "Mao Tse-tung"),
)


def paragraphs() -> list[str]:
    out = []
    for path in sorted(EXAMPLES.glob("*.md")):
        if path.name == "README.md":
            continue
        text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)
        out.extend(p.strip() for p in text.split("\n\n") if len(p.split()) > 40)
    return out


def make_drafts(count: int, words: int = 1500, seed: int = 20261126) -> list[str]:
    """``count`` drafts of at least ``words`` words each."""
    rng = random.Random(seed)
    pool = paragraphs()
    drafts = []
    for _ in range(count):
        chosen: list[str] = []
        total = 0
        while total < words:
            paragraph = rng.choice(pool)
            chosen.append(paragraph)
            total += len(paragraph.split())
        draft = "\n\n".join(chosen)
        for old, new in rng.sample(_SLIPS, 3):
            draft = draft.replace(old, new, 1)
        drafts.append(draft)
    return drafts


def first_words(text: str, count: int) -> str:
    """The start of ``text`` up to its ``count``-th word, with its line breaks kept."""
    ends = [m.end() for m in re.finditer(r"\S+", text)]
    return text[:ends[min(count, len(ends)) - 1]] if ends else text
