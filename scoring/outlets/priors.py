"""Pooling several rating sources into one prior with a confidence (outlet-priors.md §4.2, in ../shared/design/).

Confidence falls as the sources disagree; the prior used downstream is 0.5 + confidence x (p - 0.5).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

# The pooling constants of outlet-priors.md §4.2; starting values until they are fitted on claim outcomes.
NEUTRAL_P = 0.5
SCALE_NOISE_SD = 0.10  # source disagreement below this is read as scale noise
DISAGREEMENT_SPAN_SD = 0.20  # disagreement this far above the noise floor drives confidence to 0


@dataclass(frozen=True, slots=True)
class SourceRating:
    source: str  # "lin2023", "idiap2024", "cred1", "override", "source_type_default"
    label: str  # the upstream label or value as text, e.g. "unreliable", "0.38"
    value: float  # mapped onto 0-1
    weight: float  # after the recency factor


def pool_ratings(ratings: Iterable[SourceRating]) -> tuple[float, float]:
    """Return (p, confidence) for the ratings by the rule of outlet-priors.md §4.2; (0.5, 0) for none."""
    pairs = [(r.weight, r.value) for r in ratings if r.weight > 0]
    total = sum(w for w, _ in pairs)
    if total <= 0:
        return NEUTRAL_P, 0.0
    p = sum(w * s for w, s in pairs) / total
    sd = math.sqrt(sum(w * (s - p) ** 2 for w, s in pairs) / total)
    evidence = 1.0 - math.exp(-total)
    agreement = 1.0 - min(1.0, max(0.0, sd - SCALE_NOISE_SD) / DISAGREEMENT_SPAN_SD)
    return p, evidence * agreement


def prior_of(p: float, confidence: float) -> float:
    """Shrink p toward neutral by the confidence: the single number used downstream."""
    return NEUTRAL_P + confidence * (p - NEUTRAL_P)
