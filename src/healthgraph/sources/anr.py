"""ANR import: the "Projets ANR DGPIE" tables -> a separate named graph of projects, fundings and partners.

Partner organisations are reconciled with the curated entities through the crosswalk (see ``reconcile``).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from healthgraph.errors import DataError, DataErrors
from healthgraph.namespaces import DCTERMS, HG, HGID, PROV, RDF, RDFS, SDO, SKOS, XSD, bind_prefixes
from healthgraph.sources.reconcile import Crosswalk, normalise_name, read_crosswalk
from healthgraph.terms import date_literal, decimal_literal, entity_iri

__all__ = [
    "PARTNERS_FILE",
    "PROJECTS_FILE",
    "AnrImport",
    "import_anr",
    "import_anr_files",
    "import_anr_folder",
    "partner_spellings",
    "read_anr",
]

PROJECTS_FILE = "anr_dgpie_projets_20220512.csv"
PARTNERS_FILE = "anr_dgpie_partenaires_20220512_sans_personnes.csv"
SOURCE = HGID["source/anr-dgpie-20220512"]
UNKNOWN = "Non renseigné"
PROJECT_COLUMNS = [
    "Projet.Code_Decision_ANR",
    "Projet.Date_debut",
    "Action.Edition",
    "Action.Titre.Francais",
    "Projet.Acronyme",
    "Projet.Titre.Francais",
    "Projet.Aide_allouee",
]
PARTNER_COLUMNS = [
    "Projet.Code_Decision_ANR",
    "Projet.Partenaire.Est_coordinateur",
    "Projet.Partenaire.Nom_organisme",
    "Projet.Partenaire.Categorie_organisme",
    "Projet.Partenaire.Adresse.Ville",
    "Projet.Partenaire.Adresse.Region",
]
CATEGORY_CLASSES = {
    "Universités, INSA et INP": HG.University,
    "Grandes écoles publiques": HG.University,
    "ENS et grands établissements": HG.University,
    "COMUE Pôle de recherche et d'Enseignement supérieur": HG.University,
    "Autres écoles (privées)": HG.University,
    "IEP": HG.University,
    "Organismes de type EPST": HG.ResearchOrganisation,
    "Organismes de Type EPIC": HG.ResearchOrganisation,
    "Entreprises Privées": HG.Company,
    "Organismes Médicaux (Hôpitaux)": HG.Hospital,
    "Etablissements de santé": HG.Hospital,
    "Associations": HG.Association,
    "EPA, GIP, organismes avec autre statut": HG.PublicAgency,
    "Ministères": HG.PublicAgency,
    "Collectivités": HG.LocalAuthority,
}
EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass
class AnrImport:
    """The imported named graph and the counts a user checks against the tables."""

    graph: Graph
    projects: int = 0
    partner_rows: int = 0
    unnamed_partner_rows: int = 0
    organisations: int = 0
    curated_matches: int = 0
    funded_amount: Decimal = Decimal(0)
    unmatched_regions: Counter[str] = field(default_factory=Counter)


def _rows(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise DataErrors([DataError(str(path), 1, c, "required column is missing") for c in missing])
            return [(line, row) for line, row in enumerate(reader, start=2)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataErrors([DataError(str(path), 0, "", f"cannot read the ANR table: {exc}")]) from None


def read_anr(
    projects: Path, partners: Path
) -> tuple[list[tuple[int, dict[str, str]]], list[tuple[int, dict[str, str]]]]:
    """Read both tables, checking columns and that every partner row names a known project."""
    project_rows = _rows(projects, PROJECT_COLUMNS)
    partner_rows = _rows(partners, PARTNER_COLUMNS)
    codes = {row["Projet.Code_Decision_ANR"] for _, row in project_rows}
    errors = [
        DataError(
            str(partners), line, "Projet.Code_Decision_ANR", f"unknown project {row['Projet.Code_Decision_ANR']!r}"
        )
        for line, row in partner_rows
        if row["Projet.Code_Decision_ANR"] not in codes
    ]
    if errors:
        raise DataErrors(errors[:20])
    return project_rows, partner_rows


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise_name(text)).strip("-") or "unnamed"


def _amount(path: Path, line: int, text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip() or "0")
    except InvalidOperation:
        raise DataErrors([DataError(str(path), line, "Projet.Aide_allouee", f"{text!r} is not an amount")]) from None
    return value if value > 0 else None


def _start(text: str, edition: str) -> Literal:
    if text.strip().isdigit():
        return date_literal((EXCEL_EPOCH + dt.timedelta(days=int(text))).isoformat())
    return date_literal(edition) if re.fullmatch(r"\d{4}", edition) else date_literal("2010")


def import_anr(
    projects: Path,
    partners: Path,
    crosswalk: Crosswalk,
    regions: dict[str, str],
    curated_ids: set[str],
    curated_names: dict[str, set[str]] | None = None,
) -> AnrImport:
    """Build the ANR named graph. ``regions`` maps normalised region names to INSEE codes."""
    project_rows, partner_rows = read_anr(projects, partners)
    g = bind_prefixes(Graph())
    result = AnrImport(g, projects=len(project_rows), partner_rows=len(partner_rows))
    g.add((SOURCE, RDF.type, HG.Dataset))
    g.add((SOURCE, DCTERMS.title, Literal("ANR: Projets ANR DGPIE, projects and partners (export of 2022-05-12)")))
    g.add((SOURCE, RDFS.label, Literal("ANR DGPIE projects and partners, 2022-05-12")))
    g.add((SOURCE, HG.sourceKind, Literal("dataset")))
    g.add((SOURCE, DCTERMS.date, date_literal("2022-05-12")))
    g.add((SOURCE, DCTERMS.creator, Literal("Agence nationale de la recherche")))
    g.add(
        (
            SOURCE,
            SDO.url,
            URIRef(
                "https://www.data.gouv.fr/fr/datasets/anr-02-projets-anr-dgpie-detail-des-projets-et-des-partenaires/"
            ),
        )
    )
    anr = entity_iri("anr")
    actions: set[str] = set()
    for line, row in project_rows:
        code, action = row["Projet.Code_Decision_ANR"], row["Action.Titre.Francais"].strip() or "UNKNOWN"
        project = HGID[f"anr/project/{code}"]
        programme = HGID[f"anr/action/{_slug(action)}"]
        if action not in actions:
            actions.add(action)
            g.add((programme, RDF.type, HG.FundingProgramme))
            g.add((programme, RDFS.label, Literal(f"action {action} du PIA / France 2030 (ANR)", lang="fr")))
            g.add((programme, RDFS.label, Literal(f"PIA / France 2030 action {action} (ANR)", lang="en")))
            g.add((programme, PROV.wasDerivedFrom, SOURCE))
            operation = HGID[f"anr/fact/operator/{_slug(action)}"]
            _add_all(
                g,
                [
                    (operation, RDF.type, HG.Involvement),
                    (operation, HG.agent, anr),
                    (operation, HG.target, programme),
                    (operation, HG.role, HGID["role/operator"]),
                    (operation, PROV.wasDerivedFrom, SOURCE),
                ],
            )
        title = f"{row['Projet.Acronyme'].strip()}: {row['Projet.Titre.Francais'].strip()}".strip(": ")
        g.add((project, RDF.type, HG.Project))
        g.add((project, RDFS.label, Literal(title or code, lang="fr")))
        g.add((project, RDFS.label, Literal(title or code, lang="en")))
        g.add((project, DCTERMS.identifier, Literal(code)))
        g.add((project, PROV.wasDerivedFrom, SOURCE))
        funding = HGID[f"anr/fact/funding/{code}"]
        _add_all(
            g,
            [
                (funding, RDF.type, HG.Funding),
                (funding, HG.funder, anr),
                (funding, HG.beneficiary, project),
                (funding, HG.programme, programme),
                (funding, PROV.wasDerivedFrom, SOURCE),
                (funding, HG.locator, Literal(f"{projects.name}:{line}")),
            ],
        )
        start = _start(row["Projet.Date_debut"], row["Action.Edition"])
        g.add((funding, DCTERMS.date, start))
        g.add((funding, HG.datePrecision, HG.Day if start.datatype == XSD.date else HG.Year))
        amount = _amount(projects, line, row["Projet.Aide_allouee"])
        if amount is not None:
            result.funded_amount += amount
            g.add((funding, HG.amount, decimal_literal(amount)))
            g.add((funding, HG.currency, Literal("EUR")))
    organisations: set[URIRef] = set()
    curated: set[str] = set()
    for line, row in partner_rows:
        name = row["Projet.Partenaire.Nom_organisme"].strip()
        if not name or name == UNKNOWN:
            result.unnamed_partner_rows += 1
            continue
        key, is_curated = crosswalk.resolve(name)
        is_curated = is_curated and key in curated_ids
        if is_curated:
            organisation = entity_iri(key)
            curated.add(key)
            known = (curated_names or {}).setdefault(key, set())
            if normalise_name(name) not in known:  # an ANR spelling of a curated entity finds it too
                known.add(normalise_name(name))
                g.add((organisation, SKOS.altLabel, Literal(name)))
        else:
            organisation = HGID[f"anr/org/{_slug(key)}"]
        if organisation not in organisations:
            organisations.add(organisation)
            if not is_curated:
                _describe(g, organisation, name, row, regions, result)
        involvement = HGID[f"anr/fact/partner/{row['Projet.Code_Decision_ANR']}/{line}"]
        role = "coordinator" if row["Projet.Partenaire.Est_coordinateur"].strip() == "1" else "participant"
        _add_all(
            g,
            [
                (involvement, RDF.type, HG.Involvement),
                (involvement, HG.agent, organisation),
                (involvement, HG.target, HGID[f"anr/project/{row['Projet.Code_Decision_ANR']}"]),
                (involvement, HG.role, HGID[f"role/{role}"]),
                (involvement, PROV.wasDerivedFrom, SOURCE),
                (involvement, HG.locator, Literal(f"{partners.name}:{line}")),
            ],
        )
        g.add((organisation, HG.isInvolvedIn, HGID[f"anr/project/{row['Projet.Code_Decision_ANR']}"]))
    result.organisations = len(organisations)
    result.curated_matches = len(curated)
    return result


def _add_all(g: Graph, triples: list[tuple[Node, Node, Node]]) -> None:
    for triple in triples:
        g.add(triple)


def _describe(
    g: Graph, organisation: URIRef, name: str, row: dict[str, str], regions: dict[str, str], result: AnrImport
) -> None:
    g.add(
        (
            organisation,
            RDF.type,
            CATEGORY_CLASSES.get(row["Projet.Partenaire.Categorie_organisme"].strip(), HG.Organisation),
        )
    )
    g.add((organisation, RDFS.label, Literal(name, lang="fr")))
    g.add((organisation, RDFS.label, Literal(name, lang="en")))
    g.add((organisation, PROV.wasDerivedFrom, SOURCE))
    region = row["Projet.Partenaire.Adresse.Region"].strip()
    code = regions.get(normalise_name(region))
    if code:
        g.add((organisation, HG.region, HGID[f"region/{code}"]))
    elif region and region != UNKNOWN:
        result.unmatched_regions[region] += 1
    city = row["Projet.Partenaire.Adresse.Ville"].strip()
    if city and city != UNKNOWN:
        place = HGID[f"place/{_slug(city)}"]
        g.add((organisation, HG.location, place))
        g.add((place, RDF.type, HG.Place))
        g.add((place, RDFS.label, Literal(city.title() if city.isupper() else city, lang="fr")))
        g.add((place, RDFS.label, Literal(city.title() if city.isupper() else city, lang="en")))


def import_anr_folder(curated: Graph, folder: Path, data: Path) -> AnrImport:
    """Import the two ANR tables found in ``folder`` against the ``curated`` graph and the crosswalk in ``data``."""
    return import_anr_files(curated, folder / PROJECTS_FILE, folder / PARTNERS_FILE, data)


def import_anr_files(curated: Graph, projects: Path, partners: Path, data: Path) -> AnrImport:
    """Import the two ANR tables against the ``curated`` graph's entities and regions, and the crosswalk in ``data``."""
    regions = {
        normalise_name(str(curated.value(region, RDFS.label))): str(code)
        for region, code in curated.subject_objects(HG.inseeCode)
    }
    curated_ids = {str(s).rsplit("/", 1)[-1] for s in curated.subjects(RDFS.label, None)}
    names: dict[str, set[str]] = {}
    for prop in (RDFS.label, SKOS.altLabel):
        for node, label in curated.subject_objects(prop):
            names.setdefault(str(node).rsplit("/", 1)[-1], set()).add(normalise_name(str(label)))
    path = data / "anr_crosswalk.csv"
    try:
        crosswalk = read_crosswalk(path)
    except ValueError as exc:
        raise DataErrors([DataError(str(path), 0, "", str(exc))]) from None
    return import_anr(projects, partners, crosswalk, regions, curated_ids, names)


def partner_spellings(partners: Path) -> dict[str, str]:
    """Return every partner spelling of the ANR partners table with its city (unnamed partners left out)."""
    name, city = "Projet.Partenaire.Nom_organisme", "Projet.Partenaire.Adresse.Ville"
    return {
        row[name].strip(): row[city].strip()
        for _, row in _rows(partners, [name, city])
        if row[name].strip() not in ("", UNKNOWN)
    }
