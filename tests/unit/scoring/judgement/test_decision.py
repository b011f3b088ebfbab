"""How judge probabilities and finder clashes become a stance: synthetic probability triples, no model."""

from __future__ import annotations

import math

import pytest

from scoring.judgement import Conflict
from scoring.judgement.conflict import span_of
from scoring.judgement.decision import (
    SAME_STATEMENT_TOLERANCE,
    JudgeThresholds,
    confirms,
    counterfactual_claim,
    entailment_margin,
    stance_label,
)
from scoring.judgement.proposals import Candidate

THRESHOLDS = JudgeThresholds()
CLAIM = "Floods killed 30 people in the valley."
PASSAGE = "Floods killed 12 people in the valley on Monday."


def clash() -> Conflict:
    start = CLAIM.index("30")
    passage_start = PASSAGE.index("12")
    return Conflict(
        "number",
        span_of(CLAIM, start, start + 2),
        span_of(PASSAGE, passage_start, passage_start + 2),
        "the claim says 30 people; the passage says 12 people",
    )


def candidate(*, aligned: bool = True, value_stated: bool = False) -> Candidate:
    return Candidate(clash(), aligned=aligned, value_stated=value_stated)


def triple(entails: float, contradicts: float) -> tuple[float, float, float]:
    return (entails, contradicts, 1.0 - entails - contradicts)


def margin_shift(shift: float, original: tuple[float, float, float]) -> tuple[float, float, float]:
    """A counterfactual whose log-odds of entails over contradicts sit `shift` above `original`'s, with
    P(entails) + P(contradicts) kept."""
    mass = original[0] + original[1]
    odds = math.exp(entailment_margin(original) + shift)
    entails = mass * odds / (1 + odds)
    return (entails, mass - entails, original[2])


def test_counterfactual_claim_puts_the_passage_value_in_place() -> None:
    assert counterfactual_claim(CLAIM, clash()) == "Floods killed 12 people in the valley."


def test_entailment_margin_is_log_odds_and_stays_finite() -> None:
    assert entailment_margin((0.5, 0.5, 0.0)) == pytest.approx(0.0)
    assert entailment_margin((0.8, 0.1, 0.1)) == pytest.approx(math.log(8))
    assert math.isfinite(entailment_margin((1.0, 0.0, 0.0)))
    assert entailment_margin((1.0, 0.0, 0.0)) == pytest.approx(-math.log(1e-4))


def test_a_clash_counts_when_the_swap_makes_the_claim_clearly_supported() -> None:
    original = triple(0.45, 0.45)
    assert confirms(original, margin_shift(THRESHOLDS.aligned_shift + 0.5, original), candidate(), THRESHOLDS)
    # Read as supported with the swap, but hardly better than before: a neighbouring figure.
    small = margin_shift(THRESHOLDS.aligned_shift - 0.5, original)
    assert small[0] >= THRESHOLDS.counterfactual_supports
    assert not confirms(original, small, candidate(), THRESHOLDS)


def test_a_loose_clash_needs_a_larger_shift_than_an_aligned_one() -> None:
    original = triple(0.3, 0.6)
    between = margin_shift((THRESHOLDS.aligned_shift + THRESHOLDS.loose_shift) / 2, original)
    assert between[0] >= THRESHOLDS.counterfactual_supports
    assert confirms(original, between, candidate(aligned=True), THRESHOLDS)
    assert not confirms(original, between, candidate(aligned=False), THRESHOLDS)
    decisive = margin_shift(THRESHOLDS.loose_shift + 0.5, original)
    assert confirms(original, decisive, candidate(aligned=False), THRESHOLDS)


def test_a_swap_that_leaves_the_claim_unsupported_is_another_incident() -> None:
    # A large shift, but the counterfactual still is not read as supported: neither version is the passage's.
    original = (0.001, 0.2, 0.799)
    counterfactual = (0.15, 0.001, 0.849)
    assert counterfactual[0] < THRESHOLDS.counterfactual_supports
    assert entailment_margin(counterfactual) - entailment_margin(original) > THRESHOLDS.loose_shift
    assert not confirms(original, counterfactual, candidate(), THRESHOLDS)


def test_a_same_statement_reading_shows_the_clash_unless_the_passage_states_the_claims_value() -> None:
    original = triple(0.95, 0.02)
    unchanged = original
    assert confirms(original, unchanged, candidate(), THRESHOLDS)
    # The passage also states the claim's own figure: the clash is with a neighbouring figure.
    assert not confirms(original, unchanged, candidate(value_stated=True), THRESHOLDS)
    # The swap makes the claim read clearly worse: the judge objects to it.
    worse = margin_shift(-(SAME_STATEMENT_TOLERANCE + 0.5), original)
    assert not confirms(original, worse, candidate(), THRESHOLDS)
    slightly_worse = margin_shift(-(SAME_STATEMENT_TOLERANCE - 0.2), original)
    assert confirms(original, slightly_worse, candidate(), THRESHOLDS)


def test_a_confirmed_clash_contradicts_whatever_the_judge_read() -> None:
    assert stance_label(triple(0.99, 0.0), 0.95, True, THRESHOLDS) == "contradicts"


def test_the_judge_alone_contradicts_only_when_nearly_certain() -> None:
    assert stance_label(triple(0.01, 0.98), 0.5, False, THRESHOLDS) == "contradicts"
    assert stance_label(triple(0.01, 0.9), 0.5, False, THRESHOLDS) == "related"


def test_support_is_the_judges_to_call() -> None:
    assert stance_label(triple(0.45, 0.05), 0.3, False, THRESHOLDS) == "supports"
    assert stance_label(triple(0.35, 0.05), 0.5, False, THRESHOLDS) == "related"
    # Entailment must also outweigh contradiction, however probable it is.
    assert stance_label(triple(0.45, 0.5), 0.3, False, THRESHOLDS) == "related"


def test_a_near_paraphrase_needs_less_of_the_judges_conviction() -> None:
    close = THRESHOLDS.supports_similarity + 0.05
    far = THRESHOLDS.supports_similarity - 0.05
    weak = triple(THRESHOLDS.supports_when_similar + 0.05, 0.05)
    assert weak[0] < THRESHOLDS.supports
    assert stance_label(weak, close, False, THRESHOLDS) == "supports"
    assert stance_label(weak, far, False, THRESHOLDS) == "related"
    # Unless the judge leans to contradiction, or barely reads the claim in the passage at all.
    assert stance_label(triple(0.2, 0.6), close, False, THRESHOLDS) == "related"
    assert stance_label(triple(THRESHOLDS.supports_when_similar - 0.05, 0.0), close, False, THRESHOLDS) == (
        "related"
    )


@pytest.mark.parametrize(
    "name", ["supports", "contradicts_alone", "same_statement", "unrelated", "supports_when_similar"]
)
def test_thresholds_are_probabilities(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        JudgeThresholds(**{name: 1.5})
    with pytest.raises(ValueError, match=name):
        JudgeThresholds(**{name: 0.0})


@pytest.mark.parametrize("name", ["aligned_shift", "loose_shift"])
@pytest.mark.parametrize("value", [-0.1, float("nan"), float("inf")])
def test_shifts_are_finite_and_not_negative(name: str, value: float) -> None:
    with pytest.raises(ValueError, match=name):
        JudgeThresholds(**{name: value})
