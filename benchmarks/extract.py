"""Benchmark the article extractor: recall, precision, linking accuracy and time, per set and per kind.

Usage: ``python benchmarks/extract.py [--shared DIR] [--show-misses]``

Two sets:

- ``texts``: the fifteen texts of ``shared/texts`` against ``gold.tsv`` (272 hand-annotated facts).
- ``seeds``: the two seed articles of ``shared/sources`` against the curated records that cite ``menu2018``
  (lines 1-26 of ``reseau-poles-sante_2018.txt``, dated 2018) or ``medicen2025`` (the interview, dated 2025).
  A record citing the source gives one fact: relations by relation, figures, fundings, events, labellings, posts,
  and for each entity the source cites its kinds (``type``) and regions (``region``).

Matching tolerance (a candidate matches a gold fact when all hold):

- kind: the same kind group (type, member, partner, founder, funding, figure, event, post, region, theme); the
  involvements founder, co-founder and initiator are ``founder``, the other involvements (lead, operator,
  coordinator, participant, laureate…) ``partner``, labellings are ``event``; proposed new entities, measures and
  roles (kinds ``entity``, ``measure``, ``role``) are not facts and are left out of precision.
- subject and object: for ``texts``, names compare equal after folding case, accents, hyphens and apostrophes,
  or one contains the other's words, or rapidfuzz's token_set_ratio is >= 85, or both link to the same graph
  entity; for ``seeds``, record ids must be equal. For member, partner and founder the two parties may be
  swapped (« X porte le projet Y » is ``Y led_by X`` in the gold). Objects by kind: figure and funding compare
  the value (within 0.5%; the measure's name is not compared, the gold's measure names are free text; a funding
  compares its funder, or its programme when it has no funder, as the seed rows are read); type
  compares the entity kind the category noun maps to (or the noun itself); theme compares the phrase
  (token_set_ratio >= 70 or partial_ratio >= 85; seeds: theme ids); post compares the organisation and role;
  event compares the subject and the event type (creation, labelling, merger, renaming…), not the object.
- date: the gold date is ``unknown``, or the candidate has no date, or the years agree (for an interval, the year
  of its start or end).

Recall: gold facts matched by at least one candidate. Precision: candidates (not proposed entities) that match
at least one gold fact; also for candidates scoring >= 0.8. Linking: every occurrence in the text of a name of an
entity the graph knows (for ``texts``: gold entity names the graph resolves exactly; for ``seeds``: the entities
the records cite) must be covered by a mention linked to that entity; an occurrence inside a longer graph name of
another entity ("Biovalley" in "Alsace Biovalley") is not counted. Seconds per article exclude model loading.
"""

from __future__ import annotations

import argparse
import csv
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rapidfuzz import fuzz

from healthgraph import settings
from healthgraph.pipeline import build_graph
from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.descriptions import TYPE_WORDS
from healthgraph.sources.articles.extract import Extraction, Extractor
from healthgraph.sources.articles.linking import NameIndex
from healthgraph.sources.articles.reading import Document, fold, normalise_text, read_document
from healthgraph.sources.articles.text import fold_key

ROOT = Path(__file__).resolve().parent.parent

KINDS = ["type", "member", "partner", "founder", "funding", "figure", "event", "post", "region", "theme"]
FOUNDER_ROLES = {"founder", "co-founder", "initiator"}
SWAPPABLE = {"member", "partner", "founder"}
PROPOSALS = {"entity", "measure", "role"}  # proposed rows of other tables, not facts
EVENT_TYPES = {
    "creation": ("creat", "origin", "anniversary", "will_create", "launched"),
    "launch": ("launch", "creat"),
    "labelling": ("label", "selected"),
    "merger": ("merg",),
    "renaming": ("renam",),
    "announcement": ("announc",),
}


@dataclass
class Gold:
    """One fact to find: kind, subject, object (names for texts, ids for seeds), date, relation."""

    kind: str
    subject: str
    obj: str
    date: str
    relation: str = ""


