"""App variants for the benchmark: the real app with one change applied, to measure a change before making it.

``create_app_async_deps``: the real app whose request dependencies (service/dependencies.py, the read-key
check in service/auth.py and get_metrics in service/metrics.py) are ``async def``. FastAPI runs a plain
``def`` dependency in the thread pool, so each cached /score pays one thread hand-off per dependency;
an ``async def`` dependency runs inline on the event loop. None of them blocks, so none needs a thread.
``app.dependency_overrides`` cannot measure this, because FastAPI re-reads an override's signature on every
request; so the variant gives the existing functions async bodies before the routes are imported.

Run: uvicorn bench.variants:create_app_async_deps --factory --port 8002 --workers 1
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from service import auth, dependencies, metrics


async def _get_state(request: Any) -> Any:
    return request.state.app_state


async def _get_scorer(state: Any) -> Any:
    if state.scorer is None:
        detail = "the scorer failed to load" if state.load_error else "the service is starting; retry shortly"
        raise ServiceError(503, "not_ready", detail, headers={"Retry-After": "5"})  # type: ignore[name-defined]  # noqa: F821 - resolved in service.dependencies' globals
    return state.scorer


async def _get_cache(state: Any) -> Any:
    return state.cache


async def _get_settings_dep(state: Any) -> Any:
    return state.settings


async def _get_single_flight(state: Any) -> Any:
    return state.single_flight


async def _require_read_key(request: Any, settings: Any) -> Any:
    return _authenticate(  # type: ignore[name-defined]  # noqa: F821 - resolved in service.auth's globals
        request,
        settings.api_keys,
        presented_key(request),  # type: ignore[name-defined]  # noqa: F821
        required=settings.require_api_key_for_reads,
    )


async def _get_metrics(request: Any) -> Any:
    return request.state.metrics


def _make_dependencies_async() -> None:
    """Swap in async bodies; the function objects, and so every Depends() that names them, stay the same."""
    for name, replacement in {
        "get_state": _get_state,
        "get_scorer": _get_scorer,
        "get_cache": _get_cache,
        "get_settings_dep": _get_settings_dep,
        "get_single_flight": _get_single_flight,
    }.items():
        getattr(dependencies, name).__code__ = replacement.__code__
    auth.require_read_key.__code__ = _require_read_key.__code__
    metrics.get_metrics.__code__ = _get_metrics.__code__


def create_app_async_deps() -> FastAPI:
    _make_dependencies_async()
    from service.main import create_app

    return create_app()
