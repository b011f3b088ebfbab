"""Score cache: versioned keys, TTL, Redis when configured, in-process LRU otherwise; never a point of failure.

Values are the JSON bytes of one result, stored and served as they are: a hit never decodes and
re-encodes its payload (that round trip was a tenth of a cache hit's time in the app).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from cachetools import TTLCache

from scoring import Versions
from service.redis_client import redis_client

logger = logging.getLogger(__name__)

KEY_PREFIX = "score"


def cache_key(kind: str, versions: Versions, *parts: str | None) -> str:
    """Versions are part of the key, so a new model, corpus, scorer or outlet table never reads old entries."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part or "").encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return (
        f"{KEY_PREFIX}:{kind}:{versions.model}:{versions.corpus}:{versions.scorer}:{versions.outlets}:"
        f"{digest.hexdigest()}"
    )


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    errors: int = 0

    def record(self, raw: bytes | None) -> bytes | None:
        """Count a lookup as a hit or a miss; pass the value through."""
        if raw is None:
            self.misses += 1
        else:
            self.hits += 1
        return raw


class ScoreCache(Protocol):
    stats: CacheStats

    @property
    def backend(self) -> str: ...

    @property
    def is_degraded(self) -> bool: ...

    async def get(self, key: str) -> bytes | None: ...

    async def set(self, key: str, value: bytes) -> None: ...


@dataclass
class InMemoryScoreCache:
    """Process-local LRU with TTL; the default when no Redis is configured."""

    max_entries: int = 10_000
    ttl_seconds: float = 24 * 3600
    stats: CacheStats = field(default_factory=CacheStats)
    _entries: TTLCache[str, bytes] = field(init=False)

    def __post_init__(self) -> None:
        self._entries = TTLCache(maxsize=self.max_entries, ttl=self.ttl_seconds)

    @property
    def backend(self) -> str:
        return "memory"

    @property
    def is_degraded(self) -> bool:
        return False

    async def get(self, key: str) -> bytes | None:
        return self.stats.record(self._entries.get(key))

    async def set(self, key: str, value: bytes) -> None:
        self._entries[key] = value


class RedisScoreCache:
    """Redis-backed cache that degrades to 'no cache' on any Redis error and recovers by itself.

    After a failure it stops asking Redis for ``retry_seconds`` so that requests never queue behind
    timeouts while Redis is down; the next call after that pause probes Redis again.
    """

    def __init__(self, client: Any, *, ttl_seconds: int, retry_seconds: float) -> None:
        self._client = client
        self._ttl_seconds = ttl_seconds
        self._retry_seconds = retry_seconds
        self._down_until = 0.0
        self.stats = CacheStats()

    @classmethod
    @asynccontextmanager
    async def connect(
        cls, url: str, *, ttl_seconds: int, timeout_seconds: float, retry_seconds: float
    ) -> AsyncIterator[RedisScoreCache]:
        """Does not fail when Redis is down at start: the cache starts degraded and recovers later."""
        async with redis_client(url, timeout_seconds=timeout_seconds) as client:
            cache = cls(client, ttl_seconds=ttl_seconds, retry_seconds=retry_seconds)
            await cache.ping()
            yield cache

    @property
    def backend(self) -> str:
        return "redis"

    @property
    def is_degraded(self) -> bool:
        return time.monotonic() < self._down_until

    async def ping(self) -> bool:
        return bool(await self._call(lambda: self._client.ping()))

    async def get(self, key: str) -> bytes | None:
        raw: bytes | None = await self._call(lambda: self._client.get(key))
        return self.stats.record(raw)

    async def set(self, key: str, value: bytes) -> None:
        await self._call(lambda: self._client.set(key, value, ex=self._ttl_seconds))

    async def _call(self, operation: Callable[[], Awaitable[Any]]) -> Any:
        from redis.exceptions import RedisError

        if self.is_degraded:
            return None
        try:
            result = await operation()
        except (RedisError, OSError, TimeoutError) as exc:
            self.stats.errors += 1
            self._down_until = time.monotonic() + self._retry_seconds
            logger.warning("redis unavailable, serving uncached for %.0fs: %s", self._retry_seconds, exc)
            return None
        return result


class SingleFlight:
    """Concurrent identical requests in one process share one computation."""

    def __init__(self) -> None:
        self._inflight: dict[str, asyncio.Future[Any]] = {}

    async def run(self, key: str, compute: Callable[[], Awaitable[Any]]) -> Any:
        existing = self._inflight.get(key)
        if existing is not None:
            return await asyncio.shield(existing)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            result = await compute()
        except BaseException as exc:
            future.set_exception(exc)
            # Waiters re-raise it; mark it retrieved so an unwaited failure does not warn.
            future.exception()
            raise
        else:
            future.set_result(result)
            return result
        finally:
            del self._inflight[key]
