"""API keys (401 vs 403, fail closed), constant-time comparison, rate limits, and what the logs never hold."""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from service.api.auth import key_matches
from tests.unit.service.api.keyed_app import CLAIM, DRAFT, KEYS, make_app


def test_write_without_a_key_is_401_with_a_challenge(keyed: TestClient) -> None:
    response = keyed.post("/test-write")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["code"] == "unauthorized"


@pytest.mark.parametrize(
    "headers",
    [{"X-API-Key": "wrong-key"}, {"Authorization": "Bearer wrong-key"}, {"X-API-Key": "first-key-000"}],
)
def test_write_with_a_wrong_key_is_403(keyed: TestClient, headers: dict[str, str]) -> None:
    response = keyed.post("/test-write", headers=headers)
    assert response.status_code == 403
    assert response.json() == {"detail": "the API key is not valid", "code": "forbidden"}
    assert "www-authenticate" not in response.headers


@pytest.mark.parametrize(
    "headers",
    [
        {"X-API-Key": "first-key-0001"},
        {"Authorization": "Bearer second-key-0002"},
        {"authorization": "bearer first-key-0001"},
    ],
)
def test_write_with_a_configured_key_passes(keyed: TestClient, headers: dict[str, str]) -> None:
    response = keyed.post("/test-write", headers=headers)
    assert response.status_code == 200
    fingerprint = response.json()["fingerprint"]
    assert len(fingerprint) == 16 and "key" not in fingerprint


def test_a_blank_key_counts_as_no_key(keyed: TestClient) -> None:
    assert keyed.post("/test-write", headers={"X-API-Key": "  "}).status_code == 401
    assert keyed.post("/test-write", headers={"Authorization": "Bearer "}).status_code == 401
    assert keyed.post("/test-write", headers={"Authorization": "Basic Zm9vOmJhcg=="}).status_code == 401


def test_writes_fail_closed_when_no_keys_are_configured(tmp_path: Path) -> None:
    with TestClient(make_app(tmp_path)) as client:
        for headers in ({}, {"X-API-Key": "anything"}):
            response = client.post("/test-write", headers=headers)
            assert response.status_code == 403
            assert "no API keys are configured" in response.json()["detail"]


def test_write_routes_declare_both_schemes_in_the_openapi(keyed: TestClient) -> None:
    spec = keyed.get("/openapi.json").json()
    assert set(spec["components"]["securitySchemes"]) == {"APIKeyHeader", "HTTPBearer"}
    assert {next(iter(s)) for s in spec["paths"]["/test-write"]["post"]["security"]} == {
        "APIKeyHeader",
        "HTTPBearer",
    }
    assert "security" not in spec["paths"]["/score"]["post"]


@pytest.mark.parametrize(
    ("path", "body"), [("/score", CLAIM), ("/score/batch", {"items": [CLAIM]}), ("/check", DRAFT)]
)
def test_reads_are_open_by_default_but_a_wrong_key_is_refused(
    keyed: TestClient, path: str, body: Any
) -> None:
    assert keyed.post(path, json=body).status_code == 200
    assert keyed.post(path, json=body, headers={"X-API-Key": "first-key-0001"}).status_code == 200
    assert keyed.post(path, json=body, headers={"X-API-Key": "not-a-key"}).status_code == 403


@pytest.mark.parametrize(
    ("path", "body"), [("/score", CLAIM), ("/score/batch", {"items": [CLAIM]}), ("/check", DRAFT)]
)
def test_reads_need_a_key_when_configured_so(tmp_path: Path, path: str, body: Any) -> None:
    with TestClient(make_app(tmp_path, api_keys=KEYS, require_api_key_for_reads=True)) as client:
        missing = client.post(path, json=body)
        assert missing.status_code == 401 and "www-authenticate" in missing.headers
        assert client.post(path, json=body, headers={"X-API-Key": "nope"}).status_code == 403
        assert (
            client.post(path, json=body, headers={"Authorization": "Bearer second-key-0002"}).status_code
            == 200
        )
        # Health, readiness and metrics stay open for probes and the scraper.
        for open_path in ("/healthz", "/readyz", "/metrics"):
            assert client.get(open_path).status_code == 200


def test_reads_required_but_no_keys_configured_fails_closed(tmp_path: Path) -> None:
    with TestClient(make_app(tmp_path, require_api_key_for_reads=True)) as client:
        response = client.post("/score", json=CLAIM)
        assert response.status_code == 403 and "no API keys are configured" in response.json()["detail"]


@pytest.fixture()
def compare_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bytes, bytes]]:
    """Record every hmac.compare_digest call (the stdlib function still does the comparing)."""
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def recording(a: Any, b: Any) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", recording)
    return calls


def test_every_configured_key_is_compared_with_compare_digest(
    compare_calls: list[tuple[bytes, bytes]],
) -> None:
    keys = [SecretStr("alpha-key"), SecretStr("beta-key"), SecretStr("gamma-key")]
    # A match on the first key must not stop the loop: the time taken may not tell which key matched.
    assert key_matches("alpha-key", keys) is True
    assert [b for _, b in compare_calls] == [b"alpha-key", b"beta-key", b"gamma-key"]
    compare_calls.clear()
    assert key_matches("alpha-kez", keys) is False
    assert len(compare_calls) == 3
    compare_calls.clear()
    assert (
        key_matches("ключ-ünïcode", [SecretStr("ключ-ünïcode")]) is True
    )  # non-ASCII keys are bytes-compared


def test_requests_use_the_constant_time_path(
    keyed: TestClient, compare_calls: list[tuple[bytes, bytes]]
) -> None:
    assert keyed.post("/test-write", headers={"X-API-Key": "second-key-0002"}).status_code == 200
    assert sorted(b for _, b in compare_calls) == [b"first-key-0001", b"second-key-0002"]
