"""The Redis client, and the one rule for using it: a failure pauses Redis for a while instead of failing.

Redis is an optimisation everywhere it is used (the score cache, the shared rate limit): a request never
waits on it longer than the client timeout, and after a failure every caller skips Redis for
``retry_seconds`` (serving uncached, or counting in-process), then the next call probes it again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

# Idle connections are checked this often, so a Redis restart is noticed without a failed request.
HEALTH_CHECK_INTERVAL_SECONDS = 30


@asynccontextmanager
async def redis_client(url: str, *, timeout_seconds: float) -> AsyncIterator[Any]:
    """Short timeouts, no retries; connects lazily, so creating it never fails even when Redis is down."""
    import redis.asyncio as redis

    client = redis.Redis.from_url(
        url,
        socket_timeout=timeout_seconds,
        socket_connect_timeout=timeout_seconds,
        retry_on_timeout=False,
        health_check_interval=HEALTH_CHECK_INTERVAL_SECONDS,
    )
    try:
        yield client
    finally:
        await client.aclose()


@dataclass(frozen=True, slots=True)
class RedisReply:
    """What a guarded call gave: ``is_ok`` False when Redis was paused or failed (``value`` is then None);
    ``has_failed`` when this very call failed and started the pause."""

    is_ok: bool
    value: Any = None
    has_failed: bool = False


class PausingRedis:
    """A Redis client behind the pause rule; ``on_failure`` names what callers do meanwhile, for the log."""

    def __init__(self, client: Any, *, retry_seconds: float, on_failure: str) -> None:
        self.client = client
        self._retry_seconds = retry_seconds
        self._on_failure = on_failure
        self._paused_until = 0.0

    @property
    def is_paused(self) -> bool:
        return time.monotonic() < self._paused_until

    async def call(self, operation: Callable[[Any], Awaitable[Any]]) -> RedisReply:
        """Run ``operation(client)`` unless paused; a Redis, socket or timeout error starts a pause."""
        from redis.exceptions import RedisError

        if self.is_paused:
            return RedisReply(is_ok=False)
        try:
            value = await operation(self.client)
        except (RedisError, OSError, TimeoutError) as exc:
            self._paused_until = time.monotonic() + self._retry_seconds
            logger.warning("redis unavailable, %s for %.0fs: %s", self._on_failure, self._retry_seconds, exc)
            return RedisReply(is_ok=False, has_failed=True)
        return RedisReply(is_ok=True, value=value)
