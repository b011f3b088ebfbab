"""Fusing the two rankings of one query's candidates into one ranking score in [0, 1]: reciprocal-rank
fusion, weighted fusion of per-query normalised scores (the default), or the learned re-ranker."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from scoring.retrieval.config import RetrievalConfig
from scoring.retrieval.features import FEATURE_NAMES


@dataclass(frozen=True, slots=True)
class Candidates:
    """Per-query candidate rows with their raw scores and features (exposed for training the re-ranker)."""

    indices: NDArray[np.int64]
    similarity: NDArray[np.float32]
    lexical: NDArray[np.float32]
    # RankFeatures.matrix(): one column per name in FEATURE_NAMES; (rows, 0) when they were not asked for.
    features: NDArray[np.float64]


def fused_scores(candidates: Candidates, config: RetrievalConfig) -> NDArray[np.float64]:
    """The ranking score of each candidate under `config`, in [0, 1] (see RetrievalHit.score)."""
    if config.reads_features and candidates.features.shape[1] == 0:
        raise ValueError("this fusion reads the candidates' features: ask candidates_many for them")
    if config.reranker is not None:
        return config.reranker.predict(candidates.features, FEATURE_NAMES)
    if config.fusion == "rrf":
        rrf: NDArray[np.float64] = candidates.features[:, FEATURE_NAMES.index("fused")]
        return rrf
    dense = _min_max(candidates.similarity.astype(np.float64))
    lexical = _min_max(candidates.lexical.astype(np.float64))
    return config.dense_weight * dense + (1.0 - config.dense_weight) * lexical


def _min_max(values: NDArray[np.float64]) -> NDArray[np.float64]:
    if values.size == 0:
        return values
    low, high = float(values.min()), float(values.max())
    if high - low <= 0.0:
        return np.ones_like(values) if high > 0 else np.zeros_like(values)
    return (values - low) / (high - low)
