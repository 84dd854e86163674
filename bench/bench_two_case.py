"""Two-case accuracy benchmark: issue 10's readings against drafts written from the questions.

    python bench/bench_two_case.py            # the figures
    python bench/bench_two_case.py --verbose  # and every disagreement, draft by draft
    python bench/bench_two_case.py --json     # one JSON object (figures + disagreements)

The corpus is bench/accuracy/two-case/NN-slug.md, each with its truth in NN-slug.yaml
(bench/accuracy/two-case/README.md says how it was annotated). The drafts answer the two
bundled two-case questions, `cold-war-crises` and `authoritarian-consolidation`, and were
written from the questions alone, without reading their rubrics or case files, so the
figures say how the engine reads wording nobody tuned it on. Figures:

- treated cases: precision, recall and F1 over (draft, case) pairs;
- the case rule: the share of drafts where ``case_rule.met`` equals the truth;
- every signal (similarities, differences, counter-argument, judgement, thesis,
  conclusion): accuracy, precision and recall of ``found`` against the truth, over the
  drafts the signal applies to;
- date errors: a flagged issue is true when its (case, year) is an annotated error (the
  issue's event is mapped to its case through ``cases[].events``), otherwise it is a false
  warning; recall over the annotated errors, false warnings per draft.

The report is read defensively (missing keys, lists or mappings, a draft the engine cannot
check): what the report does not give is counted as *missing*, never as a disagreement, so
the benchmark runs before and after the signals and the bundled rubrics land.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_accuracy  # noqa: E402  (one reading of a corpus, one precision/recall/F1)
from bench_accuracy import prf  # noqa: E402

CORPUS = HERE / "accuracy" / "two-case"

SIGNALS = {  # the signals each question's command term asks for, then structure
    "compare-and-contrast": ("similarities", "differences"),
    "evaluate": ("counter-argument", "judgement"),
}
PROMPT_TERMS = {"cold-war-crises": "compare-and-contrast",
                "authoritarian-consolidation": "evaluate"}
STRUCTURE = ("thesis", "conclusion")
ALL_SIGNALS = ("similarities", "differences", "counter-argument", "judgement", *STRUCTURE)


def load_corpus(root: Path = CORPUS) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, text, truth) for every draft that has an annotation, sorted by name (the
    same reading as issue 9's corpus, from this corpus by default)."""
    return bench_accuracy.load_corpus(root)


def truth_signals(truth: dict[str, Any]) -> dict[str, bool]:
    """The truth's signals and structure as one {id: found} mapping."""
    out: dict[str, bool] = {}
    for key in ("signals", "structure"):
        value = truth.get(key)
        if isinstance(value, dict):
            out.update({str(k): bool(v) for k, v in value.items()})
    return out


# --- reading the report, whatever its version ----------------------------------------

def _items(container: Any, *keys: str) -> list[dict[str, Any]]:
    """The list under the first key present; a mapping {id: {...}} becomes a list."""
    if not isinstance(container, dict):
        return []
    for key in keys:
        value = container.get(key)
        if isinstance(value, list):
            return [v for v in value if isinstance(v, dict)]
        if isinstance(value, dict):
            return [dict(v, id=k) if isinstance(v, dict) else {"id": k, "found": v}
                    for k, v in value.items()]
    return []


def _flag(item: dict[str, Any], *keys: str) -> bool | None:
    for key in keys:
        if key in item:
            return bool(item[key])
    return None


def treated_cases(report: dict[str, Any]) -> set[str] | None:
    """Ids of the treated cases; None when the report has no ``cases``."""
    if not isinstance(report.get("cases"), (list, dict)):
        return None
    return {str(c.get("id")) for c in _items(report, "cases") if _flag(c, "treated")}


def case_note(report: dict[str, Any], case_id: str) -> str:
    """A case id with what the report saw of it (for the disagreements)."""
    for case in _items(report, "cases"):
        if case.get("id") == case_id:
            events = [str(e.get("id")) for e in _items(case, "events") if _flag(e, "found")]
            return (f"{case_id} (report: {case.get('sentences', '?')} sentences, events found: "
                    f"{', '.join(events) or 'none'})")
    return f"{case_id} (not in the report's cases)"


def case_rule_met(report: dict[str, Any]) -> bool | None:
    rule = report.get("case_rule")
    if isinstance(rule, dict):
        return _flag(rule, "met", "ok", "passed")
    if isinstance(rule, bool):
        return rule
    return None


def found_signals(report: dict[str, Any]) -> dict[str, bool]:
    """{signal id: found} from ``command_term.signals`` and ``structure.signals`` (or a
    top-level ``signals``); a signal the report does not give is absent."""
    out: dict[str, bool] = {}
    for key in ("command_term", "structure"):
        part = report.get(key)
        for s in _items(part, "signals"):
            found = _flag(s, "found", "met", "present")
            if s.get("id") is not None and found is not None:
                out[str(s["id"])] = found
    for s in _items(report, "signals"):
        found = _flag(s, "found", "met", "present")
        if s.get("id") is not None and found is not None:
            out.setdefault(str(s["id"]), found)
    return out


