"""What every dense index shares: its on-disk manifest, the row check, the stable top-k, and the accessors of
an index that holds its vectors as one float32 matrix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

MANIFEST_NAME = "index.json"

IndexKind = Literal["exact", "hnsw", "lancedb"]


def top_k_stable(scores: NDArray[np.float32], k: int) -> NDArray[np.int64]:
    """Rows of the `k` highest scores, best first, ties broken by lower row: the first `k` of a stable argsort
    of -scores, in O(n) rather than O(n log n)."""
    n = len(scores)
    k = min(k, n)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k == n:
        return np.argsort(-scores, kind="stable").astype(np.int64)
    threshold = scores[np.argpartition(-scores, k - 1)[k - 1]]
    above = np.flatnonzero(scores > threshold)
    tied = np.flatnonzero(scores == threshold)[: k - len(above)]
    chosen = np.concatenate([above, tied])
    return chosen[np.lexsort((chosen, -scores[chosen]))].astype(np.int64)


class MatrixRows:
    """Size and row access for an index over one in-memory (or memory-mapped) float32 matrix, `_vectors`."""

    __slots__ = ("_vectors",)
    _vectors: NDArray[np.float32]

    @property
    def dimension(self) -> int:
        return int(self._vectors.shape[1])

    @property
    def nbytes(self) -> int:
        return int(self._vectors.nbytes)

    def __len__(self) -> int:
        return int(self._vectors.shape[0])

    def vectors(self, ids: NDArray[np.int64]) -> NDArray[np.float32]:
        return np.asarray(self._vectors[ids], dtype=np.float32)

    def vector_rows(self, start: int, stop: int) -> NDArray[np.float32]:
        """Rows [start, stop) as a view: what a next corpus version copies in one block, not row by row."""
        return self._vectors[start:stop]


def check_rows(vectors: NDArray[Any], dimension: int) -> None:
    if vectors.ndim != 2 or (vectors.shape[0] and vectors.shape[1] != dimension):
        raise ValueError(f"expected vectors of shape (m, {dimension}), got {vectors.shape}")


def write_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    (directory / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")


def read_manifest(directory: Path, kind: IndexKind | None) -> dict[str, Any]:
    manifest = json.loads((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
    if (
        not isinstance(manifest, dict)
        or manifest.get("kind") not in ("exact", "hnsw")
        or (kind is not None and manifest["kind"] != kind)
    ):
        raise ValueError(f"{directory} holds no {kind or 'vector'} index")
    return manifest
