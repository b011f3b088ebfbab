"""A cached result is served only to a reader that expects its shape."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from scoring import Versions
from service.adapters.cache import RESULT_SHAPE_VERSION, cache_key
from service.api.schemas.responses import ScoreResult

# The fields (names, types, nesting) of ScoreResult at each shape version, as a digest. When the models
# change, this fails until RESULT_SHAPE_VERSION is raised and the new digest recorded, so that results
# cached under the old shape are never served as the new one.
SHAPE_DIGESTS = {2: "306b359e103ba86b", 3: "0c5fda9345cc0c07", 4: "b4ac302c3412e8b1", 5: "650c3307785b6125"}
VERSIONS = Versions(model="m", corpus="c", scorer="s", outlets="o")


def _structure(schema: Any) -> Any:
    """The schema without its prose: descriptions and titles are not part of the shape."""
    if isinstance(schema, dict):
        return {k: _structure(v) for k, v in schema.items() if k not in {"description", "title"}}
    if isinstance(schema, list):
        return [_structure(v) for v in schema]
    return schema


def shape_digest() -> str:
    structure = json.dumps(_structure(ScoreResult.model_json_schema()), sort_keys=True)
    return hashlib.sha256(structure.encode()).hexdigest()[:16]


def test_the_shape_version_names_the_current_result_shape() -> None:
    assert SHAPE_DIGESTS.get(RESULT_SHAPE_VERSION) == shape_digest()


def test_the_key_carries_the_shape_version() -> None:
    key = cache_key("claim", VERSIONS, "a claim", "reuters.com")
    assert key.startswith(f"score:v{RESULT_SHAPE_VERSION}:claim:")
    assert key != cache_key("claim", VERSIONS, "a claim", "apnews.com")
