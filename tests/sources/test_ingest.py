"""Data entering the build is read strictly: the W3C bad-Turtle suites, unsafe IRIs, DTDs, remote contexts."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace
from typer.testing import CliRunner

from healthgraph import settings
from healthgraph.cli import app
from healthgraph.errors import DataErrors
from healthgraph.sources.rdf_files import read_rdf

RDFT = Namespace("http://www.w3.org/ns/rdftest#")
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHARED = settings.shared_dir()


def negative_turtle(folder: Path) -> list[Path]:
    manifest = Graph().parse(folder / "manifest.ttl", format="turtle")
    return sorted(
        folder / str(manifest.value(t, MF.action)).rsplit("/", 1)[-1]
        for t in manifest.subjects(RDF.type, RDFT.TestTurtleNegativeSyntax)
    )


RDF11 = negative_turtle(SHARED / "w3c" / "rdf" / "rdf11" / "rdf-turtle")
RDF12 = negative_turtle(SHARED / "w3c" / "rdf" / "rdf12" / "rdf-turtle" / "syntax")


def test_suite_sizes() -> None:
    assert (len(RDF11), len(RDF12)) == (94, 33)


@pytest.mark.parametrize("path", RDF11 + RDF12, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_bad_turtle_is_rejected_with_file_and_rule(path: Path) -> None:
    base = "https://w3c.github.io/rdf-tests/rdf/" + "/".join(path.parts[-3:])
    with pytest.raises(DataErrors) as info:
        read_rdf(path, base_iri=base)
    message = str(info.value)
    assert str(path) in message and ("syntax" in message or "refused" in message or "unsupported" in message)


def test_bad_file_through_build_leaves_previous_output(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", "--out", str(out)]).exit_code == 0
    before = (out / "healthgraph.trig").read_bytes()
    result = runner.invoke(app, ["build", "--out", str(out), "--with", f"rdf:{RDF11[0]}"])
    assert result.exit_code == 1 and RDF11[0].name in result.output
    assert (out / "healthgraph.trig").read_bytes() == before


@pytest.mark.parametrize("iri", ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,x", "ftp://x/y"])
def test_unsafe_iris_are_rejected(tmp_path: Path, iri: str) -> None:
    path = tmp_path / "unsafe.ttl"
    path.write_text(f"<https://example.org/s> <https://example.org/p> <{iri}> .\n", encoding="utf-8")
    with pytest.raises(DataErrors, match="refused: only http"):
        read_rdf(path)


def test_iri_with_space_or_angle_is_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "space.nt"
    path.write_text("<https://example.org/a b> <https://example.org/p> <https://example.org/o> .\n", encoding="utf-8")
    with pytest.raises(DataErrors, match="syntax"):
        read_rdf(path)


def test_rdf_xml_with_entities_is_refused_before_parsing(tmp_path: Path) -> None:
    laughs = "".join(
        f'<!ENTITY l{i} "{"&l" + str(i - 1) + ";" * 1 if i else "lol"}{("&l" + str(i - 1) + ";") * 9}">'
        for i in range(1, 9)
    )
    path = tmp_path / "bomb.rdf"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rdf [<!ENTITY l0 "lol">{laughs}]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
        encoding="utf-8",
    )
    started = time.monotonic()
    with pytest.raises(DataErrors, match="DOCTYPE or ENTITY"):
        read_rdf(path)
    assert time.monotonic() - started < 1


def test_json_ld_remote_context_is_never_fetched(tmp_path: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    seen: list[object] = []

    def watch() -> None:
        with contextlib.suppress(OSError):
            seen.append(listener.accept())

    watcher = threading.Thread(target=watch)
    watcher.start()
    path = tmp_path / "doc.jsonld"
    path.write_text(
        f'{{"@context": "http://127.0.0.1:{port}/ctx.jsonld", "@id": "https://example.org/a", "name": "x"}}',
        encoding="utf-8",
    )
    with pytest.raises(DataErrors, match="remote @context"):
        read_rdf(path)
    watcher.join()
    listener.close()
    assert seen == [], "the context URL must never be contacted"


def test_inline_json_ld_and_valid_turtle_are_read(tmp_path: Path) -> None:
    path = tmp_path / "doc.jsonld"
    path.write_text(
        '{"@context": {"name": "https://schema.org/name"}, "@id": "https://example.org/a", "name": "x"}',
        encoding="utf-8",
    )
    assert len(read_rdf(path)) == 1
    example = settings.data_dir() / "examples" / "valid" / "membership.ttl"
    assert len(read_rdf(example)) > 10
