"""The scorer's constructors that keep its models and corpus: a new config reads and shows evidence anew."""

from __future__ import annotations

import dataclasses

from tests.fakes import fake_scorer

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
