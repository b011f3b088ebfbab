"""How the scorer uses a judge's reading: support, confirmed and unconfirmed clashes, hearsay, band ceilings.

The judge here is scripted (tests/fakes.py), so these tests pin the scorer's rules, not the model's skill;
tests/integration/test_judged_scoring.py runs the shipped model.
"""

from __future__ import annotations

from scoring import ClaimRequest, ReliabilityScorer
from scoring.report import ClaimAssessment
from scoring.scorer import SourceRef
from tests.fakes import ScriptedJudge, fake_scorer

ENTAILS = (0.95, 0.03, 0.02)
CONTRADICTS = (0.02, 0.95, 0.03)
UNSURE = (0.2, 0.2, 0.6)


def scorer(*rules: tuple[str, str, tuple[float, float, float]]) -> ReliabilityScorer:
    return fake_scorer(judge=ScriptedJudge(rules))


def stances(assessment: ClaimAssessment) -> dict[str, str]:
    return {item.entry.document.doc_id: item.stance.label for item in assessment.evidence}


def test_two_outlets_the_judge_reads_the_claim_in_corroborate() -> None:
    claim = "Floods in the river valley killed 12 people."
    assessment = scorer(
        ("killed 12 people", "killed 12", ENTAILS), ("Twelve people died", "killed 12", ENTAILS)
    ).score(claim)
    assert assessment.verdict == "corroborated"
    assert assessment.corroboration.independent_sources == 2
    assert stances(assessment)["wire-1"] == "supports"
    assert assessment.band == "high"  # corroboration is what `high` needs; nothing holds it back here


def test_one_well_rated_origin_is_a_single_source_and_stays_below_high() -> None:
    claim = "Rescue teams evacuated 3,000 residents from the lowest villages."
    judged = scorer(("evacuated 3,000", "evacuated 3,000", ENTAILS))
    assessment = judged.score_many([ClaimRequest(claim, SourceRef(outlet="reuters.com"))])[0]
    assert assessment.verdict == "single_source"
    assert assessment.corroboration.independent_sources == 1
    assert assessment.score < 0.70 and assessment.band == "mixed"
    assert any("only one independent origin" in sentence for sentence in assessment.explanation)


def test_a_clash_the_judge_does_not_read_as_the_same_statement_is_not_a_contradiction() -> None:
    # The finders pair "30 people" with "12 people", but the judge reads the tabloid as another matter.
    claim = "Floods in the river valley killed 30 people on Monday."
    assessment = scorer(("killed 30 people", "killed 30", ENTAILS)).score(claim)
    assert assessment.verdict != "contested"
    assert all(item.stance.label != "contradicts" for item in assessment.evidence)


def test_a_clash_in_a_passage_the_judge_reads_as_the_same_statement_contradicts() -> None:
    claim = "Floods in the river valley killed 120 people on Monday."
    # A small judge is blind to the figure: it reads the claim, and the claim with 12, as stated there.
    judged = scorer(("killed 12 people", "killed 12", (0.93, 0.04, 0.03)))
    assessment = judged.score(claim)
    assert assessment.verdict == "contested"
    contradicting = [item for item in assessment.evidence if item.stance.label == "contradicts"]
    assert contradicting and contradicting[0].stance.conflicts
    assert contradicting[0].stance.conflicts[0].kind == "number"
    assert assessment.band != "high"


def test_a_judge_near_certain_of_a_contradiction_contradicts_without_a_clash_to_show() -> None:
    claim = "The regional governor denied that anyone died in the river valley floods."
    assessment = scorer(("killed 12 people", "denied", (0.01, 0.99, 0.0))).score(claim)
    assert assessment.verdict == "contested"


def test_hearsay_supports_as_one_weak_report_never_as_corroboration() -> None:
    claim = "The dam was never inspected."
    judged = scorer(("never inspected", "never inspected", ENTAILS))
    assessment = judged.score(claim)
    origins = assessment.corroboration.supporting_origins
    assert origins and all(origin.is_report for origin in origins)
    assert assessment.verdict == "single_source"
    assert assessment.band != "high"
    assert any("only repeat" in sentence for sentence in assessment.explanation)


def test_an_unverified_claim_is_never_high_whatever_its_source() -> None:
    judged = scorer()
    claim = "The health ministry said on the record that the vaccine trial enrolled 400 volunteers."
    assessment = judged.score(claim)
    assert assessment.verdict == "unverified"
    assert assessment.band != "high"


def test_the_judge_reads_each_passage_once_per_claim_in_one_batch() -> None:
    judge = ScriptedJudge([])
    judged = fake_scorer(judge=judge)
    claims = ["Floods in the river valley killed 12 people.", "Rescue teams evacuated 3,000 residents."]
    judged.score_many([ClaimRequest(c) for c in claims])
    gathering = judged.config.gathering
    assert 0 < judge.pairs_read <= len(claims) * gathering.max_judged * 2  # passages plus tested clashes


def test_versions_name_the_judge_and_its_decision() -> None:
    judge, decision = scorer().versions.judge.split("+")
    assert judge == "scripted-judge@0" and decision.startswith("decision-")
    assert fake_scorer().versions.judge == "rules"
    assert scorer().versions.scorer != fake_scorer().versions.scorer
