"""The pure core type-checks: mypy over the content, engine and packs layers and the API."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.slow
def test_the_core_type_checks() -> None:
    pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--no-error-summary",
         "ibessay/content", "ibessay/engine", "ibessay/classset", "ibessay/packs", "ibessay/api.py",
         "ibessay/atomic.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
