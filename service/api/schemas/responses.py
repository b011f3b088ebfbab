"""What the scoring routes answer: the JSON contract of a score, a batch and a draft check.

service/api/mapping.py is the one place these are built from the core's results; a cached result is
the JSON of a ScoreResult, served with its `cached` flag appended (tests/unit/service/api/test_contract.py
proves both paths give the same JSON as the models).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


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


class SourceSpanOut(BaseModel):
    text: str
    start: int
    end: int


class AttributionOut(BaseModel):
    kind: Literal["on_record", "media_report", "anonymous", "hedged", "unattributed"]
    attributed_to: str | None
    cited_outlet: str | None
    cues: list[CueOut]
    source_type: Literal["person", "organisation", "document", "outlet", "unnamed", "collective"] | None = (
        Field(None, description="Who the source is; null when the claim names none.")
    )
    role: str | None = Field(
        None, description='The source\'s role when given: "spokeswoman", "chief hydrologist".'
    )
    anonymity_reason: str | None = Field(
        None, description="Why the source is not named, as the text gives it (an anonymity condition)."
    )
    cue: CueOut | None = Field(
        None, description="The reporting cue the claim rests on (offsets into the claim)."
    )
    source: SourceSpanOut | None = Field(None, description="The source's span in the claim.")
    hedges: list[CueOut] = Field(default_factory=list, description='"reportedly", "is believed to" ...')


class OriginOut(BaseModel):
    label: str
    outlets: list[str]
    weight: float
    report: bool = Field(
        description="Every passage of this origin only repeats the claim as hearsay (hedged, or from an "
        "unnamed source): a report of it, counted once and weakly, never as corroboration."
    )


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


class JudgementOut(BaseModel):
    """Probabilities that the passage (read with its neighbouring sentences) entails, contradicts or
    neither settles the claim. The stance is the learned decision's, which weighs these with the clashes the
    conflict finders propose and the judge's reading of the claim with each clash swapped in."""

    entails: float = Field(ge=0, le=1)
    contradicts: float = Field(ge=0, le=1)
    neutral: float = Field(ge=0, le=1)


class EvidenceOut(BaseModel):
    doc_id: str
    outlet: str | None
    outlet_name: str | None
    title: str | None = Field(description="The article's headline, where the corpus records one.")
    url: str | None = Field(description="Where the article was published, where known.")
    published_at: str | None = Field(description="Publication date (ISO 8601), where known.")
    text: str
    context_before: str = Field(
        description="The article text just before the passage (about a sentence), page furniture left out."
    )
    context_after: str = Field(description="The article text just after the passage.")
    start: int
    end: int
    similarity: float
    stance: Literal["supports", "contradicts", "related"]
    judge: JudgementOut | None = Field(
        description="The learned judge's reading of the passage against the claim; null when the rules decided."
    )
    conflicts: list[ConflictOut]
    attribution: str


class DocumentPassageOut(BaseModel):
    text: str
    start: int = Field(description="Offset of the passage in the article's text.")
    end: int


class DocumentOut(BaseModel):
    """One article the service read for the claim, with where it stands."""

    doc_id: str
    outlet: str | None
    outlet_name: str | None
    title: str | None
    url: str | None
    published_at: str | None
    stance: Literal["supports", "contradicts", "related"] = Field(
        description="contradicts if any passage read contradicts the claim, else supports if any supports "
        "it, else related (the article discusses the claim without settling it)."
    )
    probability: float = Field(
        ge=0,
        le=1,
        description="The decision's calibrated probability of that stance for the deciding passage.",
    )
    report_only: bool = Field(description="The article supports the claim only by repeating hearsay.")
    passage: DocumentPassageOut = Field(description="The passage that decided the article's stance.")
    conflicts: list[ConflictOut] = Field(description="The clashing spans, for a contradicting article.")
    passages_read: int


class ContributionOut(BaseModel):
    signal: str
    value: float
    log_odds: float


class VersionsOut(BaseModel):
    model: str
    corpus: str
    scorer: str
    outlets: str
    judge: str = Field(description='The claim-evidence judge (model id and checksum prefix), or "rules".')


class ScoreResult(BaseModel):
    """One claim's result, as the cache stores it: everything a score response holds but `cached`."""

    score: float = Field(ge=0, le=1)
    band: Literal["high", "mixed", "low"]
    verdict: Literal["corroborated", "single_source", "contested", "unverified"]
    signals: SignalsOut
    evidence: list[EvidenceOut]
    documents: list[DocumentOut] = Field(
        description="Every article read for the claim, contradicting first, then supporting, then related "
        "(at most SCORER_MAX_DOCUMENTS_SHOWN)."
    )
    documents_total: int = Field(description="How many articles were read, shown or not.")
    explanation: list[str]
    contributions: list[ContributionOut]
    versions: VersionsOut


class ScoreResponse(ScoreResult):
    cached: bool = Field(description="Whether the result came from the cache.")


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
