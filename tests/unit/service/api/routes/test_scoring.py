"""The HTTP contract through the real app, with a real scorer over a test corpus and a fake embedder."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.adapters.cache import InMemoryScoreCache
from service.app import create_app, scorer_config
from tests.conftest import make_settings
from tests.fakes import FakeEmbedder, fake_scorer

CONTRACT_KEYS = {"score", "band", "verdict", "signals", "evidence", "explanation", "versions", "cached"}


def test_score_returns_the_public_contract(client: TestClient) -> None:
    response = client.post("/score", json={"claim": "Floods in the river valley killed 12 people on Monday"})
    assert response.status_code == 200
    body = response.json()
    assert CONTRACT_KEYS <= body.keys()
    assert 0.0 <= body["score"] <= 1.0
    assert body["band"] in {"high", "mixed", "low"}
    assert body["verdict"] in {"corroborated", "single_source", "contested", "unverified"}
    assert set(body["signals"]) == {"outlet", "attribution", "corroboration"}
    assert {"domain", "prior", "confidence", "rated"} <= body["signals"]["outlet"].keys()
    assert {"kind", "attributed_to", "cues"} <= body["signals"]["attribution"].keys()
    assert {"independent_sources", "supporting", "contradicting"} <= body["signals"]["corroboration"].keys()
    assert body["evidence"], "the test corpus speaks to this claim"
    for item in body["evidence"]:
        assert {"doc_id", "outlet", "text", "start", "end", "similarity", "stance"} <= item.keys()
        assert item["stance"] in {"supports", "contradicts", "related"}
    assert set(body["versions"]) >= {"model", "corpus", "scorer"}
    assert body["explanation"] and all(isinstance(s, str) and s for s in body["explanation"])
    assert body["cached"] is False


def test_evidence_offsets_point_into_the_corpus_document(client: TestClient) -> None:
    body = client.post("/score", json={"claim": "Rescue teams evacuated 3,000 residents overnight"}).json()
    from tests.fakes import tiny_documents

    texts = {d.doc_id: d.text for d in tiny_documents()}
    for item in body["evidence"]:
        assert texts[item["doc_id"]][item["start"] : item["end"]] == item["text"]


def test_a_changed_number_is_contested_with_both_spans(client: TestClient) -> None:
    body = client.post(
        "/score", json={"claim": "Floods in the river valley killed 50 people on Monday"}
    ).json()
    assert body["verdict"] == "contested"
    assert body["signals"]["corroboration"]["contradicting"] >= 1
    conflict = next(e for e in body["evidence"] if e["stance"] == "contradicts")["conflicts"][0]
    assert conflict["kind"] == "number"
    assert "50" in conflict["claim"]["text"]


def test_unrelated_claim_is_unverified(client: TestClient) -> None:
    body = client.post(
        "/score", json={"claim": "The orchestra premiered a new symphony by a young composer"}
    ).json()
    assert body["verdict"] == "unverified"
    assert body["signals"]["corroboration"]["independent_sources"] == 0


def test_source_outlet_prior_is_reported(client: TestClient) -> None:
    body = client.post(
        "/score",
        json={"claim": "Floods killed 12 people", "source": {"url": "https://www.reuters.com/world/x"}},
    ).json()
    outlet = body["signals"]["outlet"]
    assert outlet["domain"] == "reuters.com" and outlet["rated"] is True and outlet["prior"] > 0.7
    unknown = client.post(
        "/score", json={"claim": "Floods killed 12 people", "source": {"outlet": "Nowhere Gazette"}}
    )
    assert unknown.json()["signals"]["outlet"]["rated"] is False
    assert unknown.json()["signals"]["outlet"]["prior"] == 0.5


def test_second_identical_request_is_served_from_cache(client: TestClient, embedder: FakeEmbedder) -> None:
    payload = {"claim": "Floods in the river valley killed 12 people on Monday"}
    first = client.post("/score", json=payload).json()
    calls = embedder.calls
    second = client.post(
        "/score", json={"claim": "  Floods in the river valley   killed 12 people on Monday "}
    ).json()
    assert second["cached"] is True and first["cached"] is False
    assert embedder.calls == calls
    assert {k: v for k, v in second.items() if k != "cached"} == {
        k: v for k, v in first.items() if k != "cached"
    }


def test_batch_keeps_order_and_embeds_misses_once(client: TestClient, embedder: FakeEmbedder) -> None:
    claims = [
        "Floods killed 12 people on Monday",
        "The storm cut power to 40,000 homes",
        "A new symphony premiered",
    ]
    calls = embedder.calls
    response = client.post("/score/batch", json={"items": [{"claim": c} for c in claims]})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 3
    assert embedder.calls == calls + 1
    assert results[2]["verdict"] == "unverified"


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"claim": ""}, 422),
        ({"claim": "   \n\t "}, 422),
        ({"claim": "x" * 2001}, 422),
        ({"claim": 42}, 422),
        ({"claim": "ok claim here", "source": {"url": "not a url"}}, 422),
        ({"claim": "ok claim here", "source": {"url": "ftp://example.com/x"}}, 422),
        ({"claim": "bad \x00 control"}, 422),
        ({"claim": "ok claim here", "extra": 1}, 422),
        ({}, 422),
    ],
)
def test_bad_input_gets_a_clear_4xx(client: TestClient, payload: object, status: int) -> None:
    response = client.post("/score", json=payload)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"detail", "code"}
    assert "Traceback" not in response.text


def test_invalid_json_and_lone_surrogates_are_rejected(client: TestClient) -> None:
    bad_json = client.post("/score", content=b'{"claim": ', headers={"content-type": "application/json"})
    assert bad_json.status_code == 400 and bad_json.json()["code"] == "invalid_json"
    surrogate = client.post(
        "/score", content=b'{"claim": "abc \\ud800 def ghi"}', headers={"content-type": "application/json"}
    )
    assert surrogate.status_code == 422


def test_oversized_body_is_refused_before_parsing(client: TestClient) -> None:
    response = client.post(
        "/score", content=b"x" * (2 * 1024 * 1024), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_batch_over_the_limit_is_refused(client: TestClient) -> None:
    response = client.post(
        "/score/batch", json={"items": [{"claim": f"claim number {i}"} for i in range(65)]}
    )
    assert response.status_code == 422


def test_attribution_detail_reaches_the_response_and_the_explanation(client: TestClient) -> None:
    claim = (
        "A security official, who spoke on condition of anonymity because he was not authorised to talk "
        "to the press, said the militants had planted roadside bombs along the escape routes."
    )
    body = client.post("/score", json={"claim": claim}).json()
    attribution = body["signals"]["attribution"]
    assert attribution["kind"] == "anonymous"
    assert attribution["source_type"] == "unnamed"
    assert "condition of anonymity" in attribution["anonymity_reason"]
    assert attribution["cue"]["text"] == "said"
    assert (
        claim[attribution["source"]["start"] : attribution["source"]["end"]] == attribution["source"]["text"]
    )
    assert "official" in attribution["source"]["text"]
    assert any("unnamed source" in sentence and "anonymity" in sentence for sentence in body["explanation"])


def test_an_organisations_statement_is_on_the_record(client: TestClient) -> None:
    body = client.post(
        "/score", json={"claim": "The Pentagon said in a statement that two service members were injured."}
    ).json()
    attribution = body["signals"]["attribution"]
    assert (attribution["kind"], attribution["source_type"]) == ("on_record", "organisation")
    assert attribution["hedges"] == []


def test_batch_over_the_configured_limit_is_refused(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, max_batch_items=2)
    app = create_app(settings, scorer=fake_scorer(config=scorer_config(settings)), cache=InMemoryScoreCache())
    with TestClient(app, raise_server_exceptions=False) as client:
        items = [{"claim": f"claim number {i}"} for i in range(3)]
        response = client.post("/score/batch", json={"items": items})
        assert response.status_code == 413, response.text
        assert response.json() == {"detail": "at most 2 claims per batch", "code": "batch_too_large"}
        assert client.post("/score/batch", json={"items": items[:2]}).status_code == 200
