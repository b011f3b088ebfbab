"""The composition root: builds the real adapters, wires the app, and owns start-up and shutdown."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool

from scoring import (
    Attributor,
    CorpusIndex,
    Embedder,
    ModelUnavailable,
    OutletTable,
    ReliabilityScorer,
    ScorerConfig,
    SentenceTransformerEmbedder,
    StanceThresholds,
    load_manifest,
)
from scoring.embedding.onnx_export import is_export_of
from scoring.embedding.onnx_runtime import OnnxEmbedder
from service import corpus_routes, errors, plugin, routes
from service.cache import InMemoryScoreCache, RedisScoreCache, ScoreCache
from service.corpus_store import CorpusStore
from service.corpus_sync import watch_corpus
from service.memory import release_freed_memory
from service.metrics import ObserveRequests, ServiceMetrics
from service.metrics import router as metrics_router
from service.middleware import BodySizeLimit, RequestId
from service.rate_limit import open_rate_limiter
from service.settings import Settings, get_settings
from service.state import AppState

logger = logging.getLogger(__name__)

# The export takes about 10 s on 2 cores; ten minutes still fails a wedged child clearly.
EXPORT_TIMEOUT_SECONDS = 600


def scorer_config(settings: Settings) -> ScorerConfig:
    return ScorerConfig(
        weights=settings.weights,
        top_k=settings.top_k,
        stance=StanceThresholds(
            supports_similarity=settings.supports_similarity, related_similarity=settings.related_similarity
        ),
        max_claim_chars=settings.max_claim_chars,
        max_batch_items=settings.max_batch_items,
        max_draft_chars=settings.max_draft_chars,
    )


def open_corpus_store(settings: Settings) -> CorpusStore | None:
    """The writable, versioned corpus, seeded from the manifest on first use; None when disabled."""
    if not settings.corpus_store_enabled:
        return None
    return CorpusStore.open(settings.corpus_store_dir, seed_manifest=settings.corpus_manifest)


def load_embedder(settings: Settings) -> Embedder:
    """The embedder the settings pick; a missing ONNX export is made once, or named with its command."""
    if settings.embedding_backend == "torch":
        return SentenceTransformerEmbedder.load(settings.resolved_model_dir())
    onnx_dir = settings.resolved_onnx_model_dir()
    model_dir = settings.resolved_model_dir()
    if settings.onnx_auto_export and not is_export_of(onnx_dir, model_dir):
        export_once(model_dir, onnx_dir)
    try:
        return OnnxEmbedder.load(onnx_dir)
    except ModelUnavailable as exc:
        raise ModelUnavailable(
            f"{exc}; run `reliability export-onnx --out {onnx_dir}` or set SCORER_EMBEDDING_BACKEND=torch"
        ) from exc


def export_once(model_dir: Path, onnx_dir: Path) -> None:
    """Export beside `onnx_dir`, then rename into place: replicas starting together on one state volume
    each export, the first rename wins, and no process ever loads a half-written model. An export made
    from another model (SCORER_MODEL_DIR changed) is replaced."""
    logger.info("exporting %s to ONNX int8 in %s (once)", model_dir, onnx_dir)
    onnx_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=onnx_dir.parent, prefix=f".{onnx_dir.name}-"))
    try:
        _export_in_child(model_dir, staging)
        if not is_export_of(onnx_dir, model_dir):
            # Absent, interrupted, or made from another model: the sessions that loaded it keep their copy.
            shutil.rmtree(onnx_dir, ignore_errors=True)
            os.replace(staging, onnx_dir)
    except OSError:
        if not is_export_of(onnx_dir, model_dir):
            raise  # not another replica's rename winning the race: a real failure
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _export_in_child(model_dir: Path, out: Path) -> None:
    """Export in a child process: the export imports torch (about 450 MB resident), which the serving
    process then never holds; an export in-process kept a first start at 590 MiB instead of 200."""
    command = [
        sys.executable,
        "-m",
        "service.cli",
        "export-onnx",
        "--out",
        str(out),
        "--model-dir",
        str(model_dir),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=EXPORT_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ModelUnavailable(f"exporting {model_dir} to ONNX took over {EXPORT_TIMEOUT_SECONDS} s") from exc
    if done.returncode != 0:
        raise ModelUnavailable(f"exporting {model_dir} to ONNX failed: {done.stderr.strip()[-2000:]}")


def build_scorer(settings: Settings, store: CorpusStore | None = None) -> ReliabilityScorer:
    """Load the model, the outlet table and the corpus; the slow part of start-up (seconds)."""
    outlets = OutletTable.from_csv(settings.outlets_path, settings.outlet_aliases_path)
    attributor = Attributor(outlets.aliases)
    embedder = load_embedder(settings)
    documents = store.documents() if store is not None else load_manifest(settings.corpus_manifest)
    corpus = CorpusIndex.build(
        documents,
        embedder,
        attributor,
        vector_cache_dir=settings.vectors_dir,
        vector_index_dir=settings.index_dir,
    )
    logger.info(
        "scorer ready: model %s, corpus %s (%d documents, %d passages)",
        embedder.model_id,
        corpus.version,
        len(corpus.documents),
        len(corpus.entries),
    )
    return ReliabilityScorer(embedder, corpus, outlets, attributor, scorer_config(settings))


def create_app(
    settings: Settings | None = None,
    *,
    scorer: ReliabilityScorer | None = None,
    cache: ScoreCache | None = None,
    corpus_store: CorpusStore | None = None,
) -> FastAPI:
    """Build the app. Tests pass their own settings, scorer, cache and store instead of patching anything.

    With no scorer given, the real one loads in the background, over the corpus store from settings.
    """
    settings = settings or get_settings()
    metrics = ServiceMetrics()  # per app, never the global registry: tests build many apps

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        async with AsyncExitStack() as stack:
            if cache is not None:
                ready_cache: ScoreCache = cache
            elif settings.redis_url:
                ready_cache = await stack.enter_async_context(
                    RedisScoreCache.connect(
                        settings.redis_url,
                        ttl_seconds=settings.cache_ttl_seconds,
                        timeout_seconds=settings.redis_timeout_seconds,
                        retry_seconds=settings.redis_retry_seconds,
                    )
                )
            else:
                ready_cache = InMemoryScoreCache(settings.cache_max_entries, settings.cache_ttl_seconds)
            state = AppState(settings=settings, cache=ready_cache, scorer=scorer, corpus_store=corpus_store)
            metrics.watch(state)
            rate_limiter = await stack.enter_async_context(open_rate_limiter(settings))
            tasks = [] if scorer is not None else [asyncio.create_task(_load(state))]
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
        # The routes sit on the app's own router: FastAPI matches an included router as one more level
        # (matched twice per request), which cost about a tenth of a cache hit (bench/http_bench.py).
        routes=[
            *routes.router.routes,
            *metrics_router.routes,
            *plugin.router.routes,
            *corpus_routes.router.routes,
        ],
    )
    errors.install(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-API-Key", "Authorization", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
            max_age=600,
        )
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(ObserveRequests, metrics=metrics)  # inside RequestId: logs get its id
    app.add_middleware(RequestId)
    return app


async def _load(state: AppState) -> None:
    """Load in the background so /healthz answers while the model loads and /readyz says 503 until done."""
    try:
        state.corpus_store = await run_in_threadpool(open_corpus_store, state.settings)
        state.scorer = await run_in_threadpool(build_scorer, state.settings, state.corpus_store)
        await run_in_threadpool(release_freed_memory)
    except Exception as exc:  # any failure must surface on /readyz rather than kill the process silently
        state.load_error = f"{type(exc).__name__}: {exc}"
        logger.exception("scorer failed to load")
