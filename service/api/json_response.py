"""JSON responses rendered by orjson."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import Response


class JSONBytes(Response):
    """orjson-rendered JSON: the payloads are plain dicts already shaped like the response models."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
