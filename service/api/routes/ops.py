"""Operations: /healthz (alive), /readyz (model and corpus loaded), /metrics (Prometheus)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST

from service.api.dependencies import MetricsDep, StateDep
from service.api.json_response import model_json
from service.api.mapping import versions_out
from service.api.schemas.ops import (
    CacheStatusOut,
    CorpusSizeOut,
    HealthResponse,
    NotAliveResponse,
    NotReadyResponse,
    ReadyResponse,
)

router = APIRouter(tags=["ops"])


@router.get("/healthz", response_model=HealthResponse, responses={503: {"model": NotAliveResponse}})
async def healthz(state: StateDep) -> Response:
    """Alive: the process answers, and nothing it cannot recover from has happened.

    503 only when the model or outlet tables failed to load (no retry in this process can fix that), so an
    orchestrator restarts it. A corpus that cannot be loaded yet is retried and shows on /readyz instead.
    """
    if state.unrecoverable is not None:
        failed = NotAliveResponse(status="failed", detail=state.unrecoverable, code="not_alive")
        return model_json(failed, status_code=503)
    return model_json(HealthResponse(status="ok"))


@router.get("/readyz", response_model=ReadyResponse, responses={503: {"model": NotReadyResponse}})
async def readyz(state: StateDep) -> Response:
    """Ready once the model and corpus are loaded. A Redis outage degrades the cache, not readiness."""
    cache = CacheStatusOut(backend=state.cache.backend, degraded=state.cache.is_degraded)
    scorer = state.scorer
    if scorer is None:
        detail = state.load_error or "loading model and corpus"
        return model_json(
            NotReadyResponse(
                status="not_ready",
                detail=detail,
                code="not_ready",
                cache=cache,
                failed_attempts=state.load_attempts,
                retrying=state.unrecoverable is None,
            ),
            status_code=503,
        )
    corpus = CorpusSizeOut(documents=len(scorer.corpus.documents), passages=len(scorer.corpus.entries))
    return model_json(
        ReadyResponse(status="ready", cache=cache, versions=versions_out(scorer.versions), corpus=corpus)
    )


@router.get("/metrics", response_class=Response)
async def metrics_endpoint(metrics: MetricsDep) -> Response:
    """Prometheus text format, open like /healthz, for the in-cluster scraper.

    Expose it only inside the cluster: the NetworkPolicy opens the HTTP port to whatever the cluster
    routes, so an Ingress in front of the service must not route /metrics. It shows versions and
    traffic, never keys or claim text.
    """
    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)
