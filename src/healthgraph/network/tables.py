"""Report: run the standard analyses on the built graph and write their tables and RDF scores to ``out/``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rdflib import Graph

from healthgraph import network
from healthgraph.cells import for_spreadsheet
from healthgraph.files import atomic_write
from healthgraph.network.projection import project
from healthgraph.network.scores import scores_to_rdf

__all__ = ["write_reports"]


def _csv(frame: pd.DataFrame, path: Path) -> None:
    shown = frame.drop(columns=[c for c in ("members",) if c in frame.columns])
    for column in shown.columns:
        shown[column] = shown[column].map(lambda v: for_spreadsheet(v) if isinstance(v, str) else v)
    atomic_write(path, lambda temp: shown.to_csv(temp, index=False))


def write_reports(graph: Graph, out: Path) -> dict[str, Path]:
    """Write centrality, brokers (by region and by pôle), communities and RDF scores; return the files."""
    reports = out / "reports"
    organisations = project(graph, "organisations")
    files = {
        "centrality": reports / "centrality.csv",
        "brokers_regions": reports / "brokers-regions.csv",
        "brokers_poles": reports / "brokers-poles.csv",
        "communities": reports / "communities.csv",
        "pole_communities": reports / "pole-communities.csv",
        "scores": reports / "centrality-scores.ttl",
    }
    ranking = network.centrality(organisations, top=None)
    _csv(ranking, files["centrality"])
    _csv(network.brokers(organisations, "regions", top=None), files["brokers_regions"])
    _csv(network.brokers(organisations, "pole", top=None), files["brokers_poles"])
    _csv(network.communities(organisations), files["communities"])
    _csv(network.communities(project(graph, "poles")), files["pole_communities"])
    method = f"all measures; betweenness {ranking.attrs['method']}; closeness {ranking.attrs['closeness']}"
    scores = scores_to_rdf(ranking, list(network.MEASURES), "organisations", method)

    def write_scores(temp: Path) -> None:
        scores.serialize(destination=temp, format="turtle", encoding="utf-8")

    atomic_write(files["scores"], write_scores)
    return files
