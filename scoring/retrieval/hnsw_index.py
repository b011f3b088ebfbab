"""Approximate dense search on a usearch HNSW graph (float16, memory-mapped): the index from ANN_THRESHOLD
passages up, chosen and measured in docs/scaling.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from scoring.retrieval.index_files import IndexKind, check_rows, read_manifest, write_manifest

HNSW_FILE_NAME = "hnsw.usearch"
# HNSW parameters, measured by bench/index_bench.py on MiniLM vectors of real news sentences (docs/scaling.md):
# connectivity 16 and expansion_add 64 build 1M vectors in ~4.5 min on 2 cores. At 1M, expansion_search
# 128 / 256 / 512 gave recall@10 against exact search of 0.877 / 0.928 / 0.955 at p50 0.56 / 0.94 / 1.79 ms,
# so 512 is the smallest that reaches 0.95 while staying well inside a 5 ms budget.
HNSW_CONNECTIVITY = 16
HNSW_EXPANSION_ADD = 64
HNSW_EXPANSION_SEARCH = 512
# Smaller graphs reach that recall with a narrower search: at 100k passages (MiniLM vectors of the synthetic
# news corpus, real claims as queries; python -m bench.miss_stages --widths 64 128 256 512) expansion_search
# 64 / 128 / 256 / 512 gave recall@10 0.953 / 0.977 / 0.988 / 0.995 at p50 0.57 / 1.10 / 1.98 / 3.73 ms.
# Up to SMALL_INDEX_ROWS the narrow search is used; above, 512 (at worst more recall than needed between
# the two measured sizes).
HNSW_EXPANSION_SEARCH_SMALL = 128
SMALL_INDEX_ROWS = 150_000
# float16 halves the bytes of float32; its rounding (relative 2^-11) moves cosines by < 1e-3, far below any
# threshold the scorer uses. int8 quarters them but costs recall (see docs/scaling.md).
HnswScalar = Literal["f16", "i8"]
DEFAULT_HNSW_SCALAR: HnswScalar = "f16"


class HnswIndex:
    """Approximate search on a usearch HNSW graph with float16 (or int8) vectors; `load` memory-maps the file."""

    __slots__ = ("_index", "_scalar", "_expansion_search")

    def __init__(self, index: Any, scalar: HnswScalar, expansion_search: int) -> None:
        self._index = index
        self._scalar = scalar
        self._expansion_search = expansion_search

    @classmethod
    def build(
        cls,
        vectors: NDArray[np.floating[Any]],
        *,
        scalar: HnswScalar = DEFAULT_HNSW_SCALAR,
        connectivity: int = HNSW_CONNECTIVITY,
        expansion_add: int = HNSW_EXPANSION_ADD,
        expansion_search: int | None = None,
        threads: int = 0,
    ) -> HnswIndex:
        """Index `vectors` (n, d); `threads` 0 uses every core for the build; `expansion_search` defaults
        to `expansion_search_for(n)`."""
        Index = _usearch_index_class()  # noqa: N806 - a class

        if vectors.ndim != 2:
            raise ValueError(f"vectors must have shape (n, d), got {vectors.shape}")
        if expansion_search is None:
            expansion_search = expansion_search_for(vectors.shape[0])
        index = Index(
            ndim=int(vectors.shape[1]),
            # Cosine rather than inner product: usearch's int8 kernels are defined for cosine, and on unit
            # vectors the two agree.
            metric="cos",
            dtype=scalar,
            connectivity=connectivity,
            expansion_add=expansion_add,
            expansion_search=expansion_search,
        )
        built = cls(index, scalar, expansion_search)
        built._add(vectors, threads)
        return built

    @classmethod
    def load(cls, directory: Path, *, expansion_search: int | None = None) -> HnswIndex:
        """Memory-map the graph and vectors that `save` wrote (read-only; `add` then fails)."""
        Index = _usearch_index_class()  # noqa: N806 - a class

        manifest = read_manifest(directory, "hnsw")
        index: Any = Index.restore(str(directory / HNSW_FILE_NAME), view=True)
        if index is None or len(index) != int(manifest["count"]):
            raise ValueError(f"{directory / HNSW_FILE_NAME} is missing or does not match its manifest")
        if expansion_search is None:
            expansion_search = expansion_search_for(len(index))
        index.expansion_search = expansion_search
        scalar: HnswScalar = "i8" if manifest["scalar"] == "i8" else "f16"
        return cls(index, scalar, expansion_search)

    @property
    def kind(self) -> IndexKind:
        return "hnsw"

    @property
    def dimension(self) -> int:
        return int(self._index.ndim)

    @property
    def nbytes(self) -> int:
        # The serialised size is what the mapped file occupies; `memory_usage` counts preallocated capacity.
        return int(self._index.serialized_length)

    def __len__(self) -> int:
        return len(self._index)

    def add(self, vectors: NDArray[np.float32]) -> None:
        self._add(vectors, 0)

    def _add(self, vectors: NDArray[np.floating[Any]], threads: int) -> None:
        check_rows(vectors, self.dimension)
        keys = np.arange(len(self), len(self) + vectors.shape[0], dtype=np.uint64)
        self._index.add(keys, np.ascontiguousarray(vectors, dtype=np.float32), threads=threads)

    def search(self, queries: NDArray[np.float32], k: int) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        check_rows(queries, self.dimension)
        width = max(0, min(k, len(self)))
        ids = np.full((queries.shape[0], width), -1, dtype=np.int64)
        scores = np.full((queries.shape[0], width), -np.inf, dtype=np.float32)
        if width == 0 or queries.shape[0] == 0:
            return ids, scores
        # One query runs on one thread (the service already runs one request per worker thread); a batch
        # (a draft's sentences) spreads over the cores, which halved its search time on 2 cores.
        threads = 1 if queries.shape[0] == 1 else 0
        matches = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), width, threads=threads)
        # One query gives `Matches` (only the found rows, no counts); several give padded `BatchMatches`.
        single = queries.shape[0] == 1
        counts = [len(matches.keys)] if single else np.asarray(matches.counts).tolist()
        keys = np.asarray(matches.keys).reshape(queries.shape[0], -1)
        distances = np.asarray(matches.distances, dtype=np.float32).reshape(queries.shape[0], -1)
        for row, count in enumerate(counts):
            filled = int(min(count, width))
            ids[row, :filled] = keys[row, :filled].astype(np.int64)
            # usearch's cosine distance is 1 - cos.
            scores[row, :filled] = 1.0 - distances[row, :filled]
        return ids, scores

    def vectors(self, ids: NDArray[np.int64]) -> NDArray[np.float32]:
        if len(ids) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        stored = self._index.get(np.asarray(ids, dtype=np.uint64), dtype=np.float32)
        return np.asarray(stored, dtype=np.float32).reshape(len(ids), self.dimension)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._index.save(str(directory / HNSW_FILE_NAME))
        write_manifest(
            directory,
            {"kind": "hnsw", "dimension": self.dimension, "count": len(self), "scalar": self._scalar},
        )


def expansion_search_for(rows: int) -> int:
    """The HNSW search width that keeps recall@10 >= 0.95 for an index of `rows` vectors."""
    return HNSW_EXPANSION_SEARCH_SMALL if rows <= SMALL_INDEX_ROWS else HNSW_EXPANSION_SEARCH


def _usearch_index_class() -> Any:
    """usearch's Index, loaded after onnxruntime when that is installed.

    Importing onnxruntime (1.28 to 1.31) after usearch 2.26 kills the process with a segmentation fault
    (`python -c "import usearch.index; import onnxruntime"`), while the other order works; the default
    embedder runs on onnxruntime, so whichever of the two a process needs first, this order holds.
    """
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        pass
    from usearch.index import Index

    return Index
