"""Build: curated records + regions + ontology -> an RDF dataset of named graphs (no file writes)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from healthgraph.curation.records import Curated, Record, read_curated
from healthgraph.curation.regions import RegionRecord, read_regions
from healthgraph.errors import DataError, DataErrors
from healthgraph.memory import paused_gc
from healthgraph.namespaces import (
    DCTERMS,
    GRAPH_CURATED,
    GRAPH_ONTOLOGY,
    HG,
    HGID,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    bind_prefixes,
)
from healthgraph.terms import date_literal, decimal_literal, entity_iri, merge_graphs

__all__ = [
    "Build",
    "TripleSink",
    "build_curated",
    "build_into",
    "load_ontology",
]

KIND_CLASSES = {
    "pole": HG.Pole,
    "pole-network": HG.PoleNetwork,
    "network": HG.Network,
    "association": HG.Association,
    "biocluster": HG.Biocluster,
    "tiers-lieu": HG.TiersLieu,
    "agency": HG.PublicAgency,
    "funder": HG.Funder,
    "local-authority": HG.LocalAuthority,
    "company": HG.Company,
    "startup": HG.StartUp,
    "sme": HG.SME,
    "large-company": HG.LargeCompany,
    "research": HG.ResearchOrganisation,
    "university": HG.University,
    "hospital": HG.Hospital,
    "working-group": HG.WorkingGroup,
    "person": HG.Person,
    "programme": HG.Programme,
    "funding-programme": HG.FundingProgramme,
    "project": HG.Project,
    "label": HG.Label,
    "organisation": HG.Organisation,
}
EVENT_CLASSES = {
    "creation": HG.Creation,
    "renaming": HG.Renaming,
    "merger": HG.Merger,
    "launch": HG.Launch,
    "announcement": HG.Announcement,
    "scope-change": HG.ScopeChange,
}
STATUS = {"labelled": HG.Labelled, "probation": HG.LabelledOnProbation, "not-labelled": HG.NotLabelled}
QUALIFIER = {"exact": HG.Exact, "about": HG.About, "more-than": HG.MoreThan, "up-to": HG.UpTo}
SCHEMES = {
    "filiere": ("filières stratégiques", "strategic sectors"),
    "axis": ("axes transverses et axes stratégiques", "axes"),
    "das": ("domaines d'activité stratégiques", "strategic activity domains"),
    "domain": ("domaines thématiques", "thematic domains"),
    "market": ("marchés", "markets"),
}
PRECISION = {4: HG.Year, 7: HG.Month, 10: HG.Day}
IDENTIFIER_PREFIXES = {"ror": "https://ror.org/", "wikidata": "http://www.wikidata.org/entity/"}


@dataclass
class Build:
    """The built dataset and, for every node made from a record, the ``file:line`` it came from."""

    dataset: Dataset
    locations: dict[Node, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the imports say about themselves, for the summary

    def graph(self, name: URIRef) -> Graph:
        """Return the named graph ``name`` of the dataset."""
        return self.dataset.graph(name)

    def union(self) -> Graph:
        """Return a new graph holding every triple of every named graph."""
        return merge_graphs(self.dataset.graphs())


def load_ontology(path: Path) -> Graph:
    """Parse the ontology Turtle file."""
    return bind_prefixes(Graph()).parse(path, format="turtle")


class _Triples(list[tuple[Node, Node, Node]]):
    """Triples collected during a build and added to the graph in one ``addN`` (much faster than ``add``)."""

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        self.append(triple)


class TripleSink(Protocol):
    """Where a build puts its triples: a list to add to a graph, or a writer of N-Quads."""

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        """Take one triple."""


class _Builder:
    def __init__(self, curated: Curated, sink: TripleSink) -> None:
        self.curated, self.g = curated, sink
        self.locations: dict[Node, str] = {}
        self.errors: list[DataError] = []
        self.themes = curated.ids("themes")

    # -- helpers -------------------------------------------------------------
    def ref(self, table: str, identifier: str) -> URIRef:
        if table == "entities":
            return entity_iri(identifier)
        prefix = {
            "themes": "theme",
            "roles": "role",
            "measures": "measure",
            "places": "place",
            "sources": "source",
            "regions": "region",
        }[table]
        return HGID[f"{prefix}/{identifier}"]

    def target(self, identifier: str) -> URIRef:
        return self.ref("themes" if identifier in self.themes else "entities", identifier)

    def labels(self, node: URIRef, fr: str, en: str, prop: URIRef = RDFS.label) -> None:
        self.g.add((node, prop, Literal(fr, lang="fr")))
        self.g.add((node, prop, Literal(en, lang="en")))

    def date(self, node: Node, prop: URIRef, text: str | None) -> None:
        if text:
            self.g.add((node, prop, date_literal(text)))
            if prop == DCTERMS.date:
                self.g.add((node, HG.datePrecision, PRECISION[len(text)]))

    def fact(self, kind: str, key: str, cls: URIRef, record: Record) -> URIRef:
        node = HGID[f"fact/{kind}/{key}"]
        if node in self.locations:
            self.errors.append(
                DataError(record.path, record.line, "", f"duplicate fact: same as {self.locations[node]}")
            )
        self.locations[node] = record.where
        self.g.add((node, RDF.type, cls))
        for source in record["source"]:
            self.g.add((node, PROV.wasDerivedFrom, self.ref("sources", source)))
        if record["locator"]:
            self.g.add((node, HG.locator, Literal(record["locator"])))
        if record["note"]:
            self.g.add((node, HG.note, Literal(record["note"], lang="en")))
        return node

    def add_all(self, node: Node, prop: URIRef, objects: Iterable[Node]) -> None:
        for obj in objects:
            self.g.add((node, prop, obj))

    # -- vocabularies and entities --------------------------------------------
    def vocabularies(self) -> None:
        self.source_nodes()
        self.concept_nodes()
        self.theme_nodes()

    def source_nodes(self) -> None:
        for record in self.curated.rows("sources"):
            node = self.ref("sources", record["id"])
            self.locations[node] = record.where
            self.g.add((node, RDF.type, HG.Dataset if record["kind"] == "dataset" else HG.SourceDocument))
            self.g.add((node, DCTERMS.title, Literal(record["title"])))
            self.g.add((node, RDFS.label, Literal(record["title"])))
            self.g.add((node, HG.sourceKind, Literal(record["kind"])))
            if record["author"]:
                self.g.add((node, DCTERMS.creator, Literal(record["author"])))
            self.date(node, DCTERMS.date, record["date"])
            if record["date_inferred"]:
                self.g.add((node, HG.dateInferred, Literal(True)))
            if record["url"]:
                self.g.add((node, SDO.url, URIRef(record["url"])))
            if record["note"]:
                self.g.add((node, HG.note, Literal(record["note"], lang="en")))

    def concept_nodes(self) -> None:
        for table, cls in (("roles", HG.Role), ("measures", HG.Measure), ("places", HG.Place)):
            for record in self.curated.rows(table):
                node = self.ref(table, record["id"])
                self.locations[node] = record.where
                self.g.add((node, RDF.type, cls))
                self.labels(node, record["label_fr"], record["label_en"])
                self.labels(node, record["label_fr"], record["label_en"], SKOS.prefLabel)
                self.g.add((node, SKOS.notation, Literal(record["id"])))
                if table == "measures":
                    self.g.add((node, HG.unit, Literal(record["unit"])))

    def theme_nodes(self) -> None:
        for scheme, (fr, en) in SCHEMES.items():
            self.g.add((HGID[f"scheme/{scheme}"], RDF.type, HG.ThemeScheme))
            self.labels(HGID[f"scheme/{scheme}"], fr, en)
        for record in self.curated.rows("themes"):
            node = self.ref("themes", record["id"])
            self.locations[node] = record.where
            self.g.add((node, RDF.type, HG.Theme))
            self.labels(node, record["label_fr"], record["label_en"])
            self.labels(node, record["label_fr"], record["label_en"], SKOS.prefLabel)
            self.g.add((node, SKOS.inScheme, HGID[f"scheme/{record['scheme']}"]))
            if record["broader"]:
                self.g.add((node, SKOS.broader, self.ref("themes", record["broader"])))
            if record["note"]:
                self.g.add((node, SKOS.scopeNote, Literal(record["note"], lang="en")))

    def regions(self, regions: dict[str, RegionRecord]) -> None:
        for region in regions.values():
            node = self.ref("regions", region.code)
            self.g.add((node, RDF.type, HG.Region))
            self.labels(node, region.name, region.name)
            self.g.add((node, HG.inseeCode, Literal(region.code)))
            self.g.add((node, SDO.startDate, Literal(region.start, datatype=XSD.date)))
            self.g.add((node, PROV.wasDerivedFrom, self.ref("sources", region.source)))
            if region.end:
                self.g.add((node, SDO.endDate, Literal(region.end, datatype=XSD.date)))
            if region.merged_into:
                self.g.add((node, HG.mergedInto, self.ref("regions", region.merged_into)))
                self.g.add((node, PROV.wasDerivedFrom, self.ref("sources", "geohisto-regions")))

    def entities(self) -> None:
        for record in self.curated.rows("entities"):
            node = entity_iri(record["id"])
            self.locations[node] = record.where
            self.add_all(node, RDF.type, (KIND_CLASSES[k] for k in record["kind"]))
            self.labels(node, record["label_fr"], record["label_en"])
            self.add_all(node, SKOS.altLabel, (Literal(name) for name in record["alt_names"]))
            self.add_all(node, HG.region, (self.ref("regions", code) for code in record["regions"]))
            self.add_all(node, PROV.wasDerivedFrom, (self.ref("sources", s) for s in record["source"]))
            if record["location"]:
                self.g.add((node, HG.location, self.ref("places", record["location"])))
            if record["website"]:
                self.g.add((node, SDO.url, URIRef(record["website"])))
            if record["note"]:
                self.g.add((node, HG.note, Literal(record["note"], lang="en")))
            for identifier in record["identifiers"]:
                self.identifier(record, node, identifier)

    def identifier(self, record: Record, node: URIRef, identifier: str) -> None:
        scheme, _, value = identifier.partition(":")
        if scheme == "siren" and value.isdigit() and len(value) == 9:
            self.g.add((node, HG.siren, Literal(value)))
        elif scheme in IDENTIFIER_PREFIXES and value.isalnum():
            self.g.add((node, SKOS.exactMatch, URIRef(IDENTIFIER_PREFIXES[scheme] + value)))
        else:
            self.errors.append(
                DataError(
                    record.path,
                    record.line,
                    "identifiers",
                    f"'{identifier}' is not siren:<9 digits>, ror:<id> or wikidata:<Qid>",
                )
            )

    # -- facts -----------------------------------------------------------------
    def relations(self) -> None:
        for r in self.curated.rows("relations"):
            relation, subject, obj = r["relation"], entity_iri(r["subject"]), self.target(r["object"])
            if (relation == "focus") != (r["object"] in self.themes):
                want = "a theme" if relation == "focus" else "an entity"
                self.errors.append(
                    DataError(r.path, r.line, "object", f"relation '{relation}' needs {want}, got '{r['object']}'")
                )
                continue
            key = f"{r['subject']}--{r['object']}" + (f"--{r['role']}" if r["role"] else "")
            if relation == "member":
                node = self.fact("membership", key, HG.Membership, r)
                self.g.add((node, HG.member, subject))
                self.g.add((node, HG.organisation, obj))
                self.g.add((subject, HG.memberOf, obj))
            elif relation in ("partner", "co-membership"):
                node = self.fact(relation, key, HG.CoMembership if relation == "co-membership" else HG.Partnership, r)
                self.add_all(node, HG.partner, (subject, obj))
                self.g.add((subject, HG.partnerOf, obj))
                self.g.add((obj, HG.partnerOf, subject))
            elif relation == "focus":
                node = self.fact("focus", key, HG.ThematicFocus, r)
                self.g.add((node, HG.subject, subject))
                self.g.add((node, HG.theme, obj))
                self.g.add((subject, HG.hasTheme, obj))
            elif relation == "part-of":
                node = self.fact("inclusion", key, HG.Inclusion, r)
                self.g.add((node, HG.part, subject))
                self.g.add((node, HG.whole, obj))
                self.g.add((subject, DCTERMS.isPartOf, obj))
            else:
                node = self.fact("involvement", f"{relation}/{key}", HG.Involvement, r)
                self.g.add((node, HG.agent, subject))
                self.g.add((node, HG.target, obj))
                self.g.add((subject, HG.isInvolvedIn, obj))
            role = r["role"] or (relation if relation not in ("partner", "co-membership", "focus", "part-of") else None)
            if role:
                self.g.add((node, HG.role, self.ref("roles", role)))
            self.date(node, HG.startDate, r["start"])
            self.date(node, HG.endDate, r["end"])

    def events(self) -> None:
        for r in self.curated.rows("events"):
            node = self.fact("event", f"{r['type']}/{r['subject']}/{r['date']}", EVENT_CLASSES[r["type"]], r)
            self.g.add((node, HG.subject, entity_iri(r["subject"])))
            self.date(node, DCTERMS.date, r["date"])
            if r["date_inferred"]:
                self.g.add((node, HG.dateInferred, Literal(True)))
            self.add_all(node, HG.predecessor, (entity_iri(e) for e in r["predecessors"]))
            self.add_all(node, HG.successor, (entity_iri(e) for e in r["successors"]))
            self.add_all(node, HG.agent, (entity_iri(e) for e in r["agents"]))
            if r["location"]:
                self.g.add((node, HG.location, self.ref("places", r["location"])))
            self.g.add((node, HG.description, Literal(r["description_en"], lang="en")))
            for before in r["predecessors"]:
                for after in r["successors"]:
                    if before != after:
                        self.g.add((entity_iri(before), HG.succeededBy, entity_iri(after)))

    def labellings(self) -> None:
        for r in self.curated.rows("labellings"):
            key = f"{r['entity']}--{r['label']}" + (f"--{r['programme']}" if r["programme"] else f"--{r['date']}")
            node = self.fact("labelling", key, HG.Labelling, r)
            self.g.add((node, HG.subject, entity_iri(r["entity"])))
            self.g.add((node, HG.label, entity_iri(r["label"])))
            self.g.add((node, HG.status, STATUS[r["status"]]))
            self.date(node, DCTERMS.date, r["date"])
            if r["programme"]:
                self.g.add((node, HG.programme, entity_iri(r["programme"])))
            if r["awarded_by"]:
                self.g.add((node, HG.agent, entity_iri(r["awarded_by"])))
            if r["duration_years"] is not None:
                self.g.add((node, HG.durationYears, decimal_literal(r["duration_years"])))

    def posts(self) -> None:
        for r in self.curated.rows("posts"):
            key = f"{r['person']}--{r['organisation']}--{r['role']}" + (f"--{r['start']}" if r["start"] else "")
            node = self.fact("post", key, HG.Post, r)
            self.g.add((node, HG.holder, entity_iri(r["person"])))
            self.g.add((node, HG.organisation, entity_iri(r["organisation"])))
            self.g.add((node, HG.role, self.ref("roles", r["role"])))
            self.date(node, HG.startDate, r["start"])
            self.date(node, HG.endDate, r["end"])
            self.date(node, DCTERMS.date, r["as_of"])

    def fundings(self) -> None:
        for r in self.curated.rows("fundings"):
            key = f"{r['funder'] or '-'}--{r['beneficiary']}--{r['programme'] or '-'}--{r['date']}"
            node = self.fact("funding", key, HG.Funding, r)
            self.g.add((node, HG.beneficiary, entity_iri(r["beneficiary"])))
            if r["funder"]:
                self.g.add((node, HG.funder, entity_iri(r["funder"])))
            if r["programme"]:
                self.g.add((node, HG.programme, entity_iri(r["programme"])))
            if r["amount"] is not None:
                self.g.add((node, HG.amount, decimal_literal(r["amount"])))
                self.g.add((node, HG.currency, Literal(r["currency"] or "EUR")))
            if r["qualifier"]:
                self.g.add((node, HG.qualifier, QUALIFIER[r["qualifier"]]))
            if r["duration_years"] is not None:
                self.g.add((node, HG.durationYears, decimal_literal(r["duration_years"])))
            self.date(node, DCTERMS.date, r["date"])

    def figures(self) -> None:
        for r in self.curated.rows("figures"):
            key = f"{r['subject']}--{r['measure']}--{r['date'] or 'undated'}--{r['source'][0]}"
            node = self.fact("figure", key, HG.Observation, r)
            self.g.add((node, HG.subject, self.target(r["subject"])))
            self.g.add((node, HG.measure, self.ref("measures", r["measure"])))
            self.g.add((node, HG.value, decimal_literal(r["value"])))
            self.g.add((node, HG.unit, Literal(r["unit"])))
            self.g.add((node, HG.qualifier, QUALIFIER[r["qualifier"] or "exact"]))
            self.date(node, DCTERMS.date, r["date"])
            if r["date_inferred"]:
                self.g.add((node, HG.dateInferred, Literal(True)))


def build_curated(data: Path, ontology: Path, shared: Path, root: Path | None = None) -> Build:
    """Read the curated records and shared region files and build the dataset.

    Raises ``DataErrors`` naming file, line and field when any record breaks a rule.
    """
    with paused_gc():
        return _build(data, ontology, shared, root)


def build_into(data: Path, shared: Path, root: Path | None, sink: TripleSink) -> dict[Node, str]:
    """Build the curated records into ``sink`` without holding a graph; return each record node's ``file:line``.

    The triples are those of the curated graph of :func:`build_curated` (the ontology is not included).
    Raises ``DataErrors`` as it does, once every record is read: ``sink`` may have taken triples by then.
    """
    with paused_gc():
        regions, curated = _read(data, shared, root)
        builder = _Builder(curated, sink)
        _run(builder, regions)
        return builder.locations


def _read(data: Path, shared: Path, root: Path | None) -> tuple[dict[str, RegionRecord], Curated]:
    regions = read_regions(shared)
    return regions, read_curated(data, {code: r for code, r in regions.items()}, root)


def _build(data: Path, ontology: Path, shared: Path, root: Path | None) -> Build:
    regions, curated = _read(data, shared, root)
    dataset = Dataset()
    bind_prefixes(dataset)
    ontology_graph = dataset.graph(GRAPH_ONTOLOGY)
    for triple in load_ontology(ontology):
        ontology_graph.add(triple)
    triples = _Triples()
    builder = _Builder(curated, triples)
    _run(builder, regions)
    curated_graph = dataset.graph(GRAPH_CURATED)
    curated_graph.addN((s, p, o, curated_graph) for s, p, o in triples)
    return Build(dataset, builder.locations)


def _run(builder: _Builder, regions: dict[str, RegionRecord]) -> None:
    """Run every step of the build in order; raise DataErrors naming every record that breaks a rule."""
    builder.vocabularies()
    builder.regions(regions)
    builder.entities()
    builder.relations()
    builder.events()
    builder.labellings()
    builder.posts()
    builder.fundings()
    builder.figures()
    if builder.errors:
        raise DataErrors(builder.errors)
