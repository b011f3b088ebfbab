"""Decides whether a corpus passage supports, contradicts or is merely related to a claim, and why.

A conflict counts only when both sides speak of the same thing: two quantities must count the same noun
(or share their surrounding words), two dates must sit among shared words, and a negated predicate must
appear un-negated on the other side. Among several candidates on the passage side the best-aligned one
(most shared context) is compared, so "15 killed and 40 injured" answers a claim about the injured with 40.
Paraphrases are also aligned word by word: a figure, date or predicate whose neighbouring words match the
other side's ("fined _ for", "killed _ kids") sits in the same slot and is paired even when no counted
noun or wider context says so; and a claim's sum of money that matches none of the passage's disagrees.
The finders live in number_conflicts.py, date_conflicts.py and negation_conflicts.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from scoring.judgement.conflict import Conflict
from scoring.judgement.date_conflicts import date_conflicts
from scoring.judgement.negation_conflicts import negation_conflicts
from scoring.judgement.number_conflicts import quantity_conflicts
from scoring.judgement.reading import Reading
from scoring.judgement.thresholds import StanceThresholds

StanceLabel = Literal["supports", "contradicts", "related"]


@dataclass(frozen=True, slots=True)
class Stance:
    label: StanceLabel
    conflicts: tuple[Conflict, ...]
    # The learned judge's (entails, contradicts, neutral) for this passage; None when no judge read it.
    probabilities: tuple[float, float, float] | None = None
    # The learned decision's calibrated probability of `label`; None when the rules decided.
    confidence: float | None = None


def find_conflicts(claim: str | Reading, passage: str | Reading) -> tuple[Conflict, ...]:
    """Number, date and negation conflicts between a claim and a passage about the same thing.

    A kind of conflict needs mentions of that kind on both sides (a negation on either), so the other
    side is read for a kind only when this side has one."""
    mine = claim if isinstance(claim, Reading) else Reading(claim)
    theirs = passage if isinstance(passage, Reading) else Reading(passage)
    conflicts: list[Conflict] = []
    if mine.dates and theirs.dates:
        conflicts.extend(date_conflicts(mine, theirs))
    if mine.quantities and theirs.quantities:
        conflicts.extend(quantity_conflicts(mine, theirs))
    if mine.negations or theirs.negations:
        conflicts.extend(negation_conflicts(mine, theirs))
    return tuple(conflicts)


def stance_of(
    claim: str | Reading,
    passage: str | Reading,
    similarity: float,
    thresholds: StanceThresholds = StanceThresholds(),  # noqa: B008 - frozen, so a shared default is safe
) -> Stance:
    """The passage's stance towards the claim.

    "contradicts" needs similarity >= related_similarity and at least one conflict; "supports" needs
    similarity >= supports_similarity and no conflict; everything else is "related", including passages
    below related_similarity: callers drop those by comparing the similarity with the same threshold.
    """
    if similarity < thresholds.related_similarity:
        return Stance(label="related", conflicts=())
    conflicts = find_conflicts(claim, passage)
    if conflicts:
        return Stance(label="contradicts", conflicts=conflicts)
    if similarity >= thresholds.supports_similarity:
        return Stance(label="supports", conflicts=())
    return Stance(label="related", conflicts=())
