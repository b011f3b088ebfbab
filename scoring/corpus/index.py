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
from scoring.corpus.duplicates import DuplicateGroups, duplicate_groups
from scoring.corpus.passage_store import read_passages, store_passages
from scoring.corpus.passages import PASSAGE_RULES_VERSION, Passage
from scoring.corpus.vector_store import cached_vectors, model_key, passage_keys, saved_index
from scoring.embedding import Embedder
from scoring.errors import CorpusUnavailable
from scoring.retrieval import HybridRetriever, RetrievalConfig, VectorIndex
from scoring.retrieval.lance_index import LanceEngine, LanceIndex


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


# Dense indexes whose `vectors` return exactly what was added, so a next version may take them over.
LOSSLESS_INDEXES = frozenset({"exact", "lancedb"})


@dataclass(frozen=True, slots=True)
class Reusable:
    """What a next version built from this one may reuse, and what it must match to reuse it."""

    made_with: tuple[str, str, str]  # embedding model, attribution rules, passage rules
    duplicates: DuplicateGroups


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
        reuse: Reusable | None = None,
    ) -> None:
        if vectors.shape[0] != len(entries):
            raise CorpusUnavailable("corpus vectors and passages are out of step")
        self._reuse = reuse
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
        engine: LanceEngine | None = None,
        engine_lexical: bool = False,
        previous: CorpusIndex | None = None,
        passage_cache_dir: Path | None = None,
    ) -> CorpusIndex:
        """Split, attribute, group and embed every document; reuse cached vectors for the same version.

        With `attribution_cache_dir`, each document's passage attributions are stored per document content
        and ``Attributor.cache_key``, so a restart or a new corpus version parses only new documents; with
        `passage_cache_dir`, each document's passages (their offsets and near-duplicate band hashes) are, so a
        restart cuts and hashes only new ones.

        With `vector_index_dir`, the dense index (exact or HNSW by passage count) is saved under
        `<vector_index_dir>/<version>/<model id>` and served memory-mapped from there, so its pages live in the page cache
        that processes share; a later build of the same version maps the saved index instead of rebuilding it.

        With `engine`, dense search runs on the engine's table for the embedder's model instead, and the
        build writes only the passages that table lacks (and deletes those no longer in the corpus), so a
        version that adds a few documents costs a few rows, not a new index; `vector_index_dir` is unused.
        With `engine_lexical` too, BM25 comes from the engine's full-text index instead of being built in
        process (the fusion weights were fitted on the in-house BM25's scores: README, "Corpus engine").

        With `previous` (the version being served, built with the same model and attribution rules), the
        documents it holds unchanged keep their passages, attributions, vectors and duplicate checks, so a
        write costs the documents it touches plus the lexical index, not a pass over the whole corpus.
        """
        if not documents:
            raise CorpusUnavailable("the corpus has no documents")
        version = corpus_version(documents)
        made_with = (embedder.model_id, attributor.cache_key, PASSAGE_RULES_VERSION)
        carried = previous if previous is not None and previous._made_with() == made_with else None
        cut = _passages(documents, carried, passage_cache_dir)
        passages, old_rows = cut.passages, cut.old_rows
        if not passages:
            raise CorpusUnavailable("the corpus has no passages after cleaning")
        texts = [p.text for p, _ in passages]
        keys = passage_keys(passages)
        duplicates = duplicate_groups(
            texts,
            keys,
            carried._reuse.duplicates if carried is not None and carried._reuse else None,
            stored_bands=cut.stored_bands if cut.stored_bands[0].any() else None,
        )
        if passage_cache_dir is not None:
            for document, start, end in cut.to_store:
                store_passages(
                    passage_cache_dir,
                    document,
                    [p for p, _ in passages[start:end]],
                    duplicates.bands[start:end],
                )
        vectors, attributions = _passage_work(
            passages, old_rows, carried, embedder, attributor, vector_cache_dir, attribution_cache_dir
        )
        entries = [
            IndexedPassage(passage=passage, document=document, attribution=attribution, duplicate_group=g)
            for (passage, document), g, attribution in zip(
                passages, duplicates.groups, attributions, strict=True
            )
        ]
        config = retrieval_config or RetrievalConfig()
        index: VectorIndex | None = None
        if engine is not None:
            index, _ = engine.index(model_key(embedder), keys, vectors, texts)
        elif vector_index_dir is not None:
            # Keyed by the model too: another model's vectors of the same passages must never be served.
            index_dir = vector_index_dir / version / model_key(embedder)
            index = saved_index(index_dir, vectors, config.ann_threshold)
        lexical = index.lexical if engine_lexical and isinstance(index, LanceIndex) else None
        retriever = HybridRetriever.build(texts, vectors, config=config, index=index, lexical=lexical)
        return cls(documents, entries, vectors, retriever, version, Reusable(made_with, duplicates))

    def _made_with(self) -> tuple[str, str, str] | None:
        return None if self._reuse is None else self._reuse.made_with

    def _rows_by_document(self) -> dict[tuple[str, str], list[int]]:
        """Rows of each document's passages, by (doc id, content hash): what a next version may reuse."""
        by_id: dict[str, list[int]] = {}
        for row, entry in enumerate(self._entries):
            by_id.setdefault(entry.document.doc_id, []).append(row)
        # The content hash once per document, not once per passage.
        return {(doc_id, self._documents[doc_id].content_hash): rows for doc_id, rows in by_id.items()}

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

    @property
    def index_kind(self) -> str:
        """Which dense index serves it (exact, hnsw, lancedb): an engine's approximate search can return
        other passages than the in-house one, so it is part of what decides a score."""
        return self._retriever.index.kind

    @property
    def lexical_kind(self) -> str:
        """Which lexical index serves it: bm25s in process, or the engine's full-text index."""
        return self._retriever.lexical_kind

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


