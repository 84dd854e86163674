"""The pre-commit hook (.pre-commit-hooks.yaml), run by the real pre-commit.

A teacher's pack kept in git runs ``ibessay pack validate`` on every commit: pre-commit
installs ibessay from this repository into its own environment and runs the hook in the
pack's folder. ``pre-commit try-repo`` does exactly that without a release tag, from this
checkout (its committed tree, with uncommitted changes to tracked files).

Slow: pre-commit pip-installs ibessay and its dependencies (30-90 s). Skipped, with the
reason, only when pip cannot reach a package index.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from ibessay.packs.scaffold import scaffold

pytestmark = pytest.mark.slow

CASE_FILE = Path("rubrics", "cases", "sino-soviet-border-1969.yaml")
#: What pip says when it cannot get a package (no network, no index, a proxy in the way).
_NO_INDEX = ("Could not find a version that satisfies", "No matching distribution found",
             "Failed to establish a new connection", "Temporary failure in name resolution",
             "Network is unreachable", "ProxyError", "Max retries exceeded")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Teacher", "-c", "user.email=teacher@example.org",
                    *args], cwd=cwd, check=True, capture_output=True)


def _pack_repository(tmp_path: Path) -> Path:
    """A scaffolded pack that is a git repository with one commit."""
    pack = tmp_path / "smith-topic12"
    scaffold(pack)
    _git(pack, "init", "-q")
    _git(pack, "add", "-A")
    _git(pack, "commit", "-q", "-m", "A new pack")
    return pack


def _try_hook(pack: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """``pre-commit try-repo <this repository> ibessay-validate --all-files`` in ``pack``."""
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--git-dir"],
                      capture_output=True).returncode != 0:
        pytest.skip("this ibessay is not a git checkout: pre-commit try-repo needs one")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "ibessay-validate",
         "--all-files"], cwd=pack, env=env, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    log = home / "pre-commit.log"
    details = output + (log.read_text(encoding="utf-8", errors="replace")
                        if log.exists() else "")
    if result.returncode != 0 and "ibessay pack validate..." not in output \
            and any(sign in details for sign in _NO_INDEX):
        pytest.skip("pre-commit could not install ibessay: no package index reachable")
    return result


def test_the_hook_passes_a_good_pack_and_names_the_error_in_a_broken_one(
        tmp_path: Path) -> None:
    pack = _pack_repository(tmp_path)

    passed = _try_hook(pack, tmp_path / "pre-commit")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "ibessay pack validate" in passed.stdout and "Passed" in passed.stdout

    # A date that does not exist, as a teacher might type it, staged for a commit.
    case_file = pack / CASE_FILE
    lines = case_file.read_text(encoding="utf-8").splitlines(keepends=True)
    number = lines.index("    date: 1969-03-02 to 1969-03-17\n")
    lines[number] = "    date: 1969-02-30\n"
    case_file.write_text("".join(lines), encoding="utf-8")
    _git(pack, "add", "-A")

    failed = _try_hook(pack, tmp_path / "pre-commit")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout and "exit code: 2" in failed.stdout
    where = f"{CASE_FILE.as_posix()}:{number + 1}:11: a date '1969-02-30' is not a real date"
    assert where in failed.stdout, failed.stdout
    assert "Traceback" not in failed.stdout + failed.stderr
