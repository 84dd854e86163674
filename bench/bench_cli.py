"""Whole-process cost of ``ibessay check --format json``, against its floors.

Run: python bench/bench_cli.py [--runs 21]

Runs three commands alternately (A B C A B C ...), so that a noisy machine slows them
alike, and prints each median wall time and the median of the run-by-run ratios:

* A: ``ibessay check --format json`` on the bundled exemplar (a warm rubric cache);
* B: a minimal Typer app with one command that prints a line (the framework's floor);
* C: ``python -c pass`` (the interpreter's floor).

Target (issue 2): A/B at most 1.3. Uses the interpreter running this script, which
should be the venv ibessay is installed in.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "rubrics" / "examples" / "sino-soviet-1949-1976" / "exemplar.md"
MINIMAL_APP = '''
import typer

app = typer.Typer()


@app.command()
def hello() -> None:
    print("hello")


app()
'''
TARGET = 1.3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        app = Path(tmp, "minimal_app.py")
        app.write_text(MINIMAL_APP)
        env = {**os.environ, "IBESSAY_CACHE_DIR": str(Path(tmp, "cache"))}
        # Measure what users get: Python caching compiled modules (.pyc). Some sandboxes
        # set PYTHONDONTWRITEBYTECODE, which recompiles every module on every run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        # The console script users run, installed next to this interpreter.
        script = Path(sys.executable).with_name("ibessay")
        ibessay = [str(script)] if script.exists() else [sys.executable, "-m", "ibessay"]
        commands = {
            "ibessay check --format json": [
                *ibessay, "check", str(DRAFT), "--prompt", "sino-soviet-1949-1976",
                "--format", "json"],
            "minimal Typer app": [sys.executable, str(app)],
            "python -c pass": [sys.executable, "-c", "pass"],
        }
        for command in commands.values():  # warm-up; also fills the rubric cache
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                start = time.perf_counter()
                subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
                times[name].append(time.perf_counter() - start)

    names = list(commands)
    ours, typer_app, bare = (times[n] for n in names)
    to_typer = statistics.median(a / b for a, b in zip(ours, typer_app))
    to_python = statistics.median(a / c for a, c in zip(ours, bare))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    for name in names:
        print(f"{name:30s} median {statistics.median(times[name]) * 1000:6.1f} ms "
              f"(min {min(times[name]) * 1000:.1f})")
    print(f"ratio to the minimal Typer app: {to_typer:.2f} (target ≤ {TARGET}): "
          f"{'OK' if to_typer <= TARGET else 'ABOVE TARGET'}")
    print(f"ratio to python -c pass:        {to_python:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
