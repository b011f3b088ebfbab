"""usearch (f16, i8) vs hnswlib (f32) vs faiss-cpu (HNSW and IVF over fp16) on the same vectors:
`python -m bench.index_bench --compare 100000` (docs/scaling.md)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bench.index_data import exact_top, latencies_ms, synthesise

RECALL_AT = 10
M = 16  # graph degree, as the service's HNSW index
EF_CONSTRUCTION = 64
EF_SEARCH = 128
# (name, build, search one query -> ids, serialised bytes)
Contender = tuple[str, Callable[[], Any], Callable[[Any, NDArray[np.float32]], Any], Callable[[Any], int]]


def compare(n: int, data: tuple[list[str], NDArray[np.float32], NDArray[np.float32]]) -> None:
    """Build each contender over n synthesised passages and print build time, bytes, latency and recall."""
    texts, real_vectors, queries = data
    _, vectors = synthesise(n, texts, real_vectors, with_texts=False)
    truth = exact_top(vectors, queries, RECALL_AT)
    for contender in (
        *_usearch_contenders(vectors),
        _hnswlib_contender(vectors),
        *_faiss_contenders(vectors),
    ):
        _measure(contender, n, queries, truth)


def _measure(contender: Contender, n: int, queries: NDArray[np.float32], truth: NDArray[np.int64]) -> None:
    name, build, search, nbytes = contender
    started = time.perf_counter()
    handle = build()
    build_s = time.perf_counter() - started
    found = [np.asarray(search(handle, q)).ravel()[:RECALL_AT] for q in queries]
    recall = float(
        np.mean(
            [len(set(f.tolist()) & set(t.tolist())) / RECALL_AT for f, t in zip(found, truth, strict=True)]
        )
    )
    p50, p99 = latencies_ms(lambda q: search(handle, q), queries)
    print(
        f"{name:28s} build {build_s:6.1f}s  {nbytes(handle) / n:6.0f} B/passage  "
        f"p50 {p50:.3f} ms  p99 {p99:.3f} ms  recall@10 {recall:.4f}",
        flush=True,
    )


def _usearch_contenders(vectors: NDArray[np.float32]) -> list[Contender]:
    from usearch.index import Index

    def build(scalar: str) -> Any:
        index = Index(
            ndim=vectors.shape[1],
            metric="cos",
            dtype=scalar,
            connectivity=M,
            expansion_add=EF_CONSTRUCTION,
            expansion_search=EF_SEARCH,
        )
        index.add(np.arange(len(vectors), dtype=np.uint64), vectors, threads=0)
        return index

    return [
        (
            f"usearch hnsw M16 ef128 {scalar}",
            lambda s=scalar: build(s),
            lambda h, q: h.search(q, RECALL_AT, threads=1).keys,
            lambda h: int(h.serialized_length),
        )
        for scalar in ("f16", "i8")
    ]


def _hnswlib_contender(vectors: NDArray[np.float32]) -> Contender:
    import hnswlib

    n, d = vectors.shape

    def build() -> Any:
        h = hnswlib.Index(space="ip", dim=d)
        h.init_index(max_elements=n, M=M, ef_construction=EF_CONSTRUCTION)
        h.add_items(vectors, num_threads=2)
        h.set_ef(EF_SEARCH)
        h.set_num_threads(1)
        return h

    # hnswlib does not report its size: float32 vectors, two layers of M links, and a label per row.
    return (
        "hnswlib M16 ef128 f32",
        build,
        lambda h, q: h.knn_query(q, RECALL_AT)[0],
        lambda h: n * (d * 4 + M * 2 * 4 + 16),
    )


def _faiss_contenders(vectors: NDArray[np.float32]) -> list[Contender]:
    import faiss

    n, d = vectors.shape
    faiss.omp_set_num_threads(2)

    def hnsw() -> Any:
        index = faiss.IndexHNSWSQ(d, faiss.ScalarQuantizer.QT_fp16, M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = EF_CONSTRUCTION
        index.train(vectors)
        index.add(vectors)
        index.hnsw.efSearch = EF_SEARCH
        return index

    def ivf() -> Any:
        quantizer = faiss.IndexFlatIP(d)
        index = faiss.IndexIVFScalarQuantizer(
            quantizer, d, 1024, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT
        )
        index.train(vectors[:: max(1, n // 50_000)])
        index.add(vectors)
        index.nprobe = 32
        return index

    def search(index: Any, q: NDArray[np.float32]) -> Any:
        faiss.omp_set_num_threads(1)
        return index.search(q[None, :], RECALL_AT)[1]

    def nbytes(index: Any) -> int:
        return len(faiss.serialize_index(index))

    return [
        ("faiss HNSW16 ef128 fp16", hnsw, search, nbytes),
        ("faiss IVF1024 nprobe32 fp16", ivf, search, nbytes),
    ]
