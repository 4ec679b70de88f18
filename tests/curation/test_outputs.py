"""What a build writes is never lost, half-written or mixed: stores switch whole, outputs are locked."""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from tests.servers import get, start_server, stop_server

from healthgraph.files import locked, write_folder
from healthgraph.sparql.backends import load_oxigraph

BUILD = [sys.executable, "-m", "healthgraph", "build"]


def _small(path: Path, size: int = 10) -> None:
    dataset = Dataset()
    graph = dataset.graph(URIRef("https://w3id.org/healthgraph/graph/test"))
    for number in range(size):
        graph.add((URIRef(f"https://example.org/{number}"), URIRef("https://example.org/p"), Literal(number)))
    load_oxigraph(dataset, path)


def _count(path: Path) -> int:
    return len(ox.Store.read_only(str(path)))


def test_a_build_killed_while_loading_the_store_leaves_the_old_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _small(store)
    process = subprocess.Popen([*BUILD, "--out", str(tmp_path / "o"), "--store", f"oxigraph:{store}"])
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("store.v*"))) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.005)
    process.kill()
    process.wait()
    assert len(list(tmp_path.glob("store.v*"))) == 2, "the kill did not land while the new version was loading"
    assert _count(store) == 10


def test_a_served_store_is_replaced_whole_and_the_server_keeps_its_version(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _small(store)
    process, url = start_server("--store", f"oxigraph:{store}")
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    try:
        before = get(url, query)
        subprocess.run([*BUILD, "--out", str(tmp_path / "o"), "--store", f"oxigraph:{store}"], check=True, timeout=180)
        assert get(url, query) == before  # the version it opened, whole
        assert _count(store) > 5000  # the new version, whole
    finally:
        stop_server(process)


def test_a_second_writer_of_the_same_outputs_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    subprocess.run([*BUILD, "--out", str(out)], check=True, capture_output=True, timeout=180)
    stamp = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if not p.name.startswith(".")}
    with locked(out / ".healthgraph.lock", out):
        done = subprocess.run([*BUILD, "--out", str(out)], capture_output=True, text=True, timeout=180, check=False)
        report = subprocess.run(
            [sys.executable, "-m", "healthgraph", "report", "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    for result in (done, report):
        assert result.returncode == 1 and f"being written by process {os.getpid()}" in result.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir() if not p.name.startswith(".")} == stamp


def _no_space() -> None:
    """A file size limit makes every large write fail as a full disk would (EFBIG instead of ENOSPC)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


def test_a_full_disk_is_one_clear_line_and_the_outputs_stay_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    subprocess.run([*BUILD, "--out", str(out)], check=True, capture_output=True, timeout=180)
    subprocess.run([sys.executable, "-m", "healthgraph", "report", "--out", str(out)], check=True, capture_output=True)
    triples = len(Graph().parse(out / "healthgraph.ttl"))
    reports = {p.name: p.read_bytes() for p in (out / "reports").iterdir()}
    for command in ("build", "report"):
        done = subprocess.run(
            [sys.executable, "-m", "healthgraph", command, "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
            preexec_fn=_no_space,
        )
        assert done.returncode == 1 and "cannot write into" in done.stderr, done.stderr[-500:]
        assert "Traceback" not in done.stderr
        assert len(Graph().parse(out / "healthgraph.ttl")) == triples
        assert {p.name: p.read_bytes() for p in (out / "reports").iterdir()} == reports


def test_a_store_named_like_another_store_versions_is_left_alone(tmp_path: Path) -> None:
    _small(tmp_path / "store.v2", 3)
    _small(tmp_path / "store", 10)
    _small(tmp_path / "store", 11)
    _small(tmp_path / "store", 12)
    assert _count(tmp_path / "store.v2") == 3 and _count(tmp_path / "store") == 12
    versions = [p.name for p in tmp_path.iterdir() if re.fullmatch(r"store\.v[0-9]{16,}", p.name)]
    assert len(versions) == 2  # the one in use and the one before it
    assert len([p for p in tmp_path.iterdir() if p.name.startswith("store.v2.v")]) == 1


def test_a_folder_swap_that_fails_puts_the_old_folder_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "reports"
    write_folder(target, lambda folder: (folder / "a.csv").write_text("old"))
    real_rename = os.rename
    calls: list[str] = []

    def failing(source: object, destination: object) -> None:
        calls.append(str(destination))
        if len(calls) == 2:  # the new folder into place
            raise OSError(28, "No space left on device")
        real_rename(source, destination)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", failing)
    with pytest.raises(OSError, match="No space"):
        write_folder(target, lambda folder: (folder / "a.csv").write_text("new"))
    monkeypatch.setattr(os, "rename", real_rename)
    assert (target / "a.csv").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["reports"]
