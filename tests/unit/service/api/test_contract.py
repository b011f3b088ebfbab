"""One response contract: every route answers what its declared model describes, and the OpenAPI says so.

The scoring routes send JSON bytes (a fresh result as mapped, a cached one as stored plus its "cached"
flag) rather than letting FastAPI serialise a model; these tests prove those bytes are exactly the JSON
of the model service/api/mapping.py builds from the core's result, on the miss and on the hit path.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from scoring import ReliabilityScorer
from service.adapters.cache import InMemoryScoreCache
from service.adapters.corpus_store import CorpusStore
from service.api.mapping import check_response, score_response
from service.api.schemas.corpus import CorpusStatsResponse, DocumentResponse, IngestResponse
from service.api.schemas.ops import HealthResponse, NotReadyResponse, ReadyResponse
from service.api.schemas.responses import BatchResponse, CheckResponse, ScoreResponse
from service.app import create_app
from tests.conftest import make_settings
from tests.fakes import fake_scorer, tiny_documents

WRITE_KEY = "contract-test-key"
# Claims the test corpus contradicts (a changed figure), supports, and says nothing about, with and
# without a source: between them every part of a result is filled.
CLAIMS = (
    {"claim": "Floods in the river valley killed 50 people on Monday"},
    {
        "claim": "Twelve people died in the river valley floods, the governor said",
        "source": {"outlet": "Reuters"},
    },
    {"claim": "The orchestra premiered a new symphony by a young composer"},
    {
        "claim": "Officials said the dam had been inspected",
        "source": {"url": "https://www.dailymail.co.uk/x"},
    },
)


@pytest.fixture()
def scorer() -> ReliabilityScorer:
    return fake_scorer()


@pytest.fixture()
def client(scorer: ReliabilityScorer, tmp_path: Path) -> Iterator[TestClient]:
    store = CorpusStore.open(tmp_path / "corpus")
    store.apply(tiny_documents())
    settings = make_settings(tmp_path, api_keys=[WRITE_KEY])
    app = create_app(settings, scorer=scorer, cache=InMemoryScoreCache(), corpus_store=store)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _source(item: dict[str, Any]) -> Any:
    from scoring import SourceRef

    source = item.get("source")
    return SourceRef(**source) if source else None


@pytest.mark.parametrize("item", CLAIMS)
def test_score_bytes_are_the_models_json_on_miss_and_hit(
    client: TestClient, scorer: ReliabilityScorer, item: dict[str, Any]
) -> None:
    assessment = scorer.score(item["claim"], _source(item))
    miss = client.post("/score", json=item)
    hit = client.post("/score", json=item)
    assert miss.status_code == hit.status_code == 200
    assert miss.content == score_response(assessment, cached=False).model_dump_json().encode()
    assert hit.content == score_response(assessment, cached=True).model_dump_json().encode()


def test_batch_bytes_are_the_models_json(client: TestClient, scorer: ReliabilityScorer) -> None:
    client.post("/score", json=CLAIMS[0])  # one hit among misses
    response = client.post("/score/batch", json={"items": list(CLAIMS)})
    expected = BatchResponse(
        results=[
            score_response(scorer.score(item["claim"], _source(item)), cached=index == 0)
            for index, item in enumerate(CLAIMS)
        ]
    )
    assert response.content == expected.model_dump_json().encode()


def test_check_is_the_mapped_draft_report(client: TestClient, scorer: ReliabilityScorer) -> None:
    draft = "\n".join(item["claim"] + "." for item in CLAIMS) + "\nIs this true?"
    report = scorer.check(draft)
    results = [score_response(c.assessment, cached=False) if c.assessment else None for c in report.claims]
    expected = check_response([c.claim for c in report.claims], results, report.summary, report.versions)
    response = client.post("/check", json={"text": draft})
    assert response.status_code == 200
    assert CheckResponse.model_validate_json(response.content) == expected


def _answers(client: TestClient) -> list[tuple[str, str, Any, type[BaseModel]]]:
    """(path template, method, response, the model the route declares) for every route with a JSON body."""
    headers = {"X-API-Key": WRITE_KEY}
    document = {
        "id": "contract-1",
        "text": "Floods in the river valley killed 12 people on Monday, officials said.",
    }
    return [
        ("/score", "post", client.post("/score", json=CLAIMS[1]), ScoreResponse),
        ("/score/batch", "post", client.post("/score/batch", json={"items": list(CLAIMS)}), BatchResponse),
        ("/check", "post", client.post("/check", json={"text": CLAIMS[0]["claim"]}), CheckResponse),
        ("/healthz", "get", client.get("/healthz"), HealthResponse),
        ("/readyz", "get", client.get("/readyz"), ReadyResponse),
        ("/corpus", "get", client.get("/corpus"), CorpusStatsResponse),
        ("/corpus/documents/{doc_id}", "get", client.get("/corpus/documents/wire-1"), DocumentResponse),
        (
            "/corpus/documents",
            "post",
            client.post("/corpus/documents", json={"documents": [document]}, headers=headers),
            IngestResponse,
        ),
        (
            "/corpus/documents/{doc_id}",
            "delete",
            client.delete("/corpus/documents/contract-1", headers=headers),
            IngestResponse,
        ),
    ]


def test_every_answer_validates_against_its_model_and_the_openapi_schema(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    answers = _answers(client)
    documented = {(path, method) for path, operations in spec["paths"].items() for method in operations}
    # Every JSON route is covered here (/metrics answers Prometheus text, the plugin routes HTML).
    assert documented - {(path, method) for path, method, _, _ in answers} == {("/metrics", "get")}
    for path, method, response, model in answers:
        assert response.status_code == 200, (path, method, response.text)
        schema = spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{model.__name__}"}, (path, method)
        model.model_validate_json(response.content)
        validator = Draft202012Validator(schema | {"components": spec["components"]})
        assert not list(validator.iter_errors(response.json())), (path, method)


def test_not_ready_answers_its_documented_model(tmp_path: Any) -> None:
    app = create_app(make_settings(tmp_path, model_dir=tmp_path / "no-model"), cache=InMemoryScoreCache())
    spec = app.openapi()
    assert spec["paths"]["/readyz"]["get"]["responses"]["503"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/NotReadyResponse"
    }
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        NotReadyResponse.model_validate_json(response.content)
