"""The error body every refusal carries, {"detail", "code"}, and how routes document it in the OpenAPI."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorResponse(BaseModel):
    detail: Any
    code: str


_ERROR_DESCRIPTIONS = {
    400: "Body is not parseable (not JSON, not UTF-8)",
    401: "API key required",
    403: "API key not valid",
    404: "No such document",
    409: "This deployment's corpus is read-only",
    413: "Body, claim, draft or batch over its limit",
    422: "Invalid input",
    429: "Over the per-client rate limit; see Retry-After",
    503: "Still loading the model and corpus",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI 'responses' for the given error statuses, all with the {detail, code} body."""
    return {
        status: {"model": ErrorResponse, "description": _ERROR_DESCRIPTIONS[status]} for status in statuses
    }


# What the scoring routes (/score, /score/batch, /check) may refuse with; 401 only when keys are required
# for reads (SCORER_REQUIRE_API_KEY_FOR_READS).
SCORING_ERRORS = error_responses(400, 401, 403, 413, 422, 429, 503)
