"""Regression guard on the labelled verdict dev set: the real model, the seed corpus, the default config."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.devset import evaluate, load_devset
from service.app import build_scorer
from tests.conftest import make_settings

pytestmark = pytest.mark.integration

# Measured 0.82-0.85 with the defaults (python -m evaluation.devset); a drop below this is a regression.
MIN_VERDICT_ACCURACY = 0.78


def test_verdict_accuracy_on_the_dev_set(tmp_path: Path, onnx_model_dir: Path) -> None:
    scorer = build_scorer(make_settings(tmp_path, corpus_store_enabled=False, onnx_model_dir=onnx_model_dir))
    result = evaluate(scorer, load_devset())
    assert result.items >= 80
    assert result.verdict_accuracy >= MIN_VERDICT_ACCURACY, result.errors
    # Off-topic claims must never be called anything but unverified.
    assert result.per_category["off_topic"][0] == result.per_category["off_topic"][1]
    assert result.mean_score_by_verdict["contested"] < result.mean_score_by_verdict["single_source"]
    assert result.mean_score_by_verdict["single_source"] < result.mean_score_by_verdict["corroborated"]
