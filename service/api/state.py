"""AppState: what the lifespan creates and every request reaches through dependencies."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from scoring import ReliabilityScorer
from service.adapters.cache import ScoreCache
from service.adapters.corpus_store import CorpusStore
from service.adapters.single_flight import SingleFlight
from service.settings import Settings


@dataclass
class AppState:
    settings: Settings
    cache: ScoreCache
    scorer: ReliabilityScorer | None = None  # None until the background load finishes
    load_error: str | None = None  # why the last load attempt failed, while not ready
    unrecoverable: str | None = None  # set when no retry can help: /healthz fails so the process is restarted
    load_attempts: int = 0
    corpus_changed: asyncio.Event = field(default_factory=asyncio.Event)  # wakes a waiting retry
    single_flight: SingleFlight = field(default_factory=SingleFlight)
    corpus_store: CorpusStore | None = None  # None when the corpus is fixed (tests, read-only deploys)
    corpus_store_pending: bool = False  # the background load will open the store (it is None until then)
    corpus_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
