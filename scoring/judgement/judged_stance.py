"""The stance of each retrieved passage towards its claim: the judge's readings, decided by the learned
decision (decision.py).

All pairs of a batch of claims go to the judge in one call, and the counterfactual pairs that test the
finders' clashes in a second, so the judge can keep every core busy (it runs its single-pair calls side by
side) whether one claim or a whole draft is scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scoring.judgement.decision import (
    CheckedClash,
    DecisionModel,
    PassageReading,
    counterfactual_claim,
)
from scoring.judgement.judge import NEUTRAL, Judge
from scoring.judgement.proposals import Candidate, clash_candidates
from scoring.judgement.reading import Reading
from scoring.judgement.stance import Stance

# Clashes tested per passage: past the best few, further candidates are almost always one figure
# paired with several of the passage's, and each costs a judge call.
MAX_TESTED_CONFLICTS = 2


@dataclass(frozen=True, slots=True)
class JudgeReading:
    """Which passages the judge reads: a cost setting, not a decision (the decision model decides)."""

    # Passages less similar to the claim (cosine) than this are not read: below it they were almost never
    # evidence on the seed dev set, and each costs a judge call (a 1,000-word draft reads ~360 pairs at
    # 0.5 against ~550 at the rules' 0.40).
    min_similarity: float = 0.5
    # The finders' clashes are tested (one more judge call each) only in passages the judge reads as
    # bearing on the claim at all, below this P(neutral): a passage about something else gains nothing
    # from a swap, and testing every passage's clashes doubled the judge calls of a 1,000-word draft
    # (README, Latency). The decision is fitted with the same rule, so it sees what it will be given.
    clash_test_max_neutral: float = 0.85

    def __post_init__(self) -> None:
        for name in ("min_similarity", "clash_test_max_neutral"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be in (0, 1]")


@dataclass(frozen=True, slots=True)
class PassageToJudge:
    premise: str  # the passage with the neighbouring sentences the judge reads it with
    text: str  # the passage alone: where the finders look for clashes, and what their spans index
    similarity: float = 0.0  # cosine of claim and passage embeddings


def read_passages(
    judge: Judge,
    claims: Sequence[str],
    passages: Sequence[Sequence[PassageToJudge]],
    reading_config: JudgeReading | None = None,
) -> list[list[PassageReading]]:
    """For each claim, the judge's reading of each of its passages, with every clash a finder proposes
    tested by the judge (same order as given)."""
    pairs = [(p.premise, claim) for claim, group in zip(claims, passages, strict=True) for p in group]
    if not pairs:
        return [[] for _ in claims]
    probabilities = judge.judge(pairs)
    max_neutral = (reading_config or JudgeReading()).clash_test_max_neutral
    candidates: list[tuple[int, Candidate]] = []
    untested: dict[int, tuple[Candidate, ...]] = {}
    row = 0
    for claim, group in zip(claims, passages, strict=True):
        reading = Reading(claim)  # read once per claim, not once per passage
        for passage in group:
            found = clash_candidates(reading, Reading(passage.text), MAX_TESTED_CONFLICTS)
            if probabilities[row][NEUTRAL] < max_neutral:
                candidates.extend((row, candidate) for candidate in found)
            elif found:
                untested[row] = found  # no judge call: kept so a clash still rules out support
            row += 1
    # The claim with the passage's side of each clash put in, against the same premise.
    counter_pairs = [
        (pairs[index][0], counterfactual_claim(pairs[index][1], candidate.conflict))
        for index, candidate in candidates
    ]
    counter = judge.judge(counter_pairs) if counter_pairs else probabilities[:0]
    tested: dict[int, list[CheckedClash]] = {}
    for (index, candidate), counter_row in zip(candidates, counter, strict=True):
        tested.setdefault(index, []).append(CheckedClash(candidate, _triple(counter_row)))
    out: list[list[PassageReading]] = []
    row = 0
    for claim, group in zip(claims, passages, strict=True):
        readings = []
        for passage in group:
            readings.append(
                PassageReading(
                    claim,
                    passage.text,
                    _triple(probabilities[row]),
                    passage.similarity,
                    tuple(tested.get(row, ())),
                    untested.get(row, ()),
                )
            )
            row += 1
        out.append(readings)
    return out


def judge_passages(
    judge: Judge,
    decision: DecisionModel,
    claims: Sequence[str],
    passages: Sequence[Sequence[PassageToJudge]],
    reading_config: JudgeReading | None = None,
) -> list[list[Stance]]:
    """For each claim, the stance of each of its passages (same order as given)."""
    out = []
    for readings in read_passages(judge, claims, passages, reading_config):
        decisions = decision.decide(readings)
        out.append(
            [
                Stance(d.label, d.conflicts, r.probabilities, d.probability)
                for r, d in zip(readings, decisions, strict=True)
            ]
        )
    return out


def _triple(row: Sequence[float]) -> tuple[float, float, float]:
    return (float(row[0]), float(row[1]), float(row[2]))
