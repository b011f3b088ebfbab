"""The plugin page and its assets over HTTP: security headers, content types, caching, and CORS for embedding."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.adapters.cache import InMemoryScoreCache
from service.api.routes.plugin import ASSET_TYPES, CONTENT_SECURITY_POLICY
from service.app import create_app
from tests.conftest import REPO_ROOT, make_settings
from tests.fakes import fake_scorer

CMS_ORIGIN = "https://cms.example.org"
STATIC_DIR = REPO_ROOT / "service" / "static"


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = make_settings(tmp_path, cors_origins=[CMS_ORIGIN])
    app = create_app(settings, scorer=fake_scorer(), cache=InMemoryScoreCache())
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would refuse: inline script bodies, <style>, style= and on*= attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.inline_script_text: list[str] = []
        self.style_elements = 0
        self.style_attributes: list[str] = []
        self.handler_attributes: list[str] = []
        self.stylesheets: list[str | None] = []
        self.links: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script":
            self.scripts.append(names)
            self._in_script = True
        if tag == "style":
            self.style_elements += 1
        if tag == "link" and names.get("rel") == "stylesheet":
            self.stylesheets.append(names.get("href"))
        self.links += [
            value for name, value in attrs if name in ("src", "href", "action") and value is not None
        ]
        for name, _ in attrs:
            if name == "style":
                self.style_attributes.append(tag)
            if name.startswith("on"):
                self.handler_attributes.append(f"{tag}[{name}]")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_script_text.append(data)


def assert_security_headers(headers: Mapping[str, str]) -> None:
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"


def test_root_redirects_to_the_plugin(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code in (302, 303, 307)
    assert response.headers["location"] == "/plugin"
    assert client.get("/").url.path == "/plugin"


def test_plugin_page_is_html_with_a_strict_csp(client: TestClient) -> None:
    response = client.get("/plugin")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert_security_headers(response.headers)
    csp = response.headers["content-security-policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["etag"]


def test_plugin_page_has_no_inline_script_or_style(client: TestClient) -> None:
    finder = InlineCodeFinder()
    finder.feed(client.get("/plugin").text)
    assert finder.scripts, "the page loads its scripts"
    assert all((s.get("src") or "").startswith("/static/") for s in finder.scripts)
    assert finder.inline_script_text == []
    assert finder.style_elements == 0
    assert finder.style_attributes == []
    assert finder.handler_attributes == []
    assert finder.stylesheets == ["/static/reliability-check.css", "/static/plugin.css"]


def test_page_and_stylesheet_load_nothing_from_another_origin(client: TestClient) -> None:
    finder = InlineCodeFinder()
    finder.feed(client.get("/plugin").text)
    assert finder.links, "the page links its assets"
    # Relative to the page, or inline data (the empty favicon that saves a request for /favicon.ico).
    local = ("/", "#", "data:")
    assert all(link.startswith(local) and not link.startswith("//") for link in finder.links), finder.links
    css = (STATIC_DIR / "plugin.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css


def test_scripts_never_write_markup_from_strings() -> None:
    for name in ("plugin.js", "reliability-check.js"):
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        for sink in (
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
        ):
            assert sink not in text, (name, sink)


@pytest.mark.parametrize(("name", "content_type"), sorted(ASSET_TYPES.items()))
def test_assets_are_served_with_their_content_type(client: TestClient, name: str, content_type: str) -> None:
    response = client.get(f"/static/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert_security_headers(response.headers)
    assert "max-age=" in response.headers["cache-control"]
    assert response.content == (STATIC_DIR / name).read_bytes()


def test_unchanged_asset_revalidates_with_304(client: TestClient) -> None:
    first = client.get("/static/plugin.js")
    again = client.get("/static/plugin.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    stale = client.get("/static/plugin.js", headers={"If-None-Match": '"not-the-etag"'})
    assert stale.status_code == 200


@pytest.mark.parametrize("name", ["plugin.html", "../main.py", "..%2Fmain.py", "__init__.py", "nope.js"])
def test_only_listed_assets_are_served(client: TestClient, name: str) -> None:
    response = client.get(f"/static/{name}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_plugin_routes_stay_out_of_the_api_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/plugin" not in paths and "/" not in paths and "/static/{name}" not in paths
    assert "/check" in paths


def _preflight(client: TestClient, origin: str) -> dict[str, str]:
    response = client.options(
        "/check",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    return dict(response.headers)


def test_configured_origin_may_call_check_cross_origin(client: TestClient) -> None:
    headers = _preflight(client, CMS_ORIGIN)
    assert headers.get("access-control-allow-origin") == CMS_ORIGIN
    assert "POST" in headers.get("access-control-allow-methods", "")
    response = client.post(
        "/check", json={"text": "Floods killed 12 people."}, headers={"Origin": CMS_ORIGIN}
    )
    assert response.headers.get("access-control-allow-origin") == CMS_ORIGIN


def test_unlisted_origin_gets_no_cors_grant(client: TestClient) -> None:
    headers = _preflight(client, "https://evil.example.net")
    assert "access-control-allow-origin" not in headers
    response = client.post(
        "/check", json={"text": "Floods killed 12 people."}, headers={"Origin": "https://evil.example.net"}
    )
    assert "access-control-allow-origin" not in response.headers
