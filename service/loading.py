"""Start-up loading that recovers by itself: the model once, the corpus until it can be served.

The two halves fail differently. The model and the outlet tables come from settings and files this
process cannot change: if they fail to load, no retry will help, so the replica reports itself not alive
(/healthz 503) and the orchestrator restarts it. The corpus comes from the store, which a write through
the API or the CLI, or another replica, can repair while this one waits: a corpus load that fails is
retried with backoff (FIRST_RETRY_SECONDS doubling to MAX_RETRY_SECONDS, or at once when a write commits
a new version), and /readyz says why it is not ready meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from scoring import ReliabilityScorer
from service.adapters.corpus_store import CorpusStore
from service.adapters.memory import release_freed_memory
from service.api.state import AppState

logger = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 60.0

Parts = TypeVar("Parts")


async def load_until_ready(
    state: AppState,
    load_parts: Callable[[], Parts],
    open_store: Callable[[], CorpusStore | None],
    index: Callable[[Parts, CorpusStore | None], ReliabilityScorer],
) -> None:
    """Set state.scorer once the corpus is indexed; state.load_error says why not in the meantime."""
    try:
        parts = await run_in_threadpool(load_parts)
    except Exception as exc:
        state.load_error = state.unrecoverable = _describe(exc)
        logger.exception("the model or outlet tables failed to load; this replica cannot recover")
        return
    delay = FIRST_RETRY_SECONDS
    while True:
        try:
            if state.corpus_store is None:
                state.corpus_store = await run_in_threadpool(open_store)
            state.scorer = await run_in_threadpool(index, parts, state.corpus_store)
        except Exception as exc:
            state.load_error = _describe(exc)
            state.load_attempts += 1
            logger.exception(
                "the corpus failed to load (attempt %d); retrying in %.0f s", state.load_attempts, delay
            )
        else:
            state.load_error = None
            await run_in_threadpool(release_freed_memory)
            return
        await _wait_for_change(state.corpus_changed, delay)
        delay = min(delay * 2, MAX_RETRY_SECONDS)


async def _wait_for_change(changed: asyncio.Event, seconds: float) -> None:
    """Sleep `seconds`, or less if a write signals a new corpus version."""
    try:
        await asyncio.wait_for(changed.wait(), seconds)
    except TimeoutError:
        pass
    changed.clear()


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
