"""The searchable corpus: passages with their attribution, embeddings and a version that names them."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from scoring.attribution import Attribution, Attributor
from scoring.documents import Document
from scoring.duplicates import near_duplicate_groups
from scoring.embedding import Embedder
from scoring.errors import CorpusUnavailable
from scoring.passages import PASSAGE_RULES_VERSION, Passage, split_passages
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
    """Content hash of the documents and of the passage rules: any change gives a new version."""
    digest = hashlib.sha256(f"passages-v{PASSAGE_RULES_VERSION}".encode())
    for document in sorted(documents, key=lambda d: d.doc_id):
        digest.update(document.content_hash.encode())
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
        self._vectors = vectors
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
    ) -> CorpusIndex:
        """Split, attribute, group and embed every document; reuse cached vectors for the same version."""
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
        entries = [
            IndexedPassage(
                passage=passage,
                document=document,
                attribution=attributor.attribute(passage.text),
                duplicate_group=g,
            )
            for (passage, document), g in zip(passages, groups, strict=True)
        ]
        vectors = _cached_vectors(vector_cache_dir, version, embedder, texts)
        retriever = HybridRetriever.build(texts, vectors, config=retrieval_config or RetrievalConfig())
        return cls(documents, entries, vectors, retriever, version)

    @property
    def documents(self) -> tuple[Document, ...]:
        return tuple(self._documents.values())

    @property
    def entries(self) -> tuple[IndexedPassage, ...]:
        return self._entries

    def document(self, doc_id: str) -> Document | None:
        return self._documents.get(doc_id)

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


def _cached_vectors(
    cache_dir: Path | None, version: str, embedder: Embedder, texts: Sequence[str]
) -> NDArray[np.float32]:
    """Embeddings persisted under (corpus version, model id), so a restart does not re-embed."""
    if cache_dir is None:
        return embedder.encode(texts)
    safe_model = re.sub(r"[^A-Za-z0-9_.@-]+", "_", embedder.model_id)
    path = cache_dir / f"passages-{version}-{safe_model}.npy"
    if path.exists():
        try:
            cached = np.load(path, allow_pickle=False)
            if cached.shape == (len(texts), embedder.dimension) and cached.dtype == np.float32:
                return np.ascontiguousarray(cached)
        except (OSError, ValueError):
            pass  # a torn or foreign file: re-embed and overwrite it
    vectors = embedder.encode(texts)
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Write-then-rename so a crash never leaves a half-written file that a later start would trust.
    with tempfile.NamedTemporaryFile(dir=cache_dir, suffix=".npy.tmp", delete=False) as handle:
        np.save(handle, vectors, allow_pickle=False)
        tmp_name = handle.name
    os.replace(tmp_name, path)
    return vectors
