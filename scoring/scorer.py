"""ReliabilityScorer: runs the scoring steps in order; the only module that knows the order."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from scoring.attribution import Attribution, Attributor
from scoring.claims import Claim, normalise_text, segment_claims
from scoring.combine import ScoreWeights, Signals, combine
from scoring.corpus import CorpusHit, CorpusIndex
from scoring.documents import Document
from scoring.embedding import Embedder
from scoring.errors import BatchTooLarge, EmptyText, InvalidSource, TextTooLong
from scoring.evidence import EvidenceItem, Origin, group_origins, noisy_or_strength
from scoring.explain import attribution_sentence, evidence_sentences, outlet_sentence, score_sentence
from scoring.outlets import OutletRating, OutletTable
from scoring.report import (
    AssessmentDigest,
    ClaimAssessment,
    Corroboration,
    DraftClaim,
    DraftReport,
    Verdict,
    Versions,
    summarise,
)
from scoring.stance import Reading, StanceThresholds, stance_of

# Bump when the scoring logic changes in a way that changes results for the same inputs and config.
SCORER_LOGIC_VERSION = "2"  # 2: candidate pools of 30 and a narrower HNSW search at <= 150k passages
# A passage this similar (cosine) or more counts as a full-strength match; between the related
# threshold and this, strength rises linearly. MiniLM paraphrases of one fact sit around 0.8-0.9.
FULL_MATCH_SIMILARITY = 0.85

StageHook = Callable[[str, float], None]
"""Told the seconds one batch spent in each stage: "embed", "retrieve", "stance" or "combine"."""


@dataclass(frozen=True, slots=True)
class ScorerConfig:
    weights: ScoreWeights = field(default_factory=ScoreWeights)
    # Chosen on the labelled seed dev set (python -m evaluation.devset): verdict accuracy sits on a
    # plateau of 0.82-0.86 for supports 0.64-0.68 and related 0.40-0.50; below 0.64, passages that merely
    # share the topic start to count as support in a corpus about one subject.
    stance: StanceThresholds = field(
        default_factory=lambda: StanceThresholds(supports_similarity=0.65, related_similarity=0.40)
    )
    top_k: int = 10  # passages retrieved per claim before stance
    max_evidence: int = 5  # passages returned per claim
    max_claim_chars: int = 2_000
    max_batch_items: int = 64
    max_draft_chars: int = 100_000
    # Contradiction evidence below this is too weak to call a claim contested.
    min_contradiction: float = 0.05


@dataclass(frozen=True, slots=True)
class SourceRef:
    url: str | None = None
    outlet: str | None = None  # a domain ("reuters.com") or a name ("Reuters")


@dataclass(frozen=True, slots=True)
class ClaimRequest:
    claim: str
    source: SourceRef | None = None


class ReliabilityScorer:
    """Scores claims against one corpus version. Stateless between calls, so safe to share across threads."""

    def __init__(
        self,
        embedder: Embedder,
        corpus: CorpusIndex,
        outlets: OutletTable,
        attributor: Attributor,
        config: ScorerConfig | None = None,
    ) -> None:
        self._embedder = embedder
        self._corpus = corpus
        self._outlets = outlets
        self._attributor = attributor
        self._config = config or ScorerConfig()
        self.versions = Versions(
            model=embedder.model_id,
            corpus=corpus.version,
            scorer=_config_hash(self._config),
            outlets=outlets.version,
        )

    @property
    def config(self) -> ScorerConfig:
        return self._config

    @property
    def corpus(self) -> CorpusIndex:
        return self._corpus

    @property
    def outlets(self) -> OutletTable:
        return self._outlets

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    def with_corpus(self, corpus: CorpusIndex) -> ReliabilityScorer:
        """A scorer over a new corpus version; the old one keeps serving until the caller swaps."""
        return ReliabilityScorer(self._embedder, corpus, self._outlets, self._attributor, self._config)

    def with_documents(
        self,
        documents: Sequence[Document],
        *,
        vector_cache_dir: Path | None = None,
        vector_index_dir: Path | None = None,
    ) -> ReliabilityScorer:
        """A scorer over a new corpus built from documents, reusing this scorer's model and rules."""
        corpus = CorpusIndex.build(
            documents,
            self._embedder,
            self._attributor,
            vector_cache_dir=vector_cache_dir,
            vector_index_dir=vector_index_dir,
        )
        return self.with_corpus(corpus)

    def validate_claim(self, claim: str) -> str:
        text = normalise_text(claim)
        if not text:
            raise EmptyText("the claim is empty")
        if len(claim) > self._config.max_claim_chars:
            raise TextTooLong(f"the claim is longer than {self._config.max_claim_chars} characters")
        return text

    def score(self, claim: str, source: SourceRef | None = None) -> ClaimAssessment:
        return self.score_many([ClaimRequest(claim, source)])[0]

    def score_many(
        self, requests: Sequence[ClaimRequest], *, limit_batch: bool = True
    ) -> list[ClaimAssessment]:
        """Score several claims with one embedding batch and one retrieval pass."""
        if limit_batch and len(requests) > self._config.max_batch_items:
            raise BatchTooLarge(f"at most {self._config.max_batch_items} claims per batch")
        texts = [self.validate_claim(r.claim) for r in requests]
        ratings = [self.rate_source(r.source) for r in requests]
        return self._assess(texts, ratings)

    def score_rated(
        self, texts: Sequence[str], ratings: Sequence[OutletRating], *, on_stage: StageHook | None = None
    ) -> list[ClaimAssessment]:
        """Score claim texts already validated, with their sources already rated (the cache's miss path).

        ``on_stage`` is a per-call observer rather than a constructor argument, so the scorer stays
        stateless and whoever calls it (an HTTP app with its own metrics, a benchmark) can time it.
        """
        return self._assess(list(texts), list(ratings), on_stage)

    def check(self, text: str, source: SourceRef | None = None) -> DraftReport:
        """Segment a draft, score its check-worthy sentences in one batch, and summarise."""
        claims = self.validate_draft(text)
        rating = self.rate_source(source)
        # A sentence over the per-claim limit is still scored, on its first max_claim_chars characters.
        texts = [self.claim_text(c) for c in claims if c.is_check_worthy]
        assessments = iter(self._assess(texts, [rating] * len(texts)))
        return self.draft_report(claims, [next(assessments) if c.is_check_worthy else None for c in claims])

    def validate_draft(self, text: str) -> list[Claim]:
        """Check a draft's limits and split it into sentences, each marked check-worthy or not."""
        if not text.strip():
            raise EmptyText("the draft is empty")
        if len(text) > self._config.max_draft_chars:
            raise TextTooLong(f"the draft is longer than {self._config.max_draft_chars} characters")
        return segment_claims(text)

    def claim_text(self, claim: Claim) -> str:
        """The text scored for a draft sentence: normalised, and cut to the per-claim limit."""
        return normalise_text(claim.text[: self._config.max_claim_chars])

    def draft_report(
        self, claims: Sequence[Claim], assessments: Sequence[ClaimAssessment | None]
    ) -> DraftReport:
        """Assemble a draft report from per-sentence results (some may come from a cache)."""
        drafted = tuple(DraftClaim(c, a) for c, a in zip(claims, assessments, strict=True))
        digests = [AssessmentDigest.of(a) if a is not None else None for a in assessments]
        return DraftReport(claims=drafted, summary=summarise(digests), versions=self.versions)

    def rate_source(self, source: SourceRef | None) -> OutletRating:
        if source is None or (not source.url and not source.outlet):
            return self._outlets.rate(None)
        # A rating has a domain exactly when the text holds a registrable domain: one URL parse, not two.
        if source.url:
            rating = self._outlets.rate(source.url)
            if rating.domain is None:
                raise InvalidSource(f"cannot find a domain in source url {source.url!r}")
            return rating
        outlet = (source.outlet or "").strip()
        if "." in outlet and " " not in outlet:
            rating = self._outlets.rate(outlet)
            if rating.domain is not None:
                return rating
        rating = self._outlets.rate_name(outlet)
        if rating.domain is None:
            return replace(rating, name=outlet)
        return rating

    def _assess(
        self, texts: list[str], ratings: list[OutletRating], on_stage: StageHook | None = None
    ) -> list[ClaimAssessment]:
        if not texts:
            return []
        clock = _StageClock(on_stage)
        vectors = self._embedder.encode(texts)
        clock.lap("embed")
        assessments = self._assess_vectors(texts, vectors, ratings, clock)
        clock.report()
        return assessments

    def _assess_vectors(
        self,
        texts: list[str],
        vectors: NDArray[np.float32],
        ratings: list[OutletRating],
        clock: _StageClock | None = None,
    ) -> list[ClaimAssessment]:
        clock = clock or _StageClock(None)
        hits_per_claim = self._corpus.search_many(texts, vectors, self._config.top_k)
        clock.lap("retrieve")
        return [
            self._assess_one(text, hits, rating, clock)
            for text, hits, rating in zip(texts, hits_per_claim, ratings, strict=True)
        ]

    def _assess_one(
        self, text: str, hits: list[CorpusHit], rating: OutletRating, clock: _StageClock
    ) -> ClaimAssessment:
        config = self._config
        attribution = self._attributor.attribute(text)
        clock.lap("combine")  # attribution is one of the signals that combine weighs
        related = [hit for hit in hits if hit.similarity >= config.stance.related_similarity]
        items: list[EvidenceItem] = []
        if related:
            reading = Reading(text)  # once per claim, not once per passage
            items = [self._evidence_item(reading, hit) for hit in related]
        clock.lap("stance")
        supporting_items = [i for i in items if i.stance.label == "supports"]
        contradicting_items = [i for i in items if i.stance.label == "contradicts"]
        supporting = tuple(group_origins(supporting_items, self._outlets))
        contradicting = tuple(group_origins(contradicting_items, self._outlets))
        corroboration = noisy_or_strength(supporting)
        contradiction = noisy_or_strength(contradicting)
        combined = combine(
            Signals(
                outlet=rating.prior,
                attribution=self._attribution_strength(attribution),
                corroboration=corroboration,
                contradiction=contradiction,
            ),
            config.weights,
        )
        carriers = {outlet for origin in supporting for outlet in origin.outlets}
        verdict = _verdict(supporting, contradiction, config.min_contradiction)
        explanation = (
            *evidence_sentences(supporting, contradicting if verdict == "contested" else (), len(carriers)),
            attribution_sentence(attribution),
            outlet_sentence(rating),
            score_sentence(combined.score, combined.band, combined.contributions),
        )
        # Contradicting and supporting passages first, then the closest related ones.
        order = {"contradicts": 0, "supports": 1, "related": 2}
        evidence = tuple(
            sorted(items, key=lambda i: (order[i.stance.label], -i.similarity))[: config.max_evidence]
        )
        clock.lap("combine")
        return ClaimAssessment(
            claim=text,
            score=combined.score,
            band=combined.band,
            verdict=verdict,
            outlet=rating,
            attribution=attribution,
            corroboration=Corroboration(
                independent_sources=len(supporting),
                supporting=len(supporting_items),
                contradicting=len(contradicting_items),
                supporting_outlets=len(carriers),
                supporting_origins=supporting,
                contradicting_origins=contradicting,
            ),
            evidence=evidence,
            explanation=explanation,
            contributions=combined.contributions,
            versions=self.versions,
        )

    def _evidence_item(self, claim: Reading, hit: CorpusHit) -> EvidenceItem:
        stance = stance_of(claim, hit.entry.passage.text, hit.similarity, self._config.stance)
        low = self._config.stance.related_similarity
        strength = (hit.similarity - low) / max(1e-6, FULL_MATCH_SIMILARITY - low)
        return EvidenceItem(
            entry=hit.entry,
            similarity=hit.similarity,
            stance=stance,
            match_strength=min(1.0, max(0.0, strength)),
        )

    def _attribution_strength(self, attribution: Attribution) -> float:
        """The claim's own attribution on 0-1; 0.5 is neutral."""
        match attribution.kind:
            case "on_record":
                return ON_RECORD_STRENGTH
            case "media_report":
                cited = (
                    self._outlets.rate(attribution.cited_outlet_domain)
                    if attribution.cited_outlet_domain
                    else None
                )
                # A report from a well-rated outlet is nearly as good as on the record; an unrated one is neutral.
                return 0.5 + (ON_RECORD_STRENGTH - 0.5) * 2 * ((cited.prior if cited else 0.5) - 0.5) + 0.05
            case "anonymous":
                return ANONYMOUS_STRENGTH
            case "hedged":
                return HEDGED_STRENGTH
            case _:
                return 0.5


