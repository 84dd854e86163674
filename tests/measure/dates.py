"""Measure the date check on tests/measure/dates_paragraphs.yaml: recall of the marked
wrong dates and false date warnings per paragraph.

Run: .venv/bin/python tests/measure/dates.py [-v]  (each dates_paragraphs*.yaml)

A wrong date is marked ``{{as written|event-id}}``; a warning that starts inside the
marked text counts as finding it (and "on the right event" when it names that event).
Any other warning is false. These are our own paragraphs, written before the rules they
measure; the accuracy corpus of issue 9 is elsewhere.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, NamedTuple

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

import ibessay  # noqa: E402

_MARK = re.compile(r"\{\{([^|}]+)\|([^}]+)\}\}")


class Wrong(NamedTuple):
    line: int
    first: int  # columns the marked text covers (1-based, inclusive)
    last: int
    text: str
    event: str


class Measure(NamedTuple):
    paragraphs: int
    words: int
    wrong: int
    found: int
    found_on_event: int
    false: int
    notes: list[str]

    @property
    def recall(self) -> float:
        return self.found / self.wrong if self.wrong else 1.0

    def summary(self) -> str:
        return (f"{self.paragraphs} paragraphs, {self.words} words: "
                f"recall {self.found}/{self.wrong} = {self.recall:.2f} "
                f"({self.found_on_event} on the right event); "
                f"{self.false} false warnings = {self.false / self.paragraphs:.2f} per "
                f"paragraph, {1000 * self.false / self.words:.2f} per 1,000 words")


def unmark(text: str) -> tuple[str, list[Wrong]]:
    """The text without markers, and where each marked wrong date stands."""
    out: list[str] = []
    wrong: list[Wrong] = []
    done = 0
    for match in _MARK.finditer(text):
        out.append(text[done:match.start()])
        before = "".join(out)
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        written = match.group(1)
        wrong.append(Wrong(line, column, column + len(written) - 1, written, match.group(2)))
        out.append(written)
        done = match.end()
    out.append(text[done:])
    return "".join(out), wrong


def measure(path: Path = HERE / "dates_paragraphs.yaml") -> Measure:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    totals = dict(wrong=0, found=0, found_on_event=0, false=0, words=0)
    notes: list[str] = []
    for paragraph in data["paragraphs"]:
        text, wrong = unmark(paragraph["text"])
        report = ibessay.check(text, rubric=data["rubric"], name=paragraph["name"])
        totals["words"] += report.words
        issues = list(report.result("dates"))
        totals["wrong"] += len(wrong)
        for w in wrong:
            hits = [d for d in issues if d.line == w.line and w.first <= d.column <= w.last]
            if hits:
                totals["found"] += 1
                on_event = any(d.event == w.event for d in hits)
                totals["found_on_event"] += on_event
                if not on_event:
                    notes.append(f"elsewhere [{paragraph['name']}] '{w.text}' ({w.event}) "
                                 f"flagged against {hits[0].event}")
            else:
                notes.append(f"missed  [{paragraph['name']}] '{w.text}' ({w.event})")
            issues = [d for d in issues if d not in hits]
        totals["false"] += len(issues)
        notes += [f"false   [{paragraph['name']}] {d.line}:{d.column} {d.message}"
                  for d in issues]
    return Measure(len(data["paragraphs"]), notes=notes, **totals)


def main() -> int:
    for path in sorted(HERE.glob("dates_paragraphs*.yaml")):
        result = measure(path)
        if "-v" in sys.argv:
            print("\n".join(result.notes))
        print(f"{path.name}: {result.summary()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
