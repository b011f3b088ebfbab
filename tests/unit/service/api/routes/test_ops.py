"""Liveness, readiness (503 until the scorer loads), request ids and the OpenAPI document."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from service.adapters.cache import InMemoryScoreCache
from service.app import create_app
from tests.conftest import make_settings


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["cache"] == {"backend": "memory", "degraded": False}


def test_request_id_is_echoed_or_created(client: TestClient) -> None:
    given = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert made.headers["x-request-id"] != "bad id with spaces" and len(made.headers["x-request-id"]) == 32


def test_readyz_is_503_until_the_scorer_loads(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model"
    app = create_app(make_settings(tmp_path, model_dir=missing), cache=InMemoryScoreCache())
    with TestClient(app, raise_server_exceptions=False) as client:
        import time

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            ready = client.get("/readyz")
            if "model" in ready.json().get("detail", ""):
                break
            time.sleep(0.05)
        assert ready.status_code == 503
        assert "model" in ready.json()["detail"]
        scored = client.post("/score", json={"claim": "Floods killed 12 people"})
        assert scored.status_code == 503 and scored.json()["code"] == "not_ready"
        assert client.get("/healthz").status_code == 200


def test_openapi_documents_the_contract(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/score", "/score/batch", "/check", "/healthz", "/readyz"} <= spec["paths"].keys()
    assert "examples" in str(spec["components"]["schemas"]["ScoreRequest"])
