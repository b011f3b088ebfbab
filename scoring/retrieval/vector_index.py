"""Dense vector indexes behind one protocol: exact numpy search for small corpora (exact_index.py), HNSW
(usearch, hnsw_index.py) for large ones; which one a corpus gets, and loading a saved one."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from scoring.retrieval.exact_index import ExactIndex
from scoring.retrieval.hnsw_index import HnswIndex
from scoring.retrieval.index_files import IndexKind, read_manifest


class VectorIndex(Protocol):
    """Nearest neighbours by inner product over L2-normalised float32 vectors, identified by row 0..n-1.

    `add` is for building only: it must not run concurrently with `search`, which is read-only and thread-safe.
    """

    @property
    def kind(self) -> IndexKind: ...

    @property
    def dimension(self) -> int: ...

    @property
    def nbytes(self) -> int:
        """Bytes the index holds (memory or mapped file): vectors plus any graph."""
        ...

    def __len__(self) -> int: ...

    def add(self, vectors: NDArray[np.float32]) -> None:
        """Append rows (shape (m, d)); they get ids len(self) .. len(self) + m - 1."""
        ...

    def search(self, queries: NDArray[np.float32], k: int) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        """Ids and inner products of the best `k` rows per query, best first: both of shape (q, min(k, n)).

        Slots an approximate index could not fill hold id -1 and score -inf.
        """
        ...

    def vectors(self, ids: NDArray[np.int64]) -> NDArray[np.float32]:
        """The stored vectors of `ids` as float32, shape (len(ids), d), for exact re-scoring."""
        ...

    def save(self, directory: Path) -> None:
        """Write the index under `directory` (created if absent) so `load_index` can map it back."""
        ...


def load_index(directory: Path) -> VectorIndex:
    """Map back whichever index `save` wrote under `directory`."""
    manifest = read_manifest(directory, None)
    if manifest["kind"] == "hnsw":
        return HnswIndex.load(directory)
    return ExactIndex.load(directory)


def build_index(vectors: NDArray[np.floating[Any]], *, ann_threshold: int) -> VectorIndex:
    """Exact search below `ann_threshold` rows, HNSW from there on."""
    if vectors.shape[0] >= ann_threshold:
        return HnswIndex.build(vectors)
    return ExactIndex.build(vectors)
