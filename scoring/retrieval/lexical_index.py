"""The lexical side of retrieval behind one protocol: in-house BM25 (bm25.py) or the engine's full-text
index (lance_index.py), so the hybrid retriever reads either the same way."""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray


class LexicalIndex(Protocol):
    """Lexical scores of passages (rows 0..n-1) for queries; read-only once built, so threads may share it."""

    def prepare(self, queries: list[str]) -> list[Any]:
        """Each query in the form `top` and `scores_at` read (token ids, or the text itself)."""
        ...

    def top(self, prepared: list[Any], depth: int) -> list[tuple[NDArray[np.int64], NDArray[np.float32]]]:
        """The top-`depth` (rows, scores) per query, unordered, among passages sharing a query term."""
        ...

    def scores_at(self, prepared: Any, rows: NDArray[np.int64]) -> NDArray[np.float32]:
        """The scores of `rows` only for one prepared query (0 where a row shares no term with it)."""
        ...
