"""Edges of the HTTP contract: CORS on early refusals, unparseable JSON, URL fields, and document ids."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service.adapters.cache import InMemoryScoreCache
from service.app import create_app
from service.cli import app as cli
from tests.conftest import make_settings
from tests.fakes import FakeEmbedder, fake_scorer

ORIGIN = "https://cms.example.org"
KEY = {"X-API-Key": "test-writer-key"}


def test_the_body_size_refusals_carry_cors_headers_for_a_listed_origin(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, cors_origins=[ORIGIN], max_body_bytes=1_024)
    app = create_app(settings, scorer=fake_scorer(), cache=InMemoryScoreCache())
    with TestClient(app) as client:
        too_large = client.post(
            "/score", content=b'{"claim": "' + b"a" * 2_000 + b'"}', headers={"Origin": ORIGIN}
        )
        assert too_large.status_code == 413
        assert too_large.headers["access-control-allow-origin"] == ORIGIN
        bad_length = client.post(
            "/score", content=b"{}", headers={"Origin": ORIGIN, "Content-Length": "nope"}
        )
        assert bad_length.status_code == 400
        assert bad_length.headers["access-control-allow-origin"] == ORIGIN
        elsewhere = client.post("/score", content=b"a" * 2_000, headers={"Origin": "https://evil.example"})
        assert elsewhere.status_code == 413 and "access-control-allow-origin" not in elsewhere.headers


def test_a_body_that_is_not_json_is_400_as_documented(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path), scorer=fake_scorer(), cache=InMemoryScoreCache())
    with TestClient(app) as client:
        for body in (b'{"claim": ', b"not json", b'{"claim": "a" "b"}'):
            response = client.post("/score", content=body, headers={"Content-Type": "application/json"})
            assert response.status_code == 400, body
            assert response.json()["code"] == "invalid_json" and "not valid JSON" in response.json()["detail"]
        # Well-formed JSON of the wrong shape is still a 422.
        assert client.post("/score", json=["a claim"]).status_code == 422
        assert "400" in client.get("/openapi.json").json()["paths"]["/score"]["post"]["responses"]


def test_url_fields_are_documented_and_checked_as_absolute_http_urls(tmp_path: Path) -> None:
    app = create_app(
        make_settings(tmp_path, api_keys=["test-writer-key"]),
        scorer=fake_scorer(),
        cache=InMemoryScoreCache(),
    )
    with TestClient(app) as client:
        schemas = client.get("/openapi.json").json()["components"]["schemas"]
        for model in ("SourceIn", "DocumentIn"):
            (string,) = [s for s in schemas[model]["properties"]["url"]["anyOf"] if s["type"] == "string"]
            assert (
                string["pattern"].startswith("^$|^[Hh][Tt][Tt][Pp]")
                and "absolute http(s) URL" in string["description"]
            )
        claim = "Floods in the river valley killed 12 people"
        for url in ("/relative/path", "ftp://example.com/x", "https://", "example.com/story", "http://[::1"):
            response = client.post("/score", json={"claim": claim, "source": {"url": url}})
            assert response.status_code == 422, url
        ok = client.post("/score", json={"claim": claim, "source": {"url": "https://www.reuters.com/x"}})
        assert ok.status_code == 200


def test_ids_taken_from_file_names_can_be_read_and_deleted_over_the_api(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    text = "Dock workers ended a nine-day strike at the harbour on Friday after a pay rise."
    (articles / "my article.txt").write_text(text)
    ingested = CliRunner().invoke(cli, ["ingest", str(articles), "--state-dir", str(tmp_path / "state")])
    assert ingested.exit_code == 0, ingested.output
    settings = make_settings(tmp_path, api_keys=["test-writer-key"])
    with TestClient(create_app(settings, cache=InMemoryScoreCache(), embedder=FakeEmbedder())) as client:
        deadline = time.monotonic() + 10
        while client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        document = client.get("/corpus/documents/my article")
        assert document.status_code == 200 and document.json()["text"] == text
        assert client.get("/corpus/documents/my%20article").json()["id"] == "my article"
        deleted = client.delete("/corpus/documents/my article", headers=KEY)
        assert deleted.status_code == 200 and deleted.json()["deleted"] == ["my article"]
        assert client.get("/corpus/documents/my article").status_code == 404
        # Ids with slashes, as JSON Lines may carry, work the same way.
        slashed = {"id": "2024/05/harbour", "text": text}
        assert client.post("/corpus/documents", json={"documents": [slashed]}, headers=KEY).status_code == 200
        assert client.get("/corpus/documents/2024/05/harbour").json()["id"] == "2024/05/harbour"
        refused = client.post(
            "/corpus/documents", json={"documents": [{"id": "bad\u0007id", "text": text}]}, headers=KEY
        )
        assert refused.status_code == 422


def test_the_docs_pages_load_only_the_apps_own_files_under_a_csp(tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(tmp_path), scorer=fake_scorer())) as client:
        for page in ("/docs", "/redoc", "/docs/oauth2-redirect"):
            response = client.get(page)
            assert response.status_code == 200
            policy = response.headers["content-security-policy"]
            assert "default-src 'self'" in policy and "script-src 'self'" in policy
            assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
            assert "cdn" not in response.text and "https://" not in response.text.replace(
                "https://redocly.com", ""
            )
        for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
            response = client.get(f"/docs-assets/{asset}")
            assert response.status_code == 200 and len(response.content) > 100_000
        assert client.get("/docs-assets/core.py").status_code == 404