def signal_evidence(report: dict[str, Any], signal: str) -> list[str]:
    """The sentences the report gives for a signal (for --verbose)."""
    for key in ("command_term", "structure"):
        for s in _items(report.get(key), "signals"):
            if s.get("id") == signal:
                ev = s.get("evidence") or []
                return [str(e.get("text", e)) if isinstance(e, dict) else str(e)
                        for e in ev][:2]
    return []


def event_cases(report: dict[str, Any]) -> dict[str, str]:
    """Event id -> case id, from every case's ``events``."""
    out = {}
    for case in _items(report, "cases"):
        for event in _items(case, "events"):
            if event.get("id") is not None:
                out[str(event["id"])] = str(case.get("id"))
    return out


def date_flags(report: dict[str, Any]) -> list[tuple[str, int, str]]:
    """(case, year, text) for every date issue; the case is the issue's ``case`` or the case
    its event belongs to (the event id itself when it belongs to none)."""
    owner = event_cases(report)
    out = []
    for issue in _items(report, "date_issues", "dates", "date_errors"):
        event = str(issue.get("event") or issue.get("event_id") or issue.get("id"))
        case = str(issue.get("case") or owner.get(event, event))
        year: Any = issue.get("year")
        try:
            out.append((case, int(year), str(issue.get("text", ""))))
        except (TypeError, ValueError):
            out.append((case, -1, str(issue.get("text", ""))))
    return out


# --- scoring ----------------------------------------------------------------------------

def _signal_figures(c: dict[str, int]) -> dict[str, Any]:
    n = c["tp"] + c["fp"] + c["fn"] + c["tn"]
    return {"accuracy": round((c["tp"] + c["tn"]) / n, 3) if n else None,
            "precision": round(c["tp"] / (c["tp"] + c["fp"]), 3) if c["tp"] + c["fp"] else None,
            "recall": round(c["tp"] / (c["tp"] + c["fn"]), 3) if c["tp"] + c["fn"] else None,
            "drafts": n, **c}


Check = Callable[[str, str], dict[str, Any]]


def evaluate(check: Check, corpus: list[tuple[str, str, dict[str, Any]]]) -> dict[str, Any]:
    tr = [0, 0, 0]
    treated_missing = 0
    rule_right = rule_total = rule_missing = 0
    sig = {s: {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "missing": 0} for s in ALL_SIGNALS}
    date_tp = date_total = date_false = date_missing = 0
    failed = []
    drafts = []
    for name, text, truth in corpus:
        prompt = str(truth.get("prompt", ""))
        try:
            report = check(text, prompt)
        except Exception as exc:  # an engine that cannot check a draft scores nothing on it
            failed.append(f"{name}: {exc!r}".splitlines()[0])
            report = {}
        if not isinstance(report, dict):
            report = {}
        d: dict[str, Any] = {"draft": name, "prompt": prompt}

        want_t = {str(c) for c in truth.get("treated") or []}
        got_t = treated_cases(report)
        if got_t is None:
            treated_missing += 1
            d["treated_extra"] = d["treated_missed"] = []
        else:
            tr[0] += len(want_t & got_t)
            tr[1] += len(got_t - want_t)
            tr[2] += len(want_t - got_t)
            d["treated_extra"] = [case_note(report, c) for c in sorted(got_t - want_t)]
            d["treated_missed"] = [case_note(report, c) for c in sorted(want_t - got_t)]

        got_rule = case_rule_met(report)
        d["rule_wrong"] = None
        if got_rule is None:
            rule_missing += 1
        else:
            rule_total += 1
            if got_rule == bool(truth.get("rule_met")):
                rule_right += 1
            else:
                d["rule_wrong"] = (f"truth {'met' if truth.get('rule_met') else 'not met'}, "
                                   f"report {'met' if got_rule else 'not met'}")

        want_s = truth_signals(truth)
        got_s = found_signals(report)
        d["signals_wrong"] = []
        for s in (*SIGNALS.get(PROMPT_TERMS.get(prompt, ""), ()), *STRUCTURE):
            if s not in want_s:
                continue
            if s not in got_s:
                sig[s]["missing"] += 1
                continue
            want, got = want_s[s], got_s[s]
            sig[s]["tp" if want and got else "fp" if got else "fn" if want else "tn"] += 1
            if want != got:
                evidence = signal_evidence(report, s) if got else []
                d["signals_wrong"].append(
                    f"{s}: truth {'found' if want else 'absent'}, report "
                    f"{'found' if got else 'absent'}"
                    + (f" — evidence: {' | '.join(evidence)}" if evidence else ""))

        want_d = {(str(e["case"]), int(e["year"])) for e in truth.get("date_errors") or []}
        d["dates_missed"], d["dates_false"] = [], []
        if not any(k in report for k in ("date_issues", "dates", "date_errors")):
            date_missing += 1
            drafts.append(d)
            continue
        got_d = date_flags(report)
        hit = {(c, y) for c, y, _ in got_d if (c, y) in want_d}
        false = [(c, y, t) for c, y, t in got_d if (c, y) not in want_d]
        date_tp += len(hit)
        date_total += len(want_d)
        date_false += len(false)
        d["dates_missed"] = sorted(f"{c} {y}" for c, y in want_d - hit)
        d["dates_false"] = [f"{c} {y} ({t!r})" for c, y, t in false]
        drafts.append(d)

    n = len(corpus)
    signals = {s: _signal_figures({k: v for k, v in c.items() if k != "missing"})
               | {"missing": c["missing"]} for s, c in sig.items()}
    return {
        "drafts": n,
        "failed": failed,
        "treated": prf(*tr) | {"missing": treated_missing},
        "case_rule": {"accuracy": round(rule_right / rule_total, 3) if rule_total else None,
                      "right": rule_right, "drafts": rule_total, "missing": rule_missing},
        "signals": signals,
        "date_recall": round(date_tp / date_total, 3) if date_total else None,
        "date_errors_annotated": date_total,
        "date_errors_found": date_tp,
        "false_date_warnings": date_false,
        "false_date_warnings_per_draft": (round(date_false / (n - date_missing), 3)
                                          if n > date_missing else None),
        "dates_missing": date_missing,
        "disagreements": drafts,
    }


