"""Core results -> the response models: the one place the API's JSON is built.

Every route answers with one of these models (or, for a score, the JSON bytes of one, as the cache
keeps them); floats are rounded to 4 decimals here, so a cached result and a fresh one are byte-equal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from scoring import Claim, ClaimAssessment, CorpusIndex, Cue, Document, Versions
from scoring.corpus import passage_context
from scoring.document_stances import DocumentStance
from scoring.evidence import EvidenceItem
from scoring.judgement import Conflict
from scoring.outlets import OutletRating
from scoring.report import AssessmentDigest, DraftSummary
from service.adapters.corpus_store import IngestSummary
from service.api.schemas.corpus import CorpusStatsResponse, DocumentResponse, IngestResponse, RejectionOut
from service.api.schemas.responses import (
    AttributionOut,
    CheckResponse,
    ConflictOut,
    ContributionOut,
    CorroborationOut,
    CueOut,
    DocumentOut,
    DocumentPassageOut,
    DraftClaimOut,
    DraftSummaryOut,
    EvidenceOut,
    JudgementOut,
    OriginOut,
    OutletOut,
    OutletSourceOut,
    ScoreResponse,
    ScoreResult,
    SignalsOut,
    SourceSpanOut,
    SpanOut,
    VersionsOut,
)

# Scores, priors and similarities are read by people and compared by clients; four decimals is more
# than any of them is accurate to, and keeps the JSON short.
DECIMALS = 4


def cue_out(cue: Cue) -> CueOut:
    return CueOut(text=cue.text, start=cue.start, end=cue.end, category=cue.category)


def attribution_out(a: ClaimAssessment) -> AttributionOut:
    """The claim's sourcing: kind, who, in what role, why unnamed, the cue and source spans, the hedges."""
    attribution = a.attribution
    source = None
    if attribution.source_start is not None and attribution.source_end is not None:
        start, end = attribution.source_start, attribution.source_end
        source = SourceSpanOut(text=a.claim[start:end], start=start, end=end)
    return AttributionOut(
        kind=attribution.kind,
        attributed_to=attribution.attributed_to,
        cited_outlet=attribution.cited_outlet_domain,
        cues=[cue_out(q) for q in attribution.cues],
        source_type=attribution.source_type,
        role=attribution.role,
        anonymity_reason=attribution.anonymity_reason,
        cue=cue_out(attribution.cue) if attribution.cue is not None else None,
        source=source,
        hedges=[cue_out(h) for h in attribution.hedges],
    )


def score_result(a: ClaimAssessment) -> ScoreResult:
    """A claim's result without the per-request `cached` flag: what the cache stores."""
    c = a.corroboration
    return ScoreResult(
        score=round(a.score, DECIMALS),
        band=a.band,
        verdict=a.verdict,
        signals=SignalsOut(
            outlet=outlet_out(a.outlet),
            attribution=attribution_out(a),
            corroboration=CorroborationOut(
                independent_sources=c.independent_sources,
                supporting=c.supporting,
                contradicting=c.contradicting,
                supporting_outlets=c.supporting_outlets,
                origins=[
                    OriginOut(
                        label=o.label,
                        outlets=list(o.outlets),
                        weight=round(o.weight, DECIMALS),
                        report=o.is_report,
                    )
                    for o in c.supporting_origins
                ],
            ),
        ),
        evidence=[evidence_out(e) for e in a.evidence],
        documents=[document_out(d) for d in a.documents],
        documents_total=a.documents_total,
        explanation=list(a.explanation),
        contributions=[
            ContributionOut(
                signal=k.signal, value=round(k.value, DECIMALS), log_odds=round(k.log_odds, DECIMALS)
            )
            for k in a.contributions
        ],
        versions=versions_out(a.versions),
    )


def score_result_json(a: ClaimAssessment) -> bytes:
    """The JSON bytes of `score_result(a)`: the form the cache stores and the scoring routes send."""
    return score_result(a).model_dump_json().encode()


def score_response(a: ClaimAssessment, *, cached: bool) -> ScoreResponse:
    return ScoreResponse(**dict(score_result(a)), cached=cached)


def outlet_out(rating: OutletRating) -> OutletOut:
    return OutletOut(
        domain=rating.domain,
        name=rating.name,
        prior=round(rating.prior, DECIMALS),
        confidence=round(rating.confidence, DECIMALS),
        rated=rating.rated,
        flags=list(rating.flags),
        source_type=rating.source_type,
        sources=[
            OutletSourceOut(
                source=s.source,
                label=s.label,
                value=round(s.value, DECIMALS),
                weight=round(s.weight, DECIMALS),
            )
            for s in rating.sources
        ],
    )


