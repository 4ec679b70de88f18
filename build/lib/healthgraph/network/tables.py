"""Report: run the standard analyses on the built graph and write their tables and RDF scores to ``out/``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rdflib import Graph

from healthgraph import network
from healthgraph.cells import for_spreadsheet
from healthgraph.files import atomic_write, write_folder
from healthgraph.network.projection import project
from healthgraph.network.scores import scores_to_rdf

__all__ = ["write_reports"]


def _csv(frame: pd.DataFrame, path: Path) -> None:
    shown = frame.drop(columns=[c for c in ("members",) if c in frame.columns])
    for column in shown.columns:
        shown[column] = shown[column].map(lambda v: for_spreadsheet(v) if isinstance(v, str) else v)
    atomic_write(path, lambda temp: shown.to_csv(temp, index=False))


NAMES = {
    "centrality": "centrality.csv",
    "brokers_regions": "brokers-regions.csv",
    "brokers_poles": "brokers-poles.csv",
    "communities": "communities.csv",
    "pole_communities": "pole-communities.csv",
    "scores": "centrality-scores.ttl",
}


def write_reports(graph: Graph, out: Path) -> dict[str, Path]:
    """Write centrality, brokers (by region and by pôle), communities and RDF scores as one set in ``out/reports``.

    The tables are computed first and written into a new folder that then takes the place of the old one, so
    ``reports/`` is never half new, half old.
    """
    organisations = project(graph, "organisations")
    ranking = network.centrality(organisations, top=None)
    tables = {
        "centrality": ranking,
        "brokers_regions": network.brokers(organisations, "regions", top=None),
        "brokers_poles": network.brokers(organisations, "pole", top=None),
        "communities": network.communities(organisations),
        "pole_communities": network.communities(project(graph, "poles")),
    }
    method = f"all measures; betweenness {ranking.attrs['method']}; closeness {ranking.attrs['closeness']}"
    scores = scores_to_rdf(ranking, list(network.MEASURES), "organisations", method)

    def fill(folder: Path) -> None:
        for key, frame in tables.items():
            _csv(frame, folder / NAMES[key])
        scores.serialize(destination=folder / NAMES["scores"], format="turtle", encoding="utf-8")

    reports = out / "reports"
    write_folder(reports, fill)
    return {key: reports / name for key, name in NAMES.items()}
