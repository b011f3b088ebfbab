"""A process syncing the engine killed with SIGKILL mid-write: the table opens, serves a whole earlier
version to the replicas pinned on it, and the next sync leaves exactly one row per passage."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from scoring.retrieval.lance_index import LanceEngine, LanceSettings
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.integration, pytest.mark.slow]  # writer processes killed mid-write

ROWS = 40_000
DIMENSION = 64
# Writes a version in many small batches, as a feed would, reporting each one the engine acknowledged.
WRITER = f"""
import sys
from pathlib import Path
import numpy as np
from scoring.retrieval.lance_index import LanceEngine, LanceSettings
engine = LanceEngine(Path(sys.argv[1]), LanceSettings(ann_threshold=10**9))
rng = np.random.default_rng(0)
vectors = rng.standard_normal(({ROWS}, {DIMENSION})).astype(np.float32)
vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
print("start", flush=True)
for stop in range(500, {ROWS} + 1, 500):
    engine.index("model", np.arange(stop, dtype=np.int64), vectors[:stop], ["passage %d" % k for k in range(stop)])
    print(stop, flush=True)
"""


def vectors_of(count: int) -> np.ndarray:
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((ROWS, DIMENSION)).astype(np.float32)
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True))[:count]


def test_kill_9_mid_sync_loses_no_acknowledged_version_and_the_next_sync_repairs(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, env=env, text=True
    ) as writer:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "start"
        acknowledged = [int(writer.stdout.readline()) for _ in range(3)]
        time.sleep(0.3)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    import lancedb

    table = lancedb.connect(str(tmp_path)).open_table("passages_model")
    stored = table.search().select(["key"]).limit(None).to_arrow()["key"].to_numpy()
    assert len(stored) >= acknowledged[-1] and len(np.unique(stored)) == len(stored)
    engine = LanceEngine(tmp_path, LanceSettings(ann_threshold=10**9))
    texts = [f"passage {k}" for k in range(2_000)]
    index, report = engine.index("model", np.arange(2_000, dtype=np.int64), vectors_of(2_000), texts)
    assert index.search(vectors_of(5), 1)[0][:, 0].tolist() == [0, 1, 2, 3, 4]
    repaired = lancedb.connect(str(tmp_path)).open_table("passages_model")
    assert repaired.count_rows() == 2_000 and report.deleted == len(stored) - 2_000
