"""/metrics in Prometheus text format, and the access log line, through the real app with a fake embedder."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from scoring import ReliabilityScorer
from service.adapters.cache import InMemoryScoreCache
from service.api.logs import JsonFormatter
from service.app import create_app
from tests.conftest import make_settings
from tests.fakes import fake_scorer

CLAIM = "Floods in the river valley killed 12 people on Monday"


@pytest.fixture()
def scorer() -> ReliabilityScorer:
    return fake_scorer()


@pytest.fixture()
def client(tmp_path: Path, scorer: ReliabilityScorer) -> Iterator[TestClient]:
    app = create_app(make_settings(tmp_path), scorer=scorer, cache=InMemoryScoreCache())
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def samples(client: TestClient) -> list[Sample]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return [s for family in text_string_to_metric_families(response.text) for s in family.samples]


def value(found: list[Sample], name: str, **labels: str) -> float:
    matching = [
        s.value for s in found if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
    ]
    assert len(matching) == 1, f"{name} {labels}: {len(matching)} samples"
    return matching[0]


def test_requests_are_counted_per_route_template_and_status(client: TestClient) -> None:
    client.post("/score", json={"claim": CLAIM})
    client.post("/score", json={"claim": CLAIM})
    client.post("/score", json={"claim": ""})
    client.get("/healthz")
    client.get("/no/such/path/12345")
    found = samples(client)
    assert value(found, "http_requests_total", method="POST", route="/score", status="200") == 2
    assert value(found, "http_requests_total", method="POST", route="/score", status="422") == 1
    assert value(found, "http_requests_total", method="GET", route="/healthz", status="200") == 1
    # Unknown paths share one label value, so probing cannot create series; the raw path never shows.
    assert value(found, "http_requests_total", method="GET", route="<unmatched>", status="404") == 1
    assert not any("12345" in str(s.labels) for s in found)


def test_latency_histogram_has_buckets_per_route(client: TestClient) -> None:
    client.post("/score", json={"claim": CLAIM})
    found = samples(client)
    buckets = [
        s
        for s in found
        if s.name == "http_request_duration_seconds_bucket" and s.labels.get("route") == "/score"
    ]
    bounds = {s.labels["le"] for s in buckets}
    assert {"0.005", "0.1", "1.0", "+Inf"} <= bounds
    assert value(found, "http_request_duration_seconds_count", route="/score", status="200") == 1
    assert value(found, "http_request_duration_seconds_bucket", route="/score", status="200", le="+Inf") == 1
    assert value(found, "http_request_duration_seconds_sum", route="/score", status="200") > 0


def test_a_body_refused_before_routing_is_counted_as_unmatched(client: TestClient) -> None:
    refused = client.post(
        "/score", content=b"x" * (2 * 1024 * 1024), headers={"content-type": "application/json"}
    )
    assert refused.status_code == 413
    assert (
        value(samples(client), "http_requests_total", method="POST", route="<unmatched>", status="413") == 1
    )


def test_cache_hits_and_misses_come_from_the_cache_itself(client: TestClient) -> None:
    client.post("/score", json={"claim": CLAIM})
    client.post("/score", json={"claim": CLAIM})
    client.post(
        "/score/batch", json={"items": [{"claim": CLAIM}, {"claim": "The storm cut power to 40,000 homes"}]}
    )
    found = samples(client)
    assert value(found, "scorer_cache_hits_total", backend="memory") == 2
    assert value(found, "scorer_cache_misses_total", backend="memory") == 2
    assert value(found, "scorer_cache_errors_total", backend="memory") == 0
    assert value(found, "scorer_cache_degraded") == 0


def test_each_scoring_stage_is_timed_once_per_miss_batch(client: TestClient) -> None:
    client.post(
        "/score/batch", json={"items": [{"claim": CLAIM}, {"claim": "The storm cut power to 40,000 homes"}]}
    )
    client.post("/score", json={"claim": CLAIM})  # a cache hit: nothing is scored
    client.post(
        "/check", json={"text": "Officials said 3,000 residents were evacuated overnight. Is that so?"}
    )
    found = samples(client)
    for stage in ("embed", "retrieve", "stance", "combine"):
        assert value(found, "scorer_stage_duration_seconds_count", stage=stage) == 2, stage
        assert value(found, "scorer_stage_duration_seconds_sum", stage=stage) > 0, stage


def test_corpus_size_versions_and_readiness(client: TestClient, scorer: ReliabilityScorer) -> None:
    found = samples(client)
    assert value(found, "scorer_ready") == 1
    assert value(found, "scorer_corpus_documents") == len(scorer.corpus.documents) == 3
    assert value(found, "scorer_corpus_passages") == len(scorer.corpus.entries) > 3
    info = [s for s in found if s.name == "scorer_versions_info"]
    assert len(info) == 1 and info[0].value == 1
    assert info[0].labels == {
        "model": scorer.versions.model,
        "corpus": scorer.versions.corpus,
        "scorer": scorer.versions.scorer,
        "outlets": scorer.versions.outlets,
        "judge": scorer.versions.judge,
    }


def test_each_app_has_its_own_registry(tmp_path: Path) -> None:
    first = create_app(make_settings(tmp_path), scorer=fake_scorer(), cache=InMemoryScoreCache())
    second = create_app(make_settings(tmp_path), scorer=fake_scorer(), cache=InMemoryScoreCache())
    with TestClient(first) as one, TestClient(second) as two:
        one.get("/healthz")
        one.get("/healthz")
        two.get("/healthz")
        assert value(samples(one), "http_requests_total", route="/healthz") == 2
        assert value(samples(two), "http_requests_total", route="/healthz") == 1


def test_metrics_need_no_key_even_when_reads_do(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, api_keys="k-123456", require_api_key_for_reads=True)
    app = create_app(settings, scorer=fake_scorer(), cache=InMemoryScoreCache())
    with TestClient(app) as client:
        assert client.post("/score", json={"claim": CLAIM}).status_code == 401
        found = samples(client)
        assert value(found, "http_requests_total", method="POST", route="/score", status="401") == 1


class JsonLines(logging.Handler):
    """Formats each record as it is emitted, inside the request, where the request id is set."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(JsonFormatter())
        self.lines: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(orjson.loads(self.format(record)))


def test_one_access_log_line_per_request_with_its_fields(client: TestClient) -> None:
    handler = JsonLines()
    access = logging.getLogger("service.access")
    access.addHandler(handler)
    level = access.level
    access.setLevel(logging.INFO)
    try:
        response = client.post("/score", json={"claim": CLAIM}, headers={"X-Request-ID": "req-42"})
    finally:
        access.removeHandler(handler)
        access.setLevel(level)
    assert response.status_code == 200
    assert len(handler.lines) == 1
    [entry] = handler.lines
    assert entry["level"] == "INFO"
    assert entry["request_id"] == "req-42"
    assert entry["method"] == "POST" and entry["route"] == "/score" and entry["status"] == 200
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] > 0
    assert entry["client"] == "testclient"
    assert str(entry["message"]).startswith("POST /score 200 ")
