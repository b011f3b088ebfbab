"""Settings refuse values the service could not honour, and compute what depends on the machine."""

from __future__ import annotations

from pathlib import Path

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


def test_the_engine_stays_in_the_state_directory_unless_told_otherwise(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, engine_endpoint="http://minio:9000", engine_allow_http=True)
    assert settings.engine_location == str(tmp_path / "state" / "engine")
    assert settings.engine_storage() == {}  # object-store options mean nothing to a directory


def test_an_object_store_engine_gets_its_endpoint_region_and_options(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path,
        engine_uri="s3://corpus-engine/prod",
        engine_endpoint="http://minio:9000",
        engine_region="eu-west-1",
        engine_allow_http=True,
        engine_storage_options={"timeout": "60s"},
    )
    assert settings.engine_location == "s3://corpus-engine/prod"
    assert settings.engine_storage() == {
        "timeout": "60s",
        "aws_endpoint": "http://minio:9000",
        "aws_region": "eu-west-1",
        "allow_http": "true",
    }
    assert "60s" not in repr(settings)  # options may carry secrets: never shown


@pytest.mark.parametrize("uri", ["http://minio:9000/bucket", "s3://", "s3:///prefix"])
def test_an_engine_uri_lancedb_cannot_open_is_refused(tmp_path: Path, uri: str) -> None:
    with pytest.raises(ValidationError, match="engine_uri"):
        make_settings(tmp_path, engine_uri=uri)
