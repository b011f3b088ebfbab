"""Combine the four signals into one 0-1 score, a band and per-signal contributions.

The model is additive in log-odds (like a naive-Bayes update): each signal moves the odds that the
claim is reliable up or down from even, by an amount proportional to its weight. That keeps the score
bounded in (0, 1), monotone in every signal, and lets the explanation say how much each signal moved it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Band = Literal["high", "mixed", "low"]
SignalName = Literal["outlet", "attribution", "corroboration", "contradiction"]

# Priors and strengths are clipped away from 0 and 1 so a single signal can never force certainty.
_PROBABILITY_FLOOR = 0.02
# The score never claims more than 99.9% either way: the corpus and ratings cannot support certainty.
MAX_LOG_ODDS = math.log(999)
# Band cut-offs on the final score. A claim needs clear net support to be "high", and clear net
# evidence against it to be "low"; everything else is "mixed". Chosen on the labelled dev set.
HIGH_BAND_MIN = 0.70
LOW_BAND_MAX = 0.40
# A capped score sits this far below its ceiling, so it reads as the band below at two decimals.
CEILING_MARGIN = 0.01


@dataclass(frozen=True, slots=True)
class ScoreWeights:
    """How far each signal can move the log-odds. All non-negative, so the score is monotone."""

    outlet: float = 1.0
    attribution: float = 1.0
    corroboration: float = 2.0
    contradiction: float = 4.0

    def __post_init__(self) -> None:
        for name in ("outlet", "attribution", "corroboration", "contradiction"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                raise ValueError(f"weight {name!r} must be a finite non-negative number, got {value!r}")


@dataclass(frozen=True, slots=True)
class Signals:
    """Every signal on 0-1. Neutral points: outlet 0.5, attribution 0.5, corroboration 0, contradiction 0."""

    outlet: float
    attribution: float
    corroboration: float
    contradiction: float


@dataclass(frozen=True, slots=True)
class Contribution:
    signal: SignalName
    value: float  # the signal on 0-1
    log_odds: float  # how far it moved the score's log-odds; positive raises the score


@dataclass(frozen=True, slots=True)
class Combined:
    score: float
    band: Band
    contributions: tuple[Contribution, ...]
    capped: bool = False  # the score was held below a band it would otherwise have reached


def _logit(p: float) -> float:
    p = min(1 - _PROBABILITY_FLOOR, max(_PROBABILITY_FLOOR, p))
    return math.log(p / (1 - p))


def _unit(value: float) -> float:
    if math.isnan(value):
        return 0.0
    return min(1.0, max(0.0, value))


def band_of(score: float) -> Band:
    if score >= HIGH_BAND_MIN:
        return "high"
    if score < LOW_BAND_MAX:
        return "low"
    return "mixed"


def combine(signals: Signals, weights: ScoreWeights, ceiling: float | None = None) -> Combined:
    """The combined score; with a `ceiling`, the score stays just below it (`capped` says when it was cut).

    A ceiling keeps a band's promise (signals.band_ceiling): cutting with a constant keeps the score
    monotone in every signal."""
    contributions = (
        Contribution("outlet", _unit(signals.outlet), weights.outlet * _logit(_unit(signals.outlet))),
        Contribution(
            "attribution",
            _unit(signals.attribution),
            weights.attribution * _logit(_unit(signals.attribution)),
        ),
        Contribution(
            "corroboration",
            _unit(signals.corroboration),
            weights.corroboration * _unit(signals.corroboration),
        ),
        Contribution(
            "contradiction",
            _unit(signals.contradiction),
            -weights.contradiction * _unit(signals.contradiction),
        ),
    )
    total = max(-MAX_LOG_ODDS, min(MAX_LOG_ODDS, sum(c.log_odds for c in contributions)))
    score = 1.0 / (1.0 + math.exp(-total))
    # Only a score that reached the ceiling was held down (and says so); one just under it is trimmed
    # too, so that it cannot round up to a figure the band above would show.
    capped = ceiling is not None and score >= ceiling
    if ceiling is not None and score > ceiling - CEILING_MARGIN:
        score = ceiling - CEILING_MARGIN
    return Combined(score=score, band=band_of(score), contributions=contributions, capped=capped)


def noisy_or(strengths: list[float]) -> float:
    """Probability that at least one independent piece of evidence holds: 1 - prod(1 - s)."""
    remaining = 1.0
    for strength in strengths:
        remaining *= 1.0 - _unit(strength)
    return 1.0 - remaining
