"""Exact dense search: every passage scored, numpy only; the index below ANN_THRESHOLD passages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from scoring.retrieval.index_files import (
    IndexKind,
    MatrixRows,
    check_rows,
    read_manifest,
    top_k_stable,
    write_manifest,
)

# Rows of queries scored against an exact index at once, to keep the (block, n) score matrix small.
QUERY_BLOCK = 256
EXACT_VECTORS_NAME = "vectors.npy"


class ExactIndex(MatrixRows):
    """Brute-force inner product over a float32 matrix: exact, and fastest below tens of thousands of rows."""

    __slots__ = ()

    def __init__(self, vectors: NDArray[np.float32]) -> None:
        if vectors.ndim != 2:
            raise ValueError(f"vectors must have shape (n, d), got {vectors.shape}")
        self._vectors = vectors

    @classmethod
    def build(cls, vectors: NDArray[np.floating[Any]]) -> ExactIndex:
        return cls(np.ascontiguousarray(vectors, dtype=np.float32))

    @classmethod
    def load(cls, directory: Path) -> ExactIndex:
        """Memory-map the vectors that `save` wrote; pages load on first touch and are shared across processes."""
        read_manifest(directory, "exact")
        mapped = np.load(directory / EXACT_VECTORS_NAME, mmap_mode="r", allow_pickle=False)
        if mapped.dtype != np.float32 or mapped.ndim != 2:
            raise ValueError(f"{directory / EXACT_VECTORS_NAME} is not a float32 matrix")
        return cls(mapped)

    @property
    def kind(self) -> IndexKind:
        return "exact"

    def add(self, vectors: NDArray[np.float32]) -> None:
        check_rows(vectors, self.dimension)
        self._vectors = np.concatenate([self._vectors, np.asarray(vectors, dtype=np.float32)])

    def search(self, queries: NDArray[np.float32], k: int) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        check_rows(queries, self.dimension)
        width = max(0, min(k, len(self)))
        ids = np.empty((queries.shape[0], width), dtype=np.int64)
        scores = np.empty((queries.shape[0], width), dtype=np.float32)
        if width == 0:
            return ids, scores
        for start in range(0, queries.shape[0], QUERY_BLOCK):
            block = np.asarray(queries[start : start + QUERY_BLOCK], dtype=np.float32) @ self._vectors.T
            for offset, row in enumerate(block):
                top = top_k_stable(row, width)
                ids[start + offset] = top
                scores[start + offset] = row[top]
        return ids, scores

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / EXACT_VECTORS_NAME, np.ascontiguousarray(self._vectors), allow_pickle=False)
        write_manifest(directory, {"kind": "exact", "dimension": self.dimension, "count": len(self)})
