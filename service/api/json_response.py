"""Responses built from a response model's own JSON, which routes send as they are.

FastAPI would validate a returned model against the route's response_model a second time; a model built
by service/api/mapping.py is already valid, so the hot routes send its JSON directly (the route still
declares response_model, which is what the OpenAPI documents and tests/unit/service/api/test_contract.py
checks).
"""

from __future__ import annotations

from fastapi.responses import Response
from pydantic import BaseModel

JSON_MEDIA_TYPE = "application/json"


def json_bytes(content: bytes, *, status_code: int = 200) -> Response:
    """JSON bytes produced by a response model (directly, or as the cache kept them)."""
    return Response(content, status_code=status_code, media_type=JSON_MEDIA_TYPE)


def model_json(model: BaseModel, *, status_code: int = 200) -> Response:
    return json_bytes(model.model_dump_json().encode(), status_code=status_code)
