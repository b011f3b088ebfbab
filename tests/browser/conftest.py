"""Browser fixtures: the real app on a loopback port in a thread, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from scoring import ReliabilityScorer
from service.adapters.cache import InMemoryScoreCache
from service.app import create_app
from tests.browser.wordpress import WordPressSite, missing_requirements, wordpress_site
from tests.conftest import make_settings, skip_or_fail
from tests.fakes import fake_scorer, tiny_documents
from tests.live_server import free_port, live_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request

CHROMIUM = Path("/usr/bin/chromium")
# No sandbox: CI containers run as root without user namespaces. The rest keep Chromium off the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--no-first-run",
]
SERVER_START_SECONDS = 10.0
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def browser_scorer() -> ReliabilityScorer:
    """The test corpus with one article whose publisher is unknown, as two of the seed articles are."""
    documents = [
        dataclasses.replace(d, outlet_domain=None, outlet_name=None) if d.doc_id == "tabloid-1" else d
        for d in tiny_documents()
    ]
    return fake_scorer(documents=documents)


@pytest.fixture(scope="session")
def cms_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory, cms_port: int) -> Iterator[str]:
    """The app with the fake scorer on a free loopback port.

    CORS allows one other origin: the stand-in CMS (cms_url) that embeds reliability-check.js.
    """
    settings = make_settings(
        tmp_path_factory.mktemp("browser"), cors_origins=[f"http://127.0.0.1:{cms_port}"]
    )
    with live_server(create_app(settings, scorer=browser_scorer(), cache=InMemoryScoreCache())) as url:
        yield url


@pytest.fixture(scope="session")
def api_key() -> str:
    return "browser-test-key"


@pytest.fixture(scope="session")
def keyed_base_url(tmp_path_factory: pytest.TempPathFactory, api_key: str) -> Iterator[str]:
    """The same app where reads and writes need api_key."""
    settings = make_settings(
        tmp_path_factory.mktemp("browser-keyed"), api_keys=[api_key], require_api_key_for_reads=True
    )
    with live_server(create_app(settings, scorer=fake_scorer(), cache=InMemoryScoreCache())) as url:
        yield url


# CMS editors on another origin that embed the script from the service, as its header comment says: a
# plain textarea, and a rich-text (contenteditable) editor whose paragraphs are separate elements.
CMS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CMS editor</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="{service}/static/reliability-check.css"></head>
<body><main>
  <h1>Edit story</h1>
  <label for="body">Story body</label>
  <textarea id="body"></textarea>
  <script src="{service}/static/reliability-check.js"></script>
  <script>window.widget = ReliabilityCheck.attach(document.getElementById("body"), {{headingLevel: 2}});</script>
</main></body></html>"""
RICH_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rich CMS editor</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="{service}/static/reliability-check.css"></head>
<body><main>
  <h1>Edit story</h1>
  <div id="story" contenteditable="true" role="textbox" aria-multiline="true" aria-label="Story body"></div>
  <script src="{service}/static/reliability-check.js"></script>
  <script>window.widget = ReliabilityCheck.attach(document.getElementById("story"), {{headingLevel: 2}});</script>
</main></body></html>"""


@pytest.fixture(scope="session")
def cms_url(base_url: str, cms_port: int) -> Iterator[str]:
    """The editor page served from a second loopback port: another origin, as a newsroom CMS would be.

    A real server rather than an intercepted route: Chromium treats a page it did not fetch as public and
    refuses its requests to a loopback address (Local Network Access).
    """
    pages = {
        "/editor": CMS_PAGE.format(service=base_url).encode(),
        "/rich": RICH_PAGE.format(service=base_url).encode(),
    }

    class Editor(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path, b"")
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", cms_port), Editor)
    thread = threading.Thread(target=server.serve_forever, name="cms-browser-tests", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{cms_port}/editor"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=SERVER_START_SECONDS)


# Module scope, not session: Playwright's sync API keeps an event loop running on this thread while it is
# open, which would break the asyncio tests collected after this folder.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        skip_or_fail(f"no Chromium at {CHROMIUM}: run scripts/install-test-tools.sh")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Python Playwright is not installed: pip install -e '.[dev]'")
        raise
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class PageLog:
    """What the page did that a test may assert on: console errors, uncaught errors, requests made."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture()
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture()
def page(browser: Browser, base_url: str, page_log: PageLog) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    opened = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            page_log.console_errors.append(message.text)

    def on_request(request: Request) -> None:
        page_log.requests.append(request.url)

    opened.on("console", on_console)
    opened.on("pageerror", lambda error: page_log.page_errors.append(str(error)))
    opened.on("request", on_request)
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def wordpress(tmp_path_factory: pytest.TempPathFactory, base_url: str) -> Iterator[WordPressSite]:
    """A real WordPress (Debian's package, MariaDB, PHP's server) with the plugin active, set to base_url."""
    reason = missing_requirements()
    if reason is not None:
        skip_or_fail(reason)
    with wordpress_site(tmp_path_factory.mktemp("wp"), free_port(), base_url) as site:
        yield site
