"""Accuracy benchmark: the engine's report against hand-made truth (issue 9's targets).

    python bench/bench_accuracy.py            # the figures
    python bench/bench_accuracy.py --verbose  # and every disagreement, draft by draft
    python bench/bench_accuracy.py --json     # one JSON object (figures + disagreements)
    python bench/bench_accuracy.py --corpus bench/accuracy/heldout   # the held-out set

The corpus is bench/accuracy/drafts/NN-slug.md, each with its truth in NN-slug.yaml
(bench/accuracy/README.md says how it was annotated); bench/accuracy/heldout/ is a second
set in the same format that nobody tunes on, to see whether tuning generalised. Figures:

- period coverage right: the share of (draft, period) pairs where ``covered`` equals the
  truth (a period is covered when the draft spends at least two sentences on
  Sino-Soviet relations in it);
- date errors: a flagged issue is true when its (event, year) is an annotated error,
  otherwise it is a false warning; recall over the annotated errors, false warnings per draft;
- events and cited historians: precision, recall and F1 over (draft, id) pairs.

The report is read defensively, so that the benchmark runs against older and newer
engines: keys are looked up with fallbacks, and ``date_issues`` may be named otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "accuracy" / "drafts"


def load_corpus(root: Path = CORPUS) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, text, truth) for every draft that has an annotation, sorted by name."""
    out = []
    for truth_path in sorted(root.glob("*.yaml")):
        draft = truth_path.with_suffix(".md")
        truth = yaml.safe_load(truth_path.read_text(encoding="utf-8")) or {}
        out.append((draft.stem, draft.read_text(encoding="utf-8"), truth))
    return out


# --- reading the report, whatever its version ----------------------------------------

def _items(report: dict[str, Any], *keys: str) -> list[Any]:
    for key in keys:
        value = report.get(key)
        if isinstance(value, list):
            return value
        if isinstance(value, dict):  # {id: {...}} instead of a list
            return [dict(v, id=k) if isinstance(v, dict) else {"id": k, "value": v}
                    for k, v in value.items()]
    return []


def _flag(item: dict[str, Any], *keys: str) -> bool:
    for key in keys:
        if key in item:
            return bool(item[key])
    return False


def covered_periods(report: dict[str, Any]) -> set[str]:
    return {p.get("id") for p in _items(report, "periods")
            if _flag(p, "covered", "met", "ok")}


def found_events(report: dict[str, Any]) -> set[str]:
    return {e.get("id") for e in _items(report, "events") if _flag(e, "found", "met")}


def cited_historians(report: dict[str, Any]) -> set[str]:
    out = set()
    for h in _items(report, "historians"):
        status = h.get("status")
        if status is not None:
            if status == "cited":
                out.add(h.get("id"))
        elif _flag(h, "cited"):
            out.add(h.get("id"))
    return out


def date_flags(report: dict[str, Any]) -> list[tuple[str, int]]:
    out = []
    for issue in _items(report, "date_issues", "dates", "date_errors"):
        event = issue.get("event") or issue.get("event_id") or issue.get("id")
        year = issue.get("year")
        if year is None and isinstance(issue.get("wrote"), str):
            digits = "".join(c for c in issue["wrote"] if c.isdigit())[-4:]
            year = int(digits) if digits else None
        try:
            out.append((str(event), int(year)))
        except (TypeError, ValueError):
            out.append((str(event), -1))
    return out


# --- scoring ----------------------------------------------------------------------------

def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
            "tp": tp, "fp": fp, "fn": fn}


PERIODS = ["alliance-1949-1953", "strain-1953-1960", "hostility-1960-1976"]


