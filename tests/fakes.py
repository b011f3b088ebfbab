"""Hand-written fakes for unit tests: no torch, no Redis, no network."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from scoring import Attributor, CorpusIndex, Document, OutletTable, ReliabilityScorer, ScorerConfig

REPO = Path(__file__).resolve().parent.parent
OUTLETS_DIR = REPO / "scoring" / "data" / "outlets"
_TOKEN = re.compile(r"\w+")


class FakeEmbedder:
    """Bag-of-words hashing embedder: texts sharing words get similar vectors, deterministically.

    Good enough to exercise retrieval and stance end to end without loading a model.
    """

    model_id = "fake-bow@0"
    dimension = 256

    def __init__(self) -> None:
        self.calls = 0
        self.texts_encoded = 0

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.calls += 1
        self.texts_encoded += len(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in _TOKEN.findall(text.lower()):
                slot = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "little")
                vectors[row, slot % self.dimension] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vectors / norms


def tiny_documents() -> list[Document]:
    """Three outlets on an invented event, written for tests (not taken from the seed corpus)."""
    return [
        Document(
            doc_id="wire-1",
            text=(
                "Floods in the river valley killed 12 people on Monday, the regional governor said.\n"
                "Rescue teams evacuated 3,000 residents from the lowest villages overnight.\n"
                "Officials who asked not to be named said the dam had been inspected in March."
            ),
            outlet_domain="reuters.com",
            outlet_name="Reuters",
            outlet_basis="test fixture",
        ),
        Document(
            doc_id="daily-1",
            text=(
                "Twelve people died when floods swept through the river valley, according to the governor.\n"
                "The storm also cut power to 40,000 homes across the province."
            ),
            outlet_domain="theguardian.com",
            outlet_name="The Guardian",
            outlet_basis="test fixture",
        ),
        Document(
            doc_id="tabloid-1",
            text=(
                "Floods in the river valley killed 30 people on Monday, locals claimed.\n"
                "The dam was never inspected, a source close to the council reportedly said."
            ),
            outlet_domain="dailymail.co.uk",
            outlet_name="Daily Mail",
            outlet_basis="test fixture",
        ),
    ]


def outlet_table() -> OutletTable:
    return OutletTable.from_csv(OUTLETS_DIR / "outlet_priors.csv", OUTLETS_DIR / "aliases.csv")


def fake_scorer(
    config: ScorerConfig | None = None, embedder: FakeEmbedder | None = None
) -> ReliabilityScorer:
    outlets = outlet_table()
    attributor = Attributor(outlets.aliases)
    embedder = embedder or FakeEmbedder()
    corpus = CorpusIndex.build(tiny_documents(), embedder, attributor)
    return ReliabilityScorer(embedder, corpus, outlets, attributor, config)
