"""What the operations routes answer: liveness and readiness."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from service.api.schemas.responses import VersionsOut


class HealthResponse(BaseModel):
    status: Literal["ok"]


class NotAliveResponse(BaseModel):
    """503 once the model or outlet tables failed to load: no retry in the process can fix that."""

    status: Literal["failed"]
    detail: str
    code: Literal["not_alive"]


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
    failed_attempts: int  # corpus loads that failed so far
    retrying: bool  # false once the model or outlet tables failed: only a restart can help
