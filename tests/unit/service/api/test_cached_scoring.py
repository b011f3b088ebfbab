"""Cached results travel as JSON bytes; only the "cached" member is added on the way out."""

from __future__ import annotations

import orjson
import pytest

from service.adapters.cache import InMemoryScoreCache
from service.api.cached_scoring import with_cached_flag


@pytest.mark.parametrize("cached", [True, False])
def test_flag_is_appended_as_valid_json(cached: bool) -> None:
    payload = orjson.dumps({"score": 0.42, "claim": 'a "quoted" claim }', "evidence": [{"x": 1}]})
    assert orjson.loads(with_cached_flag(payload, cached)) == orjson.loads(payload) | {"cached": cached}


@pytest.mark.parametrize("payload", [b"{}", b"[1]", b"", b'"text"'])
def test_flag_refuses_what_is_not_a_non_empty_object(payload: bytes) -> None:
    with pytest.raises(ValueError):
        with_cached_flag(payload, True)


async def test_memory_cache_serves_the_stored_bytes_and_counts() -> None:
    cache = InMemoryScoreCache(max_entries=2, ttl_seconds=60)
    assert await cache.get("k") is None
    await cache.set("k", b'{"v":1}')
    assert await cache.get("k") == b'{"v":1}'
    assert (cache.stats.hits, cache.stats.misses) == (1, 1)
