"""Summary: human-readable text for a build and its counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from healthgraph.curation.build import Build
from healthgraph.curation.counts import GraphStats
from healthgraph.curation.validate import Report

__all__ = ["format_counts", "format_summary"]


def _table(title: str, counts: Counter[str], top: int | None) -> list[str]:
    lines = [f"{title}:"]
    for name, count in counts.most_common(top):
        lines.append(f"  {count:6d}  {name}")
    if top is not None and len(counts) > top:
        lines.append(f"  ... and {len(counts) - top} more")
    return lines


def format_counts(stats: GraphStats, top: int | None = 15) -> str:
    """Format triples and counts per class, source and region."""
    lines = [f"triples: {stats.triples}", f"sources: {stats.sources}"]
    lines += _table("nodes per class", stats.per_class, top)
    lines += _table("facts per source", stats.facts_per_source, top)
    lines += _table("entities per region", stats.entities_per_region, top)
    return "\n".join(lines)


def format_summary(build: Build, stats: GraphStats, report: Report, files: dict[str, Path]) -> str:
    """Format the summary printed after a build."""
    graphs = [f"  {len(g):6d}  {g.identifier}" for g in build.dataset.graphs() if len(g)]
    lines = ["healthgraph build", "named graphs:", *graphs, *build.notes, format_counts(stats)]
    verdict = "conforms" if report.conforms else "does NOT conform"
    lines.append(
        f"validation: {verdict} ({len(report.errors)} violation(s), {len(report.warnings)} warning(s);"
        f" {report.engine}, {report.seconds:.1f} s)"
    )
    lines += [f"wrote {path}" for path in files.values()]
    return "\n".join(lines)
