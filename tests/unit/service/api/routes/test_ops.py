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


def test_a_model_that_cannot_load_is_not_ready_and_not_alive(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model"
    # No export to fall back on: exporting would start a process, which a unit test may not.
    settings = make_settings(tmp_path, model_dir=missing, onnx_auto_export=False)
    app = create_app(settings, cache=InMemoryScoreCache())
    with TestClient(app, raise_server_exceptions=False) as client:
        import time

        deadline = time.monotonic() + 10
        health = client.get("/healthz")
        while health.status_code == 200 and time.monotonic() < deadline:
            ready = client.get("/readyz")
            assert ready.status_code == 503  # loading, then failed: never ready
            time.sleep(0.05)
            health = client.get("/healthz")
        # No retry in this process can bring a missing model back, so the orchestrator should restart it.
        assert health.status_code == 503 and health.json()["code"] == "not_alive"
        assert "ModelUnavailable" in health.json()["detail"]
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "model" in ready.json()["detail"].lower()
        scored = client.post("/score", json={"claim": "Floods killed 12 people"})
        assert scored.status_code == 503 and scored.json()["code"] == "not_ready"


def test_openapi_documents_the_contract(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/score", "/score/batch", "/check", "/healthz", "/readyz"} <= spec["paths"].keys()
    assert "examples" in str(spec["components"]["schemas"]["ScoreRequest"])
