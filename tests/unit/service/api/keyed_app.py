"""An app with the fake scorer and one write route, for the key, rate-limit and log tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI

from service.adapters.cache import InMemoryScoreCache
from service.api.admission import RequireWriteKey
from service.app import create_app
from tests.conftest import make_settings
from tests.fakes import fake_scorer

KEYS = "first-key-0001,second-key-0002"
CLAIM = {"claim": "Floods in the river valley killed 12 people on Monday"}
DRAFT = {"text": "Rescue teams evacuated 3,000 residents overnight, the governor said."}

# A write route admitted as the corpus routes are, answering who the caller was.
write_router = APIRouter()


@write_router.post("/test-write")
async def write(caller: RequireWriteKey) -> dict[str, Any]:
    return {"fingerprint": caller.key_fingerprint}


def make_app(tmp_path: Path, **overrides: Any) -> FastAPI:
    app = create_app(make_settings(tmp_path, **overrides), scorer=fake_scorer(), cache=InMemoryScoreCache())
    app.include_router(write_router)
    return app
