"""Two replicas on one state directory, as `k8s/components/shared-state` runs them: a write through one is
served by the other within its poll, and the other builds that version without writing to the engine; a
replica whose engine files vanish under it answers 503, not an internal error."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from service.adapters.cache import InMemoryScoreCache
from service.adapters.corpus_store import CorpusStore
from service.app import create_app
from tests.conftest import engine_rows, make_settings, wait_for
from tests.fakes import (
    HARBOUR_CLAIM,
    HARBOUR_DOC,
    WRITER_HEADERS,
    WRITER_KEY,
    FakeEmbedder,
    tiny_documents,
)


def replica(tmp_path: Path) -> TestClient:
    settings = make_settings(tmp_path, api_keys=[WRITER_KEY], corpus_poll_seconds=0.2)
    app = create_app(settings, cache=InMemoryScoreCache(), embedder=FakeEmbedder())
    return TestClient(app, raise_server_exceptions=False)


def ready(client: TestClient) -> bool:
    return client.get("/readyz").status_code == 200


def test_a_write_through_one_replica_is_served_by_the_other_which_writes_nothing(tmp_path: Path) -> None:
    CorpusStore.open(tmp_path / "state" / "corpus").apply(tiny_documents())
    with replica(tmp_path) as first, replica(tmp_path) as second:
        wait_for(lambda: ready(first) and ready(second), seconds=20)
        written = first.post("/corpus/documents", json={"documents": [HARBOUR_DOC]}, headers=WRITER_HEADERS)
        assert written.status_code == 200, written.text
        version = written.json()["version"]
        assert first.get("/corpus").json()["version"] == version
        rows = engine_rows(tmp_path / "state")
        wait_for(lambda: second.get("/corpus").json()["version"] == version, seconds=20)
        assert second.get("/corpus").json()["dense_index"] == "lancedb"
        assert engine_rows(tmp_path / "state") == rows  # the second replica read the rows the first wrote
        scored = second.post("/score", json=HARBOUR_CLAIM).json()
        assert scored["versions"]["corpus"] == version
        assert any(e["doc_id"] == "harbour-1" for e in scored["evidence"])


def test_a_replica_whose_engine_files_vanish_answers_unavailable_not_an_internal_error(
    tmp_path: Path,
) -> None:
    CorpusStore.open(tmp_path / "state" / "corpus").apply(tiny_documents())
    with replica(tmp_path) as client:
        wait_for(lambda: ready(client), seconds=20)
        assert client.post("/score", json=HARBOUR_CLAIM).status_code == 200
        for data in (tmp_path / "state" / "engine").rglob("data/*.lance"):
            data.unlink()  # the shared volume loses the rows under a running replica
        answer = client.post("/score", json={"claim": "A claim about the harbour that no cache holds yet."})
        assert answer.status_code == 503, answer.text
        assert answer.json()["code"] == "corpus_unavailable"
        assert "Traceback" not in answer.text
