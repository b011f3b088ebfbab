"""The composition root: builds the real adapters, wires the app, and owns start-up and shutdown.

``create_app`` is the ASGI factory (``uvicorn service.app:create_app --factory``); ``build_scorer`` is
the one place a scorer is put together from settings, used by the app, the CLI and the evaluation.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from scoring import (
    Attributor,
    CorpusIndex,
    Embedder,
    OutletTable,
    ReliabilityScorer,
    ScorerConfig,
    StanceThresholds,
    load_manifest,
)
from scoring.judgement.decision import DecisionModel
from scoring.judgement.judge import Judge
from service.adapters.cache import InMemoryScoreCache, RedisScoreCache, ScoreCache
from service.adapters.corpus_store import CorpusStore
from service.adapters.corpus_sync import watch_corpus
from service.adapters.embedder import load_embedder
from service.adapters.judge import load_decision, load_judge
from service.adapters.parser import load_parser
from service.adapters.search_engine import search_engine
from service.api import errors
from service.api.metrics import ObserveRequests, ServiceMetrics
from service.api.middleware import BodySizeLimit, RequestId
from service.api.rate_limit import open_rate_limiter
from service.api.routes import ROUTES
from service.api.state import AppState
from service.loading import load_until_ready
from service.settings import Settings, get_settings

logger = logging.getLogger(__name__)


def scorer_config(settings: Settings) -> ScorerConfig:
    return ScorerConfig(
        weights=settings.weights,
        judge=settings.judge,
        gathering=settings.gathering,
        stance=StanceThresholds(
            supports_similarity=settings.supports_similarity, related_similarity=settings.related_similarity
        ),
        max_claim_chars=settings.max_claim_chars,
        max_batch_items=settings.max_batch_items,
        max_draft_chars=settings.max_draft_chars,
        max_documents_shown=settings.max_documents_shown,
    )


def open_corpus_store(settings: Settings) -> CorpusStore | None:
    """The writable, versioned corpus, seeded from the manifest on first use; None when disabled."""
    if not settings.corpus_store_enabled:
        return None
    return CorpusStore.open(settings.corpus_store_dir, seed_manifest=settings.corpus_manifest)


@dataclass(frozen=True, slots=True)
class ScorerParts:
    """What a scorer needs besides its corpus: loaded once per process."""

    embedder: Embedder
    outlets: OutletTable
    attributor: Attributor
    judge: Judge | None
    decision: DecisionModel | None = None


def load_parts(settings: Settings, embedder: Embedder | None = None) -> ScorerParts:
    """The outlet table and the model (unless one is given); the slow part of start-up (seconds)."""
    outlets = OutletTable.from_csv(settings.outlets_path, settings.outlet_aliases_path)
    embedder = embedder or load_embedder(
        settings
    )  # first: a missing ONNX export fails before the parser loads
    # Only news outlets make a "media report"; UNICEF and the State Department are in the table too.
    attributor = Attributor(outlets.media_aliases(), parser=load_parser(settings))
    judge = load_judge(settings)
    decision = load_decision(settings) if judge is not None else None
    return ScorerParts(embedder, outlets, attributor, judge, decision)


def index_corpus(settings: Settings, parts: ScorerParts, store: CorpusStore | None) -> ReliabilityScorer:
    """A scorer over the store's current version (the manifest when there is no store)."""
    documents = store.documents() if store is not None else load_manifest(settings.corpus_manifest)
    corpus = CorpusIndex.build(
        documents,
        parts.embedder,
        parts.attributor,
        vector_cache_dir=settings.vectors_dir,
        vector_index_dir=settings.index_dir,
        attribution_cache_dir=settings.attributions_dir,
        engine=search_engine(settings),
        engine_lexical=settings.engine_lexical,
        passage_cache_dir=settings.passages_dir,
    )
    logger.info(
        "scorer ready: model %s, corpus %s (%d documents, %d passages)",
        parts.embedder.model_id,
        corpus.version,
        len(corpus.documents),
        len(corpus.entries),
    )
    return ReliabilityScorer(
        parts.embedder,
        corpus,
        parts.outlets,
        parts.attributor,
        scorer_config(settings),
        parts.judge,
        parts.decision,
    )


