"""Fundings stated without an amount: "X est financé par A, B et C", "projects funded by A and B".

The records' fundings table allows a funder and a beneficiary with no amount. Each funder listed after the cue
gives one funding of the actor named before the cue (the group of a pôle's labelled projects when the text says
the projects it labels are funded). These candidates score below 0.8: the list often mixes funders and programmes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.context import Context, Sentence, confidence, listing, make

__all__ = ["fundings"]

_FINANCED = re.compile(
    r"\b(?:co-?)?financée?s?\s+(?:notamment\s+|en partie\s+|conjointement\s+)?(?:par|grâce à)\s+"
    r"|\b(?:co-?)?funded\s+(?:notably\s+|jointly\s+|in part\s+)?by\s+",
    re.IGNORECASE,
)


def fundings(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield a funding without an amount for each funder listed after "financé par" / "funded by"."""
    for match in _FINANCED.finditer(sentence.text):
        cue = sentence.start + match.start()
        beneficiary, certainty = ctx.subject_before(sentence, cue)
        if beneficiary is None:
            continue
        for funder in listing(sentence, sentence.start + match.end()):
            if funder.ref == beneficiary.ref or funder.is_person:
                continue
            programme = "funding-programme" in (funder.target.kinds if funder.target else ())
            values = {"funder": "" if programme else funder.ref, "beneficiary": beneficiary.ref,
                      "programme": funder.ref if programme else "", "amount": "", "qualifier": "",
                      "currency": "", "date": ctx.date or ""}  # fmt: skip
            score = confidence(0.7 * certainty, funder, beneficiary)
            yield make("funding", sentence, (cue, funder.end), "funding-no-amount", score, values,
                       {"subject": funder, "object": beneficiary}, "funds")  # fmt: skip
            kind = {"id": funder.ref, "kind": "funder", "label_fr": funder.surface}
            yield make("type", sentence, (cue, funder.end), "type-funder", confidence(0.6, funder), kind,
                       {"subject": funder, "object": "funder"}, "is_a")  # fmt: skip
