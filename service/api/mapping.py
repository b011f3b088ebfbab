"""Core results -> the JSON the API answers with."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scoring import Claim, ClaimAssessment
from scoring.report import DraftSummary, Versions


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
