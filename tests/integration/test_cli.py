"""The CLI answers from the corpus the service serves: after `reliability ingest`, `score` and `check` see
the new documents and print the JSON the service answers, from the real model."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service.adapters.cache import InMemoryScoreCache
from service.app import create_app
from service.cli import app as cli
from service.settings import Settings, get_settings

pytestmark = pytest.mark.integration

ARTICLE = (
    "Dock workers at the northern harbour ended a nine-day strike on Friday after accepting a 6 percent "
    "pay rise, the port authority said.\n"
    "Ships had queued for a week outside the harbour while the strike lasted."
)
CLAIM = "Dock workers ended their strike at the harbour after accepting a pay rise"


@pytest.fixture()
def state_env(tmp_path: Path, onnx_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The CLI reads its settings from the environment, as in production: a fresh state dir here."""
    monkeypatch.setenv("SCORER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("SCORER_ONNX_MODEL_DIR", str(onnx_model_dir))
    monkeypatch.setenv("SCORER_ONNX_AUTO_EXPORT", "false")
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


def test_score_and_check_answer_from_the_ingested_corpus_with_the_services_json(
    tmp_path: Path, state_env: Settings
) -> None:
    runner = CliRunner()
    (tmp_path / "harbour strike.txt").write_text(ARTICLE)
    ingested = runner.invoke(cli, ["ingest", str(tmp_path / "harbour strike.txt")])
    assert ingested.exit_code == 0, ingested.output

    scored = runner.invoke(cli, ["score", CLAIM])
    assert scored.exit_code == 0, scored.output
    from_cli = json.loads(scored.stdout)
    assert any(e["doc_id"] == "harbour strike" for e in from_cli["evidence"]), (
        "the ingested article is evidence"
    )
    with TestClient(
        create_app(state_env, cache=InMemoryScoreCache()), raise_server_exceptions=False
    ) as client:
        deadline = time.monotonic() + 60
        while client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, client.get("/readyz").json()
            time.sleep(0.1)
        from_service = client.post("/score", json={"claim": CLAIM}).json()
        (draft := tmp_path / "draft.txt").write_text(f"{CLAIM}. The port reopened on Saturday morning.")
        service_check = client.post("/check", json={"text": draft.read_text()}).json()
    assert from_cli == from_service
    assert from_cli["versions"]["corpus"] == from_service["versions"]["corpus"]

    checked = runner.invoke(cli, ["check", str(draft), "--json"])
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout) == service_check
    table = runner.invoke(cli, ["check", str(draft)])
    assert table.exit_code == 0 and "[0:" in table.stdout


def test_a_bad_source_url_is_refused_as_the_api_refuses_it(state_env: Settings) -> None:
    refused = CliRunner().invoke(cli, ["score", CLAIM, "--source", "not a url"])
    assert refused.exit_code == 2 and "absolute http(s) URL" in refused.output


def test_ingest_reports_what_the_store_refuses_without_a_traceback(tmp_path: Path) -> None:
    article = tmp_path / "short.txt"
    article.write_text("Too short.")
    state = tmp_path / "state"
    refused = CliRunner().invoke(cli, ["ingest", str(article), "--state-dir", str(state)])
    assert refused.exit_code == 2, refused.output
    assert refused.stderr.startswith("error (invalid_document): ") and "Traceback" not in refused.output
    (state / "corpus" / "CURRENT").write_text("0123456789abcdef")  # names a version that is not there
    for version in (state / "corpus" / "versions").iterdir():
        (version / "COMPLETE").unlink()  # and no other verifies
    article.write_text(ARTICLE)
    damaged = CliRunner().invoke(cli, ["ingest", str(article), "--state-dir", str(state)])
    assert damaged.exit_code == 2, damaged.output
    assert damaged.stderr.startswith("error (corpus_unavailable): ") and "CURRENT" in damaged.stderr
