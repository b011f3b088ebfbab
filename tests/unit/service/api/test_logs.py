"""Claim and draft text and API keys never reach the logs, unless a short prefix is asked for."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.unit.service.api.keyed_app import make_app

SECRET_CLAIM = "Zyxwvut quietly resigned from the board of Qwertyco on Thursday, two aides said"


SECRET_DRAFT = "Plovdiv-Nine memo: the merger closes on 3 March. Lorem ipsum markers 7c1e9 appear here."


def test_claim_and_draft_text_and_keys_never_reach_the_logs(
    keyed: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    headers = {"X-API-Key": "first-key-0001"}
    assert keyed.post("/score", json={"claim": SECRET_CLAIM}, headers=headers).status_code == 200
    assert (
        keyed.post("/score/batch", json={"items": [{"claim": SECRET_CLAIM}]}, headers=headers).status_code
        == 200
    )
    assert keyed.post("/check", json={"text": SECRET_DRAFT}, headers=headers).status_code == 200
    keyed.post("/score", json={"claim": SECRET_CLAIM}, headers={"X-API-Key": "a-wrong-key-77"})
    assert any(r.name == "service.access" for r in caplog.records), "the access log is on"
    logged = caplog.text + " ".join(str(getattr(r, "fields", "")) for r in caplog.records)
    for secret in ("Zyxwvut", "Qwertyco", "Plovdiv", "7c1e9", "first-key-0001", "a-wrong-key-77"):
        assert secret not in logged


def test_with_log_claim_text_only_a_short_prefix_is_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    long_claim = SECRET_CLAIM + " and then " + "the tail end of it stays out " * 10
    with TestClient(make_app(tmp_path, log_claim_text=True)) as client:
        assert client.post("/score", json={"claim": long_claim}).status_code == 200
    assert "Zyxwvut quietly resigned" in caplog.text
    assert "tail end" not in caplog.text
