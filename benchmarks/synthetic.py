"""Synthetic ecosystem generator, for benchmarks only: curated-format records that never mix with real data.

It writes a data folder in the same CSV format as ``data/`` (so the real build reads it): 56 pôles, N members
with 1-3 memberships, N/10 projects with 2-8 partners and 1-2 funders, themes and dated figures. Every id
starts with ``syn-`` and every fact cites the single source ``synthetic``.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
from pathlib import Path

from healthgraph import settings

KINDS = ["startup", "sme", "sme", "large-company", "research", "university", "hospital", "association"]
REGIONS = ["11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"]
VOCABULARIES = ("roles.csv", "measures.csv", "themes.csv", "places.csv")


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def generate(members: int, folder: Path, seed: int = 7) -> Path:
    """Write a synthetic data folder with ``members`` member organisations; return it."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for name in VOCABULARIES:
        shutil.copy(settings.data_dir() / name, folder / name)
    themes = [row["id"] for row in csv.DictReader((folder / "themes.csv").open(encoding="utf-8"))]
    _write(
        folder / "sources.csv",
        ["id", "kind", "title", "author", "date", "date_inferred", "url", "note"],
        [["synthetic", "dataset", "Synthetic benchmark ecosystem (generated, not real)", "", "2025", "", "", ""]],
    )
    poles = [f"syn-pole-{i:02d}" for i in range(56)]
    funders = [f"syn-funder-{i:02d}" for i in range(20)]
    entities = [
        [
            p,
            "pole",
            f"Pôle synthétique {i}",
            f"Synthetic pôle {i}",
            f"SP{i}",
            rng.choice(REGIONS),
            "",
            "",
            "",
            "synthetic",
            "",
        ]
        for i, p in enumerate(poles)
    ]
    entities += [
        [f, "funder", f"Financeur synthétique {i}", f"Synthetic funder {i}", "", "", "", "", "", "synthetic", ""]
        for i, f in enumerate(funders)
    ]
    member_ids = [f"syn-org-{i:06d}" for i in range(members)]
    entities += [
        [
            m,
            rng.choice(KINDS),
            f"Organisation synthétique {i}",
            f"Synthetic organisation {i}",
            "",
            rng.choice(REGIONS),
            "",
            "",
            "",
            "synthetic",
            "",
        ]
        for i, m in enumerate(member_ids)
    ]
    projects = [f"syn-project-{i:06d}" for i in range(max(members // 10, 1))]
    entities += [
        [p, "project", f"Projet synthétique {i}", f"Synthetic project {i}", "", "", "", "", "", "synthetic", ""]
        for i, p in enumerate(projects)
    ]
    relations = []
    for m in member_ids:
        for pole in rng.sample(poles, rng.randint(1, 3)):
            relations.append(["member", m, pole, "", f"{rng.randint(2005, 2024)}", "", "synthetic", "", ""])
        relations.append(["focus", m, rng.choice(themes), "", "", "", "synthetic", "", ""])
    for pole in poles:
        for theme in rng.sample(themes, 3):
            relations.append(["focus", pole, theme, "", "", "", "synthetic", "", ""])
    fundings = []
    for number, project in enumerate(projects):
        partners = rng.sample(member_ids, min(rng.randint(2, 8), len(member_ids)))
        relations.append(["lead", partners[0], project, "", "", "", "synthetic", "", ""])
        relations += [["participant", p, project, "", "", "", "synthetic", "", ""] for p in partners[1:]]
        for funder in rng.sample(funders, rng.randint(1, 2)):
            fundings.append(
                [
                    funder,
                    project,
                    "",
                    str(rng.randint(50, 5000) * 1000),
                    "",
                    "EUR",
                    "",
                    f"{2010 + number % 15}",
                    "synthetic",
                    "",
                    "",
                ]
            )
    figures = [
        [pole, "member-count", str(rng.randint(50, 900)), "", "count", str(year), "", "synthetic", "", ""]
        for pole in poles
        for year in (2015, 2020, 2025)
    ]
    _write(
        folder / "entities.csv",
        [
            "id",
            "kind",
            "label_fr",
            "label_en",
            "alt_names",
            "regions",
            "location",
            "website",
            "identifiers",
            "source",
            "note",
        ],
        entities,
    )
    _write(
        folder / "relations.csv",
        ["relation", "subject", "object", "role", "start", "end", "source", "locator", "note"],
        relations,
    )
    _write(
        folder / "fundings.csv",
        [
            "funder",
            "beneficiary",
            "programme",
            "amount",
            "qualifier",
            "currency",
            "duration_years",
            "date",
            "source",
            "locator",
            "note",
        ],
        fundings,
    )
    _write(
        folder / "figures.csv",
        ["subject", "measure", "value", "qualifier", "unit", "date", "date_inferred", "source", "locator", "note"],
        figures,
    )
    for name, header in (
        (
            "events.csv",
            "type,subject,date,date_inferred,predecessors,successors,agents,location,"
            "description_en,source,locator,note",
        ),
        ("labellings.csv", "entity,label,programme,date,duration_years,status,awarded_by,source,locator,note"),
        ("posts.csv", "person,organisation,role,start,end,as_of,source,locator,note"),
    ):
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
