"""The scorer's constructors that keep its models and corpus: a new config reads and shows evidence anew."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from scoring import Attributor, CorpusIndex, ReliabilityScorer
from scoring.retrieval import RerankerWeights, RetrievalConfig
from scoring.text.parse import Parse, Parser
from tests.fakes import FakeEmbedder, attributor, fake_scorer, outlet_table, real_parser, tiny_documents

CLAIM = "Floods in the river valley killed 12 people on Monday."


def test_with_config_keeps_the_corpus_and_models_and_applies_the_config() -> None:
    scorer = fake_scorer()
    narrow = scorer.with_config(dataclasses.replace(scorer.config, max_evidence=1))
    assert len(scorer.score(CLAIM).evidence) > 1
    assert len(narrow.score(CLAIM).evidence) == 1
    assert narrow.corpus is scorer.corpus
    assert narrow.embedder is scorer.embedder
    assert narrow.versions.corpus == scorer.versions.corpus
    # Another config can give other results for the same inputs, so cached results must not be shared.
    assert narrow.versions.scorer != scorer.versions.scorer


class RenamedParser:
    """The service's parser under another model id, as a changed SCORER_PARSER_MODEL or spaCy wheel would be."""

    def __init__(self, parser: Parser, model_id: str) -> None:
        self._parser = parser
        self.model_id = model_id

    def parse_many(self, texts: Sequence[str]) -> list[Parse]:
        return self._parser.parse_many(texts)


def test_the_parser_and_attribution_rules_are_part_of_the_scorer_version() -> None:
    scorer = fake_scorer()
    other_parser = Attributor(
        outlet_table().media_aliases(), parser=RenamedParser(real_parser(), "spacy-en_x-9")
    )
    reparsed = ReliabilityScorer(scorer.embedder, scorer.corpus, outlet_table(), other_parser, scorer.config)
    assert reparsed.versions.scorer != scorer.versions.scorer
    assert reparsed.versions.corpus == scorer.versions.corpus


def test_the_re_ranker_weights_are_part_of_the_scorer_version() -> None:
    scorer = fake_scorer()
    weights = RerankerWeights(
        features=("number_overlap",), mean=(0.0,), scale=(1.0,), coefficients=(2.0,), intercept=0.0
    )
    heavier = dataclasses.replace(weights, intercept=weights.intercept + 1.0)

    def version_with(reranker: RerankerWeights | None) -> str:
        corpus = CorpusIndex.build(
            tiny_documents(),
            FakeEmbedder(),
            attributor(),
            retrieval_config=RetrievalConfig(reranker=reranker),
        )
        return ReliabilityScorer(
            scorer.embedder, corpus, outlet_table(), attributor(), scorer.config
        ).versions.scorer

    assert (
        len({scorer.versions.scorer, version_with(None), version_with(weights), version_with(heavier)}) == 3
    )
    assert version_with(None) == scorer.versions.scorer
