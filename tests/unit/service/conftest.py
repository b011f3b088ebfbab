"""The app with a real scorer over the test corpus, a counting fake embedder and an in-process cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.adapters.cache import InMemoryScoreCache
from service.app import create_app
from tests.conftest import make_settings
from tests.fakes import FakeEmbedder, fake_scorer


@pytest.fixture()
def embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture()
def client(tmp_path: Path, embedder: FakeEmbedder) -> Iterator[TestClient]:
    app = create_app(
        make_settings(tmp_path), scorer=fake_scorer(embedder=embedder), cache=InMemoryScoreCache()
    )
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
