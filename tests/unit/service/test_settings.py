"""Settings refuse values the service could not honour, and compute what depends on the machine."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from scoring import MAX_BATCH_ITEMS, MAX_CLAIM_CHARS, MAX_DRAFT_CHARS
from tests.conftest import make_settings


@pytest.mark.parametrize(
    ("name", "core_limit"),
    [
        ("max_claim_chars", MAX_CLAIM_CHARS),
        ("max_batch_items", MAX_BATCH_ITEMS),
        ("max_draft_chars", MAX_DRAFT_CHARS),
    ],
)
def test_input_limits_can_be_lowered_but_not_raised_past_the_request_schema(
    name: str, core_limit: int
) -> None:
    assert getattr(make_settings(**{name: core_limit - 1}), name) == core_limit - 1
    assert getattr(make_settings(**{name: core_limit}), name) == core_limit
    with pytest.raises(ValidationError, match=name):
        make_settings(**{name: core_limit + 1})
