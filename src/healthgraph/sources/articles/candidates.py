"""Candidate facts: the record a curator would add, where its words are in the text, and its status."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["KIND_TABLES", "STATUSES", "Candidate"]

# Kind of candidate → the curated table it maps onto (type and region complete an entity's row; measure and role
# are proposed rows of the tables a figure or a post refers to).
KIND_TABLES = {
    "entity": "entities",
    "type": "entities",
    "region": "entities",
    "member": "relations",
    "partner": "relations",
    "founder": "relations",
    "theme": "relations",
    "funding": "fundings",
    "figure": "figures",
    "event": "events",
    "labelling": "labellings",
    "post": "posts",
    "measure": "measures",
    "role": "roles",
}
STATUSES = ("new", "known", "conflict")


@dataclass
class Candidate:
    """A candidate fact.

    ``values`` holds the columns of the target table (entity ids, or proposed slugs for new entities);
    ``names`` the few words naming its subject and object in the text (never a sentence); ``start``/``end`` are
    offsets in the document's normalised text and ``sentence`` the sentence number (from 0).
    """

    kind: str
    values: dict[str, str]
    start: int
    end: int
    sentence: int
    rule: str
    score: float
    names: dict[str, str] = field(default_factory=dict)
    relation: str = ""
    status: str = "new"
    known_as: str = ""

    def __post_init__(self) -> None:
        """Check the kind, the offsets and the score."""
        if self.kind not in KIND_TABLES:
            raise ValueError(f"unknown candidate kind {self.kind!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad offsets {self.start}-{self.end}")
        self.score = round(min(1.0, max(0.0, self.score)), 2)

    @property
    def table(self) -> str:
        """Return the curated table the candidate would be added to."""
        if self.kind == "event" and self.values.get("type") == "labelling":
            return "labellings"
        return KIND_TABLES[self.kind]

    def key(self) -> tuple[str, ...]:
        """Return what identifies the candidate (kind, relation and its values), to drop duplicates."""
        return (self.kind, self.relation, *(f"{k}={v}" for k, v in sorted(self.values.items()) if k != "note"))
