"""BM25 read per row and per query equals bm25s's full scoring."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from scoring.retrieval import HybridRetriever
from scoring.retrieval.bm25 import Bm25Index, bm25_tokens

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


WORDS = "flood bridge vaccine senator budget wildfire election tariff harbour virus drought strike".split()


def corpus(n: int, seed: int = 3) -> list[str]:
    rng = np.random.default_rng(seed)
    return [
        " ".join(str(w) for w in rng.choice(WORDS, size=int(rng.integers(3, 8)))) + f" report {i % 17}"
        for i in range(n)
    ]


TEXTS = corpus(len(VECTORS))


QUERY_TEXTS = ["vaccine senator budget", "flood harbour bridge strike", "wildfire drought", "zzz unknown"]


def test_lexical_scores_of_candidates_equal_full_bm25_scoring() -> None:
    import bm25s
    import Stemmer

    retriever = HybridRetriever.build(TEXTS, VECTORS)
    stemmer = Stemmer.Stemmer("english")
    bm25 = bm25s.BM25()
    bm25.index(bm25_tokens(TEXTS, stemmer), show_progress=False)
    candidates = retriever.candidates_many(QUERY_TEXTS, QUERIES[: len(QUERY_TEXTS)])
    for query, found in zip(QUERY_TEXTS, candidates, strict=True):
        tokens = [t for t in bm25_tokens([query], stemmer)[0] if t in bm25.vocab_dict]
        full = bm25.get_scores(tokens) if tokens else np.zeros(len(TEXTS), dtype=np.float32)
        np.testing.assert_array_equal(found.lexical, full[found.indices].astype(np.float32))
        # Every passage in BM25's top 30 with a positive score is a candidate.
        top = np.argsort(-full, kind="stable")[:30]
        assert set(top[full[top] > 0].tolist()) <= set(found.indices.tolist())


def test_bm25_top_is_the_head_of_full_scoring() -> None:
    import bm25s
    import Stemmer

    index = Bm25Index.build(list(TEXTS))
    stemmer = Stemmer.Stemmer("english")
    bm25 = bm25s.BM25()
    bm25.index(bm25_tokens(TEXTS, stemmer), show_progress=False)
    token_ids = index.prepare(list(QUERY_TEXTS))
    for depth in (1, 5, 30, len(TEXTS)):
        for ids, (rows, scores) in zip(token_ids, index.top(token_ids, depth), strict=True):
            full = bm25.get_scores(ids) if ids else np.zeros(len(TEXTS), dtype=np.float32)
            positive = int((full > 0).sum())
            assert len(rows) == min(depth, positive)
            np.testing.assert_array_equal(scores, full[rows].astype(np.float32))
            if len(rows):  # nothing left out scores above anything kept (ties at the cut may go either way)
                left_out = np.setdiff1d(np.flatnonzero(full > 0), rows)
                assert full[left_out].max(initial=0.0) <= scores.min()
