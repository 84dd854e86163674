"""``--format json`` for a class set: the stable machine format.

Documented in docs/report-format.md ("Class sets"); bump :data:`SCHEMA_VERSION` when a
name changes meaning or disappears. One line, as the single-draft report is.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ...classset.picture import ClassPicture, ItemTally
    from ...classset.report import ClassReport
    from ...classset.summary import DraftResult

SCHEMA_VERSION = 1


def render(report: ClassReport, out: TextIO, color: bool | None = None) -> None:
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("-", "")
    for chunk in _encode(report, ascii_only=not encoding.startswith("utf")):
        out.write(chunk)
    out.write("\n")


def to_dict(report: ClassReport) -> dict[str, Any]:
    return {**_head(report), "drafts": [row_dict(row) for row in report.rows],
            **_tail(report)}


def _head(report: ClassReport) -> dict[str, Any]:
    """The names of the class JSON before ``drafts``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "class-set",
        "prompt": report.prompt_id,
        "question": report.question,
        "rubric": report.rubric_id,
        "word_range": None if report.word_range is None else {
            "min": report.word_range[0], "max": report.word_range[1]},
    }


def _tail(report: ClassReport) -> dict[str, Any]:
    """The names of the class JSON after ``drafts``."""
    return {"without_drafts": list(report.without_drafts),
            "class": picture_dict(report.picture)}


def row_dict(row: DraftResult) -> dict[str, Any]:
    if not row.checked:
        return {"student": row.student, "file": row.path, "checked": False,
                "error": row.error}
    return {**_checked(row), "work_on": [
        {"message": w.message, "line": w.line or None, "column": w.column or None}
        for w in row.work_on]}


def _checked(row: DraftResult) -> dict[str, Any]:
    """A checked draft's :func:`row_dict`, but for ``work_on`` (its last name)."""
    items: dict[str, dict[str, str]] = {}
    shares: dict[str, float] = {}
    for item in row.items:
        items.setdefault(item.criterion, {})[item.id] = item.state
        if item.share is not None:
            shares[item.id] = round(item.share, 3)
    return {
        "student": row.student, "file": row.path, "checked": True, "error": None,
        "words": row.words, "length": row.length or "in range", "score": row.score,
        "mark": row.mark, "band": row.band, "passed": row.passed, "unmet": list(row.unmet),
        "items": items, "period_shares": shares,
        "date_issues": [n._asdict() for n in row.date_notes],
        "corrections": [m._asdict() for m in row.misspellings],
    }


def _encode(report: ClassReport, ascii_only: bool) -> Iterator[str]:
    """``json.dumps(to_dict(report))`` in pieces, a draft at a time (into a file, the
    7 MB of 1,000 drafts are never held whole), and each different hint of what to work
    on encoded once: 1,000 drafts have ~18,700 hints, ~400 different texts, and they were
    half the JSON's bytes and a third of its time to encode (render, 1,000 drafts of
    public prose: 95 -> 70 ms). The rest is encoded by :mod:`json`; tests check the two
    ways give the same text."""
    encode = json.JSONEncoder(ensure_ascii=ascii_only, check_circular=False).encode
    message = lru_cache(maxsize=4096)(encode)  # a text seen before: its JSON again
    yield f'{encode(_head(report))[:-1]}, "drafts": ['
    for n, row in enumerate(report.rows):
        comma = ", " if n else ""
        if not row.checked or not row.work_on:
            yield comma + encode(row_dict(row))
            continue
        hints = ", ".join(f'{{"message": {message(w.message)}, "line": {w.line or "null"}, '
                          f'"column": {w.column or "null"}}}' for w in row.work_on)
        yield f'{comma}{encode(_checked(row))[:-1]}, "work_on": [{hints}]}}'
    yield f'], {encode(_tail(report))[1:]}'


def _tallies(items: tuple[ItemTally, ...]) -> list[dict[str, Any]]:
    return [{"id": item.id, "label": item.label, "counts": dict(item.counts),
             **({"average_share": round(item.share, 3)} if item.share is not None else {})}
            for item in items]


def picture_dict(picture: ClassPicture) -> dict[str, Any]:
    spread = picture.spread
    return {
        "drafts": picture.drafts, "checked": picture.checked, "failed": picture.failed,
        "items": {group.criterion: _tallies(group.items) for group in picture.groups},
        "items_by_case": {
            group.criterion: [{"case": case.case, "drafts": case.drafts,
                               "items": _tallies(case.items)} for case in group.cases]
            for group in picture.groups if group.cases},
        "date_errors": [c._asdict() | {"students": list(c.students)}
                        for c in picture.date_errors],
        "misspellings": [c._asdict() | {"students": list(c.students)}
                         for c in picture.misspellings],
        "case_choices": [{"cases": list(cases), "drafts": n}
                         for cases, n in picture.case_choices],
        "short": list(picture.short), "long": list(picture.long),
        "spread": None if spread is None else {
            "marks": list(spread.marks), "bands": dict(spread.bands),
            "score_mean": round(spread.score_mean, 1), "score_median": spread.score_median,
            "score_min": spread.score_min, "score_max": spread.score_max,
            "passed": spread.passed},
    }
