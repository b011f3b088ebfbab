"""Cached results travel as JSON bytes; only the "cached" member is added on the way out."""

from __future__ import annotations

import orjson
import pytest

from scoring import SourceRef
from service.adapters.cache import InMemoryScoreCache
from service.adapters.single_flight import SingleFlight
from service.api.cached_scoring import score_claims, with_cached_flag
from service.api.schemas.requests import SourceIn
from tests.fakes import fake_scorer


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


async def test_urls_one_outlet_rates_differently_never_share_a_cached_result() -> None:
    # aawsat.com/english has its own row in the outlet table; aawsat.com/other falls back to the host row.
    scorer = fake_scorer()
    cache = InMemoryScoreCache()
    claim = "Floods in the river valley killed 30 people on Monday."
    sources = [
        SourceIn(url="https://aawsat.com/english/story"),
        SourceIn(url="https://aawsat.com/other/story"),
    ]
    english, other = [
        orjson.loads((await score_claims(scorer, cache, SingleFlight(), [claim], [source]))[0])
        for source in sources
    ]
    assert (english["cached"], other["cached"]) == (False, False)
    expected = [scorer.rate_source(SourceRef(url=s.url)).prior for s in sources]
    assert expected[0] != expected[1]
    priors = [english["signals"]["outlet"]["prior"], other["signals"]["outlet"]["prior"]]
    assert priors == pytest.approx(expected, abs=1e-3)  # the response rounds to 4 places