def _fmt(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "n/a"
    return f"{100 * x:.1f} %" if pct else f"{x:.3f}"


def print_text(result: dict[str, Any], corpus: Path, verbose: bool) -> None:
    print(f"two-case corpus: {result['drafts']} drafts ({corpus})")
    if result["failed"]:
        print(f"  check failed on {len(result['failed'])} drafts (counted as missing), first: "
              f"{result['failed'][0]}")
    t = result["treated"]
    if t["missing"] == result["drafts"]:
        print("  treated cases             missing (no `cases` in any report)")
    else:
        print(f"  treated cases             P {t['precision']:.3f}  R {t['recall']:.3f}"
              f"  F1 {t['f1']:.3f}   (tp {t['tp']}, fp {t['fp']}, fn {t['fn']}"
              + (f", {t['missing']} drafts missing" if t["missing"] else "") + ")")
    r = result["case_rule"]
    print(f"  case rule right           {_fmt(r['accuracy'], pct=True)}"
          f"  ({r['right']}/{r['drafts']}" + (f", {r['missing']} missing" if r["missing"] else "")
          + ")")
    for s, m in result["signals"].items():
        if m["drafts"] == 0:
            print(f"  {s:<25} missing ({m['missing']} drafts)")
            continue
        print(f"  {s:<25} accuracy {_fmt(m['accuracy'], pct=True):>7}  P {_fmt(m['precision'])}"
              f"  R {_fmt(m['recall'])}   (tp {m['tp']}, fp {m['fp']}, fn {m['fn']},"
              f" tn {m['tn']}" + (f", {m['missing']} missing" if m["missing"] else "") + ")")
    if result["dates_missing"] == result["drafts"]:
        print("  date errors               missing (no `date_issues` in any report)")
    else:
        missing = (f", {result['dates_missing']} drafts missing" if result["dates_missing"]
                   else "")
        print(f"  date-error recall         {_fmt(result['date_recall'], pct=True)}"
              f"  ({result['date_errors_found']}/{result['date_errors_annotated']}{missing})")
        print(f"  false date warnings       {result['false_date_warnings_per_draft']} per draft"
              f"  ({result['false_date_warnings']} in all)")
    if not verbose:
        return
    print()
    for d in result["disagreements"]:
        lines = [f"    case treated, not by the truth: {c}" for c in d["treated_extra"]]
        lines += [f"    case treated by the truth, missed: {c}" for c in d["treated_missed"]]
        if d["rule_wrong"]:
            lines.append(f"    case rule: {d['rule_wrong']}")
        lines += [f"    signal {s}" for s in d["signals_wrong"]]
        lines += [f"    date missed: {x}" for x in d["dates_missed"]]
        lines += [f"    false date warning: {x}" for x in d["dates_false"]]
        if lines:
            print(f"{d['draft']} ({d['prompt']})")
            print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list every disagreement")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of NN-slug.md/.yaml")
    args = parser.parse_args(argv)

    import ibessay

    def check(text: str, prompt: str) -> dict[str, Any]:
        return ibessay.check(text, prompt=prompt).to_dict()  # type: ignore[no-any-return]

    corpus = load_corpus(args.corpus)
    if not corpus:
        print(f"no annotated drafts in {args.corpus}", file=sys.stderr)
        return 2
    result = evaluate(check, corpus)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_text(result, args.corpus, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
