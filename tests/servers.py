"""Test helpers: start and stop `healthgraph serve` on loopback, and send it a query with a plain HTTP client."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request


def start_server(*args: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "healthgraph", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
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
