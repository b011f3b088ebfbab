"""Admission to every keyed or limited route: the API key and the client's rate, decided in one step.

The rate limit counts a request before a missing or wrong key is refused: were the key checked first, a
client could try keys without limit. A verified key counts in its own window; every other request, a
wrong key included, counts against the client address, so a made-up key never buys a fresh window.
The corpus routes declare RequireWriteKey or RequireReadKey. The scoring routes take everything they need
in one dependency, ScoringDep: FastAPI solves each dependency separately, and on a cache hit that solving
was half the request's time (py-spy, bench/http_bench.py); one dependency that reads the lifespan state
directly costs one solve.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from scoring import ReliabilityScorer
from service.adapters.cache import ScoreCache
from service.adapters.single_flight import SingleFlight
from service.api.auth import Caller, identify, presented_key
from service.api.dependencies import SettingsDep, ready_scorer
from service.api.metrics import ServiceMetrics
from service.api.rate_limit import check_rate_limit
from service.api.state import AppState
from service.settings import Settings

# auto_error=False: admission decides between 401 and 403 itself; the schemes document the write routes.
_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key.")
_bearer = HTTPBearer(auto_error=False, description="The same API key as a bearer token.")


async def admit(request: Request, settings: Settings, *, key_required: bool) -> Caller:
    """The caller, once counted by the rate limiter (429) and then checked for its key (401/403)."""
    caller, refusal = identify(request, settings.api_keys, presented_key(request), required=key_required)
    await check_rate_limit(request, caller)
    if refusal is not None:
        raise refusal
    return caller


async def require_write_key(
    request: Request,
    settings: SettingsDep,
    _header_scheme: Annotated[str | None, Depends(_api_key_header)],
    _bearer_scheme: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """A valid key, always. The two scheme parameters only mark the route as secured in the OpenAPI."""
    return await admit(request, settings, key_required=True)


async def require_read_key(request: Request, settings: SettingsDep) -> Caller:
    """A valid key when ``require_api_key_for_reads`` is set; else optional (a key sent must be valid).

    No security scheme is declared: the OpenAPI would then call the key mandatory, which by default it
    is not; the 401 and 403 answers are documented on the routes instead."""
    return await admit(request, settings, key_required=settings.require_api_key_for_reads)


RequireWriteKey = Annotated[Caller, Depends(require_write_key)]
RequireReadKey = Annotated[Caller, Depends(require_read_key)]


@dataclass(frozen=True, slots=True)
class ScoringContext:
    scorer: ReliabilityScorer
    cache: ScoreCache
    flight: SingleFlight
    metrics: ServiceMetrics
    settings: Settings


async def admit_scoring(request: Request) -> ScoringContext:
    """In order: the client's rate (429), then the key (401/403), then readiness (503)."""
    state: AppState = request.state.app_state
    metrics: ServiceMetrics = request.state.metrics
    await admit(request, state.settings, key_required=state.settings.require_api_key_for_reads)
    return ScoringContext(
        scorer=ready_scorer(state),
        cache=state.cache,
        flight=state.single_flight,
        metrics=metrics,
        settings=state.settings,
    )


ScoringDep = Annotated[ScoringContext, Depends(admit_scoring)]
