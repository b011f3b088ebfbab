"""The HTTP server with defences against slow and greedy clients: a header read timeout and a connection cap.

uvicorn closes a keep-alive connection that idles between requests, but not one whose request is still
arriving: a client that connects and then sends its headers slowly, or never, holds a socket and a file
descriptor for as long as it likes, and about 20,000 of them exhausted the process's descriptors (new
clients refused, the corpus watcher failing with "Too many open files"). So the server here

- closes a connection whose request headers are not complete within ``header_timeout_seconds`` of its
  first byte (or of the connection, for the first request), with a 408 when part of a request came;
- refuses, by closing at once, any connection past ``max_connections``, a cap kept below the process's
  open-file limit (raised towards its hard limit at start) with room left for the model, corpus, Redis and logs.

A stalled request body is the app's to time out (service.api.middleware.BodySizeLimit, ``body_timeout_seconds``),
since only the app reads it. Built on uvicorn's httptools protocol, which ``uvicorn[standard]`` installs.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import sys
from dataclasses import dataclass
from typing import Any, ClassVar

import orjson
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from service.settings import Settings

logger = logging.getLogger(__name__)

# Descriptors kept back from the connection cap: model and index files, the corpus store and its watcher,
# Redis connections, the thread pool's files, logs. The service uses well under 100 of them.
RESERVED_FILE_DESCRIPTORS = 256
# The soft open-file limit is raised to at most this (far above the default connection cap); a higher
# soft limit is left as it is.
TARGET_OPEN_FILE_LIMIT = 65_536
# The cap never falls below this (nor above what was asked): a tiny open-file limit must not leave the
# service one connection, and the reserve above is several times what it uses.
MIN_CONNECTION_CAP = 64


@dataclass(frozen=True, slots=True)
class ServerLimits:
    header_timeout_seconds: float
    max_connections: int


def raise_open_file_limit() -> int:
    """Raise this process's soft open-file limit towards min(hard limit, TARGET_OPEN_FILE_LIMIT) (allowed
    without privileges, an infinite hard limit included); the soft limit then in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return sys.maxsize
    target = TARGET_OPEN_FILE_LIMIT if hard == resource.RLIM_INFINITY else min(hard, TARGET_OPEN_FILE_LIMIT)
    if soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            logger.warning("could not raise the open-file limit from %d to %d", soft, target)
        else:
            soft = target
    return soft


def connection_cap(requested: int, open_file_limit: int) -> int:
    """The requested cap, lowered where the open-file limit would not leave the reserve free, but never
    below MIN_CONNECTION_CAP (unless fewer were asked for)."""
    return max(
        min(requested, MIN_CONNECTION_CAP), min(requested, open_file_limit - RESERVED_FILE_DESCRIPTORS)
    )


def limits_for(settings: Settings) -> ServerLimits:
    cap = connection_cap(settings.max_connections, raise_open_file_limit())
    if cap < settings.max_connections:
        logger.warning(
            "connection cap lowered from %d to %d by the open-file limit", settings.max_connections, cap
        )
    return ServerLimits(header_timeout_seconds=settings.header_timeout_seconds, max_connections=cap)


def _timeout_response(seconds: float) -> bytes:
    body = orjson.dumps(
        {"detail": f"request headers not received within {seconds:g} s", "code": "request_timeout"}
    )
    head = (
        b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
        b"content-length: " + str(len(body)).encode() + b"\r\nconnection: close\r\n\r\n"
    )
    return head + body


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the header timeout and the connection cap of ``limits``."""

    limits: ClassVar[ServerLimits]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None
        self._request_started = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            transport.abort()  # frees the descriptor at once; connection_lost follows
            return
        self._arm_header_timer()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._request_started = True
        if self._header_timer is None:  # a later request on a kept-alive connection
            self._arm_header_timer()

    def on_headers_complete(self) -> None:
        self._cancel_header_timer()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        self._header_timer = self.loop.call_later(self.limits.header_timeout_seconds, self._headers_too_slow)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.transport.is_closing():
            return
        if self._request_started:
            self.transport.write(_timeout_response(self.limits.header_timeout_seconds))
        self.transport.close()


def guarded_protocol(limits: ServerLimits) -> type[GuardedHttpToolsProtocol]:
    """A protocol class bound to `limits` (uvicorn takes a class, not an instance)."""
    return type("BoundGuardedHttpToolsProtocol", (GuardedHttpToolsProtocol,), {"limits": limits})


def server_config(app: Any, settings: Settings, **options: Any) -> uvicorn.Config:
    """A uvicorn Config for `app` (an app, or an import string with factory=True) with the guards on.

    X-Forwarded-For is believed only from the proxies SCORER_FORWARDED_ALLOW_IPS names (behind an ingress,
    every request's socket peer is the ingress, so every client would share one rate-limit window); with
    none named, uvicorn's own default (trust 127.0.0.1) is switched off too."""
    trusted = ",".join(settings.forwarded_allow_ips)
    return uvicorn.Config(
        app,
        http=guarded_protocol(limits_for(settings)),
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        **options,
    )
