"""The code base stays ruff- and mypy-clean (run as part of the suite so CI enforces it)."""

from __future__ import annotations

import subprocess
import sys

from healthgraph import settings


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=settings.PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False)


def test_ruff_is_clean() -> None:
    done = _run(sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean() -> None:
    done = _run(sys.executable, "-m", "mypy")
    assert done.returncode == 0, done.stdout + done.stderr
