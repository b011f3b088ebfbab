"""The newsroom plugin page: GET / and /plugin, and its static assets, each with strict security headers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from service.api.errors import ServiceError

router = APIRouter(include_in_schema=False)

# Same origin only, and nothing inline: the page builds its DOM from API text, so inline script or style
# would be the first thing an injected string could use.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# The page always revalidates (cheap with the ETag) so a deploy shows at once; the assets are not
# fingerprinted, so they may be reused for a few minutes only, then revalidated too.
PAGE_CACHE_CONTROL = "no-cache"
ASSET_CACHE_CONTROL = "public, max-age=300, must-revalidate"

# An allow-list rather than a directory mount: nothing else in the package can be fetched by name.
ASSET_TYPES = {
    "plugin.css": "text/css; charset=utf-8",
    "plugin.js": "text/javascript; charset=utf-8",
    "reliability-check.js": "text/javascript; charset=utf-8",
    "reliability-check.css": "text/css; charset=utf-8",
}
PAGE_NAME = "plugin.html"
PAGE_TYPE = "text/html; charset=utf-8"


@dataclass(frozen=True, slots=True)
class StaticFile:
    body: bytes
    etag: str


@lru_cache(maxsize=len(ASSET_TYPES) + 1)
def load_static(name: str) -> StaticFile:
    """Read a packaged file once; the ETag is a hash of its bytes, so it changes exactly when they do."""
    body = resources.files("service").joinpath("static", name).read_bytes()
    return StaticFile(body=body, etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"')


def _serve(request: Request, name: str, media_type: str, cache_control: str) -> Response:
    static = load_static(name)
    headers = SECURITY_HEADERS | {"Cache-Control": cache_control, "ETag": static.etag}
    if static.etag in _etags(request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=headers)
    return Response(static.body, media_type=media_type, headers=headers)


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


@router.get("/")
async def root() -> RedirectResponse:
    return RedirectResponse("/plugin", status_code=307, headers=SECURITY_HEADERS)


@router.get("/plugin")
async def plugin_page(request: Request) -> Response:
    """The page a newsroom opens: paste a draft, see each claim scored."""
    return _serve(request, PAGE_NAME, PAGE_TYPE, PAGE_CACHE_CONTROL)


@router.get("/static/{name}")
async def static_asset(request: Request, name: str) -> Response:
    media_type = ASSET_TYPES.get(name)
    if media_type is None:
        raise ServiceError(404, "not_found", "no such asset", headers=SECURITY_HEADERS)
    return _serve(request, name, media_type, ASSET_CACHE_CONTROL)
