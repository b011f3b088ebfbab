"""Per-client rate limits on the scoring and corpus routes: Redis-shared when configured, in-process otherwise.

Each client (a verified API key, else the client address) gets a window that opens at its first request
and lasts ``WINDOW_SECONDS``; up to ``limit`` requests pass in it. With Redis the count is shared by
every replica (INCR, EXPIRE NX and TTL in one MULTI). A Redis error never refuses a request: the limiter
counts in-process for ``retry_seconds`` (each replica then allows the limit on its own), then tries
Redis again: the pause rule of service/adapters/redis_client.py, which the score cache follows too.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from cachetools import TTLCache
from fastapi import Request

from service.adapters.redis_client import PausingRedis, redis_client
from service.api.auth import Caller
from service.api.errors import ServiceError
from service.api.metrics import ServiceMetrics
from service.settings import Settings

WINDOW_SECONDS = 60  # the setting is per minute
KEY_PREFIX = "ratelimit"
# In-process windows kept at most; past this the least recently used go, which can only be lenient.
MAX_TRACKED_CLIENTS = 100_000


@dataclass(frozen=True, slots=True)
class RateDecision:
    is_allowed: bool
    retry_after_seconds: int  # whole seconds until the window reopens; 0 when allowed


class RateLimiter(Protocol):
    limit: int

    async def hit(self, identity: str) -> RateDecision: ...


class InProcessRateLimiter:
    """Fixed per-client windows in this process's memory; exact for one replica."""

    def __init__(
        self,
        limit: int,
        *,
        window_seconds: float = WINDOW_SECONDS,
        max_clients: int = MAX_TRACKED_CLIENTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self._window_seconds = window_seconds
        self._clock = clock
        # identity -> (window start, requests counted in it)
        self._windows: TTLCache[str, tuple[float, int]] = TTLCache(max_clients, window_seconds, timer=clock)

    async def hit(self, identity: str) -> RateDecision:
        return self.hit_now(identity)

    def hit_now(self, identity: str) -> RateDecision:
        now = self._clock()
        started, count = self._windows.get(identity, (now, 0))
        if now - started >= self._window_seconds:
            started, count = now, 0
        if count >= self.limit:
            return RateDecision(False, _whole_seconds(started + self._window_seconds - now))
        # Setting restarts the entry's TTL, which only keeps it a little longer; the window start decides.
        self._windows[identity] = (started, count + 1)
        return RateDecision(True, 0)


class RedisRateLimiter:
    """Windows shared by all replicas in Redis; falls back to an in-process limiter while Redis fails."""

    def __init__(
        self, client: Any, limit: int, *, retry_seconds: float, window_seconds: int = WINDOW_SECONDS
    ) -> None:
        self._redis = PausingRedis(client, retry_seconds=retry_seconds, on_failure="rate limiting in-process")
        self.limit = limit
        self._window_seconds = window_seconds
        self.fallback = InProcessRateLimiter(limit, window_seconds=window_seconds)

    @classmethod
    @asynccontextmanager
    async def connect(
        cls, url: str, limit: int, *, timeout_seconds: float, retry_seconds: float
    ) -> AsyncIterator[RedisRateLimiter]:
        """Connects lazily: a Redis that is down at start only means counting in-process for a while."""
        async with redis_client(url, timeout_seconds=timeout_seconds) as client:
            yield cls(client, limit, retry_seconds=retry_seconds)

    @property
    def is_degraded(self) -> bool:
        return self._redis.is_paused

    async def hit(self, identity: str) -> RateDecision:
        key = f"{KEY_PREFIX}:{hashlib.sha256(identity.encode()).hexdigest()[:32]}"

        async def count(client: Any) -> Any:
            async with client.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, self._window_seconds, nx=True)  # only the first request opens the window
                pipe.ttl(key)
                return await pipe.execute()

        reply = await self._redis.call(count)
        if not reply.is_ok:
            return self.fallback.hit_now(identity)
        count_now, _, ttl = reply.value
        if int(count_now) > self.limit:
            return RateDecision(False, max(1, int(ttl)))
        return RateDecision(True, 0)


def _whole_seconds(seconds: float) -> int:
    return max(1, math.ceil(seconds))


@asynccontextmanager
async def open_rate_limiter(settings: Settings) -> AsyncIterator[RateLimiter | None]:
    """The limiter the settings ask for: none when the limit is 0, Redis-shared when Redis is configured."""
    limit = settings.rate_limit_per_minute
    if limit == 0:
        yield None
    elif settings.redis_url:
        async with RedisRateLimiter.connect(
            settings.redis_url,
            limit,
            timeout_seconds=settings.redis_timeout_seconds,
            retry_seconds=settings.redis_retry_seconds,
        ) as limiter:
            yield limiter
    else:
        yield InProcessRateLimiter(limit)


async def check_rate_limit(request: Request, caller: Caller) -> None:
    """429 with Retry-After once a client is over its limit (service/api/admission.py decides the order)."""
    limiter: RateLimiter | None = getattr(request.state, "rate_limiter", None)
    if limiter is None:
        return
    decision = await limiter.hit(caller.identity)
    if not decision.is_allowed:
        metrics: ServiceMetrics | None = getattr(request.state, "metrics", None)
        if metrics is not None:
            metrics.rate_limited.inc()
        raise ServiceError(
            429,
            "rate_limited",
            f"over {limiter.limit} requests per minute; retry in {decision.retry_after_seconds} s",
            headers={"Retry-After": str(decision.retry_after_seconds)},
        )
