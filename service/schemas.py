"""The public JSON contract: request and response models, and their mapping from core results."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from scoring import Claim, ClaimAssessment
from scoring.report import DraftSummary, Versions

# Control characters other than tab, newline and carriage return have no place in prose and break
# logs and terminals; lone surrogates cannot be encoded as UTF-8 at all.
_FORBIDDEN_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MAX_URL_CHARS = 2_048
MAX_OUTLET_CHARS = 200
# The per-request schema bounds; the configured limits (Settings) are enforced by the core as well.
MAX_CLAIM_CHARS = 2_000
MAX_DRAFT_CHARS = 100_000
MAX_BATCH_ITEMS = 64


def clean_text(value: str) -> str:
    if _FORBIDDEN_CHARS.search(value):
        raise ValueError("text contains control characters or invalid Unicode (lone surrogates)")
    return value


class SourceIn(BaseModel):
    """Where the claim was published or found. Either field may be given; url wins when both are."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"url": "https://www.reuters.com/world/"}]}
    )

    url: Annotated[str, StringConstraints(max_length=MAX_URL_CHARS)] | None = None
    outlet: Annotated[str, StringConstraints(max_length=MAX_OUTLET_CHARS)] | None = None

    @field_validator("url")
    @classmethod
    def _valid_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        clean_text(value)
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname or " " in value.strip():
            raise ValueError("url must be an absolute http(s) URL with a host")
        return value.strip()

    @field_validator("outlet")
    @classmethod
    def _valid_outlet(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return clean_text(value).strip()


ClaimText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_CLAIM_CHARS)]


class ScoreRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "claim": "ISIS snipers killed 15 children fleeing Mosul",
                    "source": {"url": "https://www.inquisitr.com/x"},
                }
            ]
        },
    )

    claim: ClaimText = Field(description=f"One claim, at most {MAX_CLAIM_CHARS} characters.")
    source: SourceIn | None = None

    @field_validator("claim")
    @classmethod
    def _claim_text(cls, value: str) -> str:
        clean_text(value)
        if not value.strip():
            raise ValueError("claim must contain non-whitespace text")
        return value


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[ScoreRequest] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)


class CheckRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Iraqi News reported that ISIS snipers killed 15 children. Is this true?",
                    "source": None,
                }
            ]
        },
    )

    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_DRAFT_CHARS)] = Field(
        description=f"The draft, at most {MAX_DRAFT_CHARS} characters."
    )
    source: SourceIn | None = None

    @field_validator("text")
    @classmethod
    def _draft_text(cls, value: str) -> str:
        clean_text(value)
        if not value.strip():
            raise ValueError("text must contain non-whitespace text")
        return value


class OutletSourceOut(BaseModel):
    source: str
    label: str
    value: float
    weight: float


class OutletOut(BaseModel):
    domain: str | None
    name: str | None
    prior: float
    confidence: float
    rated: bool
    flags: list[str]
    source_type: str
    sources: list[OutletSourceOut]


class CueOut(BaseModel):
    text: str
    start: int
    end: int
    category: str


class AttributionOut(BaseModel):
    kind: Literal["on_record", "media_report", "anonymous", "hedged", "unattributed"]
    attributed_to: str | None
    cited_outlet: str | None
    cues: list[CueOut]


class OriginOut(BaseModel):
    label: str
    outlets: list[str]
    weight: float


class CorroborationOut(BaseModel):
    independent_sources: int
    supporting: int
    contradicting: int
    supporting_outlets: int
    origins: list[OriginOut]


class SignalsOut(BaseModel):
    outlet: OutletOut
    attribution: AttributionOut
    corroboration: CorroborationOut


class SpanOut(BaseModel):
    start: int
    end: int
    text: str


class ConflictOut(BaseModel):
    kind: str
    claim: SpanOut
    passage: SpanOut
    explanation: str


class EvidenceOut(BaseModel):
    doc_id: str
    outlet: str | None
    outlet_name: str | None
    text: str
    start: int
    end: int
    similarity: float
    stance: Literal["supports", "contradicts", "related"]
    conflicts: list[ConflictOut]
    attribution: str


class ContributionOut(BaseModel):
    signal: str
    value: float
    log_odds: float


class VersionsOut(BaseModel):
    model: str
    corpus: str
    scorer: str
    outlets: str


class ScoreResponse(BaseModel):
    score: float = Field(ge=0, le=1)
    band: Literal["high", "mixed", "low"]
    verdict: Literal["corroborated", "single_source", "contested", "unverified"]
    signals: SignalsOut
    evidence: list[EvidenceOut]
    explanation: list[str]
    contributions: list[ContributionOut]
    versions: VersionsOut
    cached: bool

    @classmethod
    def from_assessment(cls, assessment: ClaimAssessment, *, cached: bool = False) -> ScoreResponse:
        return cls.model_validate(assessment_payload(assessment) | {"cached": cached})


