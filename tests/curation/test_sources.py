"""Coverage of the shared sources: every curated-table source is cited; no article text is copied."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from rdflib import Graph

from healthgraph import settings
from healthgraph.namespaces import PREFIXES


def test_every_source_of_the_curated_facts_table_is_cited(shared: Path, graph: Graph) -> None:
    with (shared / "data" / "curated_health_innovation_facts.csv").open(encoding="utf-8") as handle:
        wanted = {row["source"] for row in csv.DictReader(handle)}
    cited = {
        str(row[0])
        for row in graph.query("SELECT ?u WHERE { ?f prov:wasDerivedFrom ?s . ?s schema:url ?u }", initNs=PREFIXES)
    }
    missing = []
    for source in wanted:
        if source.startswith("github:"):
            repo = source.split()[0].removeprefix("github:")
            if f"https://github.com/{repo}" not in cited:
                missing.append(source)
        elif source not in cited:
            missing.append(source)
    assert missing == []


def test_each_article_supports_many_facts(graph: Graph) -> None:
    counts = {
        str(s).rsplit("/", 1)[-1]: int(c)
        for s, c in graph.query(
            "SELECT ?s (COUNT(?f) AS ?c) WHERE { ?f prov:wasDerivedFrom ?s } GROUP BY ?s", initNs=PREFIXES
        )
    }
    assert counts["menu2018"] >= 50
    assert counts["medicen2025"] >= 40
    assert counts["lemoine2018"] >= 4


def test_no_twelve_word_run_of_an_article_is_copied(shared: Path) -> None:
    """No twelve-word run of a seed article or of a development text is in the project (addresses aside)."""
    words = lambda text: re.findall(r"\w+", re.sub(r"https?://\S+", " ", text).lower())  # noqa: E731
    grams: set[str] = set()
    for article in [*(shared / "sources").glob("*.txt"), *(shared / "texts").glob("*.txt")]:
        w = words(article.read_text(encoding="utf-8"))
        grams |= {" ".join(w[i : i + 12]) for i in range(len(w) - 11)}
    root = settings.PROJECT_ROOT
    kept = (".py", ".csv", ".md", ".ttl", ".rq", ".html", ".js", ".ipynb")
    paths = [settings.data_dir() / "README.md", *settings.data_dir().rglob("*.csv")]
    if settings.CHECKOUT:  # a checkout: its code, tests, notebooks and docs too
        paths += [p for folder in ("src", "tests", "notebooks", "docs") for p in (root / folder).rglob("*")]
        paths.append(root / "README.md")
    for path in (p for p in paths if p.is_file() and p.suffix in kept):
        w = words(path.read_text(encoding="utf-8"))
        assert not any(" ".join(w[i : i + 12]) in grams for i in range(len(w) - 11)), path
