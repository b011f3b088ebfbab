"""The searchable corpus: passages with their attribution, embeddings and a version that names them."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from scoring.attribution import Attribution, Attributor
from scoring.corpus.attribution_store import cached_attributions
from scoring.corpus.documents import Document
from scoring.corpus.duplicates import near_duplicate_groups
from scoring.corpus.passages import PASSAGE_RULES_VERSION, Passage, split_passages
from scoring.corpus.vector_store import cached_vectors, model_key, saved_index
from scoring.embedding import Embedder
from scoring.errors import CorpusUnavailable
from scoring.retrieval import HybridRetriever, RetrievalConfig


@dataclass(frozen=True, slots=True)
class IndexedPassage:
    passage: Passage
    document: Document
    attribution: Attribution  # computed once at ingest, not per query
    duplicate_group: int  # passages sharing a group are copies of one text (syndication, wire copy)


@dataclass(frozen=True, slots=True)
class CorpusHit:
    entry: IndexedPassage
    similarity: float  # cosine of the claim and passage embeddings
    rank_score: float  # the retriever's fused score, used only for ordering


def corpus_version(documents: Sequence[Document]) -> str:
    """Content hash of the documents (every stored field, the syndication link ``duplicate_of`` included)
    and of the passage rules: any change gives a new version."""
    digest = hashlib.sha256(f"passages-v{PASSAGE_RULES_VERSION}".encode())
    for document in sorted(documents, key=lambda d: d.doc_id):
        digest.update(document.content_hash.encode())
        if document.duplicate_of is not None:
            digest.update(b"\x00dup:" + document.duplicate_of.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()[:16]


class CorpusIndex:
    """Immutable once built; a new corpus version is a new CorpusIndex swapped in whole."""

    def __init__(
        self,
        documents: Sequence[Document],
        entries: Sequence[IndexedPassage],
        vectors: NDArray[np.float32],
        retriever: HybridRetriever,
        version: str,
    ) -> None:
        if vectors.shape[0] != len(entries):
            raise CorpusUnavailable("corpus vectors and passages are out of step")
        self._documents = {d.doc_id: d for d in documents}
        self._entries = tuple(entries)
        # Each passage's place among its document's passages, for the neighbours the judge reads it with.
        self._rows = {(e.document.doc_id, e.passage.index): row for row, e in enumerate(self._entries)}
        # The vectors are not kept: the retriever's index holds them (memory-mapped when built with an index
        # directory), and a second float32 copy would cost 1.5 GB at a million passages.
        self._retriever = retriever
        self.version = version

    @classmethod
    def build(
        cls,
        documents: Sequence[Document],
        embedder: Embedder,
        attributor: Attributor,
        *,
        vector_cache_dir: Path | None = None,
        retrieval_config: RetrievalConfig | None = None,
        vector_index_dir: Path | None = None,
        attribution_cache_dir: Path | None = None,
    ) -> CorpusIndex:
        """Split, attribute, group and embed every document; reuse cached vectors for the same version.

        With `attribution_cache_dir`, each document's passage attributions are stored per document content
        and ``Attributor.cache_key``, so a restart or a new corpus version parses only new documents.

        With `vector_index_dir`, the dense index (exact or HNSW by passage count) is saved under
        `<vector_index_dir>/<version>/<model id>` and served memory-mapped from there, so its pages live in the page cache
        that processes share; a later build of the same version maps the saved index instead of rebuilding it.
        """
        if not documents:
            raise CorpusUnavailable("the corpus has no documents")
        version = corpus_version(documents)
        passages: list[tuple[Passage, Document]] = [
            (passage, document) for document in documents for passage in split_passages(document)
        ]
        if not passages:
            raise CorpusUnavailable("the corpus has no passages after cleaning")
        texts = [p.text for p, _ in passages]
        groups = near_duplicate_groups(texts)
        attributions = cached_attributions(attribution_cache_dir, attributor, passages)
        entries = [
            IndexedPassage(passage=passage, document=document, attribution=attribution, duplicate_group=g)
            for (passage, document), g, attribution in zip(passages, groups, attributions, strict=True)
        ]
        vectors = cached_vectors(vector_cache_dir, embedder, passages)
        config = retrieval_config or RetrievalConfig()
        index = None
        if vector_index_dir is not None:
            # Keyed by the model too: another model's vectors of the same passages must never be served.
            index_dir = vector_index_dir / version / model_key(embedder)
            index = saved_index(index_dir, vectors, config.ann_threshold)
        retriever = HybridRetriever.build(texts, vectors, config=config, index=index)
        return cls(documents, entries, vectors, retriever, version)

    @property
    def documents(self) -> tuple[Document, ...]:
        return tuple(self._documents.values())

    @property
    def entries(self) -> tuple[IndexedPassage, ...]:
        return self._entries

    @property
    def retrieval_config(self) -> RetrievalConfig:
        """How candidates are found and ordered (fusion, the re-ranker's weights): part of what decides a score."""
        return self._retriever.config

    def document(self, doc_id: str) -> Document | None:
        return self._documents.get(doc_id)

    def neighbour(self, entry: IndexedPassage, step: int) -> IndexedPassage | None:
        """The passage `step` places after `entry` in its document (before it when negative), if any."""
        row = self._rows.get((entry.document.doc_id, entry.passage.index + step))
        return None if row is None else self._entries[row]

    def search_many(
        self, queries: Sequence[str], query_vectors: NDArray[np.float32], k: int
    ) -> list[list[CorpusHit]]:
        """Top-k passages per query, best first."""
        results = self._retriever.search_many(queries, query_vectors, k)
        return [
            [
                CorpusHit(entry=self._entries[hit.index], similarity=hit.similarity, rank_score=hit.score)
                for hit in hits
            ]
            for hits in results
        ]
