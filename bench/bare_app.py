"""The baseline for the HTTP benchmark: a bare FastAPI POST /score that returns a fixed JSON body.

It parses the same request shape with pydantic and returns, through orjson, a body of the size that the
real /score returns, so the difference between the two servers is what the real app adds on a cache hit.
The body comes from the file named by BENCH_BARE_PAYLOAD (a JSON response saved from the real app).

Run: BENCH_BARE_PAYLOAD=/tmp/body.json uvicorn bench.bare_app:create_app --factory --port 8001 --workers 1
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
from fastapi import FastAPI
from fastapi.responses import Response
from pydantic import BaseModel, Field


class SourceIn(BaseModel):
    url: str | None = None
    outlet: str | None = None


class ScoreIn(BaseModel):
    claim: str = Field(min_length=1, max_length=2_000)
    source: SourceIn | None = None


def create_app() -> FastAPI:
    payload: dict[str, Any] = orjson.loads(Path(os.environ["BENCH_BARE_PAYLOAD"]).read_bytes())
    app = FastAPI()

    @app.post("/score")
    async def score(body: ScoreIn) -> Response:
        return Response(orjson.dumps(payload), media_type="application/json")

    @app.get("/readyz")
    async def readyz() -> dict[str, str]:
        return {"status": "ready"}

    return app
