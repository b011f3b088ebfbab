"""The attribution extractor on PolNeAR dev: source spans found at the level the design asks for."""

from __future__ import annotations

import pytest

from evaluation.polnear import evaluate, gold_label
from evaluation.polnear_data import GoldAttribution
from tests.conftest import EVAL_DATA, skip_or_fail

POLNEAR = EVAL_DATA / "polnear"
# The target set for source extraction (overlap F1); dev was used to tune, test is reported once.
SOURCE_F1_TARGET = 0.70

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def dev_result() -> dict[str, object]:
    if not (POLNEAR / "dev").is_dir():
        skip_or_fail(f"PolNeAR is not at {POLNEAR}")
    return evaluate(POLNEAR, "dev")


def test_dev_source_overlap_f1_meets_the_target(dev_result: dict[str, object]) -> None:
    row = dev_result["source_overlap"]
    assert isinstance(row, dict)
    assert row["f1"] >= SOURCE_F1_TARGET


def test_dev_exact_scores_never_exceed_overlap_scores(dev_result: dict[str, object]) -> None:
    for kind in ("source", "cue"):
        exact, overlap = dev_result[f"{kind}_exact"], dev_result[f"{kind}_overlap"]
        assert isinstance(exact, dict) and isinstance(overlap, dict)
        assert exact["recall"] <= overlap["recall"]


@pytest.mark.parametrize(
    ("source", "label"),
    [
        ("a senior campaign official", "anonymous"),
        ("people familiar with the talks", "anonymous"),
        ("Sen. Jane Roe (D-Ore.), a member of the panel,", "named"),
        ("he", None),
    ],
)
def test_gold_label_rule(source: str, label: str | None) -> None:
    item = GoldAttribution(source=(0, len(source)), cue=None, cue_text="said", source_text=source)
    assert gold_label(item) == label
