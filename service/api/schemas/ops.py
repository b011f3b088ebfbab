"""What the operations routes answer: liveness and readiness."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from service.api.schemas.responses import VersionsOut


class HealthResponse(BaseModel):
    status: Literal["ok"]


class CacheStatusOut(BaseModel):
    backend: str  # "memory" or "redis"
    degraded: bool  # true while the cache is skipped after a Redis failure


class CorpusSizeOut(BaseModel):
    documents: int
    passages: int


class ReadyResponse(BaseModel):
    status: Literal["ready"]
    cache: CacheStatusOut
    versions: VersionsOut
    corpus: CorpusSizeOut


class NotReadyResponse(BaseModel):
    """503 while the model and corpus load (or after they failed to): the error body plus the cache state."""

    status: Literal["not_ready"]
    detail: str
    code: Literal["not_ready"]
    cache: CacheStatusOut
