"""Many concurrent identical requests over real HTTP compute once; distinct ones are all answered."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from service.adapters.cache import InMemoryScoreCache
from service.app import create_app
from tests.conftest import make_settings
from tests.fakes import FakeEmbedder, fake_scorer
from tests.live_server import live_server

pytestmark = pytest.mark.integration  # a live uvicorn server on loopback


def test_concurrent_identical_requests_share_one_computation(tmp_path: Path) -> None:
    embedder = FakeEmbedder()
    app = create_app(
        make_settings(tmp_path), scorer=fake_scorer(embedder=embedder), cache=InMemoryScoreCache()
    )
    claim = {"claim": "Rescue teams evacuated 3,000 residents from the lowest villages overnight"}

    async def burst(base: str, payloads: list[dict[str, str]]) -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            return await asyncio.gather(*(client.post("/score", json=p) for p in payloads))

    with live_server(app) as base:
        calls_before = embedder.calls
        responses = asyncio.run(burst(base, [claim] * 40))
        assert all(r.status_code == 200 for r in responses)
        assert embedder.calls - calls_before == 1
        assert len({r.json()["score"] for r in responses}) == 1
        distinct = [{"claim": f"Rescue teams evacuated {n} residents overnight"} for n in range(20)]
        responses = asyncio.run(burst(base, distinct))
        assert all(r.status_code == 200 for r in responses)
        assert sum(not r.json()["cached"] for r in responses) == 20
