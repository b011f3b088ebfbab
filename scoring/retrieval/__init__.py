"""Finding the passages a claim may be about: dense and BM25 search, fused, optionally re-ranked.

hybrid.py runs both rankers with the settings of config.py and fuses them (fusion.py); bm25.py is the
lexical side, vector_index.py the dense side (exact_index.py, hnsw_index.py), features.py the named
features the re-ranker (reranker.py) reads.
"""

from scoring.retrieval.config import Fusion, RetrievalConfig
from scoring.retrieval.features import FEATURE_NAMES, RankFeatures
from scoring.retrieval.fusion import Candidates, fused_scores
from scoring.retrieval.hybrid import HybridRetriever, RetrievalHit
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
