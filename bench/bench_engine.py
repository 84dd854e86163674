"""How many 1,500-word drafts the check engine handles per second, on one core.

Run: python bench/bench_engine.py [--drafts 500] [--passes 5] [--profile]

Times :func:`ibessay.check.check_text` (matching, attribution, dates, periods, score and
the report objects) over drafts held in memory, after one warm-up pass; prints the median
pass. Target (issue 2): at least 1,000 drafts per second.
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

from drafts import make_drafts  # noqa: E402
from ibessay import content  # noqa: E402
from ibessay.check import check_text  # noqa: E402

TARGET = 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=500)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    args = parser.parse_args()

    matcher = content.Library.default().matcher("sino-soviet-1949-1976")
    drafts = make_drafts(args.drafts)
    words = statistics.median(len(d.split()) for d in drafts)
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(lambda: [check_text(d, matcher) for d in drafts])
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        return 0
    for draft in drafts:  # warm-up
        check_text(draft, matcher)
    passes = []
    for _ in range(args.passes):
        start = time.perf_counter()
        for draft in drafts:
            check_text(draft, matcher)
        passes.append(time.perf_counter() - start)
    per_draft = statistics.median(passes) / len(drafts)
    rate = 1 / per_draft
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"drafts: {len(drafts)} of median {words:.0f} words; {args.passes} passes")
    print(f"check engine: {per_draft * 1e6:.0f} µs per draft = {rate:,.0f} drafts/s "
          f"(target ≥ {TARGET:,}): {'OK' if rate >= TARGET else 'BELOW TARGET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
