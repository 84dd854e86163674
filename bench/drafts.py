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


# --- a class set ---------------------------------------------------------------------

ROOT = EXAMPLES.parent.parent.parent
#: Every essay in the repository answering the Sino-Soviet prompt: the rubric's examples
#: and both accuracy sets (bench/accuracy/README.md), strong, weak, notes and off-topic.
CLASS_SOURCES = (EXAMPLES, ROOT / "bench" / "accuracy" / "drafts",
                 ROOT / "bench" / "accuracy" / "heldout")
#: Years a student gets wrong by one or two, and names misspelt as students misspell
#: them (the rubric reads them as the name; see bench/accuracy/drafts/19-misspellings.md).
_WRONG_YEARS = (("1950", "1951"), ("1953", "1954"), ("1956", "1955"), ("1958", "1957"),
                ("1960", "1961"), ("1964", "1965"), ("1969", "1968"), ("1972", "1971"))
_MISSPELT = (("Khrushchev", "Kruschev"), ("Khrushchev", "Krushchev"), ("Stalin", "Stallin"),
             ("Zhenbao", "Zhenboa"), ("Brezhnev", "Breznev"), ("Kissinger", "Kissenger"),
             ("Beijing", "Peking"), ("coexistence", "coexistance"), ("Lüthi", "Luthi"))


def essays() -> dict[str, list[str]]:
    """Each source essay's paragraphs (HTML comments and front matter left out), by name."""
    out = {}
    for folder in CLASS_SOURCES:
        for path in sorted(folder.glob("*.md")):
            if path.name == "README.md":
                continue
            text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)
            parts = [p.strip() for p in text.split("\n\n") if p.strip()]
            out[f"{folder.name}/{path.stem}"] = parts
    return out


def class_set(count: int, low: int = 1500, high: int = 1700,
              seed: int = 20261205) -> list[tuple[str, str]]:
    """``count`` (file name, text) drafts of ``low``–``high`` words, as a class hands them in.

    Each is one source essay, its title kept and its body paragraphs partly shuffled,
    padded with paragraphs of other essays (a student who wrote more) to a length drawn
    between ``low`` and ``high``, cut at the end of a sentence; then up to three wrong
    years and up to three misspelt names, so that every criterion has work to do.
    """
    rng = random.Random(seed)
    sources = essays()
    names = sorted(sources)
    pool = [p for parts in sources.values() for p in parts if len(p.split()) > 40]
    drafts = []
    for number in range(1, count + 1):
        base = sources[rng.choice(names)]
        head, body = base[:1], base[1:]
        if len(body) > 3:  # swap two body paragraphs: the same essay, planned differently
            i, j = rng.sample(range(len(body)), 2)
            body[i], body[j] = body[j], body[i]
        target = rng.randint(low, high)
        while _words(head + body) < target:
            paragraph = rng.choice(pool)
            if paragraph not in body:
                body.insert(rng.randint(0, len(body)), paragraph)
        draft = _cut(("\n\n".join(head + body)), target)
        for old, new in rng.sample(_WRONG_YEARS, rng.randint(0, 3)) + \
                rng.sample(_MISSPELT, rng.randint(0, 3)):
            draft = draft.replace(old, new, 1)
        drafts.append((f"student-{number:04d}.md", draft + "\n"))
    return drafts


def class_set_from(essay: str, count: int, low: int = 1500, high: int = 1700,
                   seed: int = 20261205) -> list[tuple[str, str]]:
    """``count`` drafts cut from one real essay (``bench_classset.py --essay``): each a
    run of ``low``–``high`` words of its paragraphs, starting at a different paragraph and
    going round to the start, with the same wrong years and misspelt names as
    :func:`class_set`. Real prose has far fewer dates than our dense example drafts (the
    seed model answer: 18 years in 1,600 words, against 64), and the dates criterion's
    cost grows with them."""
    rng = random.Random(seed)
    paragraphs = [p.strip() for p in essay.split("\n\n") if p.strip()]
    if len(paragraphs) == 1:  # a paragraph a line, as the seed model answer is written
        # (its first line is a note on where the question comes from, not prose)
        paragraphs = [p.strip() for p in essay.splitlines() if p.strip().endswith(".")]
    drafts = []
    for number in range(1, count + 1):
        start = rng.randrange(len(paragraphs))
        body = (paragraphs[start:] + paragraphs[:start]) * 2
        draft = _cut("\n\n".join(body), rng.randint(low, high))
        for old, new in rng.sample(_WRONG_YEARS, rng.randint(0, 3)) + \
                rng.sample(_MISSPELT, rng.randint(0, 3)):
            draft = draft.replace(old, new, 1)
        drafts.append((f"student-{number:04d}.md", draft + "\n"))
    return drafts


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def _cut(text: str, words: int) -> str:
    """``text`` up to the end of the sentence holding its ``words``-th word (or that word,
    in notes with no sentence end near it)."""
    start = first_words(text, words)
    end = re.search(r"[.!?](\s|$)", text[len(start):len(start) + 400])
    return start if end is None else text[:len(start) + end.start() + 1]
