"""Selection: a view's part named in English or French."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from typer.testing import CliRunner

from healthgraph.cli import app
from healthgraph.network import project
from healthgraph.views.selection import select_view


def test_theme_named_in_french_or_english(graph: Graph) -> None:
    projected = project(graph, "full")
    french, _ = select_view(projected, "theme", "santé des femmes")
    english, _ = select_view(projected, "theme", "women's health")
    assert set(french) == set(english) and len(french) >= 2


def test_render_accepts_a_french_focus(tmp_path: Path) -> None:
    output = tmp_path / "femmes.html"
    result = CliRunner().invoke(
        app, ["render", "--output", str(output), "--page", "theme", "--focus", "santé des femmes"]
    )
    assert result.exit_code == 0, result.output
    assert output.stat().st_size > 100_000
