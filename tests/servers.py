"""Test helpers: start and stop `healthgraph serve` on loopback, and send it a query with a plain HTTP client."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path


def start_server(
    *args: str, descriptors: int | None = None, log: str | None = None
) -> tuple[subprocess.Popen[str], str]:
    """Start `healthgraph serve` on a free port (with at most ``descriptors`` open files); return it and its URL.

    Its log goes to ``log`` (a file), by default to a temporary file: stderr is a pipe the tests do not drain.
    """
    log = log or tempfile.mkstemp(prefix="healthgraph-serve-", suffix=".log")[1]

    def limit() -> None:
        if descriptors:
            resource.setrlimit(resource.RLIMIT_NOFILE, (descriptors, descriptors))

    process = subprocess.Popen(
        [sys.executable, "-m", "healthgraph", "serve", "--port", "0", "--log", log, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    assert line.startswith("serving "), line + (process.stderr.read() if process.poll() is not None else "")
    return process, line.split()[1]


def stop_server(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        raise


def get(url: str, query: str, accept: str = "application/sparql-results+json", timeout: float = 30) -> tuple[int, str]:
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def children(pid: int) -> list[int]:
    """Return the process ids of the children of ``pid`` (its query workers)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except FileNotFoundError:  # the thread ended while we listed them
            continue
    return found


def cpu_seconds(pid: int) -> float:
    """Return the CPU time (user + system) ``pid`` has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
