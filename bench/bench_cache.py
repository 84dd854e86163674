"""What a warm cache costs ``ibessay check``: the bundled prompt and its compiled rubric read
back with ``Cache.get``, as every check does.

Run: python bench/bench_cache.py [--runs 300] [--processes 31]

Two numbers, both with ``time.perf_counter_ns``, after a warm-up that fills the cache:

* ``hit``: in one process, ``--runs`` times, a new ``Cache`` whose per-process memo of the
  code signature is forgotten, then ``get`` of the prompt and the rubric with ``decode``
  left out: the cache's own work (hashing the sources and the code, reading the files,
  checking and unmarshalling them). Median and minimum.
* ``code signature``: what the first ``get`` of a process spends identifying the code,
  measured in ``--processes`` fresh interpreters, since that is done once per process
  and costs more cold than in a loop.

The machine is shared and noisy: compare medians of runs made one after the other.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROMPT = "sino-soviet-1949-1976"  # the prompt and its rubric share the id
CODE_SIGNATURE = """
import time
import ibessay.cli, ibessay.engine.check  # what check has imported by then
import ibessay.content.cache as cache
start = time.perf_counter_ns()
cache._code_signature()
print((time.perf_counter_ns() - start) // 1000)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--processes", type=int, default=31)
    args = parser.parse_args()

    import ibessay.content.cache as cache_module
    from ibessay.content.library import Library, bundled_root
    from ibessay.engine.compiled import rubric_for

    root = bundled_root()
    sources = [root / "prompts" / f"{PROMPT}.yaml", root / "rubrics" / f"{PROMPT}.yaml"]

    def never() -> None:
        raise SystemExit("cache miss: the warm-up did not fill the cache")

    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Library.default().roots, cache_module.Cache(Path(tmp)))
        rubric_for(library, library.prompt(PROMPT))  # warm-up: fills the cache
        hits = []
        for _ in range(args.runs):
            cache_module._code = None  # as in a new process
            start = time.perf_counter_ns()
            cache = cache_module.Cache(Path(tmp))
            for kind, source in zip(("prompt", "rubric"), sources):
                cache.get(kind, [source], never)
            hits.append((time.perf_counter_ns() - start) / 1000)

    env = {**os.environ}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # what users get: cached .pyc files
    firsts = [int(subprocess.run([sys.executable, "-c", CODE_SIGNATURE], env=env, check=True,
                                 capture_output=True, text=True).stdout)
              for _ in range(args.processes)]
    print(f"hit (prompt + rubric, {args.runs} runs): median {statistics.median(hits):.0f} us, "
          f"min {min(hits):.0f} us")
    print(f"code signature, first call ({args.processes} processes): "
          f"median {statistics.median(firsts):.0f} us, min {min(firsts)} us")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
