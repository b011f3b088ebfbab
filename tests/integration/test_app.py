"""The real app end to end: packaged model, seed corpus, Redis cache, real HTTP client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from scoring import SentenceTransformerEmbedder
from service.app import create_app
from tests.conftest import make_settings
from tests.integration.conftest import REDIS_TEST_URL

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, onnx_model_dir: Path) -> Iterator[TestClient]:
    import redis

    sync = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        sync.ping()
    except redis.RedisError:
        from tests.conftest import skip_or_fail

        skip_or_fail("no Redis answers on 127.0.0.1:6379")
    sync.flushdb()
    settings = make_settings(
        tmp_path_factory.mktemp("app"), redis_url=REDIS_TEST_URL, onnx_model_dir=onnx_model_dir
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        import time

        deadline = time.monotonic() + 120
        while test_client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, test_client.get("/readyz").json()
            time.sleep(0.2)
        yield test_client
    sync.flushdb()
    sync.close()


def test_seed_claim_finds_the_inquisitr_article(client: TestClient) -> None:
    response = client.post("/score", json={"claim": "ISIS snipers killed 15 children fleeing Mosul"})
    assert response.status_code == 200
    body = response.json()
    inquisitr = [e for e in body["evidence"] if e["outlet"] == "inquisitr.com"]
    assert inquisitr, body["evidence"]
    assert any(e["stance"] == "supports" for e in inquisitr)
    assert body["verdict"] in {"single_source", "corroborated"}
    assert body["signals"]["corroboration"]["independent_sources"] >= 1
    assert body["versions"]["model"].endswith("+model_quantized.onnx")  # the default backend: int8 ONNX


def test_every_article_read_is_listed_once_with_its_stance(client: TestClient) -> None:
    body = client.post("/score", json={"claim": "ISIS snipers killed 15 children fleeing Mosul"}).json()
    documents = body["documents"]
    assert documents and body["documents_total"] == len(documents)
    ids = [d["doc_id"] for d in documents]
    assert len(ids) == len(set(ids))  # one row per article
    assert {e["doc_id"] for e in body["evidence"]} <= set(ids)  # the strongest passages are among them
    order = {"contradicts": 0, "supports": 1, "related": 2}
    assert [order[d["stance"]] for d in documents] == sorted(order[d["stance"]] for d in documents)
    supporting = [d for d in documents if d["stance"] == "supports"]
    assert any(d["outlet"] == "inquisitr.com" for d in supporting)
    for d in documents:
        assert 0.0 <= d["probability"] <= 1.0
        passage = d["passage"]
        text = client.get(f"/corpus/documents/{d['doc_id']}").json()["text"]
        assert text[passage["start"] : passage["end"]] == passage["text"]


def test_changed_number_is_contested(client: TestClient) -> None:
    body = client.post("/score", json={"claim": "ISIS snipers killed 40 children fleeing Mosul"}).json()
    assert body["verdict"] == "contested", body["explanation"]


def test_off_topic_claim_is_unverified(client: TestClient) -> None:
    body = client.post(
        "/score", json={"claim": "The central bank cut interest rates to 2 percent in Sweden"}
    ).json()
    assert body["verdict"] == "unverified", body["evidence"]


def test_second_call_is_cached_in_redis(client: TestClient) -> None:
    claim = {"claim": "Amnesty International warned of grave risks to civilians in the Mosul operation"}
    first = client.post("/score", json=claim).json()
    second = client.post("/score", json=claim).json()
    assert (first["cached"], second["cached"]) == (False, True)
    import redis

    keys = redis.Redis.from_url(REDIS_TEST_URL).keys("score:*")
    assert keys


def test_vectors_are_persisted_and_reused(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    from scoring import Attributor, CorpusIndex, load_manifest
    from service.settings import Settings

    settings = make_settings(tmp_path)
    documents = load_manifest(settings.corpus_manifest)

    class CountingEmbedder:
        model_id = embedder.model_id
        dimension = embedder.dimension
        texts = 0

        def encode(self, texts: list[str]) -> object:
            CountingEmbedder.texts += len(texts)
            return embedder.encode(texts)

    first = CorpusIndex.build(documents, CountingEmbedder(), Attributor(), vector_cache_dir=tmp_path / "v")
    embedded = CountingEmbedder.texts
    second = CorpusIndex.build(documents, CountingEmbedder(), Attributor(), vector_cache_dir=tmp_path / "v")
    assert embedded > 50 and CountingEmbedder.texts == embedded
    assert first.version == second.version
    assert isinstance(settings, Settings)