def candidate_kind(c: Candidate) -> str:
    """Return the kind group of a candidate."""
    return c.kind


def number(text: str) -> Decimal | None:
    """Return the first number of a gold object (``>450``, ``≈1180000000``, ``60 — 43000000 EUR``, ``2/3``)."""
    fraction = re.fullmatch(r"[≈>]?(\d+)/(\d+)", text.replace(" ", ""))
    if fraction and int(fraction.group(2)):  # "2/3" (« deux tiers ») is a value, not the number 2
        return (Decimal(fraction.group(1)) / Decimal(fraction.group(2))).quantize(Decimal("0.0001"))
    found = re.findall(r"\d+(?:\.\d+)?", text.replace(" ", ""))
    if not found:
        return None
    try:
        return Decimal(found[-1] if "—" in text else found[0])
    except InvalidOperation:
        return None


def same_name(a: str, b: str) -> bool:
    """Say whether two names compare equal with the documented tolerance."""
    ka, kb = fold_key(a), fold_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    sa, sb = " " + " ".join(ka) + " ", " " + " ".join(kb) + " "
    if sa in sb or sb in sa:
        return True
    return fuzz.token_set_ratio(sa, sb) >= 85


class TextMatcher:
    """Match candidates of a text to gold rows by names."""

    def __init__(self, index: NameIndex) -> None:
        self.index = index

    def entity(self, name: str, surface: str, ref: str) -> bool:
        if same_name(name, surface):
            return True
        targets = self.index.lookup(name)
        return any(t.ref == ref for t in targets)

    def parties(self, g: Gold, c: Candidate) -> bool:
        subject, obj = c.names.get("subject", ""), c.names.get("object", "")
        refs = self._refs(c)
        direct = self.entity(g.subject, subject, refs[0]) and self.entity(g.obj, obj, refs[1])
        swapped = self.entity(g.subject, obj, refs[1]) and self.entity(g.obj, subject, refs[0])
        return direct or (g.kind in SWAPPABLE and swapped)

    @staticmethod
    def _refs(c: Candidate) -> tuple[str, str]:
        v = c.values
        return (
            v.get("subject")
            or v.get("person")
            or v.get("funder")
            or v.get("programme")
            or v.get("id")
            or v.get("entity", ""),
            v.get("object") or v.get("organisation") or v.get("beneficiary") or "",
        )

    def matches(self, g: Gold, c: Candidate) -> bool:
        if candidate_kind(c) != g.kind or not date_ok(g.date, candidate_date(c)):
            return False
        subject_ref = self._refs(c)[0]
        if g.kind in ("member", "partner", "founder", "post"):
            return self.parties(g, c) and (g.kind != "post" or g.relation == c.relation)
        if not self.entity(g.subject, c.names.get("subject", ""), subject_ref):
            return False
        return object_ok(g, c)


def object_ok(g: Gold, c: Candidate) -> bool:
    """Compare the object of a figure, funding, type, region, theme or event as documented."""
    if g.kind in ("figure", "funding"):
        want = number(g.obj)
        got = number(c.values.get("value") or c.values.get("amount") or "")
        return want is not None and got is not None and abs(want - got) <= abs(want) * Decimal("0.005")
    if g.kind == "type":
        noun = fold(g.obj)
        kinds = [kind for word, kind in TYPE_WORDS.items() if fold(word) in noun]
        return c.values.get("kind") in kinds or fold(c.names.get("object", "")) in noun
    if g.kind == "region":
        return same_name(g.obj, c.names.get("object", ""))
    if g.kind == "theme":
        a, b = fold(g.obj), fold(c.names.get("object", ""))
        return fuzz.token_set_ratio(a, b) >= 70 or fuzz.partial_ratio(a, b) >= 85
    if g.kind == "event":
        kind = c.values.get("type", "")
        return any(word in g.relation for word in EVENT_TYPES.get(kind, ()))
    return True


