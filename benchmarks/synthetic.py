"""Synthetic ecosystem generator, for benchmarks only: curated-format records that never mix with real data.

It writes a data folder in the same CSV format as ``data/`` (so the real build reads it): 56 pôles, N members
with 1-3 memberships, N/10 projects with 2-8 partners and 1-2 funders, themes and dated figures, and what
every competency query asks for, so that none answers from an empty pattern: N/1,000 tiers-lieux run by a
hospital with partner pôles (cq03), N/2,500 bioclusters with founders, partners, a laureate role and a
funding (cq04), N/100 people holding posts (cq05), six alliances that the pôles join, co-join or work with
(cq06, cq07), fundings of the pôles themselves (cq08), N/1,000 working groups and N/2,000 programmes with
participants (cq09), and a second synthetic source whose figures disagree with the first (cq11, cq12).
Every id starts with ``syn-`` and every fact cites a source whose id starts with ``synthetic``.
:data:`PARAMETERS` names the synthetic entities the benchmark binds the queries' parameters to.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
from pathlib import Path

from healthgraph import settings

__all__ = ["PARAMETERS", "generate"]

KINDS = ["startup", "sme", "sme", "large-company", "research", "university", "hospital", "association"]
REGIONS = ["11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"]
VOCABULARIES = ("roles.csv", "measures.csv", "themes.csv", "places.csv")
SOURCE, SURVEY = "synthetic", "synthetic-survey"
PARAMETERS = {"pole": "syn-pole-01", "organisation": "syn-pole-01", "subject": "syn-pole-01"}
ENTITY_HEADER = "id,kind,label_fr,label_en,alt_names,regions,location,website,identifiers,source,note"
RELATION_HEADER = "relation,subject,object,role,start,end,source,locator,note"
FUNDING_HEADER = "funder,beneficiary,programme,amount,qualifier,currency,duration_years,date,source,locator,note"
FIGURE_HEADER = "subject,measure,value,qualifier,unit,date,date_inferred,source,locator,note"
POST_HEADER = "person,organisation,role,start,end,as_of,source,locator,note"
EMPTY_TABLES = (
    (
        "events.csv",
        "type,subject,date,date_inferred,predecessors,successors,agents,location,description_en,source,locator,note",
    ),
    ("labellings.csv", "entity,label,programme,date,duration_years,status,awarded_by,source,locator,note"),
)


class Tables:
    """The rows of each generated table, and the ids the later steps draw from."""

    def __init__(self, rng: random.Random, themes: list[str]) -> None:
        """Start empty, drawing from ``rng`` and ``themes``."""
        self.rng, self.themes = rng, themes
        self.entities: list[list[str]] = []
        self.relations: list[list[str]] = []
        self.fundings: list[list[str]] = []
        self.figures: list[list[str]] = []
        self.posts: list[list[str]] = []
        self.ids: dict[str, list[str]] = {}

    def entity(self, prefix: str, kind: str, count: int, fr: str, en: str, regions: bool = False) -> list[str]:
        """Add ``count`` entities ``syn-<prefix>-<n>`` of ``kind``; return their ids (also kept in ``ids``)."""
        width = 2 if count <= 100 else 6
        made = [f"syn-{prefix}-{i:0{width}d}" for i in range(count)]
        for i, identifier in enumerate(made):
            region = self.rng.choice(REGIONS) if regions else ""
            self.entities.append([identifier, kind, f"{fr} {i}", f"{en} {i}", "", region, "", "", "", SOURCE, ""])
        self.ids[prefix] = made
        return made

    def relate(self, relation: str, subject: str, obj: str, start: str = "", role: str = "") -> None:
        """Add one relation row citing the synthetic source."""
        self.relations.append([relation, subject, obj, role, start, "", SOURCE, "", ""])

    def fund(self, funder: str, beneficiary: str, programme: str, date: str) -> None:
        """Add one funding row with an amount in euros."""
        amount = str(self.rng.randint(50, 5000) * 1000)
        self.fundings.append([funder, beneficiary, programme, amount, "", "EUR", "", date, SOURCE, "", ""])

    def figure(self, subject: str, measure: str, value: int, year: int, source: str = SOURCE) -> None:
        """Add one dated figure."""
        self.figures.append([subject, measure, str(value), "", "count", str(year), "", source, "", ""])

    def members_of(self, kind: str) -> list[str]:
        """The member organisations of ``kind`` (startup, hospital...)."""
        return [row[0] for row in self.entities if row[1] == kind and row[0].startswith("syn-org-")]


def _write(path: Path, header: str, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header.split(","))
        writer.writerows(rows)


def _core(t: Tables, members: int) -> None:
    """Pôles, funders, members with their memberships and themes, projects with partners and funders."""
    poles = t.entity("pole", "pole", 56, "Pôle synthétique", "Synthetic pôle", regions=True)
    funders = t.entity("funder", "funder", 20, "Financeur synthétique", "Synthetic funder")
    member_ids = [f"syn-org-{i:06d}" for i in range(members)]
    for i, m in enumerate(member_ids):
        kind, region = t.rng.choice(KINDS), t.rng.choice(REGIONS)
        label_fr, label_en = f"Organisation synthétique {i}", f"Synthetic organisation {i}"
        t.entities.append([m, kind, label_fr, label_en, "", region, "", "", "", SOURCE, ""])
    t.ids["org"] = member_ids
    projects = t.entity("project", "project", max(members // 10, 1), "Projet synthétique", "Synthetic project")
    for m in member_ids:
        for pole in t.rng.sample(poles, t.rng.randint(1, 3)):
            t.relate("member", m, pole, f"{t.rng.randint(2005, 2024)}")
        t.relations.append(["focus", m, t.rng.choice(t.themes), "", "", "", SOURCE, "", ""])
    for pole in poles:
        for theme in t.rng.sample(t.themes, 3):
            t.relations.append(["focus", pole, theme, "", "", "", SOURCE, "", ""])
    for number, project in enumerate(projects):
        partners = t.rng.sample(member_ids, min(t.rng.randint(2, 8), len(member_ids)))
        t.relate("lead", partners[0], project)
        for partner in partners[1:]:
            t.relate("participant", partner, project)
        for funder in t.rng.sample(funders, t.rng.randint(1, 2)):
            t.fund(funder, project, "", f"{2010 + number % 15}")


def _tiers_lieux(t: Tables, members: int) -> None:
    """Tiers-lieux run by a member hospital, with themes and one or two partner pôles (cq03)."""
    hospitals = t.members_of("hospital") or t.ids["org"]
    for site in t.entity(
        "tiers-lieu", "tiers-lieu", max(members // 1000, 2), "Tiers-lieu synthétique", "Synthetic site"
    ):
        t.relate("operator", t.rng.choice(hospitals), site, "2022")
        for theme in t.rng.sample(t.themes, 2):
            t.relations.append(["focus", site, theme, "", "", "", SOURCE, "", ""])
        for pole in t.rng.sample(t.ids["pole"], t.rng.randint(1, 2)):
            t.relate("partner", pole, site)


def _bioclusters(t: Tables, members: int) -> None:
    """Bioclusters with founders and partners, laureates of a synthetic call that funds them (cq04)."""
    (call,) = t.entity("programme", "funding-programme", 1, "Appel synthétique", "Synthetic call")
    for cluster in t.entity(
        "biocluster", "biocluster", max(members // 2500, 2), "Biocluster synthétique", "Synthetic biocluster"
    ):
        founders = t.rng.sample(t.ids["org"], min(3, len(t.ids["org"])))
        for founder in founders:
            t.relate("founder", founder, cluster, "2023")
        for partner in t.rng.sample(t.ids["org"], min(5, len(t.ids["org"]))):
            if partner not in founders:
                t.relate("supporter", partner, cluster)
        t.relate("laureate", cluster, call, "2024")
        t.fund("", cluster, call, "2024")


def _alliances(t: Tables) -> None:
    """Alliances of pôles: every pôle joins one or two, some co-join another or work with one (cq06, cq07)."""
    alliances = t.entity("alliance", "pole-network", 6, "Alliance synthétique", "Synthetic alliance")
    for pole in t.ids["pole"]:
        joined = t.rng.sample(alliances, t.rng.randint(1, 2))
        for alliance in joined:
            t.relate("member", pole, alliance, "2015")
        others = [a for a in alliances if a not in joined]
        t.relations.append(["co-membership", pole, t.rng.choice(others), "", "2020", "", SOURCE, "", ""])
        t.relate("collaborator", pole, t.rng.choice(alliances), "2018", "network-partner")


def _people(t: Tables, members: int) -> None:
    """People holding posts in pôles and alliances; some hold two, in two organisations (cq05)."""
    leading = t.ids["pole"] + t.ids["alliance"]
    for person in t.entity("person", "person", max(members // 100, 4), "Personne synthétique", "Synthetic person"):
        for number, organisation in enumerate(t.rng.sample(leading, t.rng.randint(1, 2))):
            role = "president" if number == 0 else "director-general"
            start = str(t.rng.randint(2010, 2024))
            t.posts.append([person, organisation, role, start, "", "", SOURCE, "", ""])


def _groups(t: Tables, members: int) -> None:
    """Working groups and programmes with participating members and pôles (cq09); fundings of pôles (cq08)."""
    groups = t.entity(
        "group", "working-group", max(members // 1000, 2), "Groupe de travail synthétique", "Synthetic working group"
    )
    programmes = t.entity(
        "action", "programme", max(members // 2000, 2), "Programme synthétique", "Synthetic programme"
    )
    for target in groups + programmes:
        t.relate("initiator", t.rng.choice(t.ids["pole"]), target)
        for member in t.rng.sample(t.ids["org"], min(t.rng.randint(3, 10), len(t.ids["org"]))):
            t.relate("participant", member, target)
    for pole in t.ids["pole"]:
        t.fund(t.rng.choice(t.ids["funder"]), pole, t.rng.choice(programmes), "2023")


def _figures(t: Tables) -> None:
    """Member counts of every pôle at three dates; a second source disagrees on some, and on the pôle count."""
    for pole in t.ids["pole"]:
        for year in (2015, 2020, 2025):
            t.figure(pole, "member-count", t.rng.randint(50, 900), year)
    for pole in t.ids["pole"][::4]:
        t.figure(pole, "member-count", t.rng.randint(50, 900), 2025, SURVEY)
    alliance = t.ids["alliance"][0]
    t.figure(alliance, "pole-count", 56, 2024)
    t.figure(alliance, "pole-count", 55, 2024, SURVEY)


def generate(members: int, folder: Path, seed: int = 7) -> Path:
    """Write a synthetic data folder with ``members`` member organisations; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in VOCABULARIES:
        shutil.copy(settings.data_dir() / name, folder / name)
    with (folder / "themes.csv").open(encoding="utf-8") as handle:
        themes = [row["id"] for row in csv.DictReader(handle)]
    t = Tables(random.Random(seed), themes)
    for step in (_core, _tiers_lieux, _bioclusters):
        step(t, members)
    _alliances(t)
    _people(t, members)
    _groups(t, members)
    _figures(t)
    sources = [
        [SOURCE, "dataset", "Synthetic benchmark ecosystem (generated, not real)", "", "2025", "", "", ""],
        [SURVEY, "dataset", "Synthetic survey that disagrees (generated, not real)", "", "2025", "", "", ""],
    ]
    _write(folder / "sources.csv", "id,kind,title,author,date,date_inferred,url,note", sources)
    for name, header, rows in (
        ("entities.csv", ENTITY_HEADER, t.entities),
        ("relations.csv", RELATION_HEADER, t.relations),
        ("fundings.csv", FUNDING_HEADER, t.fundings),
        ("figures.csv", FIGURE_HEADER, t.figures),
        ("posts.csv", POST_HEADER, t.posts),
    ):
        _write(folder / name, header, rows)
    for name, header in EMPTY_TABLES:
        (folder / name).write_text(header + "\n", encoding="utf-8")
    return folder


def main() -> None:
    """Command line: ``python benchmarks/synthetic.py N FOLDER``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("members", type=int)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    print(generate(args.members, args.folder))


if __name__ == "__main__":
    main()
