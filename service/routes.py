"""HTTP routes: parse, call the scorer through the cache, map to the schema. No scoring logic here."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter
from fastapi.responses import Response

from service.cached_scoring import check_draft, score_claims
from service.dependencies import StateDep
from service.logging_setup import log_submitted_texts
from service.schemas import (
    BatchRequest,
    BatchResponse,
    CheckRequest,
    CheckResponse,
    ErrorResponse,
    ScoreRequest,
    ScoreResponse,
    error_responses,
    versions_payload,
)
from service.scoring_context import ScoringDep

router = APIRouter()

# 401 only when keys are required for reads (SCORER_REQUIRE_API_KEY_FOR_READS).
_ERRORS = error_responses(400, 401, 403, 413, 422, 429, 503)


class JSONBytes(Response):
    """orjson-rendered JSON: the payloads are plain dicts already shaped like the response models."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


@router.post("/score", response_model=ScoreResponse, responses=_ERRORS, tags=["score"])
async def score(body: ScoreRequest, ctx: ScoringDep) -> Response:
    """Score one claim: corroboration and contradiction in the corpus, outlet prior, attribution."""
    log_submitted_texts(ctx.settings.log_claim_text, "claim", [body.claim])
    [result] = await score_claims(
        ctx.scorer, ctx.cache, ctx.flight, [body.claim], [body.source], on_stage=ctx.metrics.observe_stage
    )
    return Response(result, media_type="application/json")


@router.post("/score/batch", response_model=BatchResponse, responses=_ERRORS, tags=["score"])
async def score_batch(body: BatchRequest, ctx: ScoringDep) -> Response:
    """Score up to 64 claims in one request; results come back in request order."""
    claims = [item.claim for item in body.items]
    log_submitted_texts(ctx.settings.log_claim_text, "claim", claims)
    sources = [item.source for item in body.items]
    results = await score_claims(
        ctx.scorer, ctx.cache, ctx.flight, claims, sources, on_stage=ctx.metrics.observe_stage
    )
    return Response(b'{"results":[' + b",".join(results) + b"]}", media_type="application/json")


@router.post("/check", response_model=CheckResponse, responses=_ERRORS, tags=["draft"])
async def check(body: CheckRequest, ctx: ScoringDep) -> Response:
    """Check a whole draft: every sentence with its offsets, the check-worthy ones scored, and a summary."""
    log_submitted_texts(ctx.settings.log_claim_text, "draft", [body.text])
    return JSONBytes(
        await check_draft(
            ctx.scorer, ctx.cache, ctx.flight, body.text, body.source, on_stage=ctx.metrics.observe_stage
        )
    )


@router.get("/healthz", tags=["ops"])
async def healthz() -> dict[str, str]:
    """Alive: the process answers. Says nothing about the model or Redis."""
    return {"status": "ok"}


@router.get("/readyz", tags=["ops"], responses={503: {"model": ErrorResponse}})
async def readyz(state: StateDep) -> Response:
    """Ready once the model and corpus are loaded. A Redis outage degrades the cache, not readiness."""
    cache = {"backend": state.cache.backend, "degraded": state.cache.is_degraded}
    if state.scorer is None:
        detail = state.load_error or "loading model and corpus"
        return JSONBytes(
            {"status": "not_ready", "detail": detail, "code": "not_ready", "cache": cache}, status_code=503
        )
    return JSONBytes(
        {
            "status": "ready",
            "cache": cache,
            "versions": versions_payload(state.scorer.versions),
            "corpus": {
                "documents": len(state.scorer.corpus.documents),
                "passages": len(state.scorer.corpus.entries),
            },
        }
    )
