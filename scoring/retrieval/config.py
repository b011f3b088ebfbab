"""How candidates are found and ordered: the retrieval settings, with the measurements behind each default."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from scoring.retrieval.bm25 import BM25_B, BM25_K1
from scoring.retrieval.reranker import RerankerWeights

# Cormack, Clarke & Buettcher (SIGIR 2009), "Reciprocal Rank Fusion outperforms Condorcet and individual rank
# learning methods": k = 60 damps the influence of top ranks; the paper found it robust across collections.
RRF_K = 60
# Candidates taken from each ranker before fusion (their union averages ~54 rows). On CheckThat train/dev,
# 97.7-99.0% of gold claims lie in the dense or BM25 top 30; fusion only reorders this pool.
CANDIDATE_POOL = 30
# Weight of the dense score in weighted score fusion (the rest goes to BM25). On CheckThat dev (2020 / 2022),
# MAP@5 for 0.5 / 0.6 / 0.7 / 0.8 was 0.865 / 0.892 / 0.895 / 0.894 and 0.947 / 0.951 / 0.955 / 0.954.
DENSE_WEIGHT = 0.7
# Passage count from which dense search switches from exact to HNSW. Measured by bench/index_bench.py on 2
# cores (docs/scaling.md): exact search is memory-bound once the matrix leaves the cache, 0.41 ms per query at
# 10k passages but 13.4 ms at 100k (~0.13 ms per 1,000), while HNSW answers in 0.7-1.7 ms at those sizes with
# recall@10 >= 0.99. At 20k exact search costs ~2.5 ms, about what HNSW costs at a million.
ANN_THRESHOLD = 20_000

Fusion = Literal["rrf", "weighted"]


@dataclass(frozen=True, slots=True)
class RetrievalConfig:
    """How candidates are found and ordered. Defaults were chosen on the CheckThat train/dev splits."""

    fusion: Fusion = "weighted"
    rrf_k: int = RRF_K
    dense_weight: float = DENSE_WEIGHT
    candidate_pool: int = CANDIDATE_POOL
    bm25_k1: float = BM25_K1
    bm25_b: float = BM25_B
    reranker: RerankerWeights | None = None
    ann_threshold: int = ANN_THRESHOLD

    @property
    def reads_features(self) -> bool:
        """Whether ordering needs the candidates' re-ranker features (weighted fusion reads only scores)."""
        return self.fusion == "rrf" or self.reranker is not None

    def __post_init__(self) -> None:
        if self.rrf_k < 0 or self.candidate_pool < 1 or not 0.0 <= self.dense_weight <= 1.0:
            raise ValueError("rrf_k must be >= 0, candidate_pool >= 1 and dense_weight in [0, 1]")
        if self.ann_threshold < 1:
            raise ValueError("ann_threshold must be >= 1")
