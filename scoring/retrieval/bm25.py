"""The lexical side of retrieval: BM25 over stemmed passage tokens (bm25s), read per query and per row."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

# bm25s's defaults (Lucene variant, after Robertson & Zaragoza 2009); left untuned.
BM25_K1 = 1.5
BM25_B = 0.75


class Bm25Index:
    """BM25 scores of passages for a query's tokens; read-only once built, so threads may share it."""

    __slots__ = ("_model", "_stemmer")

    def __init__(self, model: Any, stemmer: Any) -> None:
        self._model = model  # None for an empty corpus: every query then scores nothing
        self._stemmer = stemmer

    @classmethod
    def build(cls, texts: list[str], *, k1: float = BM25_K1, b: float = BM25_B) -> Bm25Index:
        import bm25s
        import Stemmer

        stemmer = Stemmer.Stemmer("english")
        model = None
        if texts:
            model = bm25s.BM25(k1=k1, b=b)
            model.index(bm25_tokens(texts, stemmer), show_progress=False)
        return cls(model, stemmer)

    def prepare(self, queries: list[str]) -> list[list[int]]:
        """Vocabulary ids of each query's BM25 tokens (repeats kept, as bm25s counts them); unknown words drop."""
        if self._model is None:
            return [[] for _ in queries]
        vocabulary: dict[str, int] = self._model.vocab_dict
        return [
            [vocabulary[token] for token in tokens if token in vocabulary]
            for tokens in bm25_tokens(queries, self._stemmer)
        ]

    def top(
        self, token_ids: list[list[int]], depth: int
    ) -> list[tuple[NDArray[np.int64], NDArray[np.float32]]]:
        """The top-`depth` (ids, scores) per query, unordered, among passages sharing a query term.

        bm25s's own top-k partitions the whole score array, which is mostly zeros, and a partial sort
        over that many ties took ~4 ms per query at 100k passages; partitioning only the non-zero scores
        (a few thousand) takes a tenth of that and picks the same set up to ties at the cut.
        """
        empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        if self._model is None or depth == 0:
            return [empty] * len(token_ids)
        out = []
        for ids in token_ids:
            if not ids:
                out.append(empty)
                continue
            scores = np.asarray(self._model.get_scores(ids), dtype=np.float32)
            rows = np.flatnonzero(scores)
            if len(rows) > depth:
                rows = rows[np.argpartition(scores[rows], len(rows) - depth)[len(rows) - depth :]]
            out.append((rows.astype(np.int64), scores[rows]))
        return out

    def scores_at(self, token_ids: list[int], rows: NDArray[np.int64]) -> NDArray[np.float32]:
        """BM25 scores of `rows` only, read from bm25s's per-term posting lists (each sorted by row).

        Sums terms in query order in float32, as bm25s's own scoring does, so the values match it exactly.
        """
        out = np.zeros(len(rows), dtype=np.float32)
        if self._model is None or not token_ids or len(rows) == 0:
            return out
        data, postings, pointers = (self._model.scores[key] for key in ("data", "indices", "indptr"))
        for token in token_ids:
            start, end = int(pointers[token]), int(pointers[token + 1])
            if end == start:
                continue
            posting = postings[start:end]
            found = np.searchsorted(posting, rows)
            clipped = np.minimum(found, end - start - 1)
            hit = (found < end - start) & (posting[clipped] == rows)
            out[hit] += data[start + found[hit]]
        return out


def bm25_tokens(texts: list[str], stemmer: Any) -> list[list[str]]:
    """English stopwords out, Snowball-stemmed: the tokens passages are indexed and queries looked up with."""
    import bm25s

    tokens: list[list[str]] = bm25s.tokenize(
        texts, stopwords="en", stemmer=stemmer, return_ids=False, show_progress=False
    )
    return tokens
