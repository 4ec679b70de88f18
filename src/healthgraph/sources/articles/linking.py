"""Link mentions of a text to the graph's entities, themes, regions and places; propose the unknown ones.

The index holds every name the graph knows (``rdfs:label`` in French and English, ``skos:altLabel``: acronyms,
other spellings, former names), folded (case, accents, hyphens, apostrophes). Mentions are found by the longest
match of folded words; the spaCy model's names and cue words ("la société X") only add what the graph lacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from healthgraph.sources.articles.text import Token, fold_key, slug, tokens

__all__ = [
    "CUE_KINDS",
    "Mention",
    "NameIndex",
    "Target",
    "alias_mentions",
    "capital_mentions",
    "cue_mentions",
    "find_mentions",
    "generic_mentions",
    "model_mentions",
    "place_mentions",
]

ID = "https://w3id.org/healthgraph/id/"
CATEGORIES = {"theme": "theme", "region": "region", "place": "place"}
# Words that are names in the graph but ordinary words in a text unless written with a capital.
_MIN_CHARS = 3
_ARTICLES = {"l", "le", "la", "les", "the"}

# Cue words before an organisation's name and the kind they suggest (records' entity kinds).
CUE_KINDS: dict[str, str] = {
    "pôle de compétitivité": "pole",
    "pôle": "pole",
    "competitiveness cluster": "pole",
    "société": "company",
    "entreprise": "company",
    "groupe": "company",
    "laboratoire": "company",
    "start-up": "startup",
    "startup": "startup",
    "jeune pousse": "startup",
    "company": "company",
    "association": "association",
    "cluster": "network",
    "biocluster": "biocluster",
    "tiers-lieu": "tiers-lieu",
    "agence": "agency",
    "agency": "agency",
    "institut": "research",
    "fondation": "organisation",
    "programme": "programme",
    "projet": "project",
    "project": "project",
    "réseau": "network",
    "consortium": "organisation",
    "hôpital": "hospital",
    "université": "university",
    "university": "university",
}
_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
_NAME = rf"[{_UPPER}0-9][\w&'’-]*(?:[ -](?:(?:de|du|des|d'|d’|et|&|en|la|le|of|the|for|and) )?[{_UPPER}0-9][\w&'’-]*)*"
_CUE = re.compile(
    r"\b(?i:le |la |l'|l’|du |de la |de l'|de l’|au |the |a |an )((?i:"
    + "|".join(sorted((re.escape(c) for c in CUE_KINDS), key=len, reverse=True))
    + rf"))s?(?: [a-zéèêàûôî][a-zéèêàûôî-]+)?,? ({_NAME})"
)


@dataclass(frozen=True)
class Target:
    """Something the graph names: a record id, its category (entity, theme, region, place) and kinds."""

    ref: str
    category: str
    label: str
    kinds: tuple[str, ...] = ()


@dataclass
class Mention:
    """A name found in the text: offsets, surface form and what it links to (``target`` None when new)."""

    start: int
    end: int
    surface: str
    target: Target | None
    origin: str  # graph, fuzzy, model, cue
    score: float
    kind: str = "organisation"  # suggested kind of a new entity
    alternatives: tuple[str, ...] = field(default=())

    @property
    def ref(self) -> str:
        """Return the record id of the mention (a proposed slug when the graph does not know it)."""
        return self.target.ref if self.target else slug(self.surface)

    @property
    def category(self) -> str:
        """Return entity, theme, region, place (or person) for linked mentions; ``place`` or ``new`` otherwise."""
        if self.target is None:
            return "place" if self.kind == "place" else "new"
        return self.target.category

    @property
    def is_person(self) -> bool:
        """Say whether the mention names a person."""
        return "person" in (self.target.kinds if self.target else (self.kind,))


def _kind_names() -> dict[str, str]:
    from healthgraph.curation.build import KIND_CLASSES

    return {str(cls): kind for kind, cls in KIND_CLASSES.items()}


def _category(iri: str) -> tuple[str, str] | None:
    if not iri.startswith(ID):
        return None
    rest = iri[len(ID) :]
    if "/" not in rest:
        return "entity", rest
    head, _, tail = rest.partition("/")
    return (CATEGORIES[head], tail) if head in CATEGORIES and "/" not in tail else None


class NameIndex:
    """Every name the graph knows, as folded word sequences, for longest-match search in texts."""

    def __init__(self, names: Iterable[tuple[str, Target]]) -> None:
        """Index ``(name, target)`` pairs."""
        self.by_key: dict[tuple[str, ...], list[Target]] = {}
        self.targets: dict[str, Target] = {}
        for name, target in names:
            key = fold_key(name)
            for variant in {key, key[1:] if len(key) > 1 and key[0] in _ARTICLES else key}:
                if not variant or len("".join(variant)) < 2:
                    continue
                found = self.by_key.setdefault(variant, [])
                if target not in found:
                    found.append(target)
            self.targets.setdefault(f"{target.category}:{target.ref}", target)
        self.longest = max((len(k) for k in self.by_key), default=1)
        self.first_words = {k[0] for k in self.by_key}
        self.choices = {" ".join(k): k for k in self.by_key if len(" ".join(k)) >= 5}

    @classmethod
    def from_graph(cls, graph: Graph) -> NameIndex:
        """Build the index from the labels and alternative names of the graph's entities, themes and places."""
        kinds = _kind_names()
        typed: dict[str, list[str]] = {}
        for subject, cls_ in graph.subject_objects(RDF.type):
            if str(cls_) in kinds:
                typed.setdefault(str(subject), []).append(kinds[str(cls_)])
        names: list[tuple[str, str, str, str]] = []
        labels: dict[str, str] = {}
        for prop in (RDFS.label, SKOS.altLabel, SKOS.prefLabel):
            for subject, name in graph.subject_objects(prop):
                if isinstance(subject, URIRef) and (found := _category(str(subject))):
                    labels.setdefault(str(subject), str(name))
                    names.append((str(name), str(subject), *found))
        result: list[tuple[str, Target]] = []
        for written, iri, category, ref in names:
            kind_list = tuple(sorted(typed.get(iri, [])))
            kind = "person" if "person" in kind_list else category
            result.append((written, Target(ref, kind, labels[iri], kind_list)))
        return cls(result)

    def lookup(self, name: str) -> list[Target]:
        """Return the targets named exactly ``name`` (after folding)."""
        return list(self.by_key.get(fold_key(name), []))

    def near(self, name: str, cutoff: float = 92.0) -> Target | None:
        """Return the one target whose name is close to ``name`` (rapidfuzz ratio >= ``cutoff``) or None."""
        key = " ".join(fold_key(name))
        if len(key) < 5:
            return None
        found = process.extractOne(key, list(self.choices), scorer=fuzz.ratio, score_cutoff=cutoff)
        if found is None:
            return None
        targets = self.by_key[self.choices[found[0]]]
        return targets[0] if len(targets) == 1 else None


