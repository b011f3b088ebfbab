"""Choosing the embedding backend: settings parsing and the start-up failure when the ONNX export is missing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from scoring import ModelUnavailable
from service.adapters.cache import InMemoryScoreCache
from service.adapters.embedder import load_embedder
from service.app import create_app
from service.settings import Settings
from tests.conftest import make_settings


def test_backend_defaults_to_onnx_int8_exported_on_first_start(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    assert settings.embedding_backend == "onnx-int8"
    assert settings.onnx_auto_export
    assert settings.resolved_onnx_model_dir() == tmp_path / "state" / "onnx"


def test_backend_and_onnx_dir_parse_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SCORER_EMBEDDING_BACKEND", "onnx-int8")
    monkeypatch.setenv("SCORER_ONNX_MODEL_DIR", str(tmp_path / "exported"))
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.embedding_backend == "onnx-int8"
    assert settings.resolved_onnx_model_dir() == tmp_path / "exported"


@pytest.mark.parametrize("backend", ["onnx", "openvino", "int8"])
def test_unknown_backends_are_rejected(backend: str) -> None:
    with pytest.raises(ValidationError, match="embedding_backend"):
        make_settings(embedding_backend=backend)


def test_missing_onnx_export_fails_readiness_with_the_export_command(tmp_path: Path) -> None:
    onnx_dir = tmp_path / "not-exported"
    settings = make_settings(
        tmp_path, embedding_backend="onnx-int8", onnx_model_dir=onnx_dir, onnx_auto_export=False
    )
    app = create_app(settings, cache=InMemoryScoreCache())
    with TestClient(app, raise_server_exceptions=False) as client:
        deadline = time.monotonic() + 10
        ready = client.get("/readyz")
        while "export-onnx" not in ready.json().get("detail", "") and time.monotonic() < deadline:
            time.sleep(0.05)
            ready = client.get("/readyz")
        assert ready.status_code == 503
        assert f"reliability export-onnx --out {onnx_dir}" in ready.json()["detail"]


@pytest.mark.parametrize("source", ["another-model@0123456789ab\n", None])
def test_without_auto_export_an_export_of_another_model_is_refused(
    tmp_path: Path, source: str | None
) -> None:
    onnx_dir = tmp_path / "onnx"
    onnx_dir.mkdir()
    (onnx_dir / "model_quantized.onnx").write_bytes(b"not read: refused before loading")
    if source is not None:
        (onnx_dir / "source_model.txt").write_text(source)
    settings = make_settings(tmp_path, onnx_model_dir=onnx_dir, onnx_auto_export=False)
    with pytest.raises(
        ModelUnavailable, match="holds no ONNX export of .*SCORER_ONNX_AUTO_EXPORT is false"
    ) as error:
        load_embedder(settings)
    assert ("another-model@0123456789ab" in str(error.value)) == (source is not None)
