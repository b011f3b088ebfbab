"""The versioned corpus store: idempotent upserts, atomic versions, and survival of kill -9 mid-write."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.corpus.documents import Document
from scoring.errors import DocumentNotFound, InvalidDocument
from service.adapters.corpus_store import CorpusStore
from tests.conftest import REPO_ROOT
from tests.fakes import tiny_documents


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
    manifest = REPO_ROOT / "scoring" / "data" / "corpus" / "manifest.json"
    store = CorpusStore.open(tmp_path, seed_manifest=manifest)
    assert len(store.documents()) == 5
    assert store.documents()[0].outlet_basis