def _accept(text: str, words: Sequence[Token], key: tuple[str, ...]) -> bool:
    """Short or lower-case names only count when the text writes them like a name (a capital or a digit)."""
    first = text[words[0].start]
    if len(key) == 1 and (len(key[0]) < _MIN_CHARS or (key[0] in {"etat", "region", "france"} and not first.isupper())):
        return False
    return first.isupper() or first.isdigit() or len(key) >= 3 or (len(key) == 2 and len(" ".join(key)) >= 10)


def _fits(text: str, words: Sequence[Token], key: tuple[str, ...], targets: list[Target]) -> bool:
    if targets[0].category != "theme":
        return _accept(text, words, key)
    following = text[words[-1].end : words[-1].end + 2]
    return not (
        text[words[0].start].isupper() and len(following) == 2 and following[0] == " " and following[1].isupper()
    )


def _choose(targets: list[Target]) -> tuple[Target, tuple[str, ...]]:
    order = {"entity": 0, "person": 0, "region": 1, "place": 2, "theme": 3}
    ranked = sorted(targets, key=lambda t: (order.get(t.category, 4), t.ref))
    return ranked[0], tuple(t.ref for t in ranked[1:])


def find_mentions(text: str, index: NameIndex) -> list[Mention]:
    """Return the graph's names found in ``text``, longest match first, without overlaps."""
    words = tokens(text)
    found: list[Mention] = []
    i = 0
    while i < len(words):
        if words[i].folded not in index.first_words:
            i += 1
            continue
        for size in range(min(index.longest, len(words) - i), 0, -1):
            key = tuple(w.folded for w in words[i : i + size])
            targets = index.by_key.get(key)
            if targets and _fits(text, words[i : i + size], key, targets):
                start, end = words[i].start, words[i + size - 1].end
                target, others = _choose(targets)
                score = 1.0 if not others else 0.7
                found.append(Mention(start, end, text[start:end], target, "graph", score, alternatives=others))
                i += size
                break
        else:
            i += 1
    return found


def _overlaps(start: int, end: int, mentions: Iterable[Mention]) -> bool:
    return any(m.start < end and start < m.end for m in mentions)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in ".,;:’'-) ":
        end -= 1
    return start, end


