"""ReliabilityScorer: runs the scoring steps in order; the only module that knows the order.

One piece past 300 lines: its entry points (a claim, a batch, a draft, the cache's miss path) share one
validation and one batch path through embed, retrieve, gather, read, attribute and combine; the steps
themselves live in the sub-packages and evidence_reading.py."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from scoring.attribution import Attribution, Attributor
from scoring.claims import Claim, segment_claims
from scoring.combine import ScoreWeights, Signals, combine
from scoring.corpus import CorpusIndex, Document
from scoring.corpus.gathering import GatheringConfig, gather
from scoring.document_stances import document_stances
from scoring.embedding import Embedder
from scoring.errors import BatchTooLarge, EmptyText, TextTooLong
from scoring.evidence import EvidenceItem, group_origins, noisy_or_strength
from scoring.evidence_reading import read_evidence
from scoring.explain import (
    attribution_sentence,
    cap_sentence,
    evidence_sentences,
    outlet_sentence,
    score_sentence,
)
from scoring.judgement import StanceThresholds
from scoring.judgement.decision import PACKAGED_DECISION, DecisionModel
from scoring.judgement.judge import Judge
from scoring.judgement.judged_stance import JudgeReading
from scoring.outlets import OutletRating, OutletTable
from scoring.report import (
    AssessmentDigest,
    ClaimAssessment,
    Corroboration,
    DraftClaim,
    DraftReport,
    Versions,
    summarise,
)
from scoring.retrieval.lance_index import LanceEngine
from scoring.signals import attribution_strength, band_ceiling, verdict_of
from scoring.stage_clock import StageClock, StageHook
from scoring.text.canonical import normalise_text

# Bump when the scoring logic changes in a way that changes results for the same inputs and config.
# 3: attribution read from a dependency parse; evidence by document, read by the learned judge; hearsay
# is one weak origin; band ceilings. 4: hearsay never joins independently stated accounts; the ceiling
# sentence only where the ceiling was reached.
# 5: one learned decision in place of the judge's thresholds; every article read listed with its stance.
# 6: a passage a finder pins a clash on never supports the claim.
# 7: `high` needs corroboration (two independent origins); a single source stays below it.
SCORER_LOGIC_VERSION = "7"
# Input limits: the defaults of SCORER_MAX_CLAIM_CHARS, SCORER_MAX_BATCH_ITEMS and SCORER_MAX_DRAFT_CHARS,
# and the bounds the HTTP request schemas declare.
MAX_CLAIM_CHARS = 2_000
MAX_BATCH_ITEMS = 64
MAX_DRAFT_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class ScorerConfig:
    weights: ScoreWeights = field(default_factory=ScoreWeights)
    stance: StanceThresholds = field(default_factory=StanceThresholds)
    judge: JudgeReading = field(default_factory=JudgeReading)
    gathering: GatheringConfig = field(default_factory=GatheringConfig)
    max_evidence: int = 8  # passages returned per claim (at most passages_per_document per article)
    # Articles listed per claim with their stance (every one read, up to this many; the gathering's
    # max_documents bounds how many are read).
    max_documents_shown: int = 50
    max_claim_chars: int = MAX_CLAIM_CHARS
    max_batch_items: int = MAX_BATCH_ITEMS
    max_draft_chars: int = MAX_DRAFT_CHARS
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
        judge: Judge | None = None,
        decision: DecisionModel | None = None,
    ) -> None:
        """Without a judge, the conflict finders and similarity thresholds decide alone (the rules).

        With one, `decision` turns its readings into stances (default: the packaged decision, fitted for
        the packaged judge)."""
        self._embedder = embedder
        self._corpus = corpus
        self._outlets = outlets
        self._attributor = attributor
        self._config = config or ScorerConfig()
        self._judge = judge
        if judge is not None and decision is None:
            decision = DecisionModel.load(PACKAGED_DECISION)
        self._decision = decision
        judge_id = f"{judge.model_id}+{decision.model_id}" if judge is not None and decision else "rules"
        self.versions = Versions(
            model=embedder.model_id,
            corpus=corpus.version,
            scorer=_config_hash(
                self._config,
                judge_id,
                attributor.cache_key,
                f"{corpus.retrieval_config!r}|{corpus.index_kind}|{corpus.lexical_kind}",
            ),
            outlets=outlets.version,
            judge=judge_id,
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
        return ReliabilityScorer(
            self._embedder, corpus, self._outlets, self._attributor, self._config, self._judge, self._decision
        )

    def with_judge(self, judge: Judge | None, decision: DecisionModel | None = None) -> ReliabilityScorer:
        """The same scorer reading evidence with another judge (None: the rules alone), and its decision
        (default: this scorer's)."""
        return ReliabilityScorer(
            self._embedder,
            self._corpus,
            self._outlets,
            self._attributor,
            self._config,
            judge,
            decision or self._decision,
        )

    def with_config(self, config: ScorerConfig) -> ReliabilityScorer:
        """The same scorer with other thresholds or limits (evaluation sweeps, benchmarks)."""
        return ReliabilityScorer(
            self._embedder, self._corpus, self._outlets, self._attributor, config, self._judge, self._decision
        )

    @property
    def judge(self) -> Judge | None:
        return self._judge

    @property
    def decision(self) -> DecisionModel | None:
        return self._decision

    def with_documents(
        self,
        documents: Sequence[Document],
        *,
        vector_cache_dir: Path | None = None,
        vector_index_dir: Path | None = None,
        attribution_cache_dir: Path | None = None,
        engine: LanceEngine | None = None,
        engine_lexical: bool = False,
        passage_cache_dir: Path | None = None,
    ) -> ReliabilityScorer:
        """A scorer over a new corpus built from documents, reusing this scorer's model and rules, and the
        passages, vectors and attributions of every document this scorer's corpus already holds."""
        corpus = CorpusIndex.build(
            documents,
            self._embedder,
            self._attributor,
            vector_cache_dir=vector_cache_dir,
            vector_index_dir=vector_index_dir,
            attribution_cache_dir=attribution_cache_dir,
            engine=engine,
            engine_lexical=engine_lexical,
            previous=self._corpus,
            passage_cache_dir=passage_cache_dir,
        )
        return self.with_corpus(corpus)

    def validate_claim(self, claim: str) -> str:
        text = normalise_text(claim)
        if not text:
            raise EmptyText("the claim is empty")
        if len(claim) > self._config.max_claim_chars:
            raise TextTooLong(f"the claim is longer than {self._config.max_claim_chars} characters")
        return text

    def validate_batch_size(self, count: int) -> None:
        """BatchTooLarge when `count` claims exceed the configured batch limit."""
        if count > self._config.max_batch_items:
            raise BatchTooLarge(f"at most {self._config.max_batch_items} claims per batch")

    def score(self, claim: str, source: SourceRef | None = None) -> ClaimAssessment:
        return self.score_many([ClaimRequest(claim, source)])[0]

    def score_many(
        self, requests: Sequence[ClaimRequest], *, limit_batch: bool = True
    ) -> list[ClaimAssessment]:
        """Score several claims with one embedding batch and one retrieval pass."""
        if limit_batch:
            self.validate_batch_size(len(requests))
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
        return segment_claims(text, self._attributor.parser)

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
        """The rating of the outlet a claim comes from; neutral when no source is given."""
        if source is None:
            return self._outlets.rate(None)
        return self._outlets.rate_source(source.url, source.outlet)

    def _assess(
        self, texts: list[str], ratings: list[OutletRating], on_stage: StageHook | None = None
    ) -> list[ClaimAssessment]:
        if not texts:
            return []
        clock = StageClock(on_stage)
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
        clock: StageClock | None = None,
    ) -> list[ClaimAssessment]:
        clock = clock or StageClock(None)
        config = self._config
        hits_per_claim = self._corpus.search_many(texts, vectors, config.gathering.depth)
        # The judge reads only passages similar enough to be worth a call; the rules take the related ones.
        floor = config.judge.min_similarity if self._judge is not None else config.stance.related_similarity
        gathered = [gather(hits, floor, config.gathering) for hits in hits_per_claim]
        clock.lap("retrieve")
        items_per_claim = read_evidence(
            self._corpus,
            self._judge,
            self._decision,
            config.stance,
            config.judge,
            config.gathering.context_chars,
            texts,
            gathered,
        )
        clock.lap("stance")
        # One parser batch for every claim: a parse per call costs several times more per sentence.
        attributions = self._attributor.attribute_many(texts)
        clock.lap("attribute")
        return [
            self._assess_one(text, items, rating, attribution, clock)
            for text, items, rating, attribution in zip(
                texts, items_per_claim, ratings, attributions, strict=True
            )
        ]

    def _assess_one(
        self,
        text: str,
        items: list[EvidenceItem],
        rating: OutletRating,
        attribution: Attribution,
        clock: StageClock,
    ) -> ClaimAssessment:
        config = self._config
        supporting_items = [i for i in items if i.stance.label == "supports"]
        contradicting_items = [i for i in items if i.stance.label == "contradicts"]
        supporting = tuple(group_origins(supporting_items, self._outlets))
        contradicting = tuple(group_origins(contradicting_items, self._outlets))
        contradiction = noisy_or_strength(contradicting)
        verdict = verdict_of(supporting, contradiction, config.min_contradiction)
        combined = combine(
            Signals(
                outlet=rating.prior,
                attribution=attribution_strength(attribution, self._outlets),
                corroboration=noisy_or_strength(supporting),
                contradiction=contradiction,
            ),
            config.weights,
            ceiling=band_ceiling(verdict),
        )
        # Outlets that only repeat hearsay carry a report, not the claim.
        carriers = {outlet for origin in supporting if not origin.is_report for outlet in origin.outlets}
        related = _related_outlets(items)
        explanation = (
            *evidence_sentences(
                supporting, contradicting if verdict == "contested" else (), len(carriers), related
            ),
            attribution_sentence(attribution),
            outlet_sentence(rating),
            score_sentence(combined.score, combined.band, combined.contributions),
            *([cap_sentence(verdict, hearsay_only=not carriers)] if combined.capped else []),
        )
        documents = document_stances(items)
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
            evidence=_shown_evidence(items, config.max_evidence),
            documents=tuple(documents[: config.max_documents_shown]),
            documents_total=len(documents),
            explanation=explanation,
            contributions=combined.contributions,
            versions=self.versions,
        )