def _source_fields(document: Document) -> dict[str, Any]:
    """Where a passage or article comes from: the same fields in every answer that names one."""
    return {
        "doc_id": document.doc_id,
        "outlet": document.outlet_domain,
        "outlet_name": document.outlet_name,
        "title": document.title,
        "url": document.url,
        "published_at": document.published_at,
    }


def evidence_out(e: EvidenceItem) -> EvidenceOut:
    document, passage = e.entry.document, e.entry.passage
    before, after = passage_context(document.text, passage.start, passage.end)
    return EvidenceOut(
        **_source_fields(document),
        text=passage.text,
        context_before=before,
        context_after=after,
        start=passage.start,
        end=passage.end,
        similarity=round(e.similarity, DECIMALS),
        stance=e.stance.label,
        judge=judgement_out(e.stance.probabilities),
        conflicts=[conflict_out(k) for k in e.stance.conflicts],
        attribution=e.entry.attribution.kind,
    )


def document_out(d: DocumentStance) -> DocumentOut:
    document, passage = d.document, d.passage.entry.passage
    return DocumentOut(
        **_source_fields(document),
        stance=d.stance,
        probability=round(d.probability, DECIMALS),
        report_only=d.report_only,
        passage=DocumentPassageOut(text=passage.text, start=passage.start, end=passage.end),
        conflicts=[conflict_out(k) for k in d.passage.stance.conflicts],
        passages_read=d.passages_read,
    )


def conflict_out(k: Conflict) -> ConflictOut:
    return ConflictOut(
        kind=k.kind,
        claim=SpanOut(start=k.claim_span.start, end=k.claim_span.end, text=k.claim_span.text),
        passage=SpanOut(start=k.passage_span.start, end=k.passage_span.end, text=k.passage_span.text),
        explanation=k.explanation,
    )


def versions_out(versions: Versions) -> VersionsOut:
    return VersionsOut(
        model=versions.model,
        corpus=versions.corpus,
        scorer=versions.scorer,
        outlets=versions.outlets,
        judge=versions.judge,
    )


def judgement_out(probabilities: tuple[float, float, float] | None) -> JudgementOut | None:
    if probabilities is None:
        return None
    entails, contradicts, neutral = (round(p, DECIMALS) for p in probabilities)
    return JudgementOut(entails=entails, contradicts=contradicts, neutral=neutral)


def check_response(
    claims: Sequence[Claim],
    results: Sequence[ScoreResponse | None],
    summary: DraftSummary,
    versions: Versions,
) -> CheckResponse:
    """A draft check: every sentence with its offsets and, where it was check-worthy, its result."""
    return CheckResponse(
        claims=[
            DraftClaimOut(
                text=c.text, start=c.start, end=c.end, is_claim=c.is_check_worthy, reason=c.reason, result=r
            )
            for c, r in zip(claims, results, strict=True)
        ],
        summary=DraftSummaryOut(
            sentences=summary.sentences,
            claims=summary.claims,
            by_verdict=summary.by_verdict,
            by_band=summary.by_band,
            attention=list(summary.attention),
        ),
        versions=versions_out(versions),
    )


def digest_of(result: ScoreResult) -> AssessmentDigest:
    """What a draft summary needs of a result, read back from its response model (fresh or cached)."""
    outlet = result.signals.outlet
    return AssessmentDigest(
        score=result.score,
        band=result.band,
        verdict=result.verdict,
        attribution_kind=result.signals.attribution.kind,
        outlet_rated=outlet.rated,
        outlet_prior=outlet.prior,
    )


def corpus_stats_response(corpus: CorpusIndex) -> CorpusStatsResponse:
    outlets = Counter(d.outlet_domain or "unknown" for d in corpus.documents)
    return CorpusStatsResponse(
        version=corpus.version,
        documents=len(corpus.documents),
        passages=len(corpus.entries),
        dense_index=corpus.index_kind,
        outlets=dict(outlets.most_common()),
    )


def document_response(document: Document) -> DocumentResponse:
    return DocumentResponse(
        id=document.doc_id,
        outlet=document.outlet_domain,
        outlet_name=document.outlet_name,
        outlet_basis=document.outlet_basis,
        title=document.title,
        published_at=document.published_at,
        url=document.url,
        characters=len(document.text),
        text=document.text,
    )


def ingest_response(summary: IngestSummary, serving_version: str | None) -> IngestResponse:
    return IngestResponse(
        serving_version=serving_version,
        version=summary.version,
        previous_version=summary.previous_version,
        added=summary.added,
        updated=summary.updated,
        unchanged=summary.unchanged,
        deleted=summary.deleted,
        near_duplicates=summary.near_duplicates,
        rejected=[RejectionOut(where=w, reason=r) for w, r in summary.rejected],
    )
