"""The attribution and check-worthiness evaluations on their dev sets, at the level the design reached.

Dev only: the test sets are run by hand, once per design (README, Evaluation).
"""

from __future__ import annotations

import pytest

from evaluation import attribution_set, checkworthiness
from scoring import Attributor
from tests.conftest import EVAL_DATA, skip_or_fail
from tests.fakes import outlet_table, real_parser

pytestmark = pytest.mark.integration

POLNEAR = EVAL_DATA / "polnear"


def test_attribution_dev_kind_agreement_meets_the_target() -> None:
    attributor = Attributor(outlet_table().media_aliases(), parser=real_parser())
    result = attribution_set.evaluate(attributor, attribution_set.load("dev"))
    assert result["kind_agreement"] >= attribution_set.KIND_TARGET


def test_the_token_rules_alone_stay_below_the_parse_rules() -> None:
    claims = attribution_set.load("dev")
    with_parse = attribution_set.evaluate(
        Attributor(outlet_table().media_aliases(), parser=real_parser()), claims
    )
    tokens_only = attribution_set.evaluate(Attributor(outlet_table().media_aliases()), claims)
    assert tokens_only["kind_agreement"] < with_parse["kind_agreement"]


def test_checkworthiness_dev_precision_and_recall() -> None:
    if not (POLNEAR / "dev").is_dir():
        skip_or_fail(f"PolNeAR is not at {POLNEAR}")
    rows = checkworthiness.load(POLNEAR, "dev")
    result = checkworthiness.evaluate(rows, real_parser())
    # The dev figures of this design (0.745 / 0.921), less a margin for parser-version drift.
    assert result["precision"] >= 0.70
    assert result["recall"] >= 0.85
