"""The gathered passages read against their claims: the judge's reading with its confirmed clashes, or,
without a judge, the similarity thresholds and conflict finders alone (the rules)."""

from __future__ import annotations

from collections.abc import Sequence

from scoring.corpus import CorpusHit, CorpusIndex
from scoring.corpus.gathering import context_of
from scoring.evidence import EvidenceItem
from scoring.judgement import Reading, Stance, StanceThresholds, stance_of
from scoring.judgement.decision import DecisionModel
from scoring.judgement.judge import CONTRADICTS, ENTAILS, Judge
from scoring.judgement.judged_stance import JudgeReading, PassageToJudge, judge_passages
from scoring.signals import match_strength


def read_evidence(
    corpus: CorpusIndex,
    judge: Judge | None,
    decision: DecisionModel | None,
    stance: StanceThresholds,
    reading_config: JudgeReading,
    context_chars: int,
    texts: Sequence[str],
    gathered: Sequence[Sequence[CorpusHit]],
) -> list[list[EvidenceItem]]:
    """Each gathered passage with its stance towards its claim; every claim's passages in one judge batch."""
    if judge is None or decision is None:
        return [_by_rules(text, hits, stance) for text, hits in zip(texts, gathered, strict=True)]
    passages = [
        [
            PassageToJudge(
                context_of(corpus, hit.entry, context_chars), hit.entry.passage.text, hit.similarity
            )
            for hit in hits
        ]
        for hits in gathered
    ]
    stances = judge_passages(judge, decision, texts, passages, reading_config)
    return [
        [
            EvidenceItem(hit.entry, hit.similarity, read, judged_strength(read, hit.similarity, stance))
            for hit, read in zip(hits, claim_stances, strict=True)
        ]
        for hits, claim_stances in zip(gathered, stances, strict=True)
    ]


def judged_strength(stance: Stance, similarity: float, thresholds: StanceThresholds) -> float:
    """How strongly a judged passage bears on the claim: the judge's confidence in its reading.

    A clash the judge confirmed is as strong as the match between the two texts (the clash is shown)."""
    probabilities = stance.probabilities or (0.0, 0.0, 1.0)
    if stance.label == "supports":
        return probabilities[ENTAILS]
    if stance.label == "contradicts":
        if stance.conflicts:
            return max(probabilities[CONTRADICTS], match_strength(similarity, thresholds.related_similarity))
        return probabilities[CONTRADICTS]
    return 0.0


def _by_rules(text: str, hits: Sequence[CorpusHit], thresholds: StanceThresholds) -> list[EvidenceItem]:
    if not hits:
        return []
    reading = Reading(text)  # once per claim, not once per passage
    return [
        EvidenceItem(
            entry=hit.entry,
            similarity=hit.similarity,
            stance=stance_of(reading, hit.entry.passage.text, hit.similarity, thresholds),
            match_strength=match_strength(hit.similarity, thresholds.related_similarity),
        )
        for hit in hits
    ]