def build_scorer(settings: Settings, store: CorpusStore | None = None) -> ReliabilityScorer:
    """Load the model, the outlet table and the corpus (the store's, when given) in one call."""
    return index_corpus(settings, load_parts(settings), store)


def serving_scorer(settings: Settings) -> ReliabilityScorer:
    """The scorer the service would serve with these settings: over the corpus store when it is enabled."""
    return build_scorer(settings, open_corpus_store(settings))


def create_app(
    settings: Settings | None = None,
    *,
    scorer: ReliabilityScorer | None = None,
    cache: ScoreCache | None = None,
    corpus_store: CorpusStore | None = None,
    embedder: Embedder | None = None,
) -> FastAPI:
    """Build the app. Tests pass their own settings, scorer, cache and store instead of patching anything.

    With no scorer given, the real one loads in the background (service/loading.py), over the corpus store
    from settings, with `embedder` instead of the configured model when one is given.
    """
    settings = settings or get_settings()
    metrics = ServiceMetrics()  # per app, never the global registry: tests build many apps

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        async with AsyncExitStack() as stack:
            ready_cache = cache if cache is not None else await _open_cache(stack, settings)
            state = AppState(
                settings=settings,
                cache=ready_cache,
                scorer=scorer,
                corpus_store=corpus_store,
                corpus_store_pending=scorer is None and settings.corpus_store_enabled,
            )
            metrics.watch(state)
            rate_limiter = await stack.enter_async_context(open_rate_limiter(settings))
            tasks = [] if scorer is not None else [asyncio.create_task(_load(state, embedder))]
            tasks.append(asyncio.create_task(watch_corpus(state)))
            try:
                yield {"app_state": state, "metrics": metrics, "rate_limiter": rate_limiter}
            finally:
                for task in tasks:
                    task.cancel()

    app = FastAPI(
        title="Source reliability scorer",
        version="0.1.0",
        summary="How far a news claim can be trusted, and why.",
        lifespan=lifespan,
        docs_url=None,  # service/api/routes/docs.py serves both without a CDN
        redoc_url=None,
        # The routes sit on the app's own router: FastAPI matches an included router as one more level
        # (matched twice per request), which cost about a tenth of a cache hit (bench/http_bench.py).
        routes=ROUTES,
    )
    errors.install(app)
    _add_middleware(app, settings, metrics)
    return app


async def _open_cache(stack: AsyncExitStack, settings: Settings) -> ScoreCache:
    """Redis when configured (degraded, not failed, while it is down), else the in-process LRU."""
    if settings.redis_url:
        return await stack.enter_async_context(
            RedisScoreCache.connect(
                settings.redis_url,
                ttl_seconds=settings.cache_ttl_seconds,
                timeout_seconds=settings.redis_timeout_seconds,
                retry_seconds=settings.redis_retry_seconds,
            )
        )
    return InMemoryScoreCache(settings.cache_max_entries, settings.cache_ttl_seconds)


def _add_middleware(app: FastAPI, settings: Settings, metrics: ServiceMetrics) -> None:
    """Added innermost first: the request id wraps everything, so every log line and metric carries it;
    CORS wraps even that, so that every answer a browser can get carries its headers (the body-size
    check's 413 and 400 too, which a listed origin otherwise sees as a network error)."""
    app.add_middleware(
        BodySizeLimit, max_bytes=settings.max_body_bytes, timeout_seconds=settings.body_timeout_seconds
    )
    app.add_middleware(ObserveRequests, metrics=metrics)  # inside RequestId: logs get its id
    app.add_middleware(RequestId)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-API-Key", "Authorization", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
            max_age=600,
        )


async def _load(state: AppState, embedder: Embedder | None) -> None:
    """Load in the background so /healthz answers while the model loads and /readyz says 503 until done."""
    settings = state.settings
    await load_until_ready(
        state,
        load_parts=lambda: load_parts(settings, embedder),
        open_store=lambda: open_corpus_store(settings),
        index=lambda parts, store: index_corpus(settings, parts, store),
    )