def cue_mentions(text: str, index: NameIndex, known: list[Mention]) -> list[Mention]:
    """Return names written after a cue word ("la société X", "l'association X") that the graph lacks."""
    found: list[Mention] = []
    for match in _CUE.finditer(text):
        start, end = _trim(text, *match.span(2))
        if end - start < 2 or _overlaps(start, end, known + found):
            continue
        surface = text[start:end]
        target = index.near(surface)
        kind = CUE_KINDS.get(match.group(1).lower(), "organisation")
        origin = "fuzzy" if target else "cue"
        found.append(Mention(start, end, surface, target, origin, 0.85 if target else 0.75, kind))
    return found


_CAPS = re.compile(
    rf"(?<![\w'’-])(?:[{_UPPER}][\w&+-]*[{_UPPER}0-9][\w&+-]*|[0-9]+[A-Za-z][\w-]*[A-Za-z]|[{_UPPER}][a-zà-ÿ][\w&+-]*(?:['’][{_UPPER}][\w]*)?)"
    rf"(?:(?: (?:de |du |des |d'|d’|de la |et |&|of |for |and )?)[{_UPPER}0-9][\w&+-]*)*"
)
_NOT_NAMES = {
    "le", "la", "les", "l", "un", "une", "des", "ce", "cette", "ces", "il", "elle", "ils", "elles", "en", "pour",
    "dans", "avec", "par", "sur", "au", "aux", "de", "du", "et", "ou", "mais", "son", "sa", "ses", "leur", "nous",
    "the", "a", "an", "in", "on", "at", "for", "with", "this", "these", "its", "it", "we", "our", "they", "and",
    "après", "depuis", "selon", "parmi", "entre", "lors", "plus", "encore", "ainsi", "enfin", "face",
    "since", "after", "from", "as", "by", "of", "to", "dont", "qui", "que", "quel", "quelle", "comment",
    "pourquoi", "chaque", "tous", "toutes", "tout", "madame", "monsieur", "mr", "mme", "m", "dr", "pr",
    "président", "présidente", "directeur", "directrice", "ministre", "professeur", "docteur", "fondateur",
    "fondatrice", "vice-président", "vice-présidente", "président-directeur", "chairman", "president", "director",
    "pme", "eti", "tpe", "r&d", "covid", "pib", "ue", "ia", "ai", "dg", "ceo", "cto", "sas", "etc",
}  # fmt: skip


_COUNTRIES = {
    "france", "europe", "allemagne", "suisse", "belgique", "italie", "espagne", "royaume-uni", "etats-unis",
    "états-unis", "germany", "switzerland", "usa", "chine", "china", "japon", "japan", "canada",
}  # fmt: skip


_GENERIC_WORDS = {*CUE_KINDS, "comité", "commission", "conseil", "direction", "bureau", "gouvernement", "plan"}


def _is_name(surface: str) -> bool:
    """Say whether a span can be a name: it has a letter and is not a bare category noun ("Association")."""
    return any(c.isalpha() for c in surface) and surface.lower() not in _GENERIC_WORDS | _NOT_NAMES | _COUNTRIES


