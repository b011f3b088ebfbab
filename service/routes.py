"""HTTP routes: parse, call the scorer through the cache, map to the schema. No scoring logic here."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Depends
from fastapi.responses import Response

from service.auth import require_read_key
from service.cached_scoring import check_draft, score_claims
from service.dependencies import CacheDep, ScorerDep, SettingsDep, SingleFlightDep, StateDep
from service.logging_setup import log_submitted_texts
from service.metrics import MetricsDep
from service.rate_limit import enforce_rate_limit
from service.schemas import (
    BatchRequest,
    BatchResponse,
    CheckRequest,
    CheckResponse,
    ErrorResponse,
    ScoreRequest,
    ScoreResponse,
    error_responses,
)

router = APIRouter()

# 401 only when keys are required for reads (SCORER_REQUIRE_API_KEY_FOR_READS).
_ERRORS = error_responses(400, 401, 403, 413, 422, 429, 503)
# The scoring routes: the read-key check first, then the rate limit keyed on its result.
_READ_GUARDS = [Depends(require_read_key), Depends(enforce_rate_limit)]


class JSONBytes(Response):
    """orjson-rendered JSON: the payloads are plain dicts already shaped like the response models."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


@router.post(
    "/score", response_model=ScoreResponse, responses=_ERRORS, tags=["score"], dependencies=_READ_GUARDS
)
async def score(
    body: ScoreRequest,
    scorer: ScorerDep,
    cache: CacheDep,
    flight: SingleFlightDep,
    metrics: MetricsDep,
    settings: SettingsDep,
) -> Response:
    """Score one claim: corroboration and contradiction in the corpus, outlet prior, attribution."""
    log_submitted_texts(settings.log_claim_text, "claim", [body.claim])
    [result] = await score_claims(
        scorer, cache, flight, [body.claim], [body.source], on_stage=metrics.observe_stage
    )
    return JSONBytes(result)


@router.post(
    "/score/batch", response_model=BatchResponse, responses=_ERRORS, tags=["score"], dependencies=_READ_GUARDS
)
async def score_batch(
    body: BatchRequest,
    scorer: ScorerDep,
    cache: CacheDep,
    flight: SingleFlightDep,
    metrics: MetricsDep,
    settings: SettingsDep,
) -> Response:
    """Score up to 64 claims in one request; results come back in request order."""
    claims = [item.claim for item in body.items]
    log_submitted_texts(settings.log_claim_text, "claim", claims)
    results = await score_claims(
        scorer, cache, flight, claims, [item.source for item in body.items], on_stage=metrics.observe_stage
    )
    return JSONBytes({"results": results})


@router.post(
    "/check", response_model=CheckResponse, responses=_ERRORS, tags=["draft"], dependencies=_READ_GUARDS
)
async def check(
    body: CheckRequest,
    scorer: ScorerDep,
    cache: CacheDep,
    flight: SingleFlightDep,
    metrics: MetricsDep,
    settings: SettingsDep,
) -> Response:
    """Check a whole draft: every sentence with its offsets, the check-worthy ones scored, and a summary."""
    log_submitted_texts(settings.log_claim_text, "draft", [body.text])
    return JSONBytes(
        await check_draft(scorer, cache, flight, body.text, body.source, on_stage=metrics.observe_stage)
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
    versions = state.scorer.versions
    return JSONBytes(
        {
            "status": "ready",
            "cache": cache,
            "versions": {
                "model": versions.model,
                "corpus": versions.corpus,
                "scorer": versions.scorer,
                "outlets": versions.outlets,
            },
            "corpus": {
                "documents": len(state.scorer.corpus.documents),
                "passages": len(state.scorer.corpus.entries),
            },
        }
    )
