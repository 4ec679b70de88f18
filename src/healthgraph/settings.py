"""Settings: where the project, its curated data and the shared public data live."""

import os
from pathlib import Path

__all__ = ["PROJECT_ROOT", "data_dir", "ontology_dir", "queries_dir", "shared_dir"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """Return the folder of curated records (``HEALTHGRAPH_DATA`` or ``data/``)."""
    return Path(os.environ.get("HEALTHGRAPH_DATA", PROJECT_ROOT / "data"))


def ontology_dir() -> Path:
    """Return the folder holding ``healthgraph.ttl`` and ``shapes.ttl``."""
    return PROJECT_ROOT / "ontology"


def queries_dir() -> Path:
    """Return the folder of stored competency queries."""
    return PROJECT_ROOT / "queries"


def shared_dir() -> Path:
    """Return the shared public-data folder: ``HEALTHGRAPH_SHARED``, default ``../shared``.

    Importers and tests read the public files (regions, ANR tables, W3C suites) from here,
    so a user can point it at their own copies of the same files.
    """
    return Path(os.environ.get("HEALTHGRAPH_SHARED", PROJECT_ROOT.parent / "shared")).resolve()
