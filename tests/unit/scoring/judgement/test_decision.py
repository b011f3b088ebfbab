"""The learned decision: its features, its guarantees and its file, with synthetic readings (no judge)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from scoring.judgement import Conflict
from scoring.judgement.conflict import span_of
from scoring.judgement.decision import (
    DECISION_LABELS,
    FEATURE_NAMES,
    PACKAGED_DECISION,
    CheckedClash,
    DecisionModel,
    PassageReading,
    content_overlap,
    counterfactual_claim,
    entailment_margin,
    features,
)
from scoring.judgement.proposals import Candidate

CLAIM = "Floods killed 30 people in the valley."
PASSAGE = "Floods killed 12 people in the valley on Monday."
SUPPORTED = (0.9, 0.05, 0.05)
UNSURE = (0.3, 0.3, 0.4)


def clash() -> Conflict:
    start = CLAIM.index("30")
    passage_start = PASSAGE.index("12")
    return Conflict(
        "number",
        span_of(CLAIM, start, start + 2),
        span_of(PASSAGE, passage_start, passage_start + 2),
        "the claim says 30 people; the passage says 12 people",
    )


def checked(
    *, aligned: bool = True, value_stated: bool = False, counter: tuple[float, float, float] = SUPPORTED
) -> CheckedClash:
    return CheckedClash(Candidate(clash(), aligned=aligned, value_stated=value_stated), counter)


def reading(probabilities: tuple[float, float, float], *clashes: CheckedClash) -> PassageReading:
    return PassageReading(CLAIM, PASSAGE, probabilities, 0.8, clashes)


def model_for(
    weights: dict[str, dict[str, float]], bias: tuple[float, float, float] = (0.0, 0.0, 0.0)
) -> DecisionModel:
    """A hand-weighted model over unstandardised features, to test the mechanics, not the fit."""
    rows = tuple(
        tuple(weights.get(label, {}).get(name, 0.0) for name in FEATURE_NAMES) for label in DECISION_LABELS
    )
    zeros = tuple(0.0 for _ in FEATURE_NAMES)
    return DecisionModel(rows, bias, zeros, tuple(1.0 for _ in FEATURE_NAMES), "decision-test")


def test_counterfactual_claim_puts_the_passage_value_in_place() -> None:
    assert counterfactual_claim(CLAIM, clash()) == "Floods killed 12 people in the valley."


def test_entailment_margin_is_log_odds_and_stays_finite() -> None:
    assert entailment_margin((0.5, 0.25, 0.25)) == pytest.approx(math.log(2))
    assert math.isfinite(entailment_margin((1.0, 0.0, 0.0)))


def test_features_follow_the_declared_order() -> None:
    row = dict(zip(FEATURE_NAMES, features(reading(UNSURE, checked())), strict=True))
    assert row["has_clash"] == 1.0 and row["aligned_clash"] == 1.0 and row["number_clash"] == 1.0
    assert row["clash_shift"] == pytest.approx(entailment_margin(SUPPORTED) - entailment_margin(UNSURE))
    assert row["clash_counter_entails"] == pytest.approx(0.9)
    assert row["similarity"] == 0.8
    assert 0.0 < row["overlap"] <= 1.0


def test_a_clash_on_a_value_the_passage_also_states_is_no_evidence() -> None:
    """A figure from a neighbouring clause: the passage states the claim's own value too."""
    neighbouring = features(reading(UNSURE, checked(value_stated=True)))
    assert neighbouring == features(reading(UNSURE))


def test_the_decision_answers_one_calibrated_probability_per_label() -> None:
    model = model_for(
        {"contradicts": {"clash_shift": 2.0}, "supports": {"log_entails": 3.0}}, (1.0, 0.0, 0.0)
    )
    probabilities = model.probabilities([features(reading(UNSURE, checked())), features(reading(SUPPORTED))])
    assert probabilities.shape == (2, 3)
    assert probabilities.sum(axis=1) == pytest.approx([1.0, 1.0])
    first, second = model.decide([reading(UNSURE, checked()), reading(SUPPORTED)])
    assert first.label == "contradicts" and first.conflicts == (clash(),)
    assert second.label == "supports" and second.conflicts == ()
    assert 1 / 3 < first.probability <= 1.0


def test_a_contradiction_shows_only_clashes_a_finder_can_point_at() -> None:
    model = model_for({"contradicts": {"log_contradicts": 5.0}}, (0.0, 2.0, 0.0))
    worse = checked(aligned=False, counter=(0.05, 0.9, 0.05))  # the swap made the claim read worse
    (decision,) = model.decide([reading((0.05, 0.9, 0.05), worse)])
    assert decision.label == "contradicts"
    assert decision.conflicts == ()


def test_a_passage_a_finder_pins_a_clash_on_never_supports() -> None:
    """However much the fitted weights like a close passage, "killed 30" is not stated by "killed 12"."""
    model = model_for({"supports": {"similarity": 10.0}})
    untested = PassageReading(CLAIM, PASSAGE, (0.02, 0.02, 0.96), 0.8, (), (Candidate(clash(), True, False),))
    tested = reading(UNSURE, checked())
    neighbouring = PassageReading(CLAIM, PASSAGE, UNSURE, 0.8, (), (Candidate(clash(), True, True),))
    loose = PassageReading(CLAIM, PASSAGE, UNSURE, 0.8, (), (Candidate(clash(), False, False),))
    labels = [d.label for d in model.decide([untested, tested, neighbouring, loose, reading(UNSURE)])]
    assert labels == ["related", "related", "supports", "supports", "supports"]


def test_content_overlap_merges_synonyms_and_ignores_stopwords() -> None:
    assert (
        content_overlap("The kids were rescued.", "Rescuers reached the children; all were rescued.") == 1.0
    )
    assert content_overlap("the of and", "anything") == 0.0


def test_the_packaged_decision_loads_and_was_fitted_for_these_features() -> None:
    model = DecisionModel.load(PACKAGED_DECISION)
    assert model.model_id.startswith("decision-")
    meta = json.loads(PACKAGED_DECISION.read_text(encoding="utf-8"))
    # Fitted for the packaged judge, on newsroom claims that judge never trained on (never the test split).
    judge = json.loads((PACKAGED_DECISION.parent / "judge.json").read_text(encoding="utf-8"))
    assert meta["fitted"]["judge"] == f"judge@{judge['sha256'][:12]}"
    assert meta["fitted"]["on"].startswith("newsroom ") and "test" not in meta["fitted"]["on"]


def test_a_decision_file_for_other_features_is_refused(tmp_path: Path) -> None:
    data = json.loads(PACKAGED_DECISION.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    path = tmp_path / "decision.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="other features"):
        DecisionModel.load(path)
    data = json.loads(PACKAGED_DECISION.read_text(encoding="utf-8"))
    data["weights"] = data["weights"][:2]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="weights must be"):
        DecisionModel.load(path)
