"""One place that turns exceptions into HTTP errors: {"detail", "code"}, never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from scoring import (
    BatchTooLarge,
    CorpusError,
    DocumentNotFound,
    InvalidInput,
    ModelUnavailable,
    ScoringError,
    TextTooLong,
)

logger = logging.getLogger(__name__)

# Walked along the exception's MRO, most specific first.
STATUS_BY_ERROR: dict[type[ScoringError], int] = {
    TextTooLong: 413,
    BatchTooLarge: 413,
    InvalidInput: 422,
    DocumentNotFound: 404,
    ModelUnavailable: 503,
    CorpusError: 503,  # the corpus store is damaged or unreadable: the message says what is wrong
    ScoringError: 500,
}
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    503: "not_ready",
}


class ServiceError(Exception):
    """An HTTP-level refusal raised by the service layer itself (auth, readiness, rate limits)."""

    def __init__(self, status: int, code: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers


def status_for(exc: ScoringError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[cls]
    return 500


def _validation_detail(exc: RequestValidationError) -> list[dict[str, object]]:
    # Echoing the offending input back could return a 100 kB draft or a lone surrogate; keep loc/msg/type.
    return [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors()
    ]


def _json_error(exc: RequestValidationError) -> str:
    """Where the body stopped being JSON, in words; never the body itself."""
    for error in exc.errors():
        if error.get("type") == "json_invalid":
            position = next((part for part in error.get("loc", ())[1:] if isinstance(part, int)), None)
            reason = (error.get("ctx") or {}).get("error", "invalid JSON")
            where = f" at character {position}" if position is not None else ""
            return f"request body is not valid JSON{where}: {reason}"
    return "request body is not valid JSON"


def _allowed_methods(request: Request) -> str:
    """Every method the API documents on this path; Starlette's own 405 names only the first route's."""
    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        if compile_path(template)[0].match(request.url.path):
            methods |= {method.upper() for method in operations}
    return ", ".join(sorted(methods))


def install(app: FastAPI) -> None:
    async def on_scoring_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ScoringError)
        status = status_for(exc)
        if isinstance(exc, CorpusError):
            logger.error("corpus store unavailable: %s", exc)
            return JSONResponse(
                {"detail": f"the corpus store is unavailable: {exc}", "code": exc.code}, status_code=status
            )
        if status >= 500:
            logger.error("scoring failed: %s", exc, exc_info=exc)
            return JSONResponse(
                {"detail": "internal error while scoring", "code": exc.code}, status_code=status
            )
        return JSONResponse({"detail": str(exc), "code": exc.code}, status_code=status)

    async def on_service_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ServiceError)
        return JSONResponse(
            {"detail": exc.detail, "code": exc.code}, status_code=exc.status, headers=exc.headers
        )

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        if any(error.get("type") == "json_invalid" for error in exc.errors()):
            # Not JSON at all: unparseable, 400 (as documented), not a well-formed body that fails the schema.
            return JSONResponse({"detail": _json_error(exc), "code": "invalid_json"}, status_code=400)
        return JSONResponse({"detail": _validation_detail(exc), "code": "validation_error"}, status_code=422)

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = _allowed_methods(request)
        return JSONResponse(
            {"detail": exc.detail, "code": code}, status_code=exc.status_code, headers=headers
        )

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse({"detail": "internal error", "code": "internal_error"}, status_code=500)

    app.add_exception_handler(ScoringError, on_scoring_error)
    app.add_exception_handler(ServiceError, on_service_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