def candidate_date(c: Candidate) -> str:
    """Return the date a candidate carries (start for posts and relations)."""
    v = c.values
    return v.get("date") or v.get("start") or ""


def date_ok(gold: str, got: str) -> bool:
    """Say whether dates agree with the documented tolerance."""
    if not gold or gold == "unknown" or not got:
        return True
    years = {part[:4] for part in gold.split("/") if part}
    return got[:4] in years


def read_gold(path: Path) -> dict[str, list[Gold]]:
    """Read gold.tsv by text."""
    rows: dict[str, list[Gold]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["kind"] in KINDS:
                rows[row["text"]].append(Gold(row["kind"], row["subject"], row["object"], row["date"], row["relation"]))
    return rows


# --- seeds: records citing the two seed articles ---------------------------------------------------------------


def _relation_kind(relation: str) -> str:
    if relation == "member":
        return "member"
    if relation == "focus":
        return "theme"
    if relation in FOUNDER_ROLES:
        return "founder"
    return "partner" if relation != "part-of" else "member"


def read_seed_records(data: Path, source: str) -> list[Gold]:
    """Return the facts of the records citing ``source``."""
    facts: list[Gold] = []

    def rows(table: str) -> list[dict[str, str]]:
        with (data / f"{table}.csv").open(encoding="utf-8") as handle:
            return [r for r in csv.DictReader(handle) if source in (r.get("source") or "").split(";")]

    for r in rows("relations"):
        facts.append(Gold(_relation_kind(r["relation"]), r["subject"], r["object"], r["start"], r["relation"]))
    for r in rows("figures"):
        facts.append(Gold("figure", r["subject"], r["value"], r["date"], r["measure"]))
    for r in rows("fundings"):
        facts.append(Gold("funding", r["funder"] or r["programme"], r["beneficiary"], r["date"], r["amount"]))
    for r in rows("events"):
        facts.append(Gold("event", r["subject"], r["type"], r["date"], r["type"]))
    for r in rows("labellings"):
        facts.append(Gold("event", r["entity"], "labelling", r["date"], "labelling"))
    for r in rows("posts"):
        facts.append(Gold("post", r["person"], r["organisation"], r["start"] or r["as_of"], r["role"]))
    for r in rows("entities"):
        facts.append(Gold("type", r["id"], r["kind"], "", "is_a"))
        facts.extend(Gold("region", r["id"], code, "", "region") for code in r["regions"].split(";") if code)
    return facts


def seed_matches(g: Gold, c: Candidate) -> bool:
    """Match a candidate to a record fact by ids, kind, value and date."""
    if candidate_kind(c) != g.kind or not date_ok(g.date, candidate_date(c)):
        return False
    v = c.values
    if g.kind in ("member", "partner", "founder", "theme"):
        pair = {v.get("subject"), v.get("object")}
        return pair == {g.subject, g.obj} and (g.kind in SWAPPABLE or v.get("subject") == g.subject)
    if g.kind == "figure":
        return v.get("subject") == g.subject and number(v.get("value", "")) == number(g.obj)
    if g.kind == "funding":
        return {v.get("funder") or v.get("programme"), v.get("beneficiary")} == {g.subject, g.obj}
    if g.kind == "event":
        subject = v.get("subject") or v.get("entity")
        return subject == g.subject and v.get("type") == g.obj
    if g.kind == "post":
        return v.get("person") == g.subject and v.get("organisation") == g.obj and v.get("role") == g.relation
    if g.kind == "type":
        return v.get("id") == g.subject and v.get("kind") in g.obj.split(";")
    return v.get("id") == g.subject and g.obj in (v.get("regions"), v.get("location"))


# --- linking -----------------------------------------------------------------------------------------------------


def _occurrences(text: str, name: str) -> list[tuple[int, int]]:
    key = r"[\W_]+".join(re.escape(w) for w in fold_key(name))
    if not key:
        return []
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){key}(?!\w)", fold(text))]


LINK_MISSES: list[str] = []


