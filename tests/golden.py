"""The golden corpus: drafts whose JSON reports are committed in ``tests/golden/``.

A refactor or a speed change must leave every report byte-for-byte the same;
``tests/test_golden.py`` compares them. An intended change to what a check reports is
re-recorded with one command, and the difference is reviewed as a diff:

    .venv/bin/python tests/golden.py && git diff --stat tests/golden/

The corpus: every example draft of every bundled rubric (checked against its prompt),
every text of the data-driven cases in ``tests/cases/`` (against the case file's
rubric), and the benchmark's stress set (``bench/drafts.py``: 500 drafts strung from the
examples, with slips).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
STRESS_DRAFTS = 500


class Draft(NamedTuple):
    name: str  # as the report names it
    text: str
    rubric: str  # the rubric id, when checked without a prompt
    prompt: str | None = None


def corpus() -> dict[str, list[Draft]]:
    """The drafts of each golden file, by file stem."""
    return {"examples": list(_examples()), "cases": list(_cases()), "stress": list(_stress())}


def _examples() -> Iterator[Draft]:
    for prompt_file in sorted((ROOT / "prompts").glob("*.yaml")):
        prompt = yaml.safe_load(prompt_file.read_text(encoding="utf-8"))
        rubric_file = ROOT / "rubrics" / f"{prompt['rubric']}.yaml"
        rubric = yaml.safe_load(rubric_file.read_text(encoding="utf-8"))
        for example in rubric.get("examples", []):
            path = rubric_file.parent / example["file"]
            yield Draft(path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"),
                        rubric["id"], prompt["id"])


def _cases() -> Iterator[Draft]:
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield Draft(f"{path.stem}: {case['name']}", case["text"], data["rubric"])


def _stress() -> Iterator[Draft]:
    sys.path.insert(0, str(ROOT / "bench"))
    from drafts import make_drafts

    for i, text in enumerate(make_drafts(STRESS_DRAFTS)):
        yield Draft(f"stress-{i:03d}.md", text, "sino-soviet-1949-1976")


def report(draft: Draft) -> dict[str, object]:
    """The JSON report of ``draft``, as ``ibessay check --format json`` prints it."""
    import ibessay

    if draft.prompt:
        return ibessay.check(draft.text, prompt=draft.prompt, name=draft.name).to_dict()
    return ibessay.check(draft.text, rubric=draft.rubric, name=draft.name).to_dict()


def serialise(reports: dict[str, dict[str, object]]) -> str:
    """One golden file: reports by draft name, indented so that a change reads as a diff."""
    return json.dumps(reports, ensure_ascii=False, indent=1) + "\n"


def record() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for stem, drafts in corpus().items():
        path = GOLDEN / f"{stem}.json"
        path.write_text(serialise({d.name: report(d) for d in drafts}), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(drafts)} reports")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    record()
