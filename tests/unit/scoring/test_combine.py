import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.combine import HIGH_BAND_MIN, LOW_BAND_MAX, ScoreWeights, Signals, band_of, combine, noisy_or

unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
weight = st.floats(min_value=0.0, max_value=20.0, allow_nan=False)
weights = st.builds(
    ScoreWeights, outlet=weight, attribution=weight, corroboration=weight, contradiction=weight
)
signals = st.builds(Signals, outlet=unit, attribution=unit, corroboration=unit, contradiction=unit)


@given(signals, weights)
def test_score_is_bounded_and_band_matches(s: Signals, w: ScoreWeights) -> None:
    result = combine(s, w)
    assert 0.0 < result.score < 1.0
    assert result.band == band_of(result.score)


@given(signals, weights, unit, st.sampled_from(["outlet", "attribution", "corroboration", "contradiction"]))
def test_score_is_monotone_in_each_signal(s: Signals, w: ScoreWeights, other: float, name: str) -> None:
    low, high = sorted((getattr(s, name), other))
    values = {f: getattr(s, f) for f in ("outlet", "attribution", "corroboration", "contradiction")}
    score_low = combine(Signals(**(values | {name: low})), w).score
    score_high = combine(Signals(**(values | {name: high})), w).score
    if name == "contradiction":
        assert score_high <= score_low + 1e-12
    else:
        assert score_high >= score_low - 1e-12


def test_neutral_signals_give_an_even_score() -> None:
    result = combine(Signals(0.5, 0.5, 0.0, 0.0), ScoreWeights())
    assert result.score == pytest.approx(0.5)
    assert result.band == "mixed"
    assert LOW_BAND_MAX < 0.5 < HIGH_BAND_MIN


def test_contributions_sum_to_the_log_odds() -> None:
    result = combine(Signals(0.8, 0.3, 0.6, 0.1), ScoreWeights())
    total = sum(c.log_odds for c in result.contributions)
    assert result.score == pytest.approx(1 / (1 + math.exp(-total)))


def test_weights_must_be_finite_and_non_negative() -> None:
    with pytest.raises(ValueError):
        ScoreWeights(outlet=-1.0)
    with pytest.raises(ValueError):
        ScoreWeights(corroboration=float("inf"))


@given(st.lists(unit, max_size=10))
def test_noisy_or_is_bounded_and_grows_with_evidence(strengths: list[float]) -> None:
    total = noisy_or(strengths)
    assert 0.0 <= total <= 1.0
    assert noisy_or([*strengths, 0.5]) >= total - 1e-12


@given(signals, weights, st.sampled_from([LOW_BAND_MAX, HIGH_BAND_MIN]))
def test_a_ceiling_holds_the_score_below_it_and_says_so_only_when_reached(
    s: Signals, w: ScoreWeights, ceiling: float
) -> None:
    free = combine(s, w)
    held = combine(s, w, ceiling=ceiling)
    assert held.score < ceiling
    assert held.capped == (free.score >= ceiling)
    if free.score < ceiling - 0.01:
        assert held.score == free.score
