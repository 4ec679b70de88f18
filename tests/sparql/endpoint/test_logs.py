"""The server logs each request and each fault (with its traceback) as JSON lines, where the user chooses."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

from tests.servers import get, start_server, stop_server

from healthgraph.sparql.endpoint import Endpoint, Reply, make_server, memory_store
from healthgraph.sparql.endpoint.logs import configure


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_each_request_is_a_json_line_in_the_chosen_file(tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    process, url = start_server(log=str(log))
    try:
        assert get(url, "ASK {}")[0] == 200
        assert get(url, "SELECT * WHERE {")[0] == 400
    finally:
        stop_server(process)
    requests = [line for line in _lines(log) if line["event"] == "request"]
    assert [(r["method"], r["path"], r["status"]) for r in requests] == [
        ("GET", "/sparql", 200),
        ("GET", "/sparql", 400),
    ]
    assert all(isinstance(r["ms"], float) and len(str(r["query"])) == 16 for r in requests)
    assert requests[0]["query"] != requests[1]["query"]


def test_a_fault_in_a_worker_is_logged_with_its_traceback_and_hidden_from_the_client(tmp_path: Path) -> None:
    def broken_page(path: str, params: dict[str, list[str]]) -> Reply | None:
        if path == "/boom":
            raise RuntimeError("the page broke at line 42")
        return None

    log = tmp_path / "faults.log"
    configure(str(log))
    server = make_server(Endpoint(lambda: memory_store(b""), page=broken_page), port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/boom", timeout=10)
            raise AssertionError("expected a 500")
        except urllib.error.HTTPError as error:
            body = error.read().decode()
            assert error.code == 500 and "Traceback" not in body and "line 42" not in body
    finally:
        server.shutdown()
        server.server_close()
        configure("off")
    faults = [line for line in _lines(log) if line["level"] == "error"]
    assert len(faults) == 1 and faults[0]["path"] == "/boom"
    assert "RuntimeError: the page broke at line 42" in str(faults[0]["traceback"])
