"""Every article that speaks to a claim, with its stance: what an editor weighs, rather than passages.

The evidence list keeps the few strongest passages; this is the whole picture, one row per article the
service read: whether it supports the claim, contradicts it or only discusses it, how sure the decision
is, and the passage that decided it. An article that contradicts in one passage and supports in another is
listed as contradicting (the conflict is what an editor must see), with that passage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scoring.corpus import Document
from scoring.evidence import EvidenceItem
from scoring.judgement.stance import StanceLabel

_ORDER: dict[StanceLabel, int] = {"contradicts": 0, "supports": 1, "related": 2}


@dataclass(frozen=True, slots=True)
class DocumentStance:
    document: Document
    stance: StanceLabel
    # The decision's probability of that stance for the deciding passage; for the rules (no judge), the
    # passage's match strength, or its similarity for a related article.
    probability: float
    passage: EvidenceItem  # the strongest passage with that stance
    passages_read: int
    report_only: bool  # every supporting passage of the article only repeats hearsay


def document_stances(items: Sequence[EvidenceItem]) -> list[DocumentStance]:
    """One row per article among the claim's read passages: contradicting first, then supporting, then
    related; within each, the surer first."""
    by_document: dict[str, list[EvidenceItem]] = {}
    for item in items:
        by_document.setdefault(item.entry.document.doc_id, []).append(item)
    rows = []
    for passages in by_document.values():
        stance = min((p.stance.label for p in passages), key=_ORDER.__getitem__)
        deciding = [p for p in passages if p.stance.label == stance]
        best = max(deciding, key=lambda p: (_probability(p), p.similarity))
        rows.append(
            DocumentStance(
                document=best.entry.document,
                stance=stance,
                probability=_probability(best),
                passage=best,
                passages_read=len(passages),
                report_only=stance == "supports" and all(p.is_report for p in deciding),
            )
        )
    rows.sort(key=lambda r: (_ORDER[r.stance], -r.probability, -r.passage.similarity))
    return rows


def _probability(item: EvidenceItem) -> float:
    if item.stance.confidence is not None:
        return item.stance.confidence
    return item.match_strength if item.stance.label != "related" else item.similarity
