"""Settings: where the curated records, the ontology, the stored queries and the shared public data are found.

One setting each, read from the environment, with defaults that work both from a checkout and installed:

- ``HEALTHGRAPH_DATA``: the curated records; default ``data/`` of the checkout, or the records shipped in the
  package (``healthgraph.resources.data``) when installed;
- ``HEALTHGRAPH_SHARED``: the shared public files (regions, ANR tables, registries, W3C suites); default
  ``../shared`` next to the checkout, or ``../shared`` from the current folder when installed.

The ontology and the stored queries are the checkout's ``ontology/`` and ``queries/``, or their copies shipped
in the package.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CHECKOUT", "PROJECT_ROOT", "data_dir", "ontology_dir", "queries_dir", "shared_dir"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "ontology").is_dir()


def _resource(name: str) -> Path:
    """Return the checkout's top-level folder ``name``, or the package's copy of it when installed."""
    if CHECKOUT:
        return PROJECT_ROOT / name
    return Path(__file__).resolve().parent / "resources" / name


def data_dir() -> Path:
    """Return the folder of curated records (``HEALTHGRAPH_DATA``, else the checkout's or the package's)."""
    configured = os.environ.get("HEALTHGRAPH_DATA")
    return Path(configured) if configured else _resource("data")


def ontology_dir() -> Path:
    """Return the folder holding ``healthgraph.ttl`` and ``shapes.ttl``."""
    return _resource("ontology")


def queries_dir() -> Path:
    """Return the folder of stored competency queries."""
    return _resource("queries")


def shared_dir() -> Path:
    """Return the shared public-data folder: ``HEALTHGRAPH_SHARED``, default ``../shared``.

    Importers and tests read the public files (regions, ANR tables, W3C suites) from here,
    so a user can point it at their own copies of the same files.
    """
    configured = os.environ.get("HEALTHGRAPH_SHARED")
    if configured:
        return Path(configured).resolve()
    return (PROJECT_ROOT.parent if CHECKOUT else Path.cwd().parent) / "shared"
