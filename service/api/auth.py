"""API keys: who is calling, checked in constant time (service/api/admission.py adds the rate limit).

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

from fastapi import Request
from pydantic import SecretStr

from service.api.errors import ServiceError

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
    # The socket peer, or the client a trusted proxy names (SCORER_FORWARDED_ALLOW_IPS, service/server.py).
    return request.client.host if request.client else "unknown"


def identify(
    request: Request, configured: list[SecretStr], presented: str | None, *, required: bool
) -> tuple[Caller, ServiceError | None]:
    """Who is calling, and the refusal to raise if the key is missing or wrong (None when admitted).

    The refusal is returned rather than raised so that the rate limit can count the request first
    (service/api/admission.py): otherwise wrong keys could be tried without limit."""
    anonymous = Caller(None, _client(request))
    if required and not configured:
        return anonymous, ServiceError(403, "forbidden", f"{_NO_KEYS}; this endpoint is disabled")
    if presented is None:
        if not required:
            return anonymous, None
        refusal = ServiceError(
            401, "unauthorized", "an API key is required (X-API-Key or Bearer)", headers=_CHALLENGE
        )
        return anonymous, refusal
    if not key_matches(presented, configured):
        # Refused even where no key is needed: a client with a wrong key is misconfigured and should hear so.
        detail = "the API key is not valid" if configured else _NO_KEYS
        return anonymous, ServiceError(403, "forbidden", detail)
    return Caller(fingerprint(presented), anonymous.client), None
