"""The shipped judge in the scorer, end to end, on articles written for this test (not the seed corpus).

The real embedder and the real int8 judge read a small invented flood story told by three outlets; the
claims test the judgement an editor cares about: a figure ten times off is a conflict shown with both
spans, a fact beside another figure in the same article is not, a fact one outlet reports is single-source,
and a claim the corpus does not speak to is never `high`.
"""

from __future__ import annotations

import pytest

from scoring import CorpusIndex, OnnxJudge, ReliabilityScorer, SentenceTransformerEmbedder
from tests.fakes import attributor, outlet_table, tiny_documents

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def scorer(embedder: SentenceTransformerEmbedder) -> ReliabilityScorer:
    corpus = CorpusIndex.build(tiny_documents(), embedder, attributor())
    return ReliabilityScorer(embedder, corpus, outlet_table(), attributor(), judge=OnnxJudge.load_packaged())


def test_a_figure_ten_times_off_contradicts_with_both_spans(scorer: ReliabilityScorer) -> None:
    assessment = scorer.score("Floods in the river valley killed 120 people on Monday.")
    assert assessment.verdict == "contested"
    assert assessment.band != "high"
    clashes = [c for item in assessment.evidence for c in item.stance.conflicts]
    assert any(c.kind == "number" and "120" in c.claim_span.text for c in clashes)
    assert any("Contradicted by" in sentence for sentence in assessment.explanation)


def test_a_fact_beside_another_figure_is_not_contested(scorer: ReliabilityScorer) -> None:
    assessment = scorer.score("Rescue teams evacuated 3,000 residents from the lowest villages overnight.")
    assert assessment.verdict in ("single_source", "corroborated")
    assert all(item.stance.label != "contradicts" for item in assessment.evidence)


def test_a_fact_one_outlet_reports_is_single_source(scorer: ReliabilityScorer) -> None:
    assessment = scorer.score("The storm cut power to 40,000 homes across the province.")
    assert assessment.verdict == "single_source"
    supporting = [item for item in assessment.evidence if item.stance.label == "supports"]
    assert {item.entry.document.doc_id for item in supporting} == {"daily-1"}
    assert supporting[0].stance.probabilities is not None


def test_a_claim_nothing_speaks_to_is_unverified_and_never_high(scorer: ReliabilityScorer) -> None:
    assessment = scorer.score("The central bank raised interest rates by half a point on Thursday.")
    assert assessment.verdict == "unverified"
    assert assessment.band != "high"


def test_the_judge_is_named_in_the_versions(scorer: ReliabilityScorer) -> None:
    assert scorer.versions.judge.startswith("judge@") and "+decision-" in scorer.versions.judge
