"""The similarity thresholds that decide what counts as evidence: the one place they are set."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StanceThresholds:
    """Cosine similarities (all-MiniLM-L6-v2, normalised vectors) that bound what counts as evidence.

    The defaults are the service's (SCORER_SUPPORTS_SIMILARITY, SCORER_RELATED_SIMILARITY), chosen on the
    labelled seed dev set (`python -m evaluation.devset`): verdict accuracy sits on a plateau of 0.82-0.86
    for supports 0.64-0.68 and related 0.40-0.50; below 0.64, passages that merely share the topic start
    to count as support in a corpus about one subject.

    For comparison, on tweets: on the dev half of CheckThat! 2022 task 2A gold (verified claim, tweet)
    pairs, n=841, against each tweet's most similar wrong verified claim out of 14,231 (`python -m
    evaluation.stance_probe --calibrate`), related 0.35 sits on the plateau where gold pairs kept barely
    move (0.835 at 0.30, 0.822 at 0.35, 0.804 at 0.40; the ~16% below are tweets that are only a link or
    a picture), and supports 0.60 maximises gold kept minus hardest-wrong kept on a 0.05 grid
    (0.529 - 0.195; 0.55: 0.642 - 0.354; 0.65: 0.400 - 0.108).
    """

    supports_similarity: float = 0.65  # at/above this an unconflicted passage supports the claim
    related_similarity: float = 0.40  # below this the passage is not evidence at all
