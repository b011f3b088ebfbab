"""The learned re-ranker reads its named features, validates them, and round-trips through JSON."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from scoring.retrieval import (
    FEATURE_NAMES,
    HybridRetriever,
    RerankerWeights,
    RetrievalConfig,
)

TEXTS = (
    "The city council voted to close the harbour bridge for repairs in 2021.",
    "A viral photo shows a shark swimming on a flooded motorway after the hurricane.",
    "Drinking hot water every fifteen minutes cures the flu, a message claims.",
    "The senator said unemployment fell to 3.5 percent in September.",
    "A video shows penguins crossing a road in Cape Town.",
)


def unit_rows(rows: list[list[float]]) -> NDArray[np.float32]:
    matrix = np.asarray(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


# One axis per passage, so passage i is most similar to a query vector pointing along axis i.
VECTORS = unit_rows([[1.0 if j == i else 0.05 for j in range(5)] for i in range(5)])


def axis(i: int, spill: int | None = None) -> NDArray[np.float32]:
    vector = [0.0] * 5
    vector[i] = 1.0
    if spill is not None:
        vector[spill] = 0.8
    return unit_rows([vector])[0]


def weights_on(feature: str, coefficient: float) -> RerankerWeights:
    return RerankerWeights(
        features=(feature,), mean=(0.0,), scale=(1.0,), coefficients=(coefficient,), intercept=0.0
    )


def test_reranker_orders_by_its_features() -> None:
    # A re-ranker that trusts only number overlap must put the passage sharing "3.5" first, even though
    # the query vector points at passage 0.
    config = RetrievalConfig(reranker=weights_on("number_overlap", 5.0))
    built = HybridRetriever.build(list(TEXTS), VECTORS, config=config)
    hits = built.search("is 3.5 right", axis(0), k=5)
    assert hits[0].index == 3
    assert all(0.0 < h.score < 1.0 for h in hits)


def test_reranker_title_features_use_titles() -> None:
    titles = ["Bridge Closure", "Shark on Motorway", "Hot Water Flu Cure", "Jobs Figures", "Penguin Crossing"]
    config = RetrievalConfig(reranker=weights_on("title_overlap", 5.0))
    built = HybridRetriever.build(list(TEXTS), VECTORS, config=config, titles=titles)
    hits = built.search("penguin crossing", axis(0), k=5)
    assert hits[0].index == 4


def test_reranker_rejects_unknown_features() -> None:
    with pytest.raises(ValueError):
        weights_on("no_such_feature", 1.0)


def test_reranker_round_trips_through_json(tmp_path: Path) -> None:
    weights = RerankerWeights(
        features=FEATURE_NAMES[:2],
        mean=(0.1, 0.2),
        scale=(1.0, 2.0),
        coefficients=(0.5, -0.5),
        intercept=-1.0,
        metadata={"trained_on": "unit test"},
    )
    path = tmp_path / "weights.json"
    path.write_text(json.dumps(weights.to_dict()), encoding="utf-8")
    loaded = RerankerWeights.load(path)
    assert loaded.to_dict() == weights.to_dict()
    assert loaded.predict(np.ones((1, len(FEATURE_NAMES))), FEATURE_NAMES)[0] == pytest.approx(
        1.0 / (1.0 + np.exp(-(0.5 * 0.9 - 0.5 * 0.4 - 1.0)))
    )
