"""Finding the passages a claim may be about: dense and BM25 search, fused, optionally re-ranked.

hybrid.py runs both rankers and fuses them; bm25.py is the lexical side, vector_index.py the dense side
(exact numpy or usearch HNSW), features.py the named features and reranker.py the learned re-ranker.
"""

from scoring.retrieval.features import FEATURE_NAMES, RankFeatures
from scoring.retrieval.hybrid import (
    Candidates,
    Fusion,
    HybridRetriever,
    RetrievalConfig,
    RetrievalHit,
    fused_scores,
)
from scoring.retrieval.reranker import RerankerWeights
from scoring.retrieval.vector_index import VectorIndex, build_index, load_index

__all__ = [
    "FEATURE_NAMES",
    "Candidates",
    "Fusion",
    "HybridRetriever",
    "RankFeatures",
    "RerankerWeights",
    "RetrievalConfig",
    "RetrievalHit",
    "VectorIndex",
    "build_index",
    "fused_scores",
    "load_index",
]
