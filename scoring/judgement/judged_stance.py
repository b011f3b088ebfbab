"""The stance of each retrieved passage towards its claim, read by the learned judge (decision.py says how).

All pairs of a batch of claims go to the judge in one call, and the counterfactual pairs that test the
finders' clashes in a second, so the judge can keep every core busy (it runs its single-pair calls side by
side) whether one claim or a whole draft is scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scoring.judgement.conflict import Conflict
from scoring.judgement.decision import JudgeThresholds, confirms, counterfactual_claim, stance_label
from scoring.judgement.judge import NEUTRAL, Judge
from scoring.judgement.proposals import Candidate, clash_candidates
from scoring.judgement.reading import Reading
from scoring.judgement.stance import Stance

# Clashes tested per passage: past the best few, further candidates are almost always one figure
# paired with several of the passage's, and each costs a judge call.
MAX_TESTED_CONFLICTS = 2


@dataclass(frozen=True, slots=True)
class PassageToJudge:
    premise: str  # the passage with the neighbouring sentences the judge reads it with
    text: str  # the passage alone: where the finders look for clashes, and what their spans index
    similarity: float = 0.0  # cosine of claim and passage embeddings


def judge_passages(
    judge: Judge,
    claims: Sequence[str],
    passages: Sequence[Sequence[PassageToJudge]],
    thresholds: JudgeThresholds,
) -> list[list[Stance]]:
    """For each claim, the stance of each of its passages (same order as given)."""
    pairs = [(p.premise, claim) for claim, group in zip(claims, passages, strict=True) for p in group]
    if not pairs:
        return [[] for _ in claims]
    probabilities = judge.judge(pairs)
    candidates: list[tuple[int, Candidate]] = []
    row = 0
    for claim, group in zip(claims, passages, strict=True):
        reading = Reading(claim)  # read once per claim, not once per passage
        for passage in group:
            if probabilities[row][NEUTRAL] < thresholds.unrelated:
                for candidate in clash_candidates(reading, Reading(passage.text), MAX_TESTED_CONFLICTS):
                    candidates.append((row, candidate))
            row += 1
    # The claim with the passage's side of each clash put in, against the same premise.
    counter_pairs = [
        (pairs[index][0], counterfactual_claim(pairs[index][1], candidate.conflict))
        for index, candidate in candidates
    ]
    counter = judge.judge(counter_pairs) if counter_pairs else probabilities[:0]
    confirmed: dict[int, list[Conflict]] = {}
    for (index, candidate), counter_row in zip(candidates, counter, strict=True):
        original = _triple(probabilities[index])
        if confirms(original, _triple(counter_row), candidate, thresholds):
            confirmed.setdefault(index, []).append(candidate.conflict)
    out: list[list[Stance]] = []
    row = 0
    for group in passages:
        stances = []
        for passage in group:
            triple = _triple(probabilities[row])
            clashes = tuple(confirmed.get(row, ()))
            label = stance_label(triple, passage.similarity, bool(clashes), thresholds)
            stances.append(Stance(label=label, conflicts=clashes, probabilities=triple))
            row += 1
        out.append(stances)
    return out


def _triple(row: Sequence[float]) -> tuple[float, float, float]:
    return (float(row[0]), float(row[1]), float(row[2]))