def _related_outlets(items: list[EvidenceItem]) -> tuple[str, ...]:
    """Outlets whose articles discuss the claim without settling it (and neither support nor contradict)."""
    settled = {i.entry.document.doc_id for i in items if i.stance.label != "related"}
    names = [i.entry.document.display_outlet for i in items if i.entry.document.doc_id not in settled]
    return tuple(dict.fromkeys(names))


def _shown_evidence(items: list[EvidenceItem], limit: int) -> tuple[EvidenceItem, ...]:
    """Contradicting and supporting passages first, then the closest related ones."""
    order = {"contradicts": 0, "supports": 1, "related": 2}
    return tuple(sorted(items, key=lambda i: (order[i.stance.label], -i.similarity))[:limit])


def _config_hash(config: ScorerConfig, judge_id: str, attribution_key: str, retrieval: str) -> str:
    """Everything besides the model, corpus and outlet table that decides a result: the logic version, the
    judge, the attribution rules and parser (``Attributor.cache_key``), the retrieval settings with the
    re-ranker's weights, and the scoring config. Part of every cache key, so changing any of them (a new
    spaCy pipeline or wheel, new rules, new re-ranker weights) never serves a result made under the old."""
    digest = hashlib.sha256(
        f"logic-v{SCORER_LOGIC_VERSION}|{judge_id}|{attribution_key}|{retrieval}|{config!r}".encode()
    )
    return digest.hexdigest()[:12]
