"""Markup: where pages link (static files or server paths) and the escaped HTML pieces every section uses.

Data text always goes through :func:`healthgraph.html.text_for_html` and sits in ``<bdi>``, so a hostile label
shows as text and a bidirectional control in it reorders nothing around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from healthgraph.html import text_for_html
from healthgraph.views.i18n import text
from healthgraph.views.profiles.index import DCTERMS, HG, PROV, SDO, GraphIndex, entity_id

__all__ = ["Context", "Links", "bdi", "number", "slug"]

DERIVED = str(PROV.wasDerivedFrom)


def slug(iri: str) -> str:
    """Return the file name stem of an entity or source (``/`` in ids becomes ``~``).

    >>> slug("https://w3id.org/healthgraph/id/anr/project/ANR-1")
    'anr~project~ANR-1'
    """
    return entity_id(iri).removeprefix("source/").replace("/", "~")


def bdi(value: str) -> str:
    """Return data text escaped and isolated.

    >>> bdi("<img onerror=x>")
    '<bdi>&lt;img onerror=x&gt;</bdi>'
    """
    return f"<bdi>{text_for_html(value)}</bdi>"


def number(value: str, lang: str) -> str:
    """Write a number for people: whole numbers without decimals, thousands grouped as the language does.

    >>> number("2500000000.0", "fr"), number("1500", "en"), number("0.33", "en")
    ('2\u202f500\u202f000\u202f000', '1,500', '0.33')
    """
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return value
    shown = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount.normalize():,f}"
    return shown.replace(",", "\u202f").replace(".", ",") if lang == "fr" else shown


@dataclass(frozen=True)
class Links:
    """Where pages link: the static site (relative file names, ``root`` up to the site's top) or the server."""

    served: bool = False
    root: str = ""

    def entity(self, iri: str, lang: str) -> str:
        """Return the address of an entity's profile in ``lang``."""
        if self.served:
            return f"/entity/{entity_id(iri)}?lang={lang}"
        return f"{self.root}entity/{slug(iri)}{'.fr' if lang == 'fr' else ''}.html"

    def source(self, iri: str, lang: str) -> str:
        """Return the address of a source's page in ``lang``."""
        if self.served:
            return f"/source/{entity_id(iri).removeprefix('source/')}?lang={lang}"
        return f"{self.root}source/{slug(iri)}{'.fr' if lang == 'fr' else ''}.html"

    def asset(self, name: str) -> str:
        """Return the address of a shared asset (style sheet, script, search index)."""
        return f"/assets/{name}" if self.served else f"{self.root}assets/{name}"

    def home(self, lang: str) -> str:
        """Return the address of the list of profiles."""
        if self.served:
            return f"/profiles?lang={lang}"
        return f"{self.root}index{'.fr' if lang == 'fr' else ''}.html"


@dataclass
class Context:
    """What a section needs to write HTML: the index, the language, the links and the entity the page is about."""

    index: GraphIndex
    lang: str
    links: Links
    focus: str = ""

    def plain(self, node: str) -> str:
        """Return the label of ``node`` in the page's language (the other one as fallback)."""
        return self.index.label(node, self.lang)

    def name(self, node: str) -> str:
        """Return ``node``'s label as HTML: bold for the page's entity, a link for another entity, else text."""
        shown = bdi(self.plain(node))
        if node == self.focus:
            return f"<strong>{shown}</strong>"
        if self.index.is_entity(node):
            return f'<a href="{text_for_html(self.links.entity(node, self.lang))}">{shown}</a>'
        return shown

    def names(self, nodes: list[str]) -> str:
        """Return several names joined by commas."""
        return ", ".join(self.name(n) for n in nodes)

    def sources_of(self, fact: str) -> list[str]:
        """Return the sources ``fact`` is derived from."""
        return sorted(self.index.iris(fact, DERIVED))

    def citation(self, source: str) -> str:
        """Return one source as a short citation: title (linked to its page), author, date, link to the document."""
        key = ("citation", source, self.lang, self.links.root, str(self.links.served))
        if key not in self.index.memo:
            self.index.memo[key] = self._citation(source)
        return self.index.memo[key]

    def _citation(self, source: str) -> str:
        index = self.index
        title = index.value(source, DCTERMS.title) or self.plain(source)
        page = text_for_html(self.links.source(source, self.lang))
        parts = [f'<a href="{page}">{bdi(title)}</a>']
        author = index.value(source, DCTERMS.creator)
        if author:
            parts.append(bdi(author))
        date = index.value(source, DCTERMS.date)
        if date:
            inferred = index.value(source, HG.dateInferred) == "true"
            parts.append(bdi(date) + (f" ({text('inferred', self.lang)})" if inferred else ""))
        url = index.value(source, SDO.url)
        if url.startswith(("https://", "http://")):
            parts.append(
                f'<a class="doc" href="{text_for_html(url)}" rel="noopener noreferrer">'
                f"{text('document', self.lang)}&nbsp;↗</a>"
            )
        return ", ".join(parts)

    def cite(self, fact: str) -> str:
        """Return the sources of ``fact`` (with its locator) as the citation that follows a statement."""
        cited = "; ".join(self.citation(s) for s in self.sources_of(fact))
        locator = self.index.value(fact, HG.locator)
        where = f" ({bdi(locator)})" if locator else ""
        return f'<span class="cite">— {cited or text("no_link", self.lang)}{where}</span>'
