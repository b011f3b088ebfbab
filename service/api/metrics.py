"""Prometheus metrics: one registry per app, request metrics per route template, cache, stage and corpus gauges."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, InfoMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.state import AppState

access_logger = logging.getLogger("service.access")

# Label for requests no route handled (unknown paths, and bodies refused with 413 before routing), so
# scanners probing random paths cannot grow the series count.
UNMATCHED_ROUTE = "<unmatched>"
# Request latency: a cached /score answers in about a millisecond, a 64-claim batch or a long draft on CPU
# takes seconds; buckets cover both ends.
REQUEST_BUCKETS_SECONDS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# One scoring batch per stage: stance and combine run in microseconds per claim, embedding in tens of
# milliseconds per batch on CPU.
STAGE_BUCKETS_SECONDS = (0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class ServiceMetrics:
    """Every metric of one app, in that app's own registry (tests build many apps in one process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "http_requests",
            "HTTP requests answered, by route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "Time from the request's arrival to the end of its response body.",
            ["method", "route", "status"],
            buckets=REQUEST_BUCKETS_SECONDS,
            registry=self.registry,
        )
        self.stages = Histogram(
            "scorer_stage_duration_seconds",
            "Seconds one scoring batch spent in each stage (cache misses only).",
            ["stage"],
            buckets=STAGE_BUCKETS_SECONDS,
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "scorer_rate_limited_requests",
            "Requests refused with 429 by the rate limiter.",
            registry=self.registry,
        )
        # Bounded: routes are templates (or UNMATCHED_ROUTE) and statuses are the few the app sends.
        self._request_series: dict[tuple[str, str, int], tuple[Any, Any]] = {}
        self._state = _StateCollector()
        self.registry.register(self._state)

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count and time one request. The labelled children are kept per series: resolving labels
        takes a lock and builds tuples, a measurable share of a cache hit's few hundred microseconds."""
        series = (method, route, status)
        children = self._request_series.get(series)
        if children is None:
            labels = (method, route, str(status))
            children = (self.requests.labels(*labels), self.latency.labels(*labels))
            self._request_series[series] = children
        count, latency = children
        count.inc()
        latency.observe(seconds)

    def watch(self, state: AppState) -> None:
        """Read cache counters, corpus size and versions from this state at every scrape."""
        self._state.state = state

    def observe_stage(self, stage: str, seconds: float) -> None:
        """A ``scoring.stage_clock.StageHook``: called from the scoring thread, which prometheus_client allows."""
        self.stages.labels(stage).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _StateCollector(Collector):
    """Collects at scrape time from live state, so a reloaded corpus or a swapped cache shows at once."""

    def __init__(self) -> None:
        self.state: AppState | None = None

    def describe(self) -> Iterator[Metric]:
        # Describing nothing up front keeps registration from calling collect() before the state exists.
        return iter(())

    def collect(self) -> Iterator[Metric]:
        state = self.state
        if state is None:
            return
        cache = state.cache
        backend = cache.backend
        for name, value, doc in (
            ("scorer_cache_hits", cache.stats.hits, "Score cache lookups that found an entry."),
            ("scorer_cache_misses", cache.stats.misses, "Score cache lookups that found nothing."),
            (
                "scorer_cache_errors",
                cache.stats.errors,
                "Score cache calls that failed (the request went on uncached).",
            ),
        ):
            family = CounterMetricFamily(name, doc, labels=["backend"])
            family.add_metric([backend], value)
            yield family
        degraded = GaugeMetricFamily(
            "scorer_cache_degraded", "1 while the cache backend is skipped after errors."
        )
        degraded.add_metric([], 1.0 if cache.is_degraded else 0.0)
        yield degraded
        scorer = state.scorer
        ready = GaugeMetricFamily("scorer_ready", "1 once the model and corpus are loaded.")
        ready.add_metric([], 0.0 if scorer is None else 1.0)
        yield ready
        if scorer is None:
            return
        documents = GaugeMetricFamily("scorer_corpus_documents", "Documents in the corpus being served.")
        documents.add_metric([], len(scorer.corpus.documents))
        yield documents
        passages = GaugeMetricFamily(
            "scorer_corpus_passages", "Passages (retrieval units) in the corpus being served."
        )
        passages.add_metric([], len(scorer.corpus.entries))
        yield passages
        versions = scorer.versions
        info = InfoMetricFamily(
            "scorer_versions", "Model, corpus, scorer, outlet-table and judge versions being served."
        )
        info.add_metric([], asdict(versions))
        yield info


class ObserveRequests:
    """ASGI middleware: count and time each request by route template, and write one access log line.

    It sits inside RequestId (so log lines carry the request id) and outside the body-size limit (so
    413s are counted too). The access line never holds the body: claims and drafts can be confidential.
    """

    def __init__(self, app: ASGIApp, *, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client sees if the app raises before starting a response

        async def send_and_record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_record)
        finally:
            seconds = time.perf_counter() - started
            method = str(scope["method"])
            route = _route_template(scope)
            self.metrics.observe_request(method, route, status, seconds)
            if access_logger.isEnabledFor(logging.INFO):
                _log_access(method, route, status, seconds, scope.get("client"))


def _log_access(method: str, route: str, status: int, seconds: float, client: Any) -> None:
    fields: dict[str, Any] = {
        "method": method,
        "route": route,
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
        "client": client[0] if client else None,
    }
    access_logger.info("%s %s %d %.1fms", method, route, status, seconds * 1000, extra={"fields": fields})


def _route_template(scope: Scope) -> str:
    # The router records the route it matched in the scope (the same dict this middleware passed on).
    # Templates, never raw paths: /v1/documents/{id} is one series, not one per document.
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) and path else UNMATCHED_ROUTE
