"""ASGI middleware: request ids, and a body-size and body-time limit enforced before any parsing."""

from __future__ import annotations

import asyncio
import contextvars
import re
import uuid

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


class RequestId:
    """Accept a sane X-Request-ID or make one; return it on the response and expose it to logs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _VALID_REQUEST_ID.match(given) else uuid.uuid4().hex
        token = request_id_var.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)


class BodySizeLimit:
    """413 for bodies over the limit, decided from Content-Length or while streaming, before JSON parsing;
    408 (and the connection closed) for a body that has not fully arrived within `timeout_seconds`."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, timeout_seconds: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_seconds = timeout_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await self._reject(send, 400, "bad_request", "invalid Content-Length header")
                return
            if declared > self.max_bytes:
                await self._reject(
                    send, 413, "payload_too_large", f"request body over {self.max_bytes} bytes"
                )
                return
        try:
            async with asyncio.timeout(self.timeout_seconds):
                body = await self._read_body(receive)
        except TimeoutError:
            detail = f"request body not received within {self.timeout_seconds:g} s"
            await self._reject(send, 408, "request_timeout", detail, close=True)
            return
        except _BodyTooLarge:
            await self._reject(send, 413, "payload_too_large", f"request body over {self.max_bytes} bytes")
            return
        if body is None:
            return  # the client went away
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read_body(self, receive: Receive) -> bytes | None:
        """The whole (bounded) body, read up front so a chunked upload cannot exceed the limit."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                raise _BodyTooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    @staticmethod
    async def _reject(send: Send, status: int, code: str, detail: str, *, close: bool = False) -> None:
        payload = orjson.dumps({"detail": detail, "code": code})
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
        ]
        if close:  # the rest of the request may still trickle in: do not keep reading it
            headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})


class _BodyTooLarge(Exception):
    pass
