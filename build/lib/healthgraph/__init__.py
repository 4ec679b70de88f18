"""healthgraph: a sourced knowledge graph of the French health-innovation ecosystem."""

__all__ = ["__version__"]

__version__ = "0.1.0"