# The claim's own attribution. On-record sourcing lends some weight; an unnamed source or a bare
# "reportedly" takes some away. Kept modest: attribution says how a claim is sourced, not whether it is true.
ON_RECORD_STRENGTH = 0.7
ANONYMOUS_STRENGTH = 0.35
HEDGED_STRENGTH = 0.3


class _StageClock:
    """Sums the seconds each stage takes over one batch and tells the hook per stage; inert without a hook."""

    __slots__ = ("_hook", "_last", "_totals")

    def __init__(self, hook: StageHook | None) -> None:
        self._hook = hook
        self._totals: dict[str, float] = {}
        self._last = time.perf_counter() if hook is not None else 0.0

    def lap(self, stage: str) -> None:
        """Charge the time since the previous lap to ``stage``."""
        if self._hook is None:
            return
        now = time.perf_counter()
        self._totals[stage] = self._totals.get(stage, 0.0) + (now - self._last)
        self._last = now

    def report(self) -> None:
        if self._hook is not None:
            for stage, seconds in self._totals.items():
                self._hook(stage, seconds)


def _verdict(supporting: tuple[Origin, ...], contradiction: float, min_contradiction: float) -> Verdict:
    if contradiction >= min_contradiction:
        return "contested"
    if len(supporting) >= 2:
        return "corroborated"
    if supporting:
        return "single_source"
    return "unverified"


def _config_hash(config: ScorerConfig) -> str:
    digest = hashlib.sha256(f"logic-v{SCORER_LOGIC_VERSION}|{config!r}".encode())
    return digest.hexdigest()[:12]