def linking(extraction: Extraction, text: str, names: dict[str, list[str]]) -> tuple[int, int]:
    """Return (correct, total) over the occurrences of the names of known entities ``{ref: [names]}``."""
    correct = total = 0
    for ref, labels in names.items():
        spans = {span for label in labels if len(label) >= 3 for span in _occurrences(text, label)}
        for start, end in sorted(spans):
            if any(s <= start < e for s, e in spans if (s, e) != (start, end) and e - s > end - start):
                continue  # a longer name of the same entity covers it
            covering = [m for m in extraction.mentions if m.start < end and start < m.end]
            if any(m.origin == "graph" and m.ref != ref and m.end - m.start > end - start for m in covering):
                continue  # part of a longer name the graph knows ("Biovalley" in "Alsace Biovalley")
            total += 1
            ok = any(m.target is not None and m.ref == ref for m in covering)
            correct += ok
            if not ok:
                got = ", ".join(f"{m.surface}->{m.ref if m.target else 'new'}" for m in covering) or "no mention"
                LINK_MISSES.append(f"{ref}: {text[start:end]!r} ({got})")
    return correct, total


# --- report ------------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts of one kind in one set."""

    gold: int = 0
    found: int = 0
    candidates: int = 0
    correct: int = 0
    confident: int = 0
    confident_correct: int = 0


def score(
    tallies: dict[str, Tally], golds: list[Gold], candidates: list[Candidate], match: object, misses: list[str]
) -> None:
    """Add one document's recall and precision counts to ``tallies``."""
    matcher = match  # a callable (gold, candidate) -> bool
    facts = [c for c in candidates if c.kind not in PROPOSALS]
    for g in golds:
        t = tallies[g.kind]
        t.gold += 1
        if any(matcher(g, c) for c in facts):  # type: ignore[operator]
            t.found += 1
        else:
            misses.append(f"{g.kind}: {g.subject} | {g.relation} | {g.obj} | {g.date}")
    for c in facts:
        t = tallies[c.kind]
        ok = any(matcher(g, c) for g in golds)  # type: ignore[operator]
        if not ok and c.score >= 0.8:
            misses.append(f"WRONG>=0.8 {c.kind}: {c.names} {c.relation} {c.values.get('date', '')} ({c.rule})")
        t.candidates += 1
        t.correct += ok
        if c.score >= 0.8:
            t.confident += 1
            t.confident_correct += ok


def pct(a: int, b: int) -> str:
    """Return a percentage or a dash."""
    return f"{100 * a / b:5.1f}%" if b else "    -"


