"""Tests for the dense vector indexes (exact and HNSW), their files, and the retriever's use of them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from scoring.retrieval import HybridRetriever, RetrievalConfig
from scoring.retrieval.exact_index import ExactIndex
from scoring.retrieval.hnsw_index import HnswIndex
from scoring.retrieval.index_files import top_k_stable
from scoring.retrieval.vector_index import VectorIndex, build_index, load_index

DIMENSION = 24


def unit(rows: NDArray[np.float32]) -> NDArray[np.float32]:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def clustered(n: int, seed: int = 0) -> NDArray[np.float32]:
    """Points around 20 centres, so neighbourhoods exist (unlike uniform random vectors)."""
    rng = np.random.default_rng(seed)
    centres = unit(rng.standard_normal((20, DIMENSION)).astype(np.float32))
    noise = 0.35 * rng.standard_normal((n, DIMENSION)).astype(np.float32)
    return unit(centres[rng.integers(0, 20, n)] + noise)


VECTORS = clustered(2000)


QUERIES = unit(clustered(50, seed=1) + 0.05)


@given(
    st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0, -1.0]), min_size=1, max_size=40),
    st.integers(min_value=0, max_value=45),
)
@settings(max_examples=100, deadline=None)
def test_top_k_stable_is_the_head_of_a_stable_sort(values: list[float], k: int) -> None:
    scores = np.asarray(values, dtype=np.float32)
    expected = np.argsort(-scores, kind="stable")[:k]
    assert top_k_stable(scores, k).tolist() == expected.tolist()


def test_exact_search_matches_brute_force() -> None:
    ids, scores = ExactIndex.build(VECTORS).search(QUERIES, 7)
    full = QUERIES @ VECTORS.T
    assert ids.shape == scores.shape == (len(QUERIES), 7)
    for row in range(len(QUERIES)):
        assert ids[row].tolist() == np.argsort(-full[row], kind="stable")[:7].tolist()
        np.testing.assert_allclose(scores[row], full[row, ids[row]], rtol=1e-5)


def test_k_beyond_the_index_is_clipped() -> None:
    index = ExactIndex.build(VECTORS[:4])
    ids, _ = index.search(QUERIES[:2], 10)
    assert ids.shape == (2, 4)
    hnsw = HnswIndex.build(VECTORS[:4])
    assert hnsw.search(QUERIES[:2], 10)[0].shape == (2, 4)


@pytest.mark.parametrize("scalar", ["f16", "i8"])
def test_hnsw_recall_against_exact(scalar: str) -> None:
    exact_ids, _ = ExactIndex.build(VECTORS).search(QUERIES, 10)
    hnsw = HnswIndex.build(VECTORS, scalar="i8" if scalar == "i8" else "f16")
    ann_ids, ann_scores = hnsw.search(QUERIES, 10)
    recall = np.mean([len(set(a) & set(e)) / 10 for a, e in zip(ann_ids, exact_ids, strict=True)])
    assert recall >= 0.9
    assert (np.diff(ann_scores, axis=1) <= 1e-6).all()  # best first


def test_hnsw_stores_vectors_compactly_and_rescoring_is_near_exact() -> None:
    hnsw = HnswIndex.build(VECTORS)
    # Same graph, one byte per dimension more for float16 than for int8: the vectors are stored at 2 bytes.
    extra = hnsw.nbytes - HnswIndex.build(VECTORS, scalar="i8").nbytes
    assert extra == pytest.approx(VECTORS.size, rel=0.1)
    ids = np.arange(0, 2000, 7, dtype=np.int64)
    stored = hnsw.vectors(ids)
    assert stored.dtype == np.float32 and stored.shape == (len(ids), DIMENSION)
    # float16 keeps 11 significant bits: cosines move by well under 1e-3.
    assert np.abs(stored @ QUERIES[0] - VECTORS[ids] @ QUERIES[0]).max() < 1e-3


@pytest.mark.parametrize("kind", ["exact", "hnsw"])
def test_save_and_load_round_trip(tmp_path: Path, kind: str) -> None:
    index: VectorIndex = ExactIndex.build(VECTORS) if kind == "exact" else HnswIndex.build(VECTORS)
    index.save(tmp_path / "index")
    loaded = load_index(tmp_path / "index")
    assert loaded.kind == kind and len(loaded) == len(VECTORS) and loaded.dimension == DIMENSION
    assert loaded.search(QUERIES, 5)[0].tolist() == index.search(QUERIES, 5)[0].tolist()
    np.testing.assert_array_equal(loaded.vectors(np.array([3, 9])), index.vectors(np.array([3, 9])))


def test_exact_load_memory_maps(tmp_path: Path) -> None:
    ExactIndex.build(VECTORS).save(tmp_path)
    loaded = ExactIndex.load(tmp_path)
    assert isinstance(loaded._vectors, np.memmap)


def test_load_refuses_a_directory_without_an_index(tmp_path: Path) -> None:
    (tmp_path / "index.json").write_text('{"kind": "other"}', encoding="utf-8")
    with pytest.raises(ValueError, match="no vector index"):
        load_index(tmp_path)
    ExactIndex.build(VECTORS).save(tmp_path / "exact")
    with pytest.raises(ValueError, match="no hnsw index"):
        HnswIndex.load(tmp_path / "exact")


@pytest.mark.parametrize("kind", ["exact", "hnsw"])
def test_add_appends_rows_with_the_next_ids(kind: str) -> None:
    index: VectorIndex = (
        ExactIndex.build(VECTORS[:1000]) if kind == "exact" else HnswIndex.build(VECTORS[:1000])
    )
    index.add(VECTORS[1000:1010])
    assert len(index) == 1010
    ids, scores = index.search(VECTORS[1005:1006], 1)
    assert ids[0, 0] == 1005 and scores[0, 0] == pytest.approx(1.0, abs=1e-3)
    with pytest.raises(ValueError, match="shape"):
        index.add(np.zeros((2, DIMENSION + 1), dtype=np.float32))


def test_build_index_switches_at_the_threshold() -> None:
    assert build_index(VECTORS[:99], ann_threshold=100).kind == "exact"
    assert build_index(VECTORS[:100], ann_threshold=100).kind == "hnsw"


WORDS = "flood bridge vaccine senator budget wildfire election tariff harbour virus drought strike".split()


def corpus(n: int, seed: int = 3) -> list[str]:
    rng = np.random.default_rng(seed)
    return [
        " ".join(str(w) for w in rng.choice(WORDS, size=int(rng.integers(3, 8)))) + f" report {i % 17}"
        for i in range(n)
    ]


TEXTS = corpus(len(VECTORS))


QUERY_TEXTS = ["vaccine senator budget", "flood harbour bridge strike", "wildfire drought", "zzz unknown"]


def test_hnsw_retriever_matches_the_exact_one_on_a_small_corpus() -> None:
    exact = HybridRetriever.build(TEXTS, VECTORS)
    approximate = HybridRetriever.build(TEXTS, VECTORS, config=RetrievalConfig(ann_threshold=1))
    assert exact.index.kind == "exact" and approximate.index.kind == "hnsw"
    queries = QUERIES[: len(QUERY_TEXTS)]
    exact_hits = exact.search_many(QUERY_TEXTS, queries, 10)
    ann_hits = approximate.search_many(QUERY_TEXTS, queries, 10)
    for want, got in zip(exact_hits, ann_hits, strict=True):
        shared = {h.index for h in want} & {h.index for h in got}
        assert len(shared) >= 8
        by_index = {h.index: h for h in want}
        for hit in got:
            if hit.index in by_index:  # cosines are re-scored from stored float16 vectors
                assert hit.similarity == pytest.approx(by_index[hit.index].similarity, abs=1e-3)
                assert hit.lexical == pytest.approx(by_index[hit.index].lexical, abs=1e-6)


def test_retriever_serves_from_a_loaded_index(tmp_path: Path) -> None:
    HnswIndex.build(VECTORS).save(tmp_path)
    retriever = HybridRetriever.build(TEXTS, None, index=load_index(tmp_path))
    hits = retriever.search(QUERY_TEXTS[0], QUERIES[0], 5)
    assert len(hits) == 5 and hits[0].score >= hits[-1].score
    with pytest.raises(ValueError, match="one vector per text"):
        HybridRetriever.build(TEXTS[:10], None, index=load_index(tmp_path))
    with pytest.raises(ValueError, match="either vectors or a vector index"):
        HybridRetriever.build(TEXTS, None)


def test_search_width_follows_the_index_size() -> None:
    from scoring.retrieval.hnsw_index import (
        HNSW_EXPANSION_SEARCH,
        HNSW_EXPANSION_SEARCH_SMALL,
        SMALL_INDEX_ROWS,
        expansion_search_for,
    )

    assert expansion_search_for(100_000) == HNSW_EXPANSION_SEARCH_SMALL < HNSW_EXPANSION_SEARCH
    assert (
        expansion_search_for(SMALL_INDEX_ROWS + 1) == expansion_search_for(1_000_000) == HNSW_EXPANSION_SEARCH
    )
    assert HnswIndex.build(VECTORS[:200])._expansion_search == HNSW_EXPANSION_SEARCH_SMALL
