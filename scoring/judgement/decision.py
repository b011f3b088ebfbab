"""How the judge's probabilities and the conflict finders' spans become a passage's stance.

Support is mostly the judge's to call: a passage supports a claim when the judge reads the claim in it
(or the two are near-paraphrases the judge does not object to). A contradiction needs more than a judge
that finds the two at odds, because neighbouring facts and other incidents of the same kind look like
conflicts to a reader in a hurry. So a clash a finder proposes (a figure, a date, a negation) counts only
when the judge agrees that it is the clash: put the passage's figure (or date, or polarity) into the claim,
and the judge must read the claim as clearly better supported than before. A figure from a neighbouring
clause fails that test (the claim with it is no better supported), and so does another incident (neither
version is supported). Where the judge reads the passage as stating the claim itself, a clash a finder
shows is a contradiction outright: the two speak of the same thing and differ on it. A contradiction no
finder can point at (a swapped actor, a denial) counts only when the judge is nearly certain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scoring.judgement.conflict import Conflict
from scoring.judgement.judge import CONTRADICTS, ENTAILS
from scoring.judgement.proposals import Candidate
from scoring.judgement.stance import StanceLabel

# How far (log-odds) a swap may move a same-statement reading the wrong way and still be the judge's
# blindness to a figure rather than its objection to the swap.
SAME_STATEMENT_TOLERANCE = 0.5
# Probabilities are clipped away from 0 and 1 before taking log-odds, so one saturated output cannot
# make a shift infinite.
_PROBABILITY_FLOOR = 1e-4


@dataclass(frozen=True, slots=True)
class JudgeThresholds:
    """Where the judge's probabilities become decisions. Chosen on dev splits (README, Evaluation)."""

    # Passages less similar to the claim (cosine) than this are not read: below it they were almost never
    # evidence on the seed dev set, and each costs a judge call (a 1,000-word draft reads ~360 pairs at
    # 0.5 against ~550 at the rules' 0.40, and dev accuracy rose from 0.827 to 0.835).
    min_similarity: float = 0.5
    supports: float = 0.4  # P(entails) at or above which a passage supports the claim
    # How far (in log-odds of entails over contradicts) swapping in the passage's value must move the
    # judge for a clash the finders aligned by its context to count as the clash; a neighbouring
    # figure's swap moves it little or the other way.
    aligned_shift: float = 0.5
    # The same for a loose clash (a value the passage states no version of, with no context to align):
    # these are mostly neighbouring facts, so only a decisive swap counts.
    loose_shift: float = 3.0
    # P(entails) at or above which the judge reads passage and claim as the same statement: a clash the
    # finders show there is a contradiction even when the judge alone misses it (a figure ten times off
    # moves a small model's reading little, though it is the whole point).
    same_statement: float = 0.9
    # P(entails) the claim must reach with the passage's value swapped in: the passage must be one that
    # would support the claim but for the clash, not another incident that only shares a kind of figure.
    counterfactual_supports: float = 0.2
    # A clash is tested only where the judge reads the passage as bearing on the claim at all: at this
    # P(neutral) or above it speaks of something else, and no swap makes it a contradiction.
    unrelated: float = 0.85
    # P(contradicts) at or above which the judge alone contradicts, with no clash a finder can show.
    contradicts_alone: float = 0.97
    # A passage this similar to the claim (cosine) needs less of the judge's conviction to support it: a
    # small judge reads close paraphrases (a name for another name, a figure restated) too strictly.
    supports_similarity: float = 0.65
    supports_when_similar: float = 0.1  # P(entails) that suffices at or above supports_similarity

    def __post_init__(self) -> None:
        for name in (
            "min_similarity",
            "supports",
            "contradicts_alone",
            "same_statement",
            "supports_similarity",
            "supports_when_similar",
            "counterfactual_supports",
            "unrelated",
        ):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be in (0, 1]")
        for name in ("aligned_shift", "loose_shift"):
            if not 0.0 <= getattr(self, name) < float("inf"):  # NaN fails this too
                raise ValueError(f"{name} must be finite and not negative")


def counterfactual_claim(claim: str, conflict: Conflict) -> str:
    """The claim with the passage's side of a clash put in place of its own."""
    span = conflict.claim_span
    return claim[: span.start] + conflict.passage_span.text + claim[span.end :]


def entailment_margin(probabilities: tuple[float, float, float]) -> float:
    """log P(entails) - log P(contradicts): how far the judge leans to support over contradiction."""
    entails = max(_PROBABILITY_FLOOR, probabilities[ENTAILS])
    contradicts = max(_PROBABILITY_FLOOR, probabilities[CONTRADICTS])
    return math.log(entails) - math.log(contradicts)


def confirms(
    original: tuple[float, float, float],
    counterfactual: tuple[float, float, float],
    candidate: Candidate,
    thresholds: JudgeThresholds,
) -> bool:
    """Whether the judge agrees that a candidate clash is the claim's conflict with the passage.

    Either the judge reads passage and claim as one statement, the passage nowhere states the claim's own
    value, and the swap does not make the claim read worse (the judge is blind to the clash, not against
    it), or with the passage's value the claim reads as supported and clearly better than before.
    """
    shift = entailment_margin(counterfactual) - entailment_margin(original)
    if original[ENTAILS] >= thresholds.same_statement:
        return not candidate.value_stated and shift >= -SAME_STATEMENT_TOLERANCE
    if counterfactual[ENTAILS] < thresholds.counterfactual_supports:
        return False
    return shift >= (thresholds.aligned_shift if candidate.aligned else thresholds.loose_shift)


def stance_label(
    probabilities: tuple[float, float, float],
    similarity: float,
    has_confirmed_conflict: bool,
    thresholds: JudgeThresholds,
) -> StanceLabel:
    """supports, contradicts or related, from the judge's reading, the similarity and the confirmed clashes."""
    if has_confirmed_conflict:
        return "contradicts"
    entails, contradicts = probabilities[ENTAILS], probabilities[CONTRADICTS]
    if contradicts >= thresholds.contradicts_alone and contradicts > entails:
        return "contradicts"
    similar = similarity >= thresholds.supports_similarity
    if (
        entails >= (thresholds.supports_when_similar if similar else thresholds.supports)
        and entails > contradicts
    ):
        return "supports"
    return "related"
