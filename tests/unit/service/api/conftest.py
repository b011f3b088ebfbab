"""Fixtures shared by the API tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.unit.service.api.keyed_app import KEYS, make_app


@pytest.fixture()
def keyed(tmp_path: Path) -> Iterator[TestClient]:
    """The test app with two API keys configured."""
    with TestClient(make_app(tmp_path, api_keys=KEYS)) as client:
        yield client
