"""POST /score and /score/batch: parse, score through the cache, answer. No scoring logic here.

The answer is the JSON of ScoreResponse models (a batch: of BatchResponse), spliced from the bytes each
result is cached as (service/api/cached_scoring.py).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from service.api.admission import ScoringDep
from service.api.cached_scoring import score_claims
from service.api.json_response import json_bytes
from service.api.logs import log_submitted_texts
from service.api.schemas.errors import SCORING_ERRORS
from service.api.schemas.requests import BatchRequest, ScoreRequest
from service.api.schemas.responses import BatchResponse, ScoreResponse

router = APIRouter(tags=["score"])


@router.post("/score", response_model=ScoreResponse, responses=SCORING_ERRORS)
async def score(body: ScoreRequest, ctx: ScoringDep) -> Response:
    """Score one claim: corroboration and contradiction in the corpus, outlet prior, attribution."""
    log_submitted_texts(ctx.settings.log_claim_text, "claim", [body.claim])
    [result] = await score_claims(
        ctx.scorer, ctx.cache, ctx.flight, [body.claim], [body.source], on_stage=ctx.metrics.observe_stage
    )
    return json_bytes(result)


@router.post("/score/batch", response_model=BatchResponse, responses=SCORING_ERRORS)
async def score_batch(body: BatchRequest, ctx: ScoringDep) -> Response:
    """Score up to 64 claims in one request; results come back in request order."""
    claims = [item.claim for item in body.items]
    log_submitted_texts(ctx.settings.log_claim_text, "claim", claims)
    sources = [item.source for item in body.items]
    results = await score_claims(
        ctx.scorer, ctx.cache, ctx.flight, claims, sources, on_stage=ctx.metrics.observe_stage
    )
    return json_bytes(b'{"results":[' + b",".join(results) + b"]}")
