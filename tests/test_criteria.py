"""The criterion interface: a new criterion is one class, and everything that loops over
criteria (loader, compiled rubric, check, scoring, report, renderers, examples) takes it
without another change. This is CONTRIBUTING.md's worked example, run for real."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest

from ibessay.engine.check import check_text
from ibessay.engine.compiled import CompiledRubric, compile_rubric, load_rubric
from ibessay.engine.criteria import CRITERIA, Criterion, detection_order
from ibessay.engine.criteria.phrases import alias_variants
from ibessay.engine.display import Finding
from ibessay.errors import ContentError
from ibessay.render import Format, renderer

DATA = Path(__file__).parent / "data"


class Signals(Criterion):
    """Counts the words of a ``signals:`` list (reported, not scored)."""

    name = "signals"
    keys = ("signals",)

    def load(self, doc: Any, values: Any, require: Any, parts: Any) -> tuple[str, ...]:
        return doc.get(values, "signals", lambda n: doc.texts(n, "a signal"), ())

    def compile(self, rubric: Any, book: Any) -> dict[str, Any]:
        kind = book.kind("signal")
        for i, word in enumerate(rubric.parts["signals"]):
            book.add(alias_variants(word), (kind, i, 0))
        return {"ids": list(rubric.parts["signals"])}

    def detect(self, draft: Any, state: Any, results: Any) -> tuple[tuple[str, bool], ...]:
        seen = {a for _, _, a, _, _ in draft.hits("signal")}
        return tuple((ident, i in seen) for i, ident in enumerate(state["ids"]))

    def to_json(self, result: Any) -> dict[str, Any]:
        return {"signals": [{"id": i, "found": f} for i, f in result]}

    def findings(self, result: Any, results: Any) -> list[Finding]:
        return [Finding(1, 1, "note", f"no '{i}' yet") for i, f in result if not f]


WITH_SIGNALS = (*CRITERIA, Signals())


@pytest.fixture
def rubric_file(tmp_path: Path) -> Path:
    path = tmp_path / "minimal-rubric.yaml"
    shutil.copy(DATA / "minimal-rubric.yaml", path)
    path.write_text(path.read_text(encoding="utf-8") + "signals: [however, therefore]\n",
                    encoding="utf-8")
    return path


def test_a_new_criterion_is_one_class(rubric_file: Path) -> None:
    compiled = compile_rubric(load_rubric(rubric_file, WITH_SIGNALS), WITH_SIGNALS)
    report = check_text("However, Event A mattered.", compiled, "d.md")
    assert report.result("signals") == (("however", True), ("therefore", False))
    data = report.to_dict()
    assert data["signals"] == [{"id": "however", "found": True},
                               {"id": "therefore", "found": False}]
    assert list(data)[-3:] == ["signals", "hints", "corrections"]
    # Reported, not scored: no weight, so no line in score_parts.
    assert "signals" not in report.unmet and "signals" not in report.score_parts
    out = io.StringIO()
    renderer(Format.line)(report, out)
    assert "d.md:1:1: note: no 'therefore' yet" in out.getvalue()


def test_its_keys_are_unknown_to_a_rubric_without_it(rubric_file: Path) -> None:
    with pytest.raises(ContentError, match="unknown key 'signals' in the rubric"):
        load_rubric(rubric_file)


def test_the_states_survive_the_cache() -> None:
    compiled = compile_rubric(load_rubric(DATA / "minimal-rubric.yaml"))
    stored = CompiledRubric.from_state(compiled.to_state())
    assert stored.states == compiled.states and stored.rubric == compiled.rubric
    text = "Event alpha happened in 1906. Westad argues it did."
    assert check_text(text, stored).to_dict() == check_text(text, compiled).to_dict()


def test_detection_runs_each_criterion_after_those_it_needs() -> None:
    order = [c.name for c in detection_order(CRITERIA)]
    for criterion in CRITERIA:
        for need in criterion.needs:
            assert order.index(need) < order.index(criterion.name)


def test_every_criterion_declares_what_the_cache_needs() -> None:
    for criterion in CRITERIA:
        assert criterion.name and isinstance(criterion.records, tuple)
        for record in criterion.records:
            assert hasattr(record, "_fields"), (criterion.name, record)
