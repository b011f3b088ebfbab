"""Typed access to lifespan state for routes: StateDep, ScorerDep, SettingsDep, MetricsDep.

Every dependency here is ``async def``: FastAPI runs plain ``def`` dependencies in the thread pool, and
those hand-offs were most of the cost of a cache hit (py-spy, bench/http_bench.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from scoring import ReliabilityScorer
from service.api.errors import ServiceError
from service.api.metrics import ServiceMetrics
from service.api.state import AppState
from service.settings import Settings


async def get_state(request: Request) -> AppState:
    state: AppState = request.state.app_state
    return state


StateDep = Annotated[AppState, Depends(get_state)]


async def get_scorer(state: StateDep) -> ReliabilityScorer:
    return ready_scorer(state)


def ready_scorer(state: AppState) -> ReliabilityScorer:
    """The loaded scorer, or 503 with Retry-After while it loads (or after it failed to)."""
    if state.scorer is None:
        detail = "the scorer failed to load" if state.load_error else "the service is starting; retry shortly"
        raise ServiceError(503, "not_ready", detail, headers={"Retry-After": "5"})
    return state.scorer


async def get_settings_dep(state: StateDep) -> Settings:
    return state.settings


ScorerDep = Annotated[ReliabilityScorer, Depends(get_scorer)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


async def get_metrics(request: Request) -> ServiceMetrics:
    metrics: ServiceMetrics = request.state.metrics
    return metrics


MetricsDep = Annotated[ServiceMetrics, Depends(get_metrics)]
