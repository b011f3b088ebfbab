"""Keep the serving scorer on the store's current corpus version, in this replica and all others."""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path
from typing import Protocol

from starlette.concurrency import run_in_threadpool

from scoring import ReliabilityScorer
from service.adapters.corpus_store import CorpusStore
from service.adapters.memory import release_freed_memory
from service.adapters.search_engine import search_engine
from service.settings import Settings

logger = logging.getLogger(__name__)


class ServingState(Protocol):
    """What keeping a replica on the current corpus needs of the app's state (service.api.state.AppState)."""

    settings: Settings
    scorer: ReliabilityScorer | None  # swapped in one assignment once a new index is complete
    corpus_store: CorpusStore | None
    corpus_lock: asyncio.Lock


async def refresh_corpus(state: ServingState) -> bool:
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
            scorer.with_documents,
            documents,
            vector_cache_dir=state.settings.vectors_dir,
            vector_index_dir=state.settings.index_dir,
            attribution_cache_dir=state.settings.attributions_dir,
            passage_cache_dir=state.settings.passages_dir,
            engine=search_engine(state.settings),
            engine_lexical=state.settings.engine_lexical,
        )
        logger.info("now serving corpus version %s (%d documents)", version, len(documents))
        await run_in_threadpool(release_freed_memory)
        await run_in_threadpool(prune_indexes, state.settings.index_dir, store.versions())
        return True


def prune_indexes(index_dir: Path, keep: set[str]) -> None:
    """Drop saved dense indexes of corpus versions the store no longer keeps.

    Safe while another replica still maps one: on POSIX the file lives until its last mapping closes.
    """
    if not index_dir.is_dir():
        return
    for path in index_dir.iterdir():
        if path.is_dir() and not path.name.startswith(".") and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)


async def watch_corpus(state: ServingState) -> None:
    """Poll the shared store; this is how replicas pick up a version another replica wrote."""
    interval = state.settings.corpus_poll_seconds
    while True:
        await asyncio.sleep(interval)
        try:
            await refresh_corpus(state)
        except Exception:  # a bad version must not stop the watcher; the current one keeps serving
            logger.exception("could not switch to the store's current corpus version")
