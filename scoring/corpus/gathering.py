"""Evidence by document: which articles speak to a claim, and the few passages of each the judge reads.

Retrieval ranks passages, but an editor weighs articles: one article should neither crowd out the others
with its ten similar sentences nor be missed because its best sentence ranks eleventh. Candidates are
therefore collapsed by document (its best few passages, each with its neighbouring sentences as
context), articles are ordered by their best passage, and the judge reads the best passage of every
article before any article's second one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scoring.corpus.index import CorpusHit, CorpusIndex, IndexedPassage


@dataclass(frozen=True, slots=True)
class GatheringConfig:
    """How deep retrieval goes for one claim and how much of it the judge reads."""

    # Passages asked of retrieval per claim. Several reports of one event in a large corpus each bring a
    # few similar sentences, so the depth is several times the number of articles we hope to hear.
    depth: int = 60
    passages_per_document: int = 2
    # Articles heard per claim: each gets its best passage read, so several reports of one event in a large
    # corpus are all weighed, not just the ten nearest sentences.
    max_documents: int = 24
    # Second-best passages are read while the claim's passages stay within this many.
    max_judged: int = 7
    # The judge reads a passage with its neighbouring sentences up to about this many characters
    # (~100 word pieces with the claim, inside the judge's 128): "15 children" of what, where, when.
    context_chars: int = 400

    def __post_init__(self) -> None:
        numbers = (self.depth, self.passages_per_document, self.max_documents, self.max_judged)
        if min(numbers) < 1 or self.context_chars < 0:
            raise ValueError(
                "depth, passages_per_document, max_documents and max_judged must be >= 1; context_chars >= 0"
            )


def gather(hits: Sequence[CorpusHit], min_similarity: float, config: GatheringConfig) -> list[CorpusHit]:
    """The passages to judge, in reading order: every article's best passage (up to max_documents
    articles), then next-best passages while the total stays within max_judged.

    `hits` are one claim's retrieved passages, best first; those below `min_similarity` are not evidence.
    """
    by_document: dict[str, list[CorpusHit]] = {}
    for hit in hits:
        if hit.similarity < min_similarity:
            continue
        kept = by_document.setdefault(hit.entry.document.doc_id, [])
        if len(kept) < config.passages_per_document:
            kept.append(hit)
    documents = list(by_document.values())[: config.max_documents]
    best = [kept[0] for kept in documents]
    more = [kept[i] for i in range(1, config.passages_per_document) for kept in documents if i < len(kept)]
    return best + more[: max(0, config.max_judged - len(best))]


def context_of(corpus: CorpusIndex, entry: IndexedPassage, max_chars: int) -> str:
    """The passage with its previous, then next, sentence where they fit in `max_chars`."""
    text = entry.passage.text
    before = corpus.neighbour(entry, -1)
    after = corpus.neighbour(entry, 1)
    if before is not None and len(text) + len(before.passage.text) < max_chars:
        text = f"{before.passage.text} {text}"
    if after is not None and len(text) + len(after.passage.text) < max_chars:
        text = f"{text} {after.passage.text}"
    return text
