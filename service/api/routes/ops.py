"""Operations: /healthz (alive), /readyz (model and corpus loaded), /metrics (Prometheus)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST

from service.api.dependencies import MetricsDep, StateDep
from service.api.json_response import JSONBytes
from service.api.mapping import versions_payload
from service.api.schemas.errors import ErrorResponse

router = APIRouter(tags=["ops"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Alive: the process answers. Says nothing about the model or Redis."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"model": ErrorResponse}})
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


@router.get("/metrics", response_class=Response)
async def metrics_endpoint(metrics: MetricsDep) -> Response:
    """Prometheus text format, open like /healthz, for the in-cluster scraper.

    Expose it only inside the cluster: the NetworkPolicy opens the HTTP port to whatever the cluster
    routes, so an Ingress in front of the service must not route /metrics. It shows versions and
    traffic, never keys or claim text.
    """
    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)
