"""Score cache: versioned keys, TTL, Redis when configured, in-process LRU otherwise; never a point of failure.

Values are the JSON bytes of one result, stored and served as they are: a hit never decodes and
re-encodes its payload (that round trip was a tenth of a cache hit's time in the app).
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from cachetools import TTLCache

from scoring import Versions
from service.adapters.redis_client import PausingRedis, RedisReply, redis_client

KEY_PREFIX = "score"
# The shape of one cached result (the ScoreResult JSON). Part of every key, so that a result cached before
# fields were added (2: the evidence's title, URL, date and context; 3: the attribution's source type,
# role, anonymity reason, cue, source span and hedges; 4: the judge's reading of each passage, whether an
# origin is hearsay, and the judge's version; 5: every article read, by stance) is never served without
# them; raise it whenever a field is added to or removed from ScoreResult.
RESULT_SHAPE_VERSION = 5


def cache_key(kind: str, versions: Versions, *parts: str | None) -> str:
    """Versions are part of the key, so a new model, corpus, scorer, outlet table or result shape never reads
    old entries."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part or "").encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return (
        f"{KEY_PREFIX}:v{RESULT_SHAPE_VERSION}:{kind}:"
        f"{versions.model}:{versions.corpus}:{versions.scorer}:{versions.outlets}:{digest.hexdigest()}"
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

    After a failure it stops asking Redis for ``retry_seconds`` (redis_client.PausingRedis) so that
    requests never queue behind timeouts while Redis is down; the next call after that pause probes again.
    """

    def __init__(self, client: Any, *, ttl_seconds: int, retry_seconds: float) -> None:
        self._redis = PausingRedis(client, retry_seconds=retry_seconds, on_failure="serving uncached")
        self._ttl_seconds = ttl_seconds
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
        return self._redis.is_paused

    async def ping(self) -> bool:
        return bool(self._counted(await self._redis.call(lambda client: client.ping())).value)

    async def get(self, key: str) -> bytes | None:
        raw: bytes | None = self._counted(await self._redis.call(lambda client: client.get(key))).value
        return self.stats.record(raw)

    async def set(self, key: str, value: bytes) -> None:
        self._counted(await self._redis.call(lambda client: client.set(key, value, ex=self._ttl_seconds)))

    def _counted(self, reply: RedisReply) -> RedisReply:
        if reply.has_failed:
            self.stats.errors += 1
        return reply
