"""The optional learned re-ranker: logistic regression over the named rank features; inference is numpy only.

No weights ship with the package: the only labelled retrieval data within reach (CheckThat!) is released
for research use, so `python -m evaluation.checkthat --train-reranker` fits them for measurement, and a
caller passes them in with RetrievalConfig(reranker=RerankerWeights.load(path))."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from scoring.retrieval.features import FEATURE_NAMES


@dataclass(frozen=True, slots=True)
class RerankerWeights:
    """A logistic-regression re-ranker over cheap features of (query, candidate); inference is numpy only.

    `mean` and `scale` standardise the features the way the training pipeline did; `coefficients` follow
    `features` in order.
    """

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coefficients: tuple[float, ...]
    intercept: float
    metadata: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        unknown = set(self.features) - set(FEATURE_NAMES)
        if unknown:
            raise ValueError(f"unknown re-ranker features: {sorted(unknown)}")
        if not len(self.features) == len(self.mean) == len(self.scale) == len(self.coefficients):
            raise ValueError("re-ranker features, mean, scale and coefficients differ in length")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RerankerWeights:
        return cls(
            features=tuple(str(f) for f in data["features"]),
            mean=tuple(float(v) for v in data["mean"]),
            scale=tuple(float(v) for v in data["scale"]),
            coefficients=tuple(float(v) for v in data["coefficients"]),
            intercept=float(data["intercept"]),
            metadata=MappingProxyType(dict(data.get("metadata", {}))),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coefficients": list(self.coefficients),
            "intercept": self.intercept,
            "metadata": dict(self.metadata),
        }

    @classmethod
    def load(cls, path: Path) -> RerankerWeights:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def predict(self, features: NDArray[np.float64], names: Sequence[str]) -> NDArray[np.float64]:
        """Probabilities for rows of `features` (shape (n, len(names)))."""
        columns = [list(names).index(name) for name in self.features]
        x = (features[:, columns] - np.asarray(self.mean)) / np.asarray(self.scale)
        logits: NDArray[np.float64] = x @ np.asarray(self.coefficients) + self.intercept
        probabilities: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-logits))
        return probabilities
