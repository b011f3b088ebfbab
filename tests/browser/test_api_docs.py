"""/docs and /redoc in a real Chromium: they render from the app's own files, under their CSP, offline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.browser.conftest import PageLog

pytestmark = pytest.mark.browser

TIMEOUT_MS = 15_000


# ReDoc's sidebar always asks for Redocly's logo from its CDN; the CSP refuses it and ReDoc hides the image.
KNOWN_REFUSED = ("https://cdn.redoc.ly/redoc/logo-mini.svg",)


def _same_origin_only(page: Page, page_log: PageLog, base_url: str) -> None:
    origin = urlsplit(base_url).netloc
    outside = [url for url in page_log.requests if urlsplit(url).netloc not in ("", origin)]
    assert set(outside) <= set(KNOWN_REFUSED), outside
    refused = [text for text in page_log.console_errors if "Content Security Policy" in text]
    assert all(any(url in text for url in KNOWN_REFUSED) for text in refused), refused
    assert page_log.page_errors == []
    # Nothing from outside was loaded: every resource that got an answer came from the service.
    loaded = page.evaluate(
        "performance.getEntriesByType('resource').filter(e => e.responseStatus > 0).map(e => e.name)"
    )
    assert loaded and all(urlsplit(url).netloc == origin for url in loaded), loaded


def test_swagger_ui_renders_every_operation_offline(
    page: Page, page_log: PageLog, base_url: str, artifacts: Path
) -> None:
    page.goto("/docs")
    page.locator(".opblock-summary-path", has_text="/score/batch").wait_for(timeout=TIMEOUT_MS)
    paths = set(page.locator(".opblock-summary-path").all_inner_texts())
    assert {"/score", "/check", "/corpus/documents"} <= {p.strip().replace("\u200b", "") for p in paths}
    page.screenshot(path=str(artifacts / "api-docs-swagger.png"), full_page=False)
    _same_origin_only(page, page_log, base_url)


def test_redoc_renders_offline(page: Page, page_log: PageLog, base_url: str, artifacts: Path) -> None:
    page.goto("/redoc")
    page.get_by_text("Source reliability scorer", exact=False).first.wait_for(timeout=TIMEOUT_MS)
    page.locator("[data-section-id]").first.wait_for(timeout=TIMEOUT_MS)
    page.screenshot(path=str(artifacts / "api-docs-redoc.png"), full_page=False)
    _same_origin_only(page, page_log, base_url)