@dataclass(frozen=True, slots=True)
class _Cut:
    """The passages of a version's documents, and what of them came from where."""

    passages: list[tuple[Passage, Document]]
    old_rows: NDArray[np.int64]  # each passage's row in the previous version, else -1
    stored_bands: tuple[NDArray[np.bool_], NDArray[np.uint64]]  # rows with band hashes read back
    to_store: list[tuple[Document, int, int]]  # documents cut now, with their rows [start, end)


def _passages(documents: Sequence[Document], previous: CorpusIndex | None, cache_dir: Path | None) -> _Cut:
    """Every document's passages: taken as they are from `previous` where the document is there unchanged,
    else read from the passage store, else cut now."""
    reusable = previous._rows_by_document() if previous is not None else {}
    found = [reusable.get((d.doc_id, d.content_hash)) if previous is not None else None for d in documents]
    fresh = iter(
        read_passages(cache_dir, [d for d, rows in zip(documents, found, strict=True) if rows is None])
    )
    passages: list[tuple[Passage, Document]] = []
    old_rows: list[int] = []
    band_rows: list[int] = []
    bands: list[NDArray[np.uint64]] = []
    to_store: list[tuple[Document, int, int]] = []
    for document, rows in zip(documents, found, strict=True):
        start = len(passages)
        if previous is not None and rows is not None:
            passages.extend((previous.entries[row].passage, document) for row in rows)
            old_rows.extend(rows)
            continue
        cut = next(fresh)
        passages.extend((passage, document) for passage in cut.passages)
        old_rows.extend([-1] * len(cut.passages))
        if cut.bands is not None:
            band_rows.extend(range(start, len(passages)))
            bands.append(cut.bands)
        elif cache_dir is not None:
            to_store.append((document, start, len(passages)))
    mask = np.zeros(len(passages), dtype=bool)
    mask[band_rows] = True
    stored = np.concatenate(bands) if bands else np.zeros((0, 0), dtype=np.uint64)
    return _Cut(passages, np.asarray(old_rows, dtype=np.int64), (mask, stored), to_store)


def _passage_work(
    passages: list[tuple[Passage, Document]],
    old_rows: NDArray[np.int64],
    previous: CorpusIndex | None,
    embedder: Embedder,
    attributor: Attributor,
    vector_cache_dir: Path | None,
    attribution_cache_dir: Path | None,
) -> tuple[NDArray[np.float32], list[Attribution]]:
    """Vectors and attributions of every passage: taken from `previous` where a passage has a row there
    (`old_rows` >= 0), else read from the caches or computed."""
    kept = old_rows >= 0
    vectors = np.zeros((len(passages), embedder.dimension), dtype=np.float32)
    # Vectors are taken over only from an index that holds them exactly (HNSW keeps float16 copies).
    lossless = previous is not None and previous.index_kind in LOSSLESS_INDEXES
    if previous is not None and lossless and kept.any():
        vectors[kept] = previous._retriever.index.vectors(old_rows[kept])
    embed = ~kept if lossless else np.ones(len(passages), dtype=bool)
    if embed.any():
        vectors[embed] = cached_vectors(
            vector_cache_dir, embedder, [passages[r] for r in np.flatnonzero(embed)]
        )
    fresh = [passages[row] for row in np.flatnonzero(~kept)]
    computed = iter(cached_attributions(attribution_cache_dir, attributor, fresh) if fresh else ())
    attributions = [
        previous.entries[old].attribution if previous is not None and old >= 0 else next(computed)
        for old in old_rows.tolist()
    ]
    return vectors, attributions
