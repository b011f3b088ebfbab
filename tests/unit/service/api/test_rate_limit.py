"""Per-client rate limits: 429 with Retry-After, per key then per address, off at 0."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from service.api.auth import Caller
from service.api.rate_limit import InProcessRateLimiter
from tests.unit.service.api.keyed_app import CLAIM, DRAFT, KEYS, make_app


def test_over_the_limit_gets_429_with_retry_after(tmp_path: Path) -> None:
    with TestClient(make_app(tmp_path, rate_limit_per_minute=2)) as client:
        assert [client.post("/score", json=CLAIM).status_code for _ in range(2)] == [200, 200]
        refused = client.post("/score/batch", json={"items": [CLAIM]})
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        body = refused.json()
        assert set(body) == {"detail", "code"} and body["code"] == "rate_limited"
        assert client.post("/check", json=DRAFT).status_code == 429
        # Probes and the scraper are never limited.
        for _ in range(5):
            assert client.get("/healthz").status_code == 200
            assert client.get("/readyz").status_code == 200
        assert "scorer_rate_limited_requests_total 2.0" in client.get("/metrics").text


def test_limits_are_per_key_then_per_address(tmp_path: Path) -> None:
    with TestClient(make_app(tmp_path, api_keys=KEYS, rate_limit_per_minute=1)) as client:
        first = {"X-API-Key": "first-key-0001"}
        second = {"Authorization": "Bearer second-key-0002"}
        assert client.post("/score", json=CLAIM, headers=first).status_code == 200
        assert client.post("/score", json=CLAIM, headers=first).status_code == 429
        assert client.post("/score", json=CLAIM, headers=second).status_code == 200
        assert client.post("/score", json=CLAIM).status_code == 200  # anonymous: its own window, by address
        assert client.post("/score", json=CLAIM).status_code == 429
        # A made-up key buys no fresh window: it counts against the address, whose window is spent.
        assert client.post("/score", json=CLAIM, headers={"X-API-Key": "made-up"}).status_code == 429


def test_wrong_keys_are_rate_limited_on_every_keyed_route(tmp_path: Path) -> None:
    wrong = {"X-API-Key": "guess-0001"}
    calls = {
        "score": lambda c: c.post("/score", json=CLAIM, headers=wrong),
        "corpus": lambda c: c.get("/corpus", headers=wrong),
        "write": lambda c: c.post("/test-write", headers=wrong),
    }
    for name, call in calls.items():
        with TestClient(make_app(tmp_path / name, api_keys=KEYS, rate_limit_per_minute=3)) as client:
            statuses = [call(client).status_code for _ in range(5)]
            assert statuses == [403, 403, 403, 429, 429], name
            # The valid key has its own window.
            assert (
                client.post("/score", json=CLAIM, headers={"X-API-Key": "first-key-0001"}).status_code == 200
            )


def test_corpus_reads_count_against_the_rate_limit(tmp_path: Path) -> None:
    with TestClient(make_app(tmp_path, rate_limit_per_minute=2)) as client:
        assert [client.get("/corpus").status_code for _ in range(3)] == [200, 200, 429]
        assert client.get("/corpus/documents/wire-1").status_code == 429


def test_a_zero_limit_disables_rate_limiting(tmp_path: Path) -> None:
    with TestClient(make_app(tmp_path, rate_limit_per_minute=0)) as client:
        assert all(client.post("/score", json=CLAIM).status_code == 200 for _ in range(30))


async def test_in_process_window_reopens_after_a_minute() -> None:
    now = [1000.0]
    limiter = InProcessRateLimiter(3, clock=lambda: now[0])
    assert [(await limiter.hit("ip:a")).is_allowed for _ in range(4)] == [True, True, True, False]
    now[0] += 45.2
    refused = await limiter.hit("ip:a")
    assert not refused.is_allowed and refused.retry_after_seconds == 15  # ceil(60 - 45.2)
    assert (await limiter.hit("ip:b")).is_allowed
    now[0] += 15.0
    assert (await limiter.hit("ip:a")).is_allowed


def test_caller_identity_prefers_the_key() -> None:
    assert Caller("abc123", "10.0.0.1").identity == "key:abc123"
    assert Caller(None, "10.0.0.1").identity == "ip:10.0.0.1"
