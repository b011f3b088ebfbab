"""The searchable corpus: passages with their attribution, embeddings and a version that names them."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
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
from scoring.vector_index import VectorIndex, build_index, load_index


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
    ) -> CorpusIndex:
        """Split, attribute, group and embed every document; reuse cached vectors for the same version.

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
        entries = [
            IndexedPassage(
                passage=passage,
                document=document,
                attribution=attributor.attribute(passage.text),
                duplicate_group=g,
            )
            for (passage, document), g in zip(passages, groups, strict=True)
        ]
        vectors = _cached_vectors(vector_cache_dir, embedder, passages)
        config = retrieval_config or RetrievalConfig()
        index = None
        if vector_index_dir is not None:
            # Keyed by the model too: another model's vectors of the same passages must never be served.
            index_dir = vector_index_dir / version / model_key(embedder)
            index = _saved_index(index_dir, vectors, config.ann_threshold)
        retriever = HybridRetriever.build(texts, vectors, config=config, index=index)
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
    cache_dir: Path | None,
    embedder: Embedder,
    passages: Sequence[tuple[Passage, Document]],
) -> NDArray[np.float32]:
    """Embeddings persisted per (model, document content, passage rules), so neither a restart nor a new
    corpus version re-embeds documents that did not change."""
    texts = [p.text for p, _ in passages]
    if cache_dir is None:
        return embedder.encode(texts)
    model_dir = cache_dir / model_key(embedder)
    rows_by_doc: dict[str, list[int]] = {}
    documents: dict[str, Document] = {}
    for row, (_, document) in enumerate(passages):
        rows_by_doc.setdefault(document.doc_id, []).append(row)
        documents[document.doc_id] = document
    vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    missing: list[str] = []
    for doc_id, rows in rows_by_doc.items():
        cached = _load_vectors(_vector_path(model_dir, documents[doc_id]), (len(rows), embedder.dimension))
        if cached is None:
            missing.append(doc_id)
        else:
            vectors[rows] = cached
    if missing:
        missing_rows = [row for doc_id in missing for row in rows_by_doc[doc_id]]
        fresh = embedder.encode([texts[row] for row in missing_rows])
        vectors[missing_rows] = fresh
        model_dir.mkdir(parents=True, exist_ok=True)
        for doc_id in missing:
            _save_vectors(_vector_path(model_dir, documents[doc_id]), vectors[rows_by_doc[doc_id]])
    return vectors


def model_key(embedder: Embedder) -> str:
    """The model id as one safe path component."""
    return re.sub(r"[^A-Za-z0-9_.@-]+", "_", embedder.model_id)


def _saved_index(directory: Path, vectors: NDArray[np.float32], ann_threshold: int) -> VectorIndex:
    """The index saved under `directory` if it matches `vectors`, else a new one saved there; memory-mapped."""
    try:
        saved = load_index(directory)
    except (OSError, ValueError):
        saved = None  # absent, torn or foreign: build and overwrite
    if saved is not None and len(saved) == vectors.shape[0] and saved.dimension == vectors.shape[1]:
        return saved
    directory.parent.mkdir(parents=True, exist_ok=True)
    # Build beside the target and rename, so a crash never leaves a half-written index a later start would trust.
    staging = Path(tempfile.mkdtemp(dir=directory.parent, prefix=f".{directory.name}-"))
    build_index(vectors, ann_threshold=ann_threshold).save(staging)
    if directory.exists():
        shutil.rmtree(directory)
    os.replace(staging, directory)
    return load_index(directory)


def _vector_path(model_dir: Path, document: Document) -> Path:
    return model_dir / f"{document.content_hash[:40]}-p{PASSAGE_RULES_VERSION}.npy"


def _load_vectors(path: Path, shape: tuple[int, int]) -> NDArray[np.float32] | None:
    try:
        cached = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None  # absent, torn or foreign: re-embed and overwrite
    if cached.shape != shape or cached.dtype != np.float32:
        return None
    return np.asarray(cached, dtype=np.float32)


def _save_vectors(path: Path, vectors: NDArray[np.float32]) -> None:
    # Write-then-rename so a crash never leaves a half-written file that a later start would trust.
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npy.tmp", delete=False) as handle:
        np.save(handle, vectors, allow_pickle=False)
        tmp_name = handle.name
    os.replace(tmp_name, path)
