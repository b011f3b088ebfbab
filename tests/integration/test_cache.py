"""RedisScoreCache against real Redis servers: versioned keys, TTL, outage and recovery."""

from __future__ import annotations

import asyncio
import dataclasses
import time

import pytest

from scoring import Versions
from service.adapters.cache import RedisScoreCache, cache_key
from service.adapters.single_flight import SingleFlight
from tests.integration.conftest import REDIS_TEST_URL, RedisProcess

pytestmark = pytest.mark.integration

V1 = Versions(model="m@1", corpus="c1", scorer="s1", outlets="o1")


async def test_round_trip_with_ttl(redis_client: object) -> None:
    async with RedisScoreCache.connect(
        REDIS_TEST_URL, ttl_seconds=60, timeout_seconds=0.5, retry_seconds=1
    ) as cache:
        key = cache_key("claim", V1, "a claim", "reuters.com")
        assert await cache.get(key) is None
        await cache.set(key, b'{"score":0.5,"nested":{"x":[1,2]}}')
        assert await cache.get(key) == b'{"score":0.5,"nested":{"x":[1,2]}}'
        ttl = await redis_client.ttl(key)  # type: ignore[attr-defined]
        assert 0 < ttl <= 60
        assert (cache.stats.hits, cache.stats.misses) == (1, 1)


@pytest.mark.parametrize("field", ["model", "corpus", "scorer", "outlets"])
async def test_any_version_change_misses(redis_client: object, field: str) -> None:
    async with RedisScoreCache.connect(
        REDIS_TEST_URL, ttl_seconds=60, timeout_seconds=0.5, retry_seconds=1
    ) as cache:
        await cache.set(cache_key("claim", V1, "a claim", ""), b'{"score":0.9}')
        changed = dataclasses.replace(V1, **{field: "changed"})
        assert await cache.get(cache_key("claim", changed, "a claim", "")) is None


async def test_redis_down_at_start_then_back(redis_process: RedisProcess) -> None:
    async with RedisScoreCache.connect(
        redis_process.url, ttl_seconds=60, timeout_seconds=0.2, retry_seconds=0.3
    ) as cache:
        assert cache.is_degraded
        started = time.monotonic()
        assert await cache.get("k") is None
        await cache.set("k", b'{"v":1}')
        assert time.monotonic() - started < 0.5
        redis_process.start()
        await asyncio.sleep(0.35)
        await cache.set("k", b'{"v":1}')
        assert await cache.get("k") == b'{"v":1}'
        assert not cache.is_degraded


async def test_redis_killed_mid_traffic_never_blocks_long(redis_process: RedisProcess) -> None:
    redis_process.start()
    async with RedisScoreCache.connect(
        redis_process.url, ttl_seconds=60, timeout_seconds=0.2, retry_seconds=0.3
    ) as cache:
        await cache.set("k", b'{"v":1}')
        assert await cache.get("k") == b'{"v":1}'
        redis_process.stop()
        for _ in range(20):
            started = time.monotonic()
            assert await cache.get("k") is None
            assert time.monotonic() - started < 0.5
        assert cache.stats.errors >= 1
        redis_process.start()
        await asyncio.sleep(0.35)
        await cache.set("k2", b'{"v":2}')
        assert await cache.get("k2") == b'{"v":2}'


async def test_single_flight_computes_once() -> None:
    flight = SingleFlight()
    calls = 0

    async def compute() -> int:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.05)
        return 7

    results = await asyncio.gather(*(flight.run("k", compute) for _ in range(50)))
    assert results == [7] * 50
    assert calls == 1
