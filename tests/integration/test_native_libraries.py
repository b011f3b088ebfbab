"""Native libraries that must load in a given order, checked in a fresh process."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration  # a fresh Python process


def test_onnxruntime_can_load_after_an_hnsw_index() -> None:
    """onnxruntime loaded after usearch crashes the process; the index loads it first."""
    import subprocess
    import sys

    code = (
        "import numpy as np\n"
        "from scoring.retrieval.hnsw_index import HnswIndex\n"
        "HnswIndex.build(np.eye(8, dtype=np.float32))\n"
        "import onnxruntime\n"
        "print('alive')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "alive" in done.stdout, (done.returncode, done.stderr[-2000:])
