"""Every notebook runs top to bottom on a fresh kernel, and its key result is the expected one."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
KEY_RESULTS = {
    "01_tour.ipynb": "key result: Medicen filières = biotech, digital health, medtech",
    "02_sparql_cookbook.ipynb": "key result: cq08 rows per backend = {'memory': 7, 'oxigraph': 7, 'remote': 7}",
    "03_network_analysis.ipynb": (
        "key result: path = FemTech France -> Medicen Paris Region -> Health Innovation Agency"
    ),
    "04_figures_over_time.ipynb": "key result: numbers of pôles given by the sources = [55, 56, 70]",
    "05_visual_exploration.ipynb": "key result: page sizes (MB) =",
}
PLOTTING = re.compile(r"\b(plt|matplotlib)\b|\.plot\(")  # a cell that draws a chart
IMAGES = ("image/png", "image/svg+xml")


def _images(cell: nbformat.NotebookNode) -> int:
    """Count the image outputs (PNG or SVG) that an executed cell displayed."""
    return sum(
        1
        for output in cell.get("outputs", [])
        if output.output_type in ("display_data", "execute_result") and any(m in output.get("data", {}) for m in IMAGES)
    )


def test_every_notebook_has_an_expected_result() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(KEY_RESULTS)


@pytest.mark.parametrize("name", sorted(KEY_RESULTS))
def test_notebook_runs_and_gives_its_key_result(name: str, tmp_path: Path) -> None:
    book = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert all(not cell.get("outputs") for cell in book.cells if cell.cell_type == "code"), "outputs are not committed"
    NotebookClient(book, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    key_cells = [c for c in book.cells if "key-result" in c.get("metadata", {}).get("tags", [])]
    assert len(key_cells) == 1
    text = "".join(o.get("text", "") for o in key_cells[0].outputs if o.output_type == "stream")
    assert KEY_RESULTS[name] in text, text
    if name == "05_visual_exploration.ipynb":  # each page holds more than the inlined library (0.69 MB) alone
        sizes = ast.literal_eval(text.split(KEY_RESULTS[name], 1)[1].strip())
        assert set(sizes) == {"ego", "path", "theme"} and all(0.69 < size < 5 for size in sizes.values()), sizes
    for cell in book.cells:
        if cell.cell_type == "code" and PLOTTING.search(cell.source):
            assert _images(cell) >= 1, f"this plotting cell displays no image: {cell.source[:80]!r}"
    first, last = book.cells[0].source, book.cells[-1].source
    assert "What this answers" in first and "What to try next" in last
