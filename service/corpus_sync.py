"""Keep the serving scorer on the store's current corpus version, in this replica and all others."""

from __future__ import annotations

import asyncio
import logging

from starlette.concurrency import run_in_threadpool

from service.state import AppState

logger = logging.getLogger(__name__)


async def refresh_corpus(state: AppState) -> bool:
    """Rebuild the index if the store's CURRENT names a version other than the one being served.

    Serialised per process: concurrent writes queue here, and the old scorer keeps serving until
    the new index is complete, then is swapped in one assignment.
    """
    store = state.corpus_store
    if store is None or state.scorer is None:
        return False
    async with state.corpus_lock:
        version = store.current_version()
        scorer = state.scorer
        if version is None or scorer is None or version == scorer.versions.corpus:
            return False
        documents = await run_in_threadpool(store.documents, version)
        state.scorer = await run_in_threadpool(
            scorer.with_documents, documents, vector_cache_dir=state.settings.state_dir / "vectors"
        )
        logger.info("now serving corpus version %s (%d documents)", version, len(documents))
        return True


async def watch_corpus(state: AppState) -> None:
    """Poll the shared store; this is how replicas pick up a version another replica wrote."""
    interval = state.settings.corpus_poll_seconds
    while True:
        await asyncio.sleep(interval)
        try:
            await refresh_corpus(state)
        except Exception:  # a bad version must not stop the watcher; the current one keeps serving
            logger.exception("could not switch to the store's current corpus version")
