"""Hybrid claim retrieval: dense search (exact or HNSW) and BM25 over the same passages, each asked for its
candidates, which are then fused (fusion.py) and cut to the best k."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from scoring.retrieval.bm25 import Bm25Index
from scoring.retrieval.config import RetrievalConfig
from scoring.retrieval.features import FEATURE_NAMES, RankFeatures, text_overlaps
from scoring.retrieval.fusion import Candidates, fused_scores
from scoring.retrieval.lexical_index import LexicalIndex
from scoring.retrieval.vector_index import VectorIndex, build_index

# Queries go to the dense index and to BM25 in blocks of this many rows, to bound per-block arrays.
QUERY_BLOCK = 256
# Each ranker's list is read this deep, so RRF and the re-ranker's rank features are exact down to rank 100;
# at RRF_K = 60 a deeper rank moves 1 / (RRF_K + 1 + rank) by less than 0.004 (measured: CheckThat dev MAP@5
# unchanged, docs/scaling.md).
RANK_DEPTH = 100


@dataclass(frozen=True, slots=True)
class RetrievalHit:
    """One retrieved passage.

    `score` orders the hits and lies in [0, 1] for every fusion: RRF is divided by its maximum 2 / (RRF_K + 1),
    weighted fusion mixes per-query min-max normalised scores, and the re-ranker returns a logistic
    probability. It is comparable across hits of one query, not across queries (except the re-ranker's).
    """

    index: int
    score: float
    similarity: float
    lexical: float


class HybridRetriever:
    """Dense search plus BM25 top-k over the same passages, fused by RRF or weighted scores, then re-ranked.

    Dense search is exact below `RetrievalConfig.ann_threshold` passages and HNSW above it (see
    scoring.retrieval.vector_index); either way the cosines reported are recomputed from the stored vectors. Build once
    per corpus; `search` is read-only, so one instance can serve threads concurrently.
    """

    __slots__ = ("_config", "_index", "_bm25", "_texts", "_titles", "_title_vectors")

    def __init__(
        self,
        config: RetrievalConfig,
        index: VectorIndex,
        bm25: LexicalIndex,
        texts: tuple[str, ...],
        titles: tuple[str, ...],
        title_vectors: NDArray[np.float32] | None,
    ) -> None:
        if len(index) != len(texts) or len(titles) != len(texts):
            raise ValueError("the vector index, texts and titles differ in length")
        self._config = config
        self._index = index
        self._bm25 = bm25
        self._texts = texts
        self._titles = titles
        self._title_vectors = title_vectors

    @classmethod
    def build(
        cls,
        texts: Sequence[str],
        vectors: NDArray[np.float32] | None,
        *,
        config: RetrievalConfig = RetrievalConfig(),  # noqa: B008 - frozen, so a shared default is safe
        titles: Sequence[str] | None = None,
        title_vectors: NDArray[np.float32] | None = None,
        index: VectorIndex | None = None,
        lexical: LexicalIndex | None = None,
    ) -> HybridRetriever:
        """Index `texts` (n passages) with their L2-normalised `vectors` of shape (n, d).

        `index` is a vector index already built (or memory-mapped by `load_index`) over the same n rows; when
        given, `vectors` may be None. Otherwise the index is exact below `config.ann_threshold` passages and
        HNSW from there on. `lexical` is a lexical index already built over the same rows (an engine's
        full-text index); otherwise BM25 is built in process. `titles` (n strings, "" for none) and
        `title_vectors` (n, d) are optional extra fields that only the re-ranker's title features use.
        """
        if index is None:
            if vectors is None:
                raise ValueError("give either vectors or a vector index")
            if vectors.ndim != 2 or vectors.shape[0] != len(texts):
                raise ValueError(f"vectors must have shape ({len(texts)}, d), got {vectors.shape}")
            index = build_index(vectors, ann_threshold=config.ann_threshold)
        elif len(index) != len(texts) or (
            vectors is not None and vectors.shape != (len(index), index.dimension)
        ):
            raise ValueError(f"the vector index must hold one vector per text ({len(texts)})")
        if titles is not None and len(titles) != len(texts):
            raise ValueError("titles must have one entry per text")
        if title_vectors is not None and title_vectors.shape != (len(texts), index.dimension):
            raise ValueError("title_vectors must have the same shape as vectors")
        bm25 = lexical or Bm25Index.build(list(texts), k1=config.bm25_k1, b=config.bm25_b)
        return cls(
            config,
            index,
            bm25,
            tuple(texts),
            tuple(titles) if titles is not None else ("",) * len(texts),
            None if title_vectors is None else np.ascontiguousarray(title_vectors, dtype=np.float32),
        )

    @property
    def config(self) -> RetrievalConfig:
        return self._config

    @property
    def lexical_kind(self) -> str:
        return "bm25s" if isinstance(self._bm25, Bm25Index) else type(self._bm25).__name__

    @property
    def texts(self) -> tuple[str, ...]:
        """Each row's passage text, as indexed."""
        return self._texts

    @property
    def index(self) -> VectorIndex:
        """The dense index (exact or HNSW), e.g. to `save` it for a later `load_index`."""
        return self._index

    def __len__(self) -> int:
        return len(self._texts)

    def search(self, query: str, query_vector: NDArray[np.float32], k: int) -> list[RetrievalHit]:
        """The best `k` passages for one query (fewer if the corpus is smaller), best first."""
        return self.search_many([query], query_vector.reshape(1, -1), k)[0]

    def search_many(
        self, queries: Sequence[str], query_vectors: NDArray[np.float32], k: int
    ) -> list[list[RetrievalHit]]:
        """`search` for each query; `query_vectors` has shape (len(queries), d)."""
        if k < 0:
            raise ValueError("k must be >= 0")
        results: list[list[RetrievalHit]] = []
        # The features (~50 regex passes per candidate) are computed only for the fusions that read them.
        features = self._config.reads_features
        for candidates in self.candidates_many(queries, query_vectors, features=features):
            scores = fused_scores(candidates, self._config)
            order = np.argsort(-scores, kind="stable")[:k]
            results.append(
                [
                    RetrievalHit(
                        index=int(candidates.indices[i]),
                        score=float(scores[i]),
                        similarity=float(candidates.similarity[i]),
                        lexical=float(candidates.lexical[i]),
                    )
                    for i in order
                ]
            )
        return results

    def candidates_many(
        self, queries: Sequence[str], query_vectors: NDArray[np.float32], *, features: bool = True
    ) -> list[Candidates]:
        """The union of each ranker's top `candidate_pool` passages per query, with re-ranker features
        (`features=False` leaves them out: a (rows, 0) array)."""
        if query_vectors.ndim != 2 or query_vectors.shape[0] != len(queries):
            raise ValueError(f"query_vectors must have shape ({len(queries)}, d), got {query_vectors.shape}")
        if query_vectors.shape[0] and query_vectors.shape[1] != self._index.dimension:
            raise ValueError("query and passage vectors differ in dimension")
        # Ranks are known exactly down to `depth`; a candidate found by only one ranker gets rank `depth` from
        # the other, a floor on its true rank (which would need every passage scored). Without features no
        # rank is read, so each ranker is asked only for its pool: at 100k passages asking HNSW for 100
        # neighbours instead of 30 was most of a query's dense search time.
        pool = self._config.candidate_pool
        depth = min(max(RANK_DEPTH, pool) if features else pool, len(self))
        out: list[Candidates] = []
        for start in range(0, len(queries), QUERY_BLOCK):
            block = np.asarray(query_vectors[start : start + QUERY_BLOCK], dtype=np.float32)
            block_queries = list(queries[start : start + QUERY_BLOCK])
            dense_ids, _ = self._index.search(block, depth)
            token_ids = self._bm25.prepare(block_queries)
            lexical_top = self._bm25.top(token_ids, depth)
            for offset, query in enumerate(block_queries):
                out.append(
                    self._candidates(
                        query,
                        block[offset],
                        dense_ids[offset],
                        token_ids[offset],
                        lexical_top[offset],
                        depth,
                        with_features=features,
                    )
                )
        return out

    def _candidates(
        self,
        query: str,
        query_vector: NDArray[np.float32],
        dense_ids: NDArray[np.int64],
        token_ids: Any,
        lexical_top: tuple[NDArray[np.int64], NDArray[np.float32]],
        depth: int,
        *,
        with_features: bool,
    ) -> Candidates:
        n = len(self._texts)
        if n == 0:
            empty = np.zeros(0, dtype=np.float32)
            return Candidates(
                np.zeros(0, dtype=np.int64), empty, empty, np.zeros((0, len(FEATURE_NAMES)), dtype=np.float64)
            )
        pool = min(self._config.candidate_pool, n)
        # Re-score the dense list exactly (an HNSW index orders by approximate distances), then order it the
        # way a stable sort of every passage would: by score, ties by row.
        dense_ids = dense_ids[dense_ids >= 0]
        dense_sims = self._index.vectors(dense_ids) @ query_vector
        dense_ids = dense_ids[np.lexsort((dense_ids, -dense_sims))]
        lexical_ids, lexical_scores = lexical_top
        keep = lexical_scores > 0  # a passage with no query term in common has no lexical rank worth counting
        lexical_ids, lexical_scores = lexical_ids[keep], lexical_scores[keep]
        lexical_ids = lexical_ids[np.lexsort((lexical_ids, -lexical_scores))]
        indices = np.union1d(dense_ids[:pool], lexical_ids[:pool]).astype(np.int64)
        sim = (self._index.vectors(indices) @ query_vector).astype(np.float32)
        lex = self._bm25.scores_at(token_ids, indices)
        if not with_features:
            return Candidates(indices, sim, lex, np.zeros((len(indices), 0), dtype=np.float64))
        dense_rank = _positions(dense_ids, indices, depth)
        lexical_rank = _positions(lexical_ids, indices, depth)
        rrf_max = 2.0 / (self._config.rrf_k + 1)
        dense_rr = 1.0 / (self._config.rrf_k + 1 + dense_rank)
        bm25_rr = np.where(lex > 0, 1.0 / (self._config.rrf_k + 1 + lexical_rank), 0.0)
        fused = (dense_rr + bm25_rr) / rrf_max
        lex_max = float(lex.max(initial=0.0))
        overlaps = text_overlaps(
            query, [self._texts[int(i)] for i in indices], [self._titles[int(i)] for i in indices]
        )
        features = RankFeatures(
            cosine=sim,
            cosine_gap=sim - float(sim.max(initial=0.0)),
            title_cosine=sim if self._title_vectors is None else self._title_vectors[indices] @ query_vector,
            bm25_norm=lex / lex_max if lex_max > 0 else np.zeros(len(indices)),
            bm25_log=np.log1p(lex),
            dense_rr=dense_rr * (self._config.rrf_k + 1),
            bm25_rr=bm25_rr * (self._config.rrf_k + 1),
            fused=fused,
            name_overlap=overlaps.names,
            number_overlap=overlaps.numbers,
            date_overlap=overlaps.dates,
            title_overlap=overlaps.title_words,
            word_overlap=overlaps.words,
        )
        return Candidates(indices, sim, lex, features.matrix())


def _positions(ranked: NDArray[np.int64], rows: NDArray[np.int64], missing: int) -> NDArray[np.int64]:
    """0-based position of each of `rows` in `ranked`, or `missing` where a row is absent."""
    position = {int(row): place for place, row in enumerate(ranked)}
    return np.asarray([position.get(int(row), missing) for row in rows], dtype=np.int64)
