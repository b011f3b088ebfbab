"""The app against a Redis that dies and comes back: requests keep succeeding, readiness reports it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from tests.conftest import make_settings
from tests.fakes import fake_scorer
from tests.integration.conftest import RedisProcess

pytestmark = pytest.mark.integration


def test_requests_survive_a_redis_outage_and_the_cache_recovers(
    tmp_path: Path, redis_process: RedisProcess
) -> None:
    settings = make_settings(
        tmp_path, redis_url=redis_process.url, redis_timeout_seconds=0.2, redis_retry_seconds=0.5
    )
    claim = {"claim": "Rescue teams evacuated 3,000 residents overnight"}
    # Redis is down at start: the app starts, serves uncached and says the cache is degraded.
    with TestClient(create_app(settings, scorer=fake_scorer()), raise_server_exceptions=False) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["cache"] == {"backend": "redis", "degraded": True}
        started = time.monotonic()
        for _ in range(3):
            response = client.post("/score", json=claim)
            assert response.status_code == 200 and response.json()["cached"] is False
        assert time.monotonic() - started < 2.0
        # Redis comes up: after the retry pause the cache works again by itself.
        redis_process.start()
        time.sleep(0.6)
        client.post("/score", json=claim)
        assert client.post("/score", json=claim).json()["cached"] is True
        assert client.get("/readyz").json()["cache"]["degraded"] is False
        # Killed mid-traffic: every request still succeeds, none waits long on Redis.
        redis_process.stop()
        for i in range(10):
            started = time.monotonic()
            response = client.post("/score", json={"claim": f"Rescue teams evacuated {i} residents"})
            assert response.status_code == 200 and response.json()["cached"] is False
            assert time.monotonic() - started < 1.0
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["cache"]["degraded"] is True
