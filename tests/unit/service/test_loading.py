"""One bad write never takes the corpus down, and a replica that failed to load recovers without a restart."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from scoring import ReliabilityScorer
from scoring.corpus import corpus_version
from scoring.corpus.documents import document_from_mapping
from service.adapters.cache import InMemoryScoreCache
from service.adapters.corpus_store import CorpusStore
from service.app import create_app
from tests.conftest import make_settings, wait_for
from tests.fakes import (
    HARBOUR_DOC,
    WRITER_HEADERS,
    WRITER_KEY,
    FakeEmbedder,
    fake_scorer,
    tiny_documents,
)

CLAIM = {"claim": "Floods in the river valley killed 12 people"}


@pytest.fixture()
def store(tmp_path: Path) -> CorpusStore:
    store = CorpusStore.open(tmp_path / "state" / "corpus")
    store.apply(tiny_documents())
    return store


@pytest.fixture()
def client(tmp_path: Path, store: CorpusStore) -> Iterator[TestClient]:
    settings = make_settings(tmp_path, api_keys=[WRITER_KEY], corpus_poll_seconds=0.1)
    app = create_app(settings, scorer=fake_scorer(), cache=InMemoryScoreCache(), corpus_store=store)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        # The fake scorer indexed the same documents the store holds.
        assert test_client.get("/corpus").json()["version"] == store.current_version()
        yield test_client


def test_replacing_every_document_with_nothing_indexable_is_refused_and_nothing_moves(
    client: TestClient, store: CorpusStore
) -> None:
    before = store.current_version()
    blank = [{"id": d.doc_id, "text": "x"} for d in tiny_documents()]
    refused = client.post("/corpus/documents", json={"documents": blank}, headers=WRITER_HEADERS)
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "invalid_document"
    assert "no passage to index" in refused.json()["detail"] and "wire-1" in refused.json()["detail"]
    assert store.current_version() == before and store.versions() == {before}
    assert client.get("/corpus").json()["version"] == before
    assert client.get("/readyz").status_code == 200
    assert client.post("/score", json=CLAIM).status_code == 200


def test_one_unindexable_document_refuses_its_whole_batch(client: TestClient, store: CorpusStore) -> None:
    before = store.current_version()
    batch = {"documents": [HARBOUR_DOC, {"id": "slug", "text": "Mosul"}]}
    refused = client.post("/corpus/documents", json=batch, headers=WRITER_HEADERS)
    assert refused.status_code == 422 and "'slug'" in refused.json()["detail"]
    assert "harbour-1" not in {d.doc_id for d in store.documents()} and store.current_version() == before


def test_a_commit_this_replica_cannot_index_yet_is_202_and_served_once_it_can(
    client: TestClient, store: CorpusStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fault after the commit (the disk filling while vectors are saved) cannot be caused for real here.
    original = ReliabilityScorer.with_documents
    monkeypatch.setattr(ReliabilityScorer, "with_documents", _raise_os_error)
    before = store.current_version()
    written = client.post("/corpus/documents", json={"documents": [HARBOUR_DOC]}, headers=WRITER_HEADERS)
    assert written.status_code == 202, written.text
    body = written.json()
    assert body["added"] == ["harbour-1"] and body["version"] == store.current_version() != before
    assert body["serving_version"] == before
    assert client.get("/corpus").json()["version"] == before, "the previous index keeps serving"
    assert client.post("/score", json=CLAIM).status_code == 200
    monkeypatch.setattr(ReliabilityScorer, "with_documents", original)
    wait_for(lambda: client.get("/corpus").json()["version"] == body["version"])


def _raise_os_error(*args: object, **kwargs: object) -> ReliabilityScorer:
    raise OSError(28, "No space left on device")


def _write_unindexable_version(root: Path) -> str:
    """A current version of documents with no passages, as a store without the write check could commit."""
    documents = [{"id": d.doc_id, "text": "x", "outlet_domain": d.outlet_domain} for d in tiny_documents()]
    version = corpus_version([document_from_mapping(d) for d in documents])
    directory = root / "versions" / version
    directory.mkdir(parents=True)
    (directory / "documents.jsonl").write_text("".join(json.dumps(d) + "\n" for d in documents))
    (directory / "COMPLETE").write_text(version)
    (root / "CURRENT").write_text(version)
    return version


def test_a_replica_that_cannot_load_its_corpus_stays_alive_retries_and_a_write_repairs_it(
    tmp_path: Path,
) -> None:
    _write_unindexable_version(tmp_path / "state" / "corpus")
    settings = make_settings(tmp_path, api_keys=[WRITER_KEY])
    app = create_app(settings, cache=InMemoryScoreCache(), embedder=FakeEmbedder())
    with TestClient(app, raise_server_exceptions=False) as client:
        wait_for(lambda: client.get("/readyz").json()["failed_attempts"] >= 2)
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "no passages" in ready.json()["detail"]
        assert ready.json()["retrying"] is True
        assert client.get("/healthz").status_code == 200, "alive: a write can repair it"
        assert client.post("/score", json=CLAIM).status_code == 503
        # The API can repair it: writes work while the replica is not ready.
        written = client.post("/corpus/documents", json={"documents": [HARBOUR_DOC]}, headers=WRITER_HEADERS)
        assert written.status_code in (200, 202), written.text
        wait_for(lambda: client.get("/readyz").status_code == 200, seconds=5)
        assert client.get("/corpus").json()["version"] == written.json()["version"]
        assert client.get("/corpus/documents/harbour-1").status_code == 200


def test_a_replica_picks_up_a_repair_made_by_another_writer(tmp_path: Path) -> None:
    root = tmp_path / "state" / "corpus"
    _write_unindexable_version(root)
    app = create_app(make_settings(tmp_path), cache=InMemoryScoreCache(), embedder=FakeEmbedder())
    with TestClient(app, raise_server_exceptions=False) as client:
        wait_for(lambda: client.get("/readyz").json()["failed_attempts"] >= 1)
        CorpusStore.open(root).apply(tiny_documents())  # another replica, or `reliability ingest`
        wait_for(lambda: client.get("/readyz").status_code == 200)
        assert client.post("/score", json=CLAIM).json()["verdict"] != "unverified"


def test_a_model_that_cannot_load_makes_the_replica_not_alive(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path, embedding_backend="onnx-int8", onnx_auto_export=False, onnx_model_dir=tmp_path / "empty"
    )
    with TestClient(
        create_app(settings, cache=InMemoryScoreCache()), raise_server_exceptions=False
    ) as client:
        wait_for(lambda: client.get("/healthz").status_code == 503)
        health = client.get("/healthz").json()
        assert health["code"] == "not_alive" and "ModelUnavailable" in health["detail"]
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["retrying"] is False


def test_a_write_repairs_a_store_whose_current_version_is_damaged(tmp_path: Path) -> None:
    root = tmp_path / "state" / "corpus"
    store = CorpusStore.open(root)
    good = store.apply(tiny_documents()).version
    damaged = store.apply([document_from_mapping(HARBOUR_DOC | {"id": "lost-1"})]).version
    (root / "versions" / damaged / "documents.jsonl").write_text("torn")
    app = create_app(
        make_settings(tmp_path, api_keys=[WRITER_KEY]), cache=InMemoryScoreCache(), embedder=FakeEmbedder()
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        wait_for(lambda: client.get("/readyz").json().get("failed_attempts", 0) >= 1)
        written = client.post("/corpus/documents", json={"documents": [HARBOUR_DOC]}, headers=WRITER_HEADERS)
        assert written.status_code in (200, 202), written.text
        body = written.json()
        assert body["previous_version"] == damaged and body["added"] == ["harbour-1"]
        wait_for(lambda: client.get("/readyz").status_code == 200)
        assert client.get("/corpus").json()["version"] == body["version"] != good
        # The write started from the newest version that verifies: what only the damaged one held is gone.
        assert client.get("/corpus/documents/lost-1").status_code == 404
        assert client.get("/corpus/documents/wire-1").status_code == 200


def test_a_store_with_no_version_that_verifies_refuses_writes_with_503_saying_why(tmp_path: Path) -> None:
    root = tmp_path / "state" / "corpus"
    root.mkdir(parents=True)
    (root / "CURRENT").write_text("0123456789abcdef")  # names a version that is not there
    store = CorpusStore.open(root)
    app = create_app(
        make_settings(tmp_path, api_keys=[WRITER_KEY]),
        scorer=fake_scorer(),
        cache=InMemoryScoreCache(),
        corpus_store=store,
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        for response in (
            client.post("/corpus/documents", json={"documents": [HARBOUR_DOC]}, headers=WRITER_HEADERS),
            client.delete("/corpus/documents/wire-1", headers=WRITER_HEADERS),
        ):
            assert response.status_code == 503, response.text
            error = response.json()
            assert error["code"] == "corpus_unavailable"
            assert "0123456789abcdef is incomplete" in error["detail"] and "CURRENT" in error["detail"]
