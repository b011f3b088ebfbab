"""Property-based API tests from the service's own OpenAPI schema: no 5xx, responses conform."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from service.adapters.cache import InMemoryScoreCache
from service.adapters.corpus_store import CorpusStore
from service.app import create_app
from tests.conftest import make_settings
from tests.fakes import fake_scorer, tiny_documents
from tests.live_server import live_server

pytestmark = pytest.mark.integration  # a live uvicorn server on loopback


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp: Path = tmp_path_factory.mktemp("fuzz")
    app = create_app(make_settings(tmp), scorer=fake_scorer(), cache=InMemoryScoreCache())
    with live_server(app) as url:
        yield url


# The schema does not depend on what the lifespan loads, so it is read from an app built here.
schema = schemathesis.openapi.from_dict(create_app(make_settings()).openapi())


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_conforming_responses(case: schemathesis.Case, base_url: str) -> None:
    response = case.call(base_url=base_url, timeout=30)
    assert response.status_code < 500, response.text
    # Schema-valid bodies may still be refused on purpose (whitespace-only claims, control characters,
    # non-http URLs): those 4xx are documented, so the "positive data accepted" check does not apply.
    excluded = [positive_data_acceptance]
    if response.status_code == 413:
        # 413 is how this API refuses a body over its size limit; schemathesis only counts 4xx it knows.
        excluded.append(negative_data_rejection)
    case.validate_response(response, excluded_checks=excluded)


WRITER_KEY = "fuzz-writer-key"


@pytest.fixture(scope="module")
def writable_base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a real corpus store with a write key: the write routes commit versions for real."""
    tmp: Path = tmp_path_factory.mktemp("fuzz-writes")
    store = CorpusStore.open(tmp / "corpus")
    store.apply(tiny_documents())
    settings = make_settings(tmp, api_keys=[WRITER_KEY])
    app = create_app(settings, scorer=fake_scorer(), cache=InMemoryScoreCache(), corpus_store=store)
    with live_server(app) as url:
        yield url


@schema.include(path_regex="^/corpus").parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_corpus_routes_with_a_valid_key_never_fail_and_conform(
    case: schemathesis.Case, writable_base_url: str
) -> None:
    response = case.call(base_url=writable_base_url, headers={"X-API-Key": WRITER_KEY}, timeout=60)
    assert response.status_code < 500, response.text
    excluded = [positive_data_acceptance]  # as above: documented, deliberate 4xx for schema-valid input
    if response.status_code == 413:
        excluded.append(negative_data_rejection)
    case.validate_response(response, excluded_checks=excluded)
