"""How many 1,500-word drafts the check engine handles per second, on one core.

Run: python bench/bench_engine.py [--drafts 500] [--passes 5] [--profile] [--essay PATH]

Times the public :func:`ibessay.check` (finding the compiled rubric, the scan, every
criterion, the score and the report objects) over drafts held in memory, after one
warm-up pass; prints the median pass. Target (issue 8): at least 1,000 drafts per second
for a real essay.

The default drafts are strung together from the rubric's example essays, which we wrote
dense on purpose (about 70 dates and 425 phrase hits in 1,500 words): a stress set.
``--essay PATH`` times the first 1,500 words of one real essay instead, e.g. the seed
model answer in ../shared/seed/ (not in this repository: its sentences are not ours).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import ibessay  # noqa: E402
from drafts import first_words, make_drafts  # noqa: E402

TARGET = 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=500)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    parser.add_argument("--essay", type=Path, help="time the first 1,500 words of this "
                        "essay, --drafts times, instead of the stress set")
    args = parser.parse_args()

    rubric = "sino-soviet-1949-1976"
    if args.essay:
        drafts = [first_words(args.essay.read_text(encoding="utf-8"), 1500)] * args.drafts
    else:
        drafts = make_drafts(args.drafts)
    words = statistics.median(len(d.split()) for d in drafts)
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(lambda: [ibessay.check(d, rubric=rubric) for d in drafts])
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        return 0
    for draft in drafts:  # warm-up
        ibessay.check(draft, rubric=rubric)
    passes = []
    for _ in range(args.passes):
        start = time.perf_counter()
        for draft in drafts:
            ibessay.check(draft, rubric=rubric)
        passes.append(time.perf_counter() - start)
    per_draft = statistics.median(passes) / len(drafts)
    rate = 1 / per_draft
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    source = f"the first {words:.0f} words of {args.essay.name}" if args.essay else \
        f"stress-set drafts of median {words:.0f} words"
    print(f"drafts: {len(drafts)} × {source}; {args.passes} passes")
    print(f"check engine: {per_draft * 1e6:.0f} µs per draft = {rate:,.0f} drafts/s "
          f"(target ≥ {TARGET:,}): {'OK' if rate >= TARGET else 'BELOW TARGET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
