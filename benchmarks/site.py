"""Benchmark the static site: build time, page sizes and, with ``--browser``, how long Chromium takes to draw pages.

Usage: ``python benchmarks/site.py [--datasets curated,anr] [--browser]`` (``make bench`` runs both with the
browser). Prints, per dataset: profiles and source pages written, the site's build time (wall clock and this
process's CPU time: on a shared machine the wall clock also counts other workers), the profile pages' median
and largest size (the shared assets apart, written once), the assets' and the whole folder's size; then the time
from navigation to the load event and to the chart being in place, for a pôle, the largest profile and a source.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from healthgraph.pipeline import build_graph, parse_imports
from healthgraph.views.profiles import GraphIndex
from healthgraph.views.site import write_site

DATASETS = {"curated": [], "anr": ["anr-dgpie"]}


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _draw_times(site: Path, pages: list[str]) -> list[tuple[str, float, float]]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.browser import browser_page

    timings = []
    with browser_page() as (page, _):
        for name in pages:
            started = time.perf_counter()
            page.goto((site / name).as_uri())
            loaded = time.perf_counter() - started
            page.locator("main").wait_for()
            drawn = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            timings.append((name, loaded, drawn / 1000))
    return timings


def bench(name: str, browser: bool) -> None:
    """Build the graph of dataset ``name``, write its site and print the figures."""
    started = time.perf_counter()
    built = build_graph(None, None, parse_imports(DATASETS[name]))
    build_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "site"
        wall, cpu = time.perf_counter(), time.process_time()
        index = GraphIndex.from_rdflib(built.dataset)
        index_seconds = time.perf_counter() - wall
        report = write_site(index, out)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        sizes = sorted(report.sizes.values())
        largest = max(report.sizes, key=lambda k: report.sizes[k])
        print(f"\n## site: {name} (graph built in {build_seconds:.1f} s)")
        print(f"profiles {report.entities}, source pages {report.sources} (each in English and French)")
        print(f"site written in {wall:.1f} s wall clock, {cpu:.1f} s CPU (index of the graph: {index_seconds:.1f} s)")
        print(
            f"profile page size: median {statistics.median(sizes) / 1024:.1f} KB, "
            f"largest {sizes[-1] / 1024:.1f} KB ({largest}), under 300 KB: {sum(s < 300 * 1024 for s in sizes)}"
            f"/{len(sizes)}"
        )
        print(f"shared assets {_size(out / 'assets') / 1024:.1f} KB; whole site {_size(out) / 1024 / 1024:.1f} MB")
        if browser:
            pages = ["entity/medicen.html", largest, "source/menu2018.html", "index.html"]
            for page, loaded, drawn in _draw_times(out, pages):
                print(f"drawn in Chromium: {page}: navigation {loaded:.2f} s, load event at {drawn:.2f} s")


def main() -> None:
    """Parse the arguments and run the benchmark on each dataset."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", default="curated,anr")
    parser.add_argument("--browser", action="store_true")
    args = parser.parse_args()
    for name in args.datasets.split(","):
        bench(name, args.browser)


if __name__ == "__main__":
    main()
