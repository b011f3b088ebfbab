"""The Redis-shared rate limiter against real Redis (127.0.0.1:6379 db 15), and its in-process fallback."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.adapters.cache import InMemoryScoreCache
from service.api.rate_limit import KEY_PREFIX, RedisRateLimiter
from service.app import create_app
from tests.conftest import make_settings, skip_or_fail
from tests.fakes import fake_scorer
from tests.integration.conftest import REDIS_TEST_URL, RedisProcess

pytestmark = pytest.mark.integration

CLAIM = {"claim": "Floods in the river valley killed 12 people on Monday"}


@pytest.fixture()
def sync_redis() -> Iterator[Any]:
    """db 15, flushed before and after: the app under test talks to it from its own event loop."""
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL, socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        client.close()
        skip_or_fail("no Redis answers on 127.0.0.1:6379")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def closed_port() -> int:
    """A loopback port nothing listens on: bound, read, and released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_the_window_is_shared_by_replicas(redis_client: Any) -> None:
    one = RedisRateLimiter(redis_client, 3, retry_seconds=5)
    two = RedisRateLimiter(redis_client, 3, retry_seconds=5)  # a second replica, same Redis
    decisions = [await one.hit("ip:10.0.0.7"), await two.hit("ip:10.0.0.7"), await one.hit("ip:10.0.0.7")]
    assert all(d.is_allowed for d in decisions)
    refused = await two.hit("ip:10.0.0.7")
    assert not refused.is_allowed and 1 <= refused.retry_after_seconds <= 60
    assert (await one.hit("ip:10.0.0.8")).is_allowed  # another client, another window
    keys = await redis_client.keys(f"{KEY_PREFIX}:*")
    assert len(keys) == 2
    assert all(b"10.0.0" not in k for k in keys), "client addresses are hashed, not stored"
    assert 0 < await redis_client.ttl(keys[0]) <= 60
    assert not one.is_degraded


def test_the_app_limits_through_redis(tmp_path: Path, sync_redis: Any) -> None:
    settings = make_settings(tmp_path, redis_url=REDIS_TEST_URL, rate_limit_per_minute=2)
    app = create_app(settings, scorer=fake_scorer(), cache=InMemoryScoreCache())
    with TestClient(app) as client:
        assert [client.post("/score", json=CLAIM).status_code for _ in range(2)] == [200, 200]
        refused = client.post("/score", json=CLAIM)
        assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
        assert 1 <= int(refused.headers["retry-after"]) <= 60
    [key] = sync_redis.keys(f"{KEY_PREFIX}:*")
    assert int(sync_redis.get(key)) == 3


def test_requests_succeed_when_redis_is_unreachable(tmp_path: Path) -> None:
    # No cache is passed either: the score cache and the limiter both meet the dead Redis and degrade.
    settings = make_settings(
        tmp_path,
        redis_url=f"redis://127.0.0.1:{closed_port()}/15",
        rate_limit_per_minute=3,
        redis_retry_seconds=30,
    )
    with TestClient(create_app(settings, scorer=fake_scorer())) as client:
        statuses = [client.post("/score", json=CLAIM).status_code for _ in range(4)]
        # Served, and still limited: the in-process fallback counts while Redis is down.
        assert statuses == [200, 200, 200, 429]
        assert client.get("/readyz").json()["cache"]["degraded"] is True


async def test_redis_down_then_back(redis_process: RedisProcess) -> None:
    async with RedisRateLimiter.connect(
        redis_process.url, 1, timeout_seconds=0.2, retry_seconds=0.3
    ) as limiter:
        # Not started yet: the first request is still served, counted by the in-process fallback.
        assert (await limiter.hit("ip:a")).is_allowed
        assert limiter.is_degraded
        assert not (await limiter.hit("ip:a")).is_allowed
        redis_process.start()
        await asyncio.sleep(0.35)
        # Back on Redis after the pause, with a fresh window there.
        assert (await limiter.hit("ip:a")).is_allowed
        assert not limiter.is_degraded
        assert not (await limiter.hit("ip:a")).is_allowed
