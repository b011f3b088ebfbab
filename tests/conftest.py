"""Shared fixtures: settings without env, and where integration resources live."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from service.settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
# Integration tests must fail, not skip, when CI lacks Redis, the model or the browser.
IN_CI = bool(os.environ.get("CI"))
# The public evaluation data sits in shared/ beside the checkout (never read by the service itself).
EVAL_DATA = Path(os.environ.get("EVAL_DATA", REPO_ROOT.parent / "shared" / "data" / "eval"))


def make_settings(tmp_path: Path | None = None, **overrides: Any) -> Settings:
    """Settings for tests: nothing read from the environment, state under a temp dir."""
    values: dict[str, Any] = {"redis_url": None}
    if tmp_path is not None:
        values["state_dir"] = tmp_path / "state"
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


def wait_for(condition: Callable[[], bool], seconds: float = 10) -> None:
    """Poll until `condition` holds; fail the test after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def engine_rows(
    state_dir: Path, *, engine_uri: str = "", storage_options: Mapping[str, str] | None = None
) -> dict[int, int]:
    """Each passage key in the corpus engine with the engine's own row id, which changes if the row is
    written again. The engine is where the service puts it: `engine_uri` (an object store, reached with
    `storage_options`), else `state_dir/engine`."""
    import lancedb

    db = lancedb.connect(
        engine_uri or str(state_dir / "engine"), storage_options=dict(storage_options or {}) or None
    )
    rows: dict[int, int] = {}
    for name in db.list_tables().tables:
        table = db.open_table(name).search().select(["key"]).with_row_id(True).limit(None).to_arrow()
        rows.update(zip(table["key"].to_pylist(), table["_rowid"].to_pylist(), strict=True))
    return rows
