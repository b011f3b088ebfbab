"""Writers killed with SIGKILL mid-ingest never leave the corpus store without a complete version."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.adapters.corpus_store import CorpusStore
from tests.conftest import REPO_ROOT
from tests.fakes import tiny_documents

pytestmark = [pytest.mark.integration, pytest.mark.slow]  # writer processes killed mid-write; tens of seconds

WRITER = """
import sys
from pathlib import Path
from scoring.corpus.documents import Document
from service.adapters.corpus_store import CorpusStore
store = CorpusStore.open(Path(sys.argv[1]))
docs = [Document(doc_id=f"bulk-{i}", text=("Paragraph %d about the harbour strike. " % i) * 40, outlet_domain="example.com", outlet_name=None) for i in range(int(sys.argv[2]))]
print("start", flush=True)
store.apply(docs)
print("done", flush=True)
"""


BULK = 5000


def _run_writer(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-c", WRITER, str(root), str(BULK)], env=env, capture_output=True, text=True
    )


def test_kill_9_mid_ingest_leaves_the_previous_version_serving_and_a_rerun_succeeds(tmp_path: Path) -> None:
    # Time one full write, then kill writers at several points inside that window.
    started = time.monotonic()
    assert _run_writer(tmp_path / "timing").returncode == 0
    duration = time.monotonic() - started
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    outcomes = set()
    for fraction in (0.5, 0.7, 0.85, 0.95):
        root = tmp_path / f"kill-{fraction}"
        store = CorpusStore.open(root)
        before = store.apply(tiny_documents()).version
        with subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), str(BULK)], stdout=subprocess.PIPE, env=env, text=True
        ) as writer:
            time.sleep(duration * fraction)
            writer.send_signal(signal.SIGKILL)
            writer.wait(timeout=30)
        # Whatever the moment of the kill, CURRENT names a complete version that loads in full.
        documents = store.documents()
        if store.current_version() == before:
            outcomes.add("previous")
            assert sorted(d.doc_id for d in documents) == sorted(d.doc_id for d in tiny_documents())
        else:
            outcomes.add("new")
            assert len(documents) == BULK + 3
        rerun = _run_writer(root)
        assert rerun.returncode == 0, rerun.stderr
        assert len(store.documents()) == BULK + 3
        assert not [p for p in (root / "versions").iterdir() if p.name.startswith(".")]
        lines = (
            (root / "versions" / str(store.current_version()) / "documents.jsonl").read_text().splitlines()
        )
        assert len(lines) == BULK + 3 and all(json.loads(line)["id"] for line in lines)
    assert "previous" in outcomes, "no kill landed before the switch; the test did not exercise a crash"
