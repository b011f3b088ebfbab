"""API keys: who is calling, checked in constant time; RequireWriteKey and RequireReadKey for routes.

A key arrives as ``X-API-Key: <key>`` or ``Authorization: Bearer <key>``. No key: 401 with
``WWW-Authenticate``. A key that matches none configured: 403. Write routes always need a key and are
refused (403) while no keys are configured, so a missing configuration fails closed. Read routes need
one only when ``require_api_key_for_reads`` is set; a key sent to them must still be valid (else 403).
Keys are never logged; only a short SHA-256 fingerprint of a matching key leaves this module.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import SecretStr

from service.api.dependencies import SettingsDep
from service.api.errors import ServiceError
from service.settings import Settings

# auto_error=False: this module decides between 401 and 403 itself; the schemes document write routes.
_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key.")
_bearer = HTTPBearer(auto_error=False, description="The same API key as a bearer token.")
_NO_KEYS = "no API keys are configured on this server"
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="reliability-scorer"'}
# Enough bits to tell keys apart in rate-limit buckets, too few to help anyone guess a key.
_FINGERPRINT_HEX_CHARS = 16


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sent a request: the fingerprint of a valid key, if any, and the client address."""

    key_fingerprint: str | None
    client: str

    @property
    def identity(self) -> str:
        """Rate-limit identity: the key when one was verified, else the client address."""
        return f"key:{self.key_fingerprint}" if self.key_fingerprint else f"ip:{self.client}"


def presented_key(request: Request) -> str | None:
    """The key the request carries, X-API-Key first, then ``Authorization: Bearer``; blank counts as none."""
    header_key = request.headers.get("x-api-key", "").strip()
    if header_key:
        return header_key
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return None


def key_matches(presented: str, configured: list[SecretStr]) -> bool:
    """Compare against every configured key with ``hmac.compare_digest`` and no early exit, so the time
    taken does not reveal which key, or how much of one, matched."""
    given = presented.encode("utf-8", "surrogatepass")
    matched = False
    for key in configured:
        matched |= hmac.compare_digest(given, key.get_secret_value().encode("utf-8", "surrogatepass"))
    return matched


def fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:_FINGERPRINT_HEX_CHARS]


def _client(request: Request) -> str:
    # The socket peer; behind a proxy, run uvicorn with --proxy-headers and --forwarded-allow-ips.
    return request.client.host if request.client else "unknown"


def _authenticate(
    request: Request, configured: list[SecretStr], presented: str | None, *, required: bool
) -> Caller:
    client = _client(request)
    if required and not configured:
        raise ServiceError(403, "forbidden", f"{_NO_KEYS}; this endpoint is disabled")
    if presented is None:
        if required:
            raise ServiceError(
                401, "unauthorized", "an API key is required (X-API-Key or Bearer)", headers=_CHALLENGE
            )
        return Caller(None, client)
    if not key_matches(presented, configured):
        # Refused even where no key is needed: a client with a wrong key is misconfigured and should hear so.
        raise ServiceError(403, "forbidden", "the API key is not valid" if configured else _NO_KEYS)
    return Caller(fingerprint(presented), client)


async def require_write_key(
    request: Request,
    settings: SettingsDep,
    _header_scheme: Annotated[str | None, Depends(_api_key_header)],
    _bearer_scheme: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """A valid key, always. The two scheme parameters only mark the route as secured in the OpenAPI."""
    return _authenticate(request, settings.api_keys, presented_key(request), required=True)


def authenticate_read(request: Request, settings: Settings) -> Caller:
    """A valid key when ``require_api_key_for_reads`` is set; else optional (a key sent must be valid).

    No security scheme is declared: the OpenAPI would then call the key mandatory, which by default
    it is not; the 401 and 403 answers are documented on the routes instead."""
    return _authenticate(
        request, settings.api_keys, presented_key(request), required=settings.require_api_key_for_reads
    )


async def require_read_key(request: Request, settings: SettingsDep) -> Caller:
    return authenticate_read(request, settings)


RequireWriteKey = Annotated[Caller, Depends(require_write_key)]
RequireReadKey = Annotated[Caller, Depends(require_read_key)]
