"""The versioned corpus store: idempotent upserts, atomic versions, and survival of kill -9 mid-write."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scoring.corpus.documents import Document
from scoring.errors import DocumentNotFound, InvalidDocument
from service.adapters.corpus_store import CorpusStore
from tests.fakes import tiny_documents

REPO = Path(__file__).resolve().parents[3]


def _doc(doc_id: str, text: str) -> Document:
    return Document(doc_id=doc_id, text=text, outlet_domain="example.com", outlet_name=None)


def test_upserts_are_idempotent_and_every_change_is_a_new_version(tmp_path: Path) -> None:
    store = CorpusStore.open(tmp_path)
    first = store.apply(tiny_documents())
    assert sorted(first.added) == ["daily-1", "tabloid-1", "wire-1"] and first.changed
    again = store.apply(tiny_documents())
    assert (
        not again.changed
        and again.version == first.version
        and sorted(again.unchanged) == sorted(first.added)
    )
    changed = store.apply([_doc("wire-1", "Floods killed 13 people, the governor said.")])
    assert changed.updated == ["wire-1"] and changed.version != first.version
    assert store.current_version() == changed.version
    deleted = store.apply((), ["daily-1"])
    assert deleted.deleted == ["daily-1"]
    assert sorted(d.doc_id for d in store.documents()) == ["tabloid-1", "wire-1"]


def test_missing_documents_and_emptying_the_corpus_are_refused(tmp_path: Path) -> None:
    store = CorpusStore.open(tmp_path)
    store.apply([_doc("only", "The only document in the corpus.")])
    with pytest.raises(DocumentNotFound):
        store.apply((), ["nope"])
    with pytest.raises(InvalidDocument):
        store.apply((), ["only"])
    assert [d.doc_id for d in store.documents()] == ["only"]


def test_near_duplicates_of_stored_documents_are_reported(tmp_path: Path) -> None:
    store = CorpusStore.open(tmp_path)
    wire = "The central bank raised its main interest rate by half a point to 4.5 percent on Thursday, citing inflation that has stayed above target for two years."
    store.apply([_doc("wire", wire)])
    summary = store.apply(
        [_doc("copy", wire + " Markets fell."), _doc("other", "Farmers blocked the motorway.")]
    )
    assert summary.near_duplicates == {"copy": "wire"}
    stored = {d.doc_id: d for d in store.documents()}
    assert stored["copy"].duplicate_of == "wire" and stored["other"].duplicate_of is None


def test_seed_manifest_initialises_an_empty_store(tmp_path: Path) -> None:
    manifest = REPO / "scoring" / "data" / "corpus" / "manifest.json"
    store = CorpusStore.open(tmp_path, seed_manifest=manifest)
    assert len(store.documents()) == 5
    assert store.documents()[0].outlet_basis


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
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", WRITER, str(root), str(BULK)], env=env, capture_output=True, text=True
    )


def test_kill_9_mid_ingest_leaves_the_previous_version_serving_and_a_rerun_succeeds(tmp_path: Path) -> None:
    # Time one full write, then kill writers at several points inside that window.
    started = time.monotonic()
    assert _run_writer(tmp_path / "timing").returncode == 0
    duration = time.monotonic() - started
    env = {**os.environ, "PYTHONPATH": str(REPO)}
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
