"""ROR import: fixtures in schema v1 and v2 and a bad file, then the real records, crosswalk and identifiers."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from healthgraph import settings
from healthgraph.curation.build import Build
from healthgraph.curation.validate import load_shapes, validate_graph
from healthgraph.errors import DataErrors
from healthgraph.namespaces import DCTERMS, GRAPH_REGISTRY_IDENTIFIERS, GRAPH_ROR, HG, HGID, PREFIXES, SDO, SKOS
from healthgraph.pipeline import add_anr, build_graph
from healthgraph.sources.registry_crosswalk import (
    RegistryCrosswalk,
    Target,
    propose_candidates,
    read_registry_crosswalk,
)
from healthgraph.sources.registry_identifiers import apply_registry_identifiers
from healthgraph.sources.ror import add_ror, import_ror
from healthgraph.sources.ror_records import ROR_FILE, read_ror, read_ror_records
from healthgraph.sparql.names import NameIndex

FIXTURES = Path(__file__).parent / "fixtures" / "registries"
APHP = HGID["aphp"]


def test_both_schemas_are_read() -> None:
    v1, v2 = read_ror_records(FIXTURES / "ror.jsonl")
    assert (v1.details["schema"], v2.details["schema"]) == ("1", "2")
    assert v1.record == "00pg5jh14" and v1.name == "Assistance Publique – Hôpitaux de Paris"
    assert v1.acronyms == ["AP-HP"] and "Paris Public Hospitals" in v1.full_names
    assert v1.identifiers == {
        "grid": ["grid.50550.35"],
        "isni": ["0000000121754109"],
        "wikidata": ["Q2867205"],
        "fundref": ["501100002738"],
        "ror": ["00pg5jh14"],
    }
    assert (v1.types, v1.city, v1.details["established"]) == (["healthcare", "funder"], "Paris", "1849")
    assert v2.name == "Hôpital Test-Saint-Exemple" and v2.acronyms == ["HTSE"] and v2.city == "Paris"
    assert [(r.kind, r.record) for r in v2.relationships] == [("parent", "00pg5jh14"), ("child", "0test0b22")]
    assert [(r.kind, r.record) for r in v1.relationships] == [("child", "0test0a11")]


def test_bad_records_name_file_line_and_rule() -> None:
    with pytest.raises(DataErrors) as caught:
        read_ror_records(FIXTURES / "ror_bad.jsonl")
    found = [(e.line, e.field) for e in caught.value.errors]
    assert found == [(2, "id"), (3, ""), (4, "names"), (5, "relationships")]
    text = str(caught.value)
    assert "ror_bad.jsonl:2: field 'id'" in text and "not a ROR IRI" in text
    assert "ror_bad.jsonl:3: not JSON" in text and "'ror_display'" in text and "'Cousin'" in text


def query(graph: Graph, text: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in row) for row in graph.query(text, initNs=PREFIXES))


def test_fixture_import_inclusions_and_records_outside_the_file() -> None:
    imported = import_ror(FIXTURES / "ror.jsonl", {})
    g = imported.graph
    assert (imported.records, imported.inclusions, imported.outside) == (2, 2, 1)
    inclusions = query(g, "SELECT ?part ?whole WHERE { ?f a hg:Inclusion ; hg:part ?part ; hg:whole ?whole }")
    assert inclusions == [
        (str(HGID["ror/0test0a11"]), str(HGID["ror/00pg5jh14"])),
        (str(HGID["ror/0test0b22"]), str(HGID["ror/0test0a11"])),
    ], "a link stated from both sides is one inclusion"
    assert (HGID["ror/0test0a11"], DCTERMS.isPartOf, HGID["ror/00pg5jh14"]) in g
    assert (HGID["ror/0test0b22"], HG.ror, Literal("0test0b22")) in g, "named by a relationship, not in the file"
    assert (HGID["ror/00pg5jh14"], SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q2867205")) in g
    entry = query(g, "SELECT ?l WHERE { ?e a hg:RegistryEntry ; dcterms:identifier '0test0a11' ; hg:locator ?l }")
    assert entry == [("ror.jsonl:2",)]


def test_fixture_import_lands_on_matched_nodes() -> None:
    g = import_ror(FIXTURES / "ror.jsonl", {"00pg5jh14": APHP}).graph
    assert (HGID["ror/0test0a11"], DCTERMS.isPartOf, APHP) in g
    assert not list(g.triples((APHP, HG.ror, None))), "identifiers of a matched node come from the default build"


def test_crosswalk_proposes_and_keeps_decisions() -> None:
    records = read_ror_records(FIXTURES / "ror.jsonl")
    targets = [
        Target("curated:aphp", "AP-HP", ("Assistance Publique - Hôpitaux de Paris", "AP-HP"), "Paris"),
        Target(
            "anr:hopital-test-saint-exemple", "Hopital Test Saint Exemple", ("Hopital Test Saint Exemple",), "Paris"
        ),
    ]
    rows = propose_candidates(records, targets)
    found = {(r.record, r.target): (r.method, r.decision) for r in rows}
    assert found[("00pg5jh14", "curated:aphp")] == ("name", ""), "a curated entity always waits for a curator"
    assert found[("0test0a11", "anr:hopital-test-saint-exemple")] == ("name", "same")
    rows[0].decision = "different"
    again = propose_candidates(records, targets, RegistryCrosswalk(rows))
    assert next(r for r in again if r.target == "curated:aphp").decision == "different"


def test_real_records_counts_and_known_identifiers(shared: Path) -> None:
    records = read_ror(shared)
    assert len(records) == 4608
    assert sum(r.details["schema"] == "1" for r in records) == 2614
    aphp = next(r for r in records if r.record == "00pg5jh14")
    assert aphp.identifiers["wikidata"] == ["Q2867205"] and aphp.acronyms == ["AP-HP"]


def test_crosswalk_file_is_valid_and_reviewed() -> None:
    crosswalk = read_registry_crosswalk(settings.data_dir() / "ror_crosswalk.csv")
    same = crosswalk.same()
    assert same["00pg5jh14"] == ["curated:aphp"] and same["02vjkv261"][0] == "curated:inserm"
    assert "curated:cancer-bio-sante" not in same.get("0189yvq06", []), "a shared acronym is not a match"


@pytest.fixture(scope="module")
def applied() -> Build:
    build = build_graph()
    apply_registry_identifiers(build, settings.data_dir(), settings.shared_dir())
    return build


def test_default_build_gets_identifiers_links_and_names(applied: Build) -> None:
    g = applied.graph(GRAPH_REGISTRY_IDENTIFIERS)
    assert (APHP, HG.ror, Literal("00pg5jh14")) in g and (APHP, HG.wikidata, Literal("Q2867205")) in g
    assert (APHP, SKOS.exactMatch, URIRef("https://ror.org/00pg5jh14")) in g
    assert (APHP, SDO.sameAs, URIRef("http://www.wikidata.org/entity/Q2867205")) in g
    assert (APHP, HG.isni, Literal("0000000121754109")) in g
    entry = query(g, f"SELECT ?s ?l WHERE {{ ?e hg:subject <{APHP}> ; prov:wasDerivedFrom ?s ; hg:locator ?l }}")
    assert (str(HGID["source/ror-fr"]), f"{ROR_FILE}:566") in entry
    index = NameIndex([(str(s), str(o)) for s, _, o in applied.union().triples((None, SKOS.altLabel, None))])
    assert index.resolve("Assistance Publique – Hôpitaux de Paris") == APHP, "the registry's en dash spelling"
    assert index.resolve("Institut Gustave Roussy") == HGID["gustave-roussy"]


def test_default_build_with_identifiers_conforms(applied: Build) -> None:
    report = validate_graph(applied.dataset, load_shapes(settings.ontology_dir() / "shapes.ttl"), None, {}, "auto")
    assert not report.errors, [str(e) for e in report.errors[:5]]


def test_real_import_rolls_up_and_conforms(shared: Path) -> None:
    build = build_graph()
    data = settings.data_dir()
    add_anr(build, shared / "data", data)
    imported = add_ror(build, shared / "data" / ROR_FILE, data)
    apply_registry_identifiers(build, data, shared)
    assert imported.records == 4608 and imported.inclusions > 7000
    g = build.graph(GRAPH_ROR)
    assert (HGID["ror/009kb8w74"], DCTERMS.isPartOf, APHP) in g, "Hôpital Rothschild is part of AP-HP"
    assert any(g.triples((None, DCTERMS.isPartOf, HGID["inserm"]))), "Inserm units roll up to Inserm"
    report = validate_graph(build.dataset, load_shapes(settings.ontology_dir() / "shapes.ttl"), None, {}, "auto")
    assert not report.errors, [str(e) for e in report.errors[:5]]


def test_reconcile_ror_writes_the_crosswalk_it_is_given(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from healthgraph import settings
    from healthgraph.cli import app

    target = tmp_path / "ror.csv"
    shipped = (settings.data_dir() / "ror_crosswalk.csv").read_bytes()
    target.write_bytes(shipped)
    result = CliRunner().invoke(app, ["reconcile", "ror", "--crosswalk", str(target)])
    assert result.exit_code == 0, result.output
    assert f"wrote {target}" in result.output and "to review" in result.output
    assert (settings.data_dir() / "ror_crosswalk.csv").read_bytes() == shipped
    assert sorted(target.read_text(encoding="utf-8").splitlines()) == sorted(shipped.decode("utf-8").splitlines())
