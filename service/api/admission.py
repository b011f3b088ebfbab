"""Admission to the scoring routes in one dependency: API key, rate limit, readiness, then what they need.

FastAPI solves each dependency separately, and on a cache hit that solving was half the request's time
(py-spy, bench/http_bench.py); one dependency that reads the lifespan state directly costs one solve.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from scoring import ReliabilityScorer
from service.adapters.cache import ScoreCache
from service.adapters.single_flight import SingleFlight
from service.api.auth import authenticate_read
from service.api.dependencies import ready_scorer
from service.api.metrics import ServiceMetrics
from service.api.rate_limit import check_rate_limit
from service.api.state import AppState
from service.settings import Settings


@dataclass(frozen=True, slots=True)
class ScoringContext:
    scorer: ReliabilityScorer
    cache: ScoreCache
    flight: SingleFlight
    metrics: ServiceMetrics
    settings: Settings


async def admit_scoring(request: Request) -> ScoringContext:
    """In order: the key (401/403), then the client's rate (429), then readiness (503)."""
    state: AppState = request.state.app_state
    metrics: ServiceMetrics = request.state.metrics
    caller = authenticate_read(request, state.settings)
    await check_rate_limit(request, caller, metrics)
    return ScoringContext(
        scorer=ready_scorer(state),
        cache=state.cache,
        flight=state.single_flight,
        metrics=metrics,
        settings=state.settings,
    )


ScoringDep = Annotated[ScoringContext, Depends(admit_scoring)]
