"""Hand-written fakes for unit tests: no torch, no Redis, no network."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from scoring import (
    Attributor,
    CorpusIndex,
    Document,
    OutletTable,
    ReliabilityScorer,
    ScorerConfig,
    SpacyParser,
)
from scoring.text.parse import Parse
from scoring.text.words import WORD_CHAR_RUN
from tests.conftest import REPO_ROOT

OUTLETS_DIR = REPO_ROOT / "scoring" / "data" / "outlets"


class CountingParser:
    """The real spaCy parser, recording every text it is asked to parse (to test what is parsed, and when)."""

    model_id = "counting-en_core_web_sm"

    def __init__(self) -> None:
        self.parsed: list[str] = []

    def parse_many(self, texts: Sequence[str]) -> list[Parse]:
        self.parsed.extend(texts)
        return real_parser().parse_many(list(texts))


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
            for token in WORD_CHAR_RUN.findall(text.lower()):
                slot = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "little")
                vectors[row, slot % self.dimension] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vectors / norms


class ScriptedJudge:
    """A judge that reads (premise, claim) pairs by a script: the first rule whose premise fragment and
    claim fragment both occur decides; anything else is neutral. Lets a test say exactly what the judge
    thinks of each passage, so the scorer's use of it is what is tested."""

    model_id = "scripted-judge@0"

    def __init__(self, rules: Sequence[tuple[str, str, tuple[float, float, float]]]) -> None:
        self.rules = list(rules)
        self.pairs_read = 0

    def judge(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
        self.pairs_read += len(pairs)
        out = np.tile(np.array([0.02, 0.02, 0.96], dtype=np.float32), (len(pairs), 1))
        for row, (premise, claim) in enumerate(pairs):
            for premise_part, claim_part, probabilities in self.rules:
                if premise_part in premise and claim_part in claim:
                    out[row] = probabilities
                    break
        return out


# The writer key the API tests configure, and a document none of tiny_documents holds, to write through it.
WRITER_KEY = "test-writer-key"
WRITER_HEADERS = {"X-API-Key": WRITER_KEY}
HARBOUR_DOC = {
    "id": "harbour-1",
    "text": "Dock workers ended a nine-day strike at the harbour on Friday after accepting a 6 percent pay rise.",
    "url": "https://www.reuters.com/business/harbour-strike",
}
HARBOUR_CLAIM = {"claim": "Dock workers ended the harbour strike after a pay rise"}


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
            title="Floods kill 12 in river valley",
            published_at="2024-03-04",
            url="https://www.reuters.com/world/floods-river-valley",
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


@functools.cache
def outlet_table() -> OutletTable:
    """The shipped outlet table, read once per test process (it is immutable; reading it takes 0.2 s)."""
    return OutletTable.from_csv(OUTLETS_DIR / "outlet_priors.csv", OUTLETS_DIR / "aliases.csv")


@functools.cache
def real_parser() -> SpacyParser:
    """The pinned spaCy pipeline the service loads; loaded once per test process (about 2 s)."""
    return SpacyParser.load()


@functools.cache
def attributor() -> Attributor:
    """The service's attributor: news-outlet aliases and the real parser."""
    return Attributor(outlet_table().media_aliases(), parser=real_parser())


@functools.cache
def tiny_corpus() -> CorpusIndex:
    """The test corpus indexed once per test process: a CorpusIndex is immutable, and FakeEmbedder
    vectors depend only on the text, so every test's scorer may share it."""
    return CorpusIndex.build(tiny_documents(), FakeEmbedder(), attributor())


def fake_scorer(
    config: ScorerConfig | None = None,
    embedder: FakeEmbedder | None = None,
    documents: Sequence[Document] | None = None,
    judge: ScriptedJudge | None = None,
) -> ReliabilityScorer:
    """A real scorer over the test corpus, or over ``documents`` where given; `embedder` embeds the claims
    (its counters start at zero); with `judge`, passages are read by it instead of by the rules alone."""
    outlets = outlet_table()
    service_attributor = attributor()
    corpus = (
        tiny_corpus()
        if documents is None
        else CorpusIndex.build(documents, FakeEmbedder(), service_attributor)
    )
    return ReliabilityScorer(embedder or FakeEmbedder(), corpus, outlets, service_attributor, config, judge)
