"""One way to build the async Redis client: short timeouts, no retries, so Redis can never stall a request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

# Idle connections are checked this often, so a Redis restart is noticed without a failed request.
HEALTH_CHECK_INTERVAL_SECONDS = 30


@asynccontextmanager
async def redis_client(url: str, *, timeout_seconds: float) -> AsyncIterator[Any]:
    """Connects lazily: creating it never fails, even when Redis is down; closed on exit."""
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
