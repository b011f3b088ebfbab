"""The service with its corpus engine in an S3 bucket (SCORER_ENGINE_URI=s3://…, moto_server), through its
HTTP API under uvicorn: a document written through one replica is searched and scored against, a second
replica serves it from the bucket's rows (one row per passage however the two raced), and a delete takes
its rows out."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

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
from tests.live_server import live_server
from tests.object_store import Bucket

pytestmark = pytest.mark.integration


@pytest.fixture()
def replicas(tmp_path: Path, s3_bucket: Bucket) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    """Two replicas on one corpus store (the shared state volume) whose engine is the bucket."""
    CorpusStore.open(tmp_path / "state" / "corpus").apply(tiny_documents())
    settings = make_settings(
        tmp_path,
        api_keys=[WRITER_KEY],
        corpus_poll_seconds=0.2,
        engine_uri=s3_bucket.uri("corpus-engine"),
        engine_endpoint=s3_bucket.endpoint,
        engine_region="us-east-1",
        engine_allow_http=True,
    )
    with ExitStack() as stack:
        clients = []
        for _ in range(2):
            app = create_app(settings, cache=InMemoryScoreCache(), embedder=FakeEmbedder())
            base = stack.enter_context(live_server(app))
            clients.append(stack.enter_context(httpx.Client(base_url=base, timeout=30)))
        yield clients[0], clients[1]


def bucket_rows(tmp_path: Path, bucket: Bucket) -> dict[int, int]:
    return engine_rows(
        tmp_path / "state", engine_uri=bucket.uri("corpus-engine"), storage_options=bucket.storage_options
    )


def test_writes_through_the_api_land_in_the_bucket_and_every_replica_serves_them(
    replicas: tuple[httpx.Client, httpx.Client], s3_bucket: Bucket, tmp_path: Path
) -> None:
    first, second = replicas
    assert not (tmp_path / "state" / "engine").exists()  # nothing of the engine on the local volume
    assert first.get("/corpus").json()["dense_index"] == "lancedb"
    seeded = bucket_rows(tmp_path, s3_bucket)
    assert seeded

    written = first.post("/corpus/documents", json={"documents": [HARBOUR_DOC]}, headers=WRITER_HEADERS)
    assert written.status_code == 200, written.text
    version = written.json()["version"]
    corpus = first.get("/corpus").json()
    assert corpus["version"] == version and corpus["documents"] == len(tiny_documents()) + 1
    rows = bucket_rows(tmp_path, s3_bucket)
    assert set(seeded.items()) < set(rows.items())  # the old rows untouched, the new passage's added
    scored = first.post("/score", json=HARBOUR_CLAIM).json()
    assert scored["versions"]["corpus"] == version
    assert any(e["doc_id"] == "harbour-1" for e in scored["evidence"])

    wait_for(lambda: second.get("/corpus").json()["version"] == version, seconds=30)
    # The second replica syncs as it picks the version up; if it read the table before the first one's
    # write committed it adds the passage again, then removes its own copy: one row each, old rows kept.
    caught_up = bucket_rows(tmp_path, s3_bucket)
    assert caught_up.keys() == rows.keys() and set(seeded.items()) < set(caught_up.items())
    served = second.post("/score", json=HARBOUR_CLAIM).json()
    assert served["versions"]["corpus"] == version
    assert any(e["doc_id"] == "harbour-1" for e in served["evidence"])

    deleted = first.delete("/corpus/documents/harbour-1", headers=WRITER_HEADERS)
    assert deleted.status_code == 200 and deleted.json()["deleted"] == ["harbour-1"]
    after = first.get("/corpus").json()
    assert after["version"] != version and after["documents"] == len(tiny_documents())
    assert bucket_rows(tmp_path, s3_bucket) == seeded  # exactly the added passage's rows are gone
    rescored = first.post("/score", json=HARBOUR_CLAIM).json()
    assert not any(e["doc_id"] == "harbour-1" for e in rescored["evidence"])
    assert first.get("/corpus/documents/harbour-1").status_code == 404