class BatchResponse(BaseModel):
    results: list[ScoreResponse]


class DraftClaimOut(BaseModel):
    text: str
    start: int
    end: int
    is_claim: bool
    reason: str
    result: ScoreResponse | None


class DraftSummaryOut(BaseModel):
    sentences: int
    claims: int
    by_verdict: dict[str, int]
    by_band: dict[str, int]
    attention: list[int]


class CheckResponse(BaseModel):
    claims: list[DraftClaimOut]
    summary: DraftSummaryOut
    versions: VersionsOut


class ErrorResponse(BaseModel):
    detail: Any
    code: str


_ERROR_DESCRIPTIONS = {
    400: "Body is not parseable (not JSON, not UTF-8)",
    401: "API key required",
    403: "API key not valid",
    404: "No such document",
    409: "This deployment's corpus is read-only",
    413: "Body, claim, draft or batch over its limit",
    422: "Invalid input",
    429: "Over the per-client rate limit; see Retry-After",
    503: "Still loading the model and corpus",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI 'responses' for the given error statuses, all with the {detail, code} body."""
    return {
        status: {"model": ErrorResponse, "description": _ERROR_DESCRIPTIONS[status]} for status in statuses
    }


def versions_payload(versions: Versions) -> dict[str, str]:
    return {
        "model": versions.model,
        "corpus": versions.corpus,
        "scorer": versions.scorer,
        "outlets": versions.outlets,
    }


def assessment_payload(a: ClaimAssessment) -> dict[str, Any]:
    """Plain JSON-ready dict (what the cache stores), without the per-request 'cached' flag."""
    c = a.corroboration
    return {
        "score": round(a.score, 4),
        "band": a.band,
        "verdict": a.verdict,
        "signals": {
            "outlet": {
                "domain": a.outlet.domain,
                "name": a.outlet.name,
                "prior": round(a.outlet.prior, 4),
                "confidence": round(a.outlet.confidence, 4),
                "rated": a.outlet.rated,
                "flags": list(a.outlet.flags),
                "source_type": a.outlet.source_type,
                "sources": [
                    {
                        "source": s.source,
                        "label": s.label,
                        "value": round(s.value, 4),
                        "weight": round(s.weight, 4),
                    }
                    for s in a.outlet.sources
                ],
            },
            "attribution": {
                "kind": a.attribution.kind,
                "attributed_to": a.attribution.attributed_to,
                "cited_outlet": a.attribution.cited_outlet_domain,
                "cues": [
                    {"text": q.text, "start": q.start, "end": q.end, "category": q.category}
                    for q in a.attribution.cues
                ],
            },
            "corroboration": {
                "independent_sources": c.independent_sources,
                "supporting": c.supporting,
                "contradicting": c.contradicting,
                "supporting_outlets": c.supporting_outlets,
                "origins": [
                    {"label": o.label, "outlets": list(o.outlets), "weight": round(o.weight, 4)}
                    for o in c.supporting_origins
                ],
            },
        },
        "evidence": [
            {
                "doc_id": e.entry.document.doc_id,
                "outlet": e.entry.document.outlet_domain,
                "outlet_name": e.entry.document.outlet_name,
                "text": e.entry.passage.text,
                "start": e.entry.passage.start,
                "end": e.entry.passage.end,
                "similarity": round(e.similarity, 4),
                "stance": e.stance.label,
                "conflicts": [
                    {
                        "kind": k.kind,
                        "claim": {
                            "start": k.claim_span.start,
                            "end": k.claim_span.end,
                            "text": k.claim_span.text,
                        },
                        "passage": {
                            "start": k.passage_span.start,
                            "end": k.passage_span.end,
                            "text": k.passage_span.text,
                        },
                        "explanation": k.explanation,
                    }
                    for k in e.stance.conflicts
                ],
                "attribution": e.entry.attribution.kind,
            }
            for e in a.evidence
        ],
        "explanation": list(a.explanation),
        "contributions": [
            {"signal": k.signal, "value": round(k.value, 4), "log_odds": round(k.log_odds, 4)}
            for k in a.contributions
        ],
        "versions": versions_payload(a.versions),
    }


def draft_claim_payload(claim: Claim, result: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "is_claim": claim.is_check_worthy,
        "reason": claim.reason,
        "result": result,
    }


def check_payload(
    claims: Sequence[Claim], results: Sequence[dict[str, Any] | None], s: DraftSummary, versions: Versions
) -> dict[str, Any]:
    return {
        "claims": [draft_claim_payload(c, r) for c, r in zip(claims, results, strict=True)],
        "summary": {
            "sentences": s.sentences,
            "claims": s.claims,
            "by_verdict": s.by_verdict,
            "by_band": s.by_band,
            "attention": list(s.attention),
        },
        "versions": versions_payload(versions),
    }
