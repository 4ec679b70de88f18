"""Run the command-line interface with ``python -m healthgraph``."""

from healthgraph.cli import app

__all__: list[str] = []

if __name__ == "__main__":
    app()
