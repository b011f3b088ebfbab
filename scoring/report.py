"""What the core returns: per-claim assessments and draft reports (frozen values, no behaviour)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from scoring.attribution import Attribution
from scoring.claims import Claim
from scoring.combine import Band, Contribution
from scoring.document_stances import DocumentStance
from scoring.evidence import EvidenceItem, Origin
from scoring.outlets import OutletRating

Verdict = Literal["corroborated", "single_source", "contested", "unverified"]
VERDICTS: tuple[Verdict, ...] = ("corroborated", "single_source", "contested", "unverified")
BANDS: tuple[Band, ...] = ("high", "mixed", "low")


@dataclass(frozen=True, slots=True)
class Versions:
    model: str
    corpus: str
    scorer: str
    outlets: str
    judge: str = "rules"  # the claim-evidence judge's model id, or "rules" when the finders decide alone


@dataclass(frozen=True, slots=True)
class Corroboration:
    independent_sources: int  # supporting origins after grouping
    supporting: int  # supporting passages
    contradicting: int  # contradicting passages
    supporting_outlets: int  # distinct outlets carrying the support
    supporting_origins: tuple[Origin, ...]
    contradicting_origins: tuple[Origin, ...]


@dataclass(frozen=True, slots=True)
class ClaimAssessment:
    claim: str
    score: float
    band: Band
    verdict: Verdict
    outlet: OutletRating
    attribution: Attribution
    corroboration: Corroboration
    evidence: tuple[EvidenceItem, ...]
    explanation: tuple[str, ...]
    contributions: tuple[Contribution, ...]
    versions: Versions
    # Every article read for the claim, by stance (at most max_documents_shown; documents_total counts all).
    documents: tuple[DocumentStance, ...] = ()
    documents_total: int = 0


@dataclass(frozen=True, slots=True)
class DraftClaim:
    claim: Claim
    assessment: ClaimAssessment | None  # None for sentences that are not check-worthy claims


@dataclass(frozen=True, slots=True)
class DraftSummary:
    sentences: int
    claims: int
    by_verdict: dict[str, int]
    by_band: dict[str, int]
    attention: tuple[int, ...]  # indexes into DraftReport.claims, most urgent first


@dataclass(frozen=True, slots=True)
class DraftReport:
    claims: tuple[DraftClaim, ...]
    summary: DraftSummary
    versions: Versions


@dataclass(frozen=True, slots=True)
class AssessmentDigest:
    """The few fields a draft summary needs; built from an assessment or from a cached result."""

    score: float
    band: str
    verdict: str
    attribution_kind: str
    outlet_rated: bool
    outlet_prior: float

    @classmethod
    def of(cls, assessment: ClaimAssessment) -> AssessmentDigest:
        return cls(
            score=assessment.score,
            band=assessment.band,
            verdict=assessment.verdict,
            attribution_kind=assessment.attribution.kind,
            outlet_rated=assessment.outlet.rated,
            outlet_prior=assessment.outlet.prior,
        )


# An outlet rated below this prior makes a claim worth a second look even when nothing contradicts it.
WEAK_OUTLET_PRIOR = 0.45
# An outlet rated at or above this prior is described as highly reliable.
STRONG_OUTLET_PRIOR = 0.7


def attention_rank(digest: AssessmentDigest) -> int | None:
    """Lower is more urgent; None means the claim needs no attention.

    Order: contradicted by the archive, then low scores, then claims resting on an anonymous or
    hedged source or a poorly rated outlet, then claims nothing in the archive speaks to.
    """
    if digest.verdict == "contested":
        return 0
    if digest.band == "low":
        return 1
    if digest.attribution_kind in ("anonymous", "hedged"):
        return 2
    if digest.outlet_rated and digest.outlet_prior < WEAK_OUTLET_PRIOR:
        return 2
    if digest.verdict == "unverified":
        return 3
    return None


def summarise(digests: Sequence[AssessmentDigest | None]) -> DraftSummary:
    """Counts per verdict and band, and which claims need attention first (indexes into the sentences)."""
    assessed = [(i, d) for i, d in enumerate(digests) if d is not None]
    verdicts = Counter(d.verdict for _, d in assessed)
    bands = Counter(d.band for _, d in assessed)
    ranked = [(rank, d.score, i) for i, d in assessed if (rank := attention_rank(d)) is not None]
    ranked.sort()
    return DraftSummary(
        sentences=len(digests),
        claims=len(assessed),
        by_verdict={v: verdicts.get(v, 0) for v in VERDICTS},
        by_band={b: bands.get(b, 0) for b in BANDS},
        attention=tuple(i for _, _, i in ranked),
    )
