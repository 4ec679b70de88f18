"""The built wheel, installed in a fresh virtual environment outside the checkout, builds and queries the graph."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from healthgraph import settings


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding only the healthgraph wheel; its dependencies come from this venv's site-packages."""
    root = tmp_path_factory.mktemp("install")
    wheels = root / "wheels"
    source = root / "source"  # built from a copy, so that setuptools' build/ folder never lands in the checkout
    shutil.copytree(
        settings.PROJECT_ROOT,
        source,
        ignore=shutil.ignore_patterns(".venv", ".git", "out", "build", "*.egg-info", "__pycache__", "notebooks"),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), "."],
        cwd=source,
        check=True,
        capture_output=True,
    )
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    # dependencies only: a path line in a .pth file does not run the .pth files of that folder, so the
    # checkout's editable install stays invisible and `import healthgraph` finds the wheel
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next(wheels.glob("healthgraph-*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return venv


def _run(venv: Path, cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHGRAPH_")}
    return subprocess.run(
        [str(venv / "bin" / "healthgraph"), *args],
        cwd=cwd,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_installed_package_is_the_wheel_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import healthgraph.settings as s; print(s.__file__, s.CHECKOUT)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    location, checkout = done.stdout.split()
    assert Path(location).is_relative_to(installed) and checkout == "False"


def test_build_with_my_records_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    records = tmp_path / "my-records"
    shutil.copytree(settings.data_dir(), records, ignore=shutil.ignore_patterns("examples"))
    done = _run(
        installed, tmp_path, "build", "--data", str(records), "--shared", str(settings.shared_dir()), "--out", "built"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "built" / "healthgraph.trig").stat().st_size > 100_000
    assert "conforms" in done.stdout.lower()


def test_query_with_the_shipped_records_and_queries(installed: Path, tmp_path: Path) -> None:
    done = _run(
        installed, tmp_path, "query", "cq01", "--format", "csv", env={"HEALTHGRAPH_SHARED": str(settings.shared_dir())}
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Medicen Paris Region" in done.stdout and "Lyonbiopôle" in done.stdout
    listed = _run(installed, tmp_path, "queries")
    assert listed.returncode == 0 and "cq12" in listed.stdout