def evaluate(check, corpus) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    period_right = period_total = period_drafts_right = 0
    date_tp = date_total = date_false = 0
    ev = [0, 0, 0]
    hi = [0, 0, 0]
    drafts = []
    for name, text, truth in corpus:
        try:
            report = check(text, truth.get("prompt", "sino-soviet-1949-1976"))
        except Exception as exc:  # an engine that fails on a draft scores nothing on it
            print(f"{name}: check failed: {exc!r}", file=sys.stderr)
            report = {}
        rubric_periods = [p.get("id") for p in _items(report, "periods")] or PERIODS
        want_p = set(truth.get("periods_covered") or [])
        got_p = covered_periods(report)
        wrong_p = []
        for pid in rubric_periods:
            period_total += 1
            if (pid in want_p) == (pid in got_p):
                period_right += 1
            else:
                wrong_p.append(f"{pid}: truth {'covered' if pid in want_p else 'not covered'}")
        period_drafts_right += not wrong_p

        want_d = {(str(d["event"]), int(d["year"])) for d in truth.get("date_errors") or []}
        got_d = date_flags(report)
        hit = {d for d in got_d if d in want_d}
        false = [d for d in got_d if d not in want_d]
        date_tp += len(hit)
        date_total += len(want_d)
        date_false += len(false)

        def tally(acc: list[int], want: set[str], got: set[str]) -> tuple[list[str], list[str]]:
            acc[0] += len(want & got)
            acc[1] += len(got - want)
            acc[2] += len(want - got)
            return sorted(got - want), sorted(want - got)

        ev_fp, ev_fn = tally(ev, set(truth.get("events") or []), found_events(report))
        hi_fp, hi_fn = tally(hi, set(truth.get("cited") or []), cited_historians(report))
        drafts.append({
            "draft": name,
            "periods_wrong": wrong_p,
            "dates_missed": sorted(f"{e} {y}" for e, y in want_d - hit),
            "dates_false": [f"{e} {y}" for e, y in false],
            "events_extra": ev_fp, "events_missed": ev_fn,
            "cited_extra": hi_fp, "cited_missed": hi_fn,
        })
    n = len(corpus)
    return {
        "drafts": n,
        "period_coverage_right": round(period_right / period_total, 3) if period_total else None,
        "period_pairs": period_total,
        "period_drafts_all_right": round(period_drafts_right / n, 3) if n else None,
        "date_recall": round(date_tp / date_total, 3) if date_total else None,
        "date_errors_annotated": date_total,
        "date_errors_found": date_tp,
        "false_date_warnings": date_false,
        "false_date_warnings_per_draft": round(date_false / n, 3) if n else None,
        "events": prf(*ev),
        "cited": prf(*hi),
        "disagreements": drafts,
    }


TARGETS = (("period coverage right", "period_coverage_right", ">=", 0.90),
           ("date-error recall", "date_recall", ">=", 0.80),
           ("false date warnings per draft", "false_date_warnings_per_draft", "<=", 0.15))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list every disagreement")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of NN-slug.md/.yaml")
    args = parser.parse_args(argv)

    import ibessay

    def check(text: str, prompt: str) -> dict[str, Any]:
        return ibessay.check(text, prompt=prompt).to_dict()

    corpus = load_corpus(args.corpus)
    if not corpus:
        print(f"no annotated drafts in {args.corpus}", file=sys.stderr)
        return 2
    result = evaluate(check, corpus)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0

    def pct(x: float | None) -> str:
        return "n/a" if x is None else f"{100 * x:.1f} %"

    print(f"accuracy corpus: {result['drafts']} drafts ({args.corpus})")
    print(f"  period coverage right     {pct(result['period_coverage_right'])}"
          f"  of {result['period_pairs']} draft×period pairs   (target ≥ 90 %)")
    print(f"  drafts, periods all right {pct(result['period_drafts_all_right'])}")
    print(f"  date-error recall         {pct(result['date_recall'])}"
          f"  ({result['date_errors_found']}/{result['date_errors_annotated']})   (target ≥ 80 %)")
    print(f"  false date warnings       {result['false_date_warnings_per_draft']} per draft"
          f"  ({result['false_date_warnings']} in all)   (target ≤ 0.15)")
    for label, key in (("events", "events"), ("cited historians", "cited")):
        m = result[key]
        print(f"  {label:<24}  P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
              f"   (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})   (target F1 ≥ 0.93)")
    if args.verbose:
        print()
        for d in result["disagreements"]:
            lines = []
            for key, label in (("periods_wrong", "period"), ("dates_missed", "date missed"),
                               ("dates_false", "false date warning"),
                               ("events_extra", "event found, not there"),
                               ("events_missed", "event missed"),
                               ("cited_extra", "cited, not cited"),
                               ("cited_missed", "citation missed")):
                for item in d[key]:
                    lines.append(f"    {label}: {item}")
            if lines:
                print(d["draft"])
                print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
