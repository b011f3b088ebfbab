"""The API documentation pages, /docs (Swagger UI) and /redoc, served whole from this process.

FastAPI's own pages load Swagger UI and ReDoc from a CDN, so they are blank on a machine without internet
and can run whatever that CDN serves. Here the same pages load the copies that the fastapi-offline package
(MIT) ships (swagger-ui-dist 5, Apache-2.0; ReDoc 2, MIT), from /docs-assets, under a Content-Security-Policy
that allows scripts only from this origin plus the inline script that starts Swagger UI, by its hash.
Styles may be inline (both UIs set style attributes), images may be data: URIs, and ReDoc's search runs
in a worker it creates from a blob. The app sets docs_url and redoc_url to None.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, Response

from service.api.errors import ServiceError

router = APIRouter(include_in_schema=False)

ASSETS_PATH = "/docs-assets"
OAUTH2_REDIRECT_PATH = "/docs/oauth2-redirect"
# An allow-list, as for the plugin's files: nothing else in the package can be fetched by name.
ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "redoc.standalone.js": "text/javascript; charset=utf-8",
    "favicon.png": "image/png",
}
ASSET_CACHE_CONTROL = "public, max-age=86400"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def content_security_policy(html: str) -> str:
    """Scripts from this origin and, by hash, exactly the page's own inline scripts."""
    hashes = "".join(
        " 'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def _page(html: str) -> HTMLResponse:
    headers = {
        "Content-Security-Policy": content_security_policy(html),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }
    return HTMLResponse(html, headers=headers)


@lru_cache(maxsize=4)
def _swagger_html(title: str, openapi_url: str) -> str:
    page = get_swagger_ui_html(
        openapi_url=openapi_url,
        title=f"{title} - Swagger UI",
        oauth2_redirect_url=OAUTH2_REDIRECT_PATH,
        swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS_PATH}/favicon.png",
    )
    return bytes(page.body).decode()


@lru_cache(maxsize=4)
def _redoc_html(title: str, openapi_url: str) -> str:
    page = get_redoc_html(
        openapi_url=openapi_url,
        title=f"{title} - ReDoc",
        redoc_js_url=f"{ASSETS_PATH}/redoc.standalone.js",
        redoc_favicon_url=f"{ASSETS_PATH}/favicon.png",
        with_google_fonts=False,
    )
    return bytes(page.body).decode()


@lru_cache(maxsize=len(ASSET_TYPES))
def _asset(name: str) -> bytes:
    return resources.files("fastapi_offline").joinpath("static", name).read_bytes()


@router.get("/docs")
async def swagger_page(request: Request) -> HTMLResponse:
    return _page(_swagger_html(request.app.title, request.app.openapi_url or "/openapi.json"))


@router.get(OAUTH2_REDIRECT_PATH)
async def oauth2_redirect() -> HTMLResponse:
    return _page(bytes(get_swagger_ui_oauth2_redirect_html().body).decode())


@router.get("/redoc")
async def redoc_page(request: Request) -> HTMLResponse:
    return _page(_redoc_html(request.app.title, request.app.openapi_url or "/openapi.json"))


@router.get(ASSETS_PATH + "/{name}")
async def asset(name: str) -> Response:
    media_type = ASSET_TYPES.get(name)
    if media_type is None:
        raise ServiceError(404, "not_found", "no such asset")
    headers = {"Cache-Control": ASSET_CACHE_CONTROL, "X-Content-Type-Options": "nosniff"}
    return Response(_asset(name), media_type=media_type, headers=headers)
