"""Corpus endpoints through the real app: keys, versions, and scores that see new documents at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.adapters.cache import InMemoryScoreCache
from service.adapters.corpus_store import CorpusStore
from service.app import create_app
from tests.conftest import engine_rows, make_settings
from tests.fakes import (
    HARBOUR_CLAIM,
    HARBOUR_DOC,
    WRITER_HEADERS,
    WRITER_KEY,
    fake_scorer,
    tiny_documents,
)


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    store = CorpusStore.open(tmp_path / "corpus")
    store.apply(tiny_documents())
    settings = make_settings(tmp_path, api_keys=[WRITER_KEY])
    app = create_app(settings, scorer=fake_scorer(), cache=InMemoryScoreCache(), corpus_store=store)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_reads_show_the_serving_corpus(client: TestClient) -> None:
    stats = client.get("/corpus").json()
    assert stats["documents"] == 3 and stats["passages"] > 3
    assert stats["outlets"]["reuters.com"] == 1
    document = client.get("/corpus/documents/wire-1").json()
    assert document["outlet"] == "reuters.com" and "Floods" in document["text"]
    missing = client.get("/corpus/documents/nope")
    assert missing.status_code == 404 and missing.json()["code"] == "document_not_found"


def test_writes_need_a_key(client: TestClient) -> None:
    assert client.post("/corpus/documents", json={"documents": [HARBOUR_DOC]}).status_code == 401
    wrong = client.post("/corpus/documents", json={"documents": [HARBOUR_DOC]}, headers={"X-API-Key": "nope"})
    assert wrong.status_code == 403
    assert client.delete("/corpus/documents/wire-1").status_code == 401


def test_added_document_is_served_and_scored_against_immediately(client: TestClient) -> None:
    before = client.post("/score", json=HARBOUR_CLAIM).json()
    assert before["verdict"] == "unverified"
    added = client.post("/corpus/documents", json={"documents": [HARBOUR_DOC]}, headers=WRITER_HEADERS)
    assert added.status_code == 200
    body = added.json()
    assert body["added"] == ["harbour-1"] and body["version"] != body["previous_version"]
    assert client.get("/corpus").json()["version"] == body["version"]
    after = client.post("/score", json=HARBOUR_CLAIM).json()
    assert after["versions"]["corpus"] == body["version"] and after["cached"] is False
    assert any(e["doc_id"] == "harbour-1" for e in after["evidence"])
    again = client.post("/corpus/documents", json={"documents": [HARBOUR_DOC]}, headers=WRITER_HEADERS).json()
    assert again["unchanged"] == ["harbour-1"] and again["version"] == body["version"]


def client_for(tmp_path: Path, **settings: object) -> TestClient:
    store = CorpusStore.open(tmp_path / "corpus")
    store.apply(tiny_documents())
    app = create_app(
        make_settings(tmp_path, api_keys=[WRITER_KEY], **settings),
        scorer=fake_scorer(),
        cache=InMemoryScoreCache(),
        corpus_store=store,
    )
    return TestClient(app, raise_server_exceptions=False)


def test_with_the_engine_a_write_adds_only_its_own_passages(client: TestClient, tmp_path: Path) -> None:
    first = dict(HARBOUR_DOC, id="harbour-0", text="Ferry crews walked out at the harbour on Monday.")
    assert (
        client.post("/corpus/documents", json={"documents": [first]}, headers=WRITER_HEADERS).status_code
        == 200
    )
    before = engine_rows(
        tmp_path / "state"
    )  # the whole corpus, indexed once by the first version the service built
    stats = client.get("/corpus").json()
    assert len(before) == stats["passages"] and stats["dense_index"] == "lancedb"
    added = client.post("/corpus/documents", json={"documents": [HARBOUR_DOC]}, headers=WRITER_HEADERS).json()
    served = client.get("/corpus").json()
    assert served["version"] == added["version"]
    after_write = engine_rows(tmp_path / "state")
    assert len(after_write) == len(before) + 1 == served["passages"]  # the new document's one passage
    assert before.items() <= after_write.items()  # and no passage already there was written again
    after = client.post("/score", json=HARBOUR_CLAIM).json()
    assert any(e["doc_id"] == "harbour-1" for e in after["evidence"])
    assert client.delete("/corpus/documents/harbour-1", headers=WRITER_HEADERS).status_code == 200
    assert engine_rows(tmp_path / "state") == before
    assert not any(
        e["doc_id"] == "harbour-1" for e in client.post("/score", json=HARBOUR_CLAIM).json()["evidence"]
    )


def test_saved_indexes_follow_the_versions_the_store_keeps(tmp_path: Path) -> None:
    with client_for(tmp_path, corpus_engine="files") as client:
        for n in range(4):
            doc = dict(HARBOUR_DOC, id=f"harbour-{n}", text=f"{HARBOUR_DOC['text']} Update number {n}.")
            assert (
                client.post(
                    "/corpus/documents", json={"documents": [doc]}, headers=WRITER_HEADERS
                ).status_code
                == 200
            )
    assert not (tmp_path / "state" / "engine").exists()
    store = CorpusStore(tmp_path / "corpus")
    saved = {p.name for p in (tmp_path / "state" / "index").iterdir()}
    assert saved and saved <= store.versions()
    assert store.current_version() in saved


def test_delete_makes_a_new_version_without_the_document(client: TestClient) -> None:
    deleted = client.delete("/corpus/documents/tabloid-1", headers=WRITER_HEADERS)
    assert deleted.status_code == 200 and deleted.json()["deleted"] == ["tabloid-1"]
    assert client.get("/corpus/documents/tabloid-1").status_code == 404
    assert client.delete("/corpus/documents/tabloid-1", headers=WRITER_HEADERS).status_code == 404


def test_invalid_documents_are_refused_whole(client: TestClient) -> None:
    bad = dict(HARBOUR_DOC, url="not a url")
    response = client.post("/corpus/documents", json={"documents": [bad]}, headers=WRITER_HEADERS)
    assert response.status_code == 422
    assert client.get("/corpus").json()["documents"] == 3


def test_read_only_deployments_refuse_writes(tmp_path: Path) -> None:
    app = create_app(
        make_settings(tmp_path, api_keys=["k"]), scorer=fake_scorer(), cache=InMemoryScoreCache()
    )
    with TestClient(app) as client:
        response = client.post(
            "/corpus/documents", json={"documents": [HARBOUR_DOC]}, headers={"X-API-Key": "k"}
        )
        assert response.status_code == 409 and response.json()["code"] == "corpus_read_only"


@pytest.mark.parametrize("doc_id", [" harbour-1", "harbour-1 ", "harbour-1\u00a0"])
def test_ids_with_surrounding_whitespace_are_refused_not_stored_stripped(
    client: TestClient, doc_id: str
) -> None:
    written = client.post(
        "/corpus/documents", json={"documents": [dict(HARBOUR_DOC, id=doc_id)]}, headers=WRITER_HEADERS
    )
    assert written.status_code == 422, written.text
    assert written.json()["code"] == "validation_error"
    assert "must not begin or end with whitespace" in written.json()["detail"][0]["msg"]
    assert client.get("/corpus/documents/harbour-1").status_code == 404, "nothing was stored"
    for response in (
        client.get(f"/corpus/documents/{doc_id}"),
        client.delete(f"/corpus/documents/{doc_id}", headers=WRITER_HEADERS),
    ):
        assert response.status_code == 422, response.text
        assert "must not begin or end with whitespace" in response.json()["detail"][0]["msg"]
