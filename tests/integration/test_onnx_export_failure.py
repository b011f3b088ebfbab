"""An ONNX export that fails in its child process says why and leaves nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_settings

pytestmark = pytest.mark.integration  # the export's child process


def test_a_failed_export_says_why(tmp_path: Path) -> None:
    from scoring import ModelUnavailable
    from service.adapters.embedder import load_embedder

    not_a_model = tmp_path / "empty-model"
    not_a_model.mkdir()
    settings = make_settings(tmp_path, model_dir=not_a_model)
    with pytest.raises(ModelUnavailable, match="not a transformer model directory"):
        load_embedder(settings)
    assert not settings.resolved_onnx_model_dir().exists()
    assert [p.name for p in settings.resolved_onnx_model_dir().parent.iterdir()] == []  # no staging left
