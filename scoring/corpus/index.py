"""The searchable corpus: passages with their attribution, embeddings and a version that names them.

One piece past 300 lines because a version is built from the one being served: the helpers below take
over the served version's rows, entries, vectors and band order by reading its internals, which stay
private to this module so that nothing else can depend on how a version lays out its rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import chain, islice
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from scoring.attribution import Attribution, Attributor
from scoring.corpus.attribution_store import cached_attributions
from scoring.corpus.documents import Document
from scoring.corpus.duplicates import DuplicateGroups, duplicate_groups
from scoring.corpus.passage_store import read_checked, read_passages, store_checked, store_passages
from scoring.corpus.passages import PASSAGE_RULES_VERSION, Passage
from scoring.corpus.vector_store import cached_vectors, model_key, passage_keys, saved_index
from scoring.embedding import Embedder
from scoring.errors import CorpusUnavailable
from scoring.retrieval import HybridRetriever, RetrievalConfig, VectorIndex
from scoring.retrieval.index_files import MatrixRows
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
        spans: Mapping[str, tuple[int, int]],
        reuse: Reusable | None = None,
    ) -> None:
        if vectors.shape[0] != len(entries):
            raise CorpusUnavailable("corpus vectors and passages are out of step")
        self._reuse = reuse
        self._documents = {d.doc_id: d for d in documents}
        self._entries = tuple(entries)
        # Each document's rows [start, end): its passages are contiguous and indexed 0.. in order, so this
        # finds the neighbours the judge reads a passage with, and what a next version may take over whole.
        self._spans = dict(spans)
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
        if not cut.texts:
            raise CorpusUnavailable("the corpus has no passages after cleaning")
        kept = cut.old_rows >= 0
        keys = np.empty(len(cut.texts), dtype=np.int64)
        if carried is not None and carried._reuse is not None and kept.any():
            keys[kept] = carried._reuse.duplicates.keys[cut.old_rows[kept]]
        keys[~kept] = passage_keys(cut.fresh)
        carried_groups = carried._reuse.duplicates if carried is not None and carried._reuse else None
        duplicates = duplicate_groups(
            cut.texts,
            keys,
            carried_groups,
            stored_bands=cut.stored_bands if cut.stored_bands[0].any() else None,
            old_rows=cut.old_rows if carried_groups is not None else None,
            checked=read_checked(passage_cache_dir)
            if carried_groups is None and passage_cache_dir is not None
            else None,
        )
        if passage_cache_dir is not None:
            store_checked(passage_cache_dir, duplicates.checked())
            for document, start, cut_passages in cut.to_store:
                store_passages(
                    passage_cache_dir,
                    document,
                    cut_passages,
                    duplicates.bands[start : start + len(cut_passages)],
                )
        attributions = iter(
            cached_attributions(attribution_cache_dir, attributor, cut.fresh) if cut.fresh else ()
        )
        entries = _entries(cut, carried, duplicates.groups, attributions)
        vectors = _vectors(entries, cut.old_rows, carried, embedder, vector_cache_dir)
        config = retrieval_config or RetrievalConfig()
        index: VectorIndex | None = None
        if engine is not None:
            index, _ = engine.index(model_key(embedder), keys, vectors, cut.texts)
        elif vector_index_dir is not None:
            # Keyed by the model too: another model's vectors of the same passages must never be served.
            index_dir = vector_index_dir / version / model_key(embedder)
            index = saved_index(index_dir, vectors, config.ann_threshold)
        lexical = index.lexical if engine_lexical and isinstance(index, LanceIndex) else None
        retriever = HybridRetriever.build(cut.texts, vectors, config=config, index=index, lexical=lexical)
        return cls(
            documents, entries, vectors, retriever, version, cut.spans, Reusable(made_with, duplicates)
        )

    def _made_with(self) -> tuple[str, str, str] | None:
        return None if self._reuse is None else self._reuse.made_with

    def _texts(self) -> tuple[str, ...]:
        return self._retriever.texts

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
        span = self._spans.get(entry.document.doc_id)
        if span is None or not 0 <= entry.passage.index + step < span[1] - span[0]:
            return None
        return self._entries[span[0] + entry.passage.index + step]

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
    """The passages of a version's documents, and what of them came from where.

    A document the previous version holds unchanged is named by its rows there, not by its passages, so a
    version that adds one document to a million passages handles the one document's passages, not a list of
    a million (passage, document) pairs.
    """

    documents: list[tuple[Document, int, int]]  # each document, with its previous rows [start, end) or -1s
    spans: dict[str, tuple[int, int]]  # each document's rows in this version
    texts: tuple[str, ...]  # every passage's text, in row order
    old_rows: NDArray[np.int64]  # each passage's row in the previous version, else -1
    fresh: list[tuple[Passage, Document]]  # the passages with no previous row, in row order
    stored_bands: tuple[NDArray[np.bool_], NDArray[np.uint64]]  # rows with band hashes read back
    to_store: list[tuple[Document, int, list[Passage]]]  # documents cut now: first row, passages


def _passages(documents: Sequence[Document], previous: CorpusIndex | None, cache_dir: Path | None) -> _Cut:
    """Every document's passages: taken as they are from `previous` where the document is there unchanged,
    else read from the passage store, else cut now."""
    spans = previous._spans if previous is not None else {}

    def reusable(document: Document) -> tuple[int, int] | None:
        span = spans.get(document.doc_id)
        if previous is None or span is None:
            return None
        held = previous._documents[document.doc_id]
        return span if held is document or held.content_hash == document.content_hash else None

    found = [reusable(d) for d in documents]
    fresh_cuts = iter(
        read_passages(cache_dir, [d for d, span in zip(documents, found, strict=True) if span is None])
    )
    old_texts = previous._texts() if previous is not None else ()
    placed: list[tuple[Document, int, int]] = []
    new_spans: dict[str, tuple[int, int]] = {}
    texts: list[str] = []
    old_rows: list[NDArray[np.int64]] = []
    fresh: list[tuple[Passage, Document]] = []
    band_rows: list[int] = []
    bands: list[NDArray[np.uint64]] = []
    to_store: list[tuple[Document, int, list[Passage]]] = []
    for document, span in zip(documents, found, strict=True):
        start = len(texts)
        if span is not None:
            texts.extend(old_texts[span[0] : span[1]])
            old_rows.append(np.arange(span[0], span[1], dtype=np.int64))
            placed.append((document, span[0], span[1]))
        else:
            cut = next(fresh_cuts)
            texts.extend(passage.text for passage in cut.passages)
            fresh.extend((passage, document) for passage in cut.passages)
            old_rows.append(np.full(len(cut.passages), -1, dtype=np.int64))
            placed.append((document, -1, -1))
            if cut.bands is not None:
                band_rows.extend(range(start, len(texts)))
                bands.append(cut.bands)
            elif cache_dir is not None:
                to_store.append((document, start, list(cut.passages)))
        new_spans[document.doc_id] = (start, len(texts))
    mask = np.zeros(len(texts), dtype=bool)
    mask[band_rows] = True
    stored = np.concatenate(bands) if bands else np.zeros((0, 0), dtype=np.uint64)
    rows = np.concatenate(old_rows) if old_rows else np.zeros(0, dtype=np.int64)
    return _Cut(placed, new_spans, tuple(texts), rows, fresh, (mask, stored), to_store)


def _entries(
    cut: _Cut,
    previous: CorpusIndex | None,
    groups: NDArray[np.int64],
    attributions: Iterator[Attribution],
) -> tuple[IndexedPassage, ...]:
    """Each passage's entry: the previous version's own entry object where nothing about it changed (same
    document, same group), so a run of unchanged documents is one slice of the previous tuple."""
    kept = cut.old_rows >= 0
    same = np.zeros(len(groups), dtype=bool)
    if previous is not None and previous._reuse is not None and kept.any():
        same[kept] = previous._reuse.duplicates.groups[cut.old_rows[kept]] == groups[kept]
    pieces: list[Sequence[IndexedPassage]] = []
    run: tuple[int, int] | None = None  # previous rows [start, end) to be taken over as one slice

    def flush() -> None:
        nonlocal run
        if run is not None and previous is not None:
            pieces.append(previous.entries[run[0] : run[1]])
        run = None

    fresh = iter(cut.fresh)
    for document, old_start, old_end in cut.documents:
        start, end = cut.spans[document.doc_id]
        new_groups = groups[start:end]
        if previous is not None and old_start >= 0:
            held = previous._documents[document.doc_id]
            if (held is document or held == document) and same[start:end].all():
                if run is not None and run[1] == old_start:
                    run = (run[0], old_end)
                else:
                    flush()
                    run = (old_start, old_end)
                continue
            flush()
            pieces.append(
                [
                    replace(previous.entries[old], document=document, duplicate_group=group)
                    for old, group in zip(range(old_start, old_end), new_groups.tolist(), strict=True)
                ]
            )
            continue
        flush()
        pieces.append(
            [
                IndexedPassage(passage, document, next(attributions), group)
                for (passage, _), group in zip(islice(fresh, end - start), new_groups.tolist(), strict=True)
            ]
        )
    flush()
    return tuple(chain.from_iterable(pieces))


def _vectors(
    entries: Sequence[IndexedPassage],
    old_rows: NDArray[np.int64],
    previous: CorpusIndex | None,
    embedder: Embedder,
    vector_cache_dir: Path | None,
) -> NDArray[np.float32]:
    """Every passage's vector: copied from `previous` where a passage has a row there (`old_rows` >= 0), run by
    run, else read from the cache or embedded."""
    kept = old_rows >= 0
    # Vectors are taken over only from an index that holds them exactly (HNSW keeps float16 copies).
    if previous is None or previous.index_kind not in LOSSLESS_INDEXES or not kept.any():
        # A start (or nothing to take over): every vector from the cache, in row order, with no copy.
        return cached_vectors(vector_cache_dir, embedder, [(e.passage, e.document) for e in entries])
    vectors = np.empty((len(entries), embedder.dimension), dtype=np.float32)
    index = previous._retriever.index
    for start, old_start, length in _runs(old_rows):
        vectors[start : start + length] = (
            index.vector_rows(old_start, old_start + length)
            if isinstance(index, MatrixRows)
            else index.vectors(np.arange(old_start, old_start + length, dtype=np.int64))
        )
    embed = np.flatnonzero(~kept)
    if len(embed):
        vectors[embed] = cached_vectors(
            vector_cache_dir, embedder, [(entries[r].passage, entries[r].document) for r in embed.tolist()]
        )
    return vectors


def _runs(old_rows: NDArray[np.int64]) -> list[tuple[int, int, int]]:
    """Maximal runs of rows whose previous rows are consecutive: (row, previous row, length)."""
    kept = np.flatnonzero(old_rows >= 0)
    if not len(kept):
        return []
    breaks = np.flatnonzero((np.diff(kept) != 1) | (np.diff(old_rows[kept]) != 1)) + 1
    starts = np.r_[0, breaks]
    ends = np.r_[breaks, len(kept)]
    return [
        (int(kept[a]), int(old_rows[kept[a]]), int(b - a))
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
    ]
