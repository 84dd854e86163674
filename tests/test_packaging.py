"""A plain (non-editable) install from a wheel finds the bundled prompts and rubrics."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, PROMPT, ROOT


@pytest.mark.slow
def test_wheel_installs_and_checks_in_a_fresh_venv(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                    "--wheel-dir", str(tmp_path / "dist"), str(ROOT)], check=True)
    wheel = next((tmp_path / "dist").glob("ibessay-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert f"ibessay/_bundled/prompts/{PROMPT}.yaml" in names
    assert f"ibessay/_bundled/rubrics/{PROMPT}.yaml" in names
    assert f"ibessay/_bundled/rubrics/examples/{PROMPT}/exemplar.md" in names
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "IBESSAY_CONTENT_PATH")}
    # Run from an unrelated folder, so nothing can come from this checkout.
    result = subprocess.run(
        [str(venv / "bin" / "ibessay"), "check", str(EXAMPLES / "exemplar.md"),
         "--prompt", PROMPT, "--format", "json"],
        capture_output=True, text=True, cwd=tmp_path, env=env, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["passed"] and report["rubric"] == PROMPT
    listed = subprocess.run([str(venv / "bin" / "ibessay"), "prompts", "--format", "json"],
                            capture_output=True, text=True, cwd=tmp_path, env=env, check=True)
    assert PROMPT in {p["id"] for p in json.loads(listed.stdout)}
