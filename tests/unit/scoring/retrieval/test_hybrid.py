"""Tests for hybrid retrieval: dense + BM25, fusion, re-ranking, and small corpora."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from scoring.retrieval import (
    FEATURE_NAMES,
    HybridRetriever,
    RetrievalConfig,
    RetrievalHit,
    fused_scores,
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


@pytest.fixture
def retriever() -> HybridRetriever:
    return HybridRetriever.build(list(TEXTS), VECTORS)


def test_dense_and_lexical_agree(retriever: HybridRetriever) -> None:
    hits = retriever.search("shark on the flooded motorway photo", axis(1), k=3)
    assert hits[0].index == 1
    assert hits[0].lexical > 0.0
    assert hits[0].similarity == pytest.approx(float(VECTORS[1] @ axis(1)), abs=1e-6)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_lexical_breaks_a_dense_near_tie(retriever: HybridRetriever) -> None:
    # The query vector sits between passages 3 and 4 (slightly nearer 4); the words name passage 3.
    vector = unit_rows([[0.0, 0.0, 0.0, 0.8, 1.0]])[0]
    dense_only = int(np.argmax(VECTORS @ vector))
    assert dense_only == 4
    hits = retriever.search("unemployment fell to 3.5 percent, the senator said", vector, k=2)
    assert hits[0].index == 3


def test_default_is_weighted_fusion() -> None:
    assert RetrievalConfig().fusion == "weighted"
    assert RetrievalConfig().reranker is None


def test_scores_lie_in_unit_interval_for_every_fusion() -> None:
    for config in (RetrievalConfig(fusion="rrf"), RetrievalConfig(fusion="weighted")):
        built = HybridRetriever.build(list(TEXTS), VECTORS, config=config)
        for hit in built.search("penguins on a road", axis(4, spill=0), k=5):
            assert 0.0 <= hit.score <= 1.0
            assert -1.0 <= hit.similarity <= 1.0


def test_rrf_top_hit_scores_one_when_both_rankers_agree() -> None:
    retriever = HybridRetriever.build(list(TEXTS), VECTORS, config=RetrievalConfig(fusion="rrf"))
    hits = retriever.search("penguins crossing a road in Cape Town", axis(4), k=1)
    assert hits[0].index == 4
    assert hits[0].score == pytest.approx(1.0)


def test_k_larger_than_corpus_returns_every_passage(retriever: HybridRetriever) -> None:
    hits = retriever.search("anything at all", axis(0), k=50)
    assert sorted(h.index for h in hits) == [0, 1, 2, 3, 4]


def test_k_zero_and_negative(retriever: HybridRetriever) -> None:
    assert retriever.search("bridge", axis(0), k=0) == []
    with pytest.raises(ValueError):
        retriever.search("bridge", axis(0), k=-1)


def test_query_with_no_known_words_falls_back_to_dense(retriever: HybridRetriever) -> None:
    hits = retriever.search("zzzz qqqq", axis(2), k=2)
    assert hits[0].index == 2
    assert hits[0].lexical == 0.0


def test_empty_corpus() -> None:
    empty = HybridRetriever.build([], np.zeros((0, 5), dtype=np.float32))
    assert empty.search("anything", axis(0), k=3) == []


def test_search_many_matches_search(retriever: HybridRetriever) -> None:
    queries = ["harbour bridge closed", "hot water cures flu"]
    vectors = np.stack([axis(0), axis(2)])
    many = retriever.search_many(queries, vectors, k=3)
    assert many == [retriever.search(q, v, k=3) for q, v in zip(queries, vectors, strict=True)]


def test_weighted_search_skips_features_and_ranks_as_with_them(retriever: HybridRetriever) -> None:
    query, vector = "senator unemployment September", axis(3, spill=0)
    [lean] = retriever.candidates_many([query], vector.reshape(1, -1), features=False)
    [full] = retriever.candidates_many([query], vector.reshape(1, -1))
    assert lean.features.shape == (len(lean.indices), 0)
    assert full.features.shape == (len(full.indices), len(FEATURE_NAMES))
    weighted = RetrievalConfig()
    assert np.array_equal(fused_scores(lean, weighted), fused_scores(full, weighted))
    with pytest.raises(ValueError, match="features"):
        fused_scores(lean, RetrievalConfig(fusion="rrf"))


def test_shape_errors() -> None:
    with pytest.raises(ValueError):
        HybridRetriever.build(list(TEXTS), VECTORS[:3])
    built = HybridRetriever.build(list(TEXTS), VECTORS)
    with pytest.raises(ValueError):
        built.search_many(["a", "b"], np.stack([axis(0)]), k=1)


def test_hits_are_frozen(retriever: HybridRetriever) -> None:
    hit = retriever.search("bridge", axis(0), k=1)[0]
    assert isinstance(hit, RetrievalHit)
    with pytest.raises(AttributeError):
        hit.score = 2.0  # type: ignore[misc]


def test_config_validation() -> None:
    with pytest.raises(ValueError):
        RetrievalConfig(dense_weight=1.5)
    with pytest.raises(ValueError):
        RetrievalConfig(candidate_pool=0)
