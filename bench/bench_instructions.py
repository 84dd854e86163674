"""Instructions the check engine executes per stress-set draft, counted by callgrind.

Run: python bench/bench_instructions.py [--drafts 20] [--essay PATH | --class-set] [--rubric ID]

Wall-clock figures on a shared machine wander by several per cent between runs, which
hides the gain of most single changes; an instruction count does not (it repeats to
within 0.1 %). So compare two versions of the engine with this, and confirm with
bench_engine.py, which is what the README reports. Needs valgrind (not a dependency).

It runs this same file under callgrind twice: once checking only a warm-up set (the
imports, the rubric, the first drafts), once checking ``--drafts`` more; the difference,
divided by ``--drafts``, is one draft's cost.

``--class-set`` counts what a worker of ``ibessay check DIR`` does per draft instead:
check the class-set drafts of bench_classset.py and cut each report down to its row
(:func:`ibessay.classset.summary.summarize`).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

WARM_UP = 20


def check_drafts(count: int, made: int, essay: str | None = None,
                 rubric: str = "sino-soviet-1949-1976", class_set: bool = False) -> None:
    """The child: make ``made`` drafts (so both runs pay the same for that), check
    WARM_UP of them, then ``count`` more. With ``essay``, every draft is its first
    1,500 words; with ``class_set``, the drafts are a class set's, each summarized."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import ibessay
    from drafts import first_words, make_drafts

    if class_set:
        import drafts as made_drafts
        from ibessay.classset.summary import summarize
        from ibessay.content.library import Library
        from ibessay.engine.check import check_text
        from ibessay.engine.compiled import resolve

        prompt, compiled = resolve(Library.default(), rubric, None)
        for name, text in made_drafts.class_set(made)[:WARM_UP + count]:
            summarize(check_text(text, compiled, name, prompt), name, name)
        return
    if essay is None:
        drafts = make_drafts(made)
    else:
        drafts = [first_words(Path(essay).read_text(encoding="utf-8"), 1500)] * made
    for draft in drafts[:WARM_UP + count]:
        ibessay.check(draft, rubric=rubric)


def instructions(count: int, made: int, essay: str | None, rubric: str,
                 class_set: bool = False) -> int:
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, __file__, "--child", str(count), str(made),
         *(["--essay", essay] if essay else []), "--rubric", rubric,
         *(["--class-set"] if class_set else [])],
        capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},  # the same dict layouts in both runs
    )
    return int(re.search(r"Collected : (\d+)", run.stderr).group(1))  # type: ignore[union-attr]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=20)
    parser.add_argument("--essay", help="count one real essay's first 1,500 words instead "
                        "(e.g. ../shared/seed/sino-soviet-model-answer.txt)")
    parser.add_argument("--rubric", default="sino-soviet-1949-1976",
                        help="the rubric to check against (e.g. cold-war-crises, a two-case "
                        "question with eleven cases)")
    parser.add_argument("--class-set", action="store_true",
                        help="count a class-set worker's cost per draft: check and summarize "
                        "bench_classset.py's drafts (Sino-Soviet prompt)")
    parser.add_argument("--child", type=int, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        check_drafts(*args.child, args.essay, args.rubric, args.class_set)
        return 0
    if shutil.which("valgrind") is None:
        print("bench_instructions: valgrind is not installed (apt install valgrind)",
              file=sys.stderr)
        return 2
    made = WARM_UP + args.drafts
    check_drafts(0, WARM_UP, None, args.rubric, args.class_set)  # the rubric cache, warm
    counted = (args.essay, args.rubric, args.class_set)
    per_draft = (instructions(args.drafts, made, *counted)
                 - instructions(0, made, *counted)) / args.drafts
    what = "class-set draft, checked and summarized" if args.class_set else \
        "stress-set draft" if args.essay is None else f"check of {Path(args.essay).name}"
    print(f"check engine ({args.rubric}): {per_draft / 1e6:.2f} M instructions per {what} "
          f"(callgrind, {args.drafts} drafts after {WARM_UP} to warm up)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