def _strip_leading(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading words that are no part of a name: articles, titles (M., Dr), roles (Président)."""
    words = text[start:end].split(" ")
    while words and words[0].lower().strip("'’.") in _NOT_NAMES:
        start += len(words[0]) + 1
        words = words[1:]
    return (start, end) if words else (end, end)


def capital_mentions(text: str, known: list[Mention]) -> list[Mention]:
    """Return capitalised names no other finder covers ("Calixar", "ChikVax", "3D4Carm"), as weak proposals."""
    from healthgraph.sources.articles.dates import MONTHS

    found: list[Mention] = []
    for match in _CAPS.finditer(text):
        start, end = _strip_leading(text, *_trim(text, *match.span()))
        words = text[start:end].split()
        if words and words[0].lower() in MONTHS:
            continue
        if not words or end - start < 3 or _overlaps(start, end, known + found) or not _is_name(text[start:end]):
            continue
        opening = start == 0 or text[max(0, start - 2) : start].strip() in ("", ".", "!", "?", ":", "•", "«", '"')
        if len(words) == 1 and opening and not any(c.isupper() or c.isdigit() for c in words[0][1:]):
            continue  # a capital at the start of a sentence is no name
        kind = (
            "person"
            if len(words) in (2, 3)
            and all(w[0].isupper() and w[1:2].islower() for w in words[:1])
            and words[-1].isupper()
            else "organisation"
        )
        found.append(Mention(start, end, text[start:end], None, "caps", 0.5, kind))
    return found


_ACRONYM = re.compile(rf"^ \(([{_UPPER}][{_UPPER}0-9&-]{{1,9}})\)")
_GENERIC = re.compile(
    r"\b(?:le|du|au|ce|cette|the|this|our|notre|l['’])\s*"
    r"(?P<noun>pôle de compétitivité|pôle|cluster|biocluster|réseau|competitiveness cluster|association|agence"
    r"|groupement|structure|programme|program)"
    rf"(?!['’\w-])(?! (?:de compétitivité )?(?-i:[{_UPPER}]))",
    re.IGNORECASE,
)


_PAREN_AFTER = re.compile(r"\s*\($")


def place_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """Mark unknown names in parentheses right after another name as places ("Calixar (Avignon – Lyon)")."""
    out: list[Mention] = []
    previous: Mention | None = None
    for m in mentions:
        between = text[previous.end : m.start] if previous is not None else ""
        if (m.target is None and previous is not None and _PAREN_AFTER.fullmatch(between)) or (
            m.target is None and out and out[-1].kind == "place" and re.fullmatch(r"\s*[–/-]\s*", between)
        ):
            m = Mention(m.start, m.end, m.surface, None, m.origin, m.score, "place")
        out.append(m)
        previous = m
    return _listed_places(text, out)


_LIST_GAP = re.compile(r"\s*(?:,|et|and|–|-|/)\s*")


def _listed_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """Mark unknown names listed right before or after a region as places ("(Centre, Normandie)")."""
    out = list(mentions)
    for i, m in enumerate(out):
        if m.target is not None or m.origin not in ("caps", "model") or len(m.surface.split()) > 4:
            continue
        near = [out[j] for j in (i - 1, i + 1) if 0 <= j < len(out)]
        if any(
            n.category == "region" and _LIST_GAP.fullmatch(text[min(n.end, m.end) : max(n.start, m.start)])
            for n in near
        ):
            out[i] = Mention(m.start, m.end, m.surface, None, m.origin, m.score, "place")
    return out


def alias_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """Link acronyms to the name they follow in parentheses ("Cancer-Bio-Santé (CBS)") everywhere in the text."""
    aliases: dict[str, Mention] = {}
    for m in mentions:
        match = _ACRONYM.match(text[m.end : m.end + 14])
        if match and m.category not in ("theme", "region", "place"):
            aliases[match.group(1)] = m
    out: list[Mention] = []
    for m in mentions:
        named = aliases.get(m.surface)
        if named is not None and m.origin in ("caps", "model", "cue") and named is not m:
            m = Mention(m.start, m.end, m.surface, named.target, named.origin, named.score * 0.95, named.kind)
            m = (
                m
                if named.target
                else Mention(m.start, m.end, named.surface, None, named.origin, named.score, named.kind)
            )
        out.append(m)
    return out


def generic_mentions(text: str, topic: Mention | None, known: list[Mention]) -> list[Mention]:
    """Return "le pôle", "the cluster" (with no name after them) as mentions of the document's main actor.

    The noun is kept as the mention's ``kind`` hint (``surface`` is the actor's name, for the review file).
    """
    if topic is None:
        return []
    found: list[Mention] = []
    for match in _GENERIC.finditer(text):
        start, end = match.span("noun")
        if not _overlaps(start, end, known):
            noun = match.group("noun").lower()
            found.append(Mention(start, end, topic.surface, topic.target, "anaphora", 0.8, noun))
    return found


_LABEL_KINDS = {"ORG": "organisation", "MISC": "organisation", "PER": "person", "PERSON": "person"}


def model_mentions(
    spans: Iterable[tuple[int, int, str]], text: str, index: NameIndex, known: list[Mention]
) -> list[Mention]:
    """Return the model's named spans ``(start, end, label)`` that no graph name covers, linked by near match."""
    found: list[Mention] = []
    for start, end, label in spans:
        start, end = _strip_leading(text, *_trim(text, start, end))
        if label not in _LABEL_KINDS or end - start < 3 or _overlaps(start, end, known + found):
            continue
        surface = text[start:end]
        if not surface[0].isupper() or len(surface) > 80 or not _is_name(surface):
            continue
        target = index.near(surface)
        kind = _LABEL_KINDS[label]
        if kind == "person" and len(surface.split()) < 2:
            continue
        found.append(Mention(start, end, surface, target, "fuzzy" if target else "model", 0.8 if target else 0.6, kind))
    return found