def print_table(name: str, tallies: dict[str, Tally], link: tuple[int, int], seconds: list[float]) -> None:
    """Print one set's table."""
    print(f"\n## {name}")
    print("| kind | gold | found | recall | candidates | precision | cand. >= 0.8 | precision >= 0.8 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    total = Tally()
    for kind in KINDS:
        t = tallies.get(kind, Tally())
        for attr in vars(total):
            setattr(total, attr, getattr(total, attr) + getattr(t, attr))
        print(
            f"| {kind} | {t.gold} | {t.found} | {pct(t.found, t.gold)} | {t.candidates} "
            f"| {pct(t.correct, t.candidates)}"
            f" | {t.confident} | {pct(t.confident_correct, t.confident)} |"
        )
    t = total
    print(
        f"| **all** | {t.gold} | {t.found} | {pct(t.found, t.gold)} | {t.candidates} | {pct(t.correct, t.candidates)}"
        f" | {t.confident} | {pct(t.confident_correct, t.confident)} |"
    )
    print(
        f"\nlinking accuracy (known entities): {pct(*link)} ({link[0]}/{link[1]} occurrences); "
        f"seconds per article: {sum(seconds) / max(1, len(seconds)):.2f} (max {max(seconds, default=0):.2f})"
    )


def run_texts(shared: Path, extractor: Extractor, show: bool) -> None:
    """Run the fifteen texts against gold.tsv."""
    gold = read_gold(shared / "texts" / "gold.tsv")
    matcher = TextMatcher(extractor.names)
    tallies: dict[str, Tally] = defaultdict(Tally)
    misses: list[str] = []
    link = [0, 0]
    seconds = []
    for path in sorted((shared / "texts").glob("*.txt")):
        extraction = extractor.extract_document(read_document(path))
        seconds.append(extraction.seconds)
        text = read_document(path).text
        score(tallies, gold.get(path.stem, []), extraction.candidates, matcher.matches, misses)
        names = {}
        for g in gold.get(path.stem, []):
            for name in (g.subject, g.obj if g.kind in ("member", "partner", "founder", "post") else ""):
                targets = extractor.names.lookup(name) if name else []
                if len(targets) == 1 and targets[0].category in ("entity", "person"):
                    names[targets[0].ref] = [name]
        correct, total = linking(extraction, text, names)
        link[0] += correct
        link[1] += total
    print_table("texts (shared/texts, gold.tsv)", tallies, (link[0], link[1]), seconds)
    if show:
        print("\nmisses:\n" + "\n".join(f"- {m}" for m in misses))


def seed_documents(shared: Path) -> list[tuple[str, Document]]:
    """Return the two seed documents: menu2018 (lines 1-26, 2018) and medicen2025 (2025)."""
    network = (shared / "sources" / "reseau-poles-sante_2018.txt").read_text(encoding="utf-8").split("\n")
    interview = (shared / "sources" / "medicen-interview_2025.txt").read_text(encoding="utf-8")
    meta = {"lang": "fr", "kind": "article"}
    return [
        ("menu2018", Document("reseau-poles-sante_2018.txt", normalise_text("\n".join(network[:26])),
                              {**meta, "date": "2018", "source_id": "menu2018"})),
        ("medicen2025", Document("medicen-interview_2025.txt", normalise_text(interview),
                                 {**meta, "date": "2025", "source_id": "medicen2025"})),
    ]  # fmt: skip


def run_seeds(shared: Path, data: Path, extractor: Extractor, show: bool) -> None:
    """Run the two seed articles against the records citing them."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    misses: list[str] = []
    link = [0, 0]
    seconds = []
    for source, document in seed_documents(shared):
        extraction = extractor.extract_document(document)
        seconds.append(extraction.seconds)
        records = read_seed_records(data, source)
        score(tallies, records, extraction.candidates, seed_matches, misses)
        cited = {g.subject for g in records} | {g.obj for g in records if g.kind in SWAPPABLE | {"post"}}
        names: dict[str, list[str]] = defaultdict(list)
        for key, targets in extractor.names.by_key.items():
            for t in targets:
                if t.ref in cited and t.category in ("entity", "person"):
                    names[t.ref].append(" ".join(key))
        correct, total = linking(extraction, document.text, names)
        link[0] += correct
        link[1] += total
    print_table("seeds (shared/sources, records citing menu2018 or medicen2025)", tallies, (link[0], link[1]), seconds)
    if show:
        print("\nlinking misses:\n" + "\n".join(f"- {m}" for m in LINK_MISSES))
        print("\nmisses:\n" + "\n".join(f"- {m}" for m in misses))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=settings.shared_dir())
    parser.add_argument("--data", type=Path, default=settings.data_dir())
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--only", choices=["texts", "seeds"])
    args = parser.parse_args()
    started = time.perf_counter()
    extractor = Extractor(build_graph(args.data).union())
    extractor.extract_document(Document("warm-up", "Medicen compte 450 adhérents.", {"lang": "fr"}))
    extractor.extract_document(Document("warm-up", "Medicen has 450 members.", {"lang": "en"}))
    print(f"graph indexed and models loaded in {time.perf_counter() - started:.1f} s")
    if args.only != "seeds":
        run_texts(args.shared, extractor, args.show_misses)
    if args.only != "texts":
        run_seeds(args.shared, args.data, extractor, args.show_misses)


if __name__ == "__main__":
    main()
