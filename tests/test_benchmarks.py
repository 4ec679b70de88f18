"""The benchmark command runs every stage and prints its table and ratios (figures are never asserted)."""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from healthgraph import settings

ROOT = Path(__file__).parents[1]


def _load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "benchmarks" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


generate = _load_generator()


def _run(tmp_path: Path, *args: str) -> tuple[str, list[dict[str, object]]]:
    env = {**os.environ, "HEALTHGRAPH_SHARED": str(settings.shared_dir())}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--results", str(tmp_path), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (result,) = tmp_path.glob("bench-*.json")
    return done.stdout, json.loads(result.read_text(encoding="utf-8"))


def test_synthetic_generator_writes_the_curated_format(tmp_path: Path) -> None:
    folder = generate(300, tmp_path / "syn")
    with (folder / "entities.csv").open(encoding="utf-8") as handle:
        entities = list(csv.DictReader(handle))
    assert sum(e["kind"] == "pole" for e in entities) == 56
    assert sum(e["id"].startswith("syn-org-") for e in entities) == 300
    assert sum(e["kind"] == "project" for e in entities) == 30
    assert all(e["id"].startswith("syn-") for e in entities)  # never a real entity
    with (folder / "sources.csv").open(encoding="utf-8") as handle:
        assert all(row["id"].startswith("synthetic") for row in csv.DictReader(handle))
    kinds = {e["kind"] for e in entities}
    # what each competency query asks for, so that no benchmark row times an empty answer
    assert {"tiers-lieu", "biocluster", "person", "working-group", "programme", "pole-network"} <= kinds


def test_benchmark_runs_every_stage_on_the_curated_graph(tmp_path: Path) -> None:
    out, rows = _run(tmp_path, "--datasets", "curated", "--stage-timeout", "120")
    statuses = {r["stage"]: r["status"] for r in rows}
    assert all(status == "ok" for status in statuses.values()), statuses
    for stage in ("build + validate (pyshacl)", "build + validate (turbo)", "load Oxigraph (N-Quads)"):
        assert stage in statuses
    assert sum(s.endswith("Oxigraph (median of 3)") for s in statuses) == len(list(settings.queries_dir().glob("*.rq")))
    assert "ratios (slow / fast" in out and "rdflib / Oxigraph load" in out and "curated" in out


def test_benchmark_skips_pure_python_stages_above_the_limit(tmp_path: Path) -> None:
    out, rows = _run(tmp_path, "--datasets", "300", "--slow-max", "1", "--stage-timeout", "120")
    statuses = {r["stage"]: r["status"] for r in rows}
    assert statuses["validate (pyshacl)"] == "skipped" and statuses["validate (turbo)"] == "ok"
    assert statuses["load rdflib (N-Quads)"] == "skipped" and statuses["load Oxigraph (N-Quads)"] == "ok"
    assert statuses["cq06 rdflib (1 run)"] == "skipped" and statuses["cq06 Oxigraph (median of 3)"] == "ok"
    assert statuses["betweenness (healthgraph default)"] == "ok"
    assert statuses["betweenness exact (igraph)"] == "skipped"
    assert "skipped above 1 triples" in out and "rdflib / Oxigraph load" not in out
    # the streamed build ran in its own process, and every query time says how many rows it returned
    assert statuses["streamed: total"] == "ok" and statuses["streamed: validate store (turbo)"] == "ok"
    notes = [str(r["note"]) for r in rows if str(r["stage"]).endswith("Oxigraph (median of 3)")]
    assert len(notes) == 12 and all(note.endswith(" rows") for note in notes)
