"""HTTP routes: parse, call the scorer through the cache, map to the schema. No scoring logic here."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter
from fastapi.responses import Response

from service.cached_scoring import check_draft, score_claims
from service.dependencies import CacheDep, ScorerDep, SingleFlightDep, StateDep
from service.schemas import (
    BatchRequest,
    BatchResponse,
    CheckRequest,
    CheckResponse,
    ErrorResponse,
    ScoreRequest,
    ScoreResponse,
)

router = APIRouter()

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Body is not parseable (not JSON, not UTF-8)"},
    413: {"model": ErrorResponse, "description": "Body, claim, draft or batch over its limit"},
    422: {"model": ErrorResponse, "description": "Invalid input"},
    503: {"model": ErrorResponse, "description": "Still loading the model and corpus"},
}


class JSONBytes(Response):
    """orjson-rendered JSON: the payloads are plain dicts already shaped like the response models."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


@router.post("/score", response_model=ScoreResponse, responses=_ERRORS, tags=["score"])
async def score(body: ScoreRequest, scorer: ScorerDep, cache: CacheDep, flight: SingleFlightDep) -> Response:
    """Score one claim: corroboration and contradiction in the corpus, outlet prior, attribution."""
    [result] = await score_claims(scorer, cache, flight, [body.claim], [body.source])
    return JSONBytes(result)


@router.post("/score/batch", response_model=BatchResponse, responses=_ERRORS, tags=["score"])
async def score_batch(body: BatchRequest, scorer: ScorerDep, cache: CacheDep, flight: SingleFlightDep) -> Response:
    """Score up to 64 claims in one request; results come back in request order."""
    results = await score_claims(
        scorer, cache, flight, [item.claim for item in body.items], [item.source for item in body.items]
    )
    return JSONBytes({"results": results})


@router.post("/check", response_model=CheckResponse, responses=_ERRORS, tags=["draft"])
async def check(body: CheckRequest, scorer: ScorerDep, cache: CacheDep, flight: SingleFlightDep) -> Response:
    """Check a whole draft: every sentence with its offsets, the check-worthy ones scored, and a summary."""
    return JSONBytes(await check_draft(scorer, cache, flight, body.text, body.source))


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
        return JSONBytes({"status": "not_ready", "detail": detail, "code": "not_ready", "cache": cache}, status_code=503)
    versions = state.scorer.versions
    return JSONBytes(
        {
            "status": "ready",
            "cache": cache,
            "versions": {"model": versions.model, "corpus": versions.corpus, "scorer": versions.scorer, "outlets": versions.outlets},
            "corpus": {"documents": len(state.scorer.corpus.documents), "passages": len(state.scorer.corpus.entries)},
        }
    )
