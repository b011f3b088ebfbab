"""The versioned corpus store: idempotent upserts, atomic versions, and survival of kill -9 mid-write."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from scoring.corpus import corpus_version
from scoring.corpus.documents import Document
from scoring.errors import CorpusUnavailable, DocumentNotFound, InvalidDocument
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


@pytest.mark.parametrize(
    "change",
    [{"title": "A new headline"}, {"outlet_name": "Another Name"}, {"outlet_basis": "named in the byline"}],
)
def test_a_change_to_any_stored_field_is_a_new_version(tmp_path: Path, change: dict[str, str]) -> None:
    store = CorpusStore.open(tmp_path)
    first = store.apply(tiny_documents())
    edited = dataclasses.replace(tiny_documents()[0], **change)
    summary = store.apply([edited])
    assert summary.updated == [edited.doc_id] and summary.unchanged == []
    assert summary.changed and store.current_version() == summary.version != first.version
    assert {d.doc_id: d for d in store.documents()}[edited.doc_id] == edited


def test_a_syndication_link_is_part_of_the_version() -> None:
    documents = list(tiny_documents())
    linked = [dataclasses.replace(documents[0], duplicate_of=documents[1].doc_id), *documents[1:]]
    assert corpus_version(linked) != corpus_version(documents)


def test_a_directory_of_the_same_id_holding_other_documents_is_rewritten(tmp_path: Path) -> None:
    documents = sorted(tiny_documents(), key=lambda d: d.doc_id)
    version = corpus_version(documents)
    # A complete, self-consistent version under that id, but of other documents (other hashing rules).
    other = CorpusStore.open(tmp_path / "other")
    other_version = other.apply([dataclasses.replace(d, title="old title") for d in documents]).version
    (tmp_path / "store" / "versions").mkdir(parents=True)
    stale = tmp_path / "store" / "versions" / version
    (other.versions_dir / other_version).rename(stale)
    marker = json.loads((stale / "COMPLETE").read_text())
    (stale / "COMPLETE").write_text(json.dumps(marker | {"version": version}))
    store = CorpusStore.open(tmp_path / "store")
    assert store.versions() == {version}  # it verifies: only its content says it is not these documents
    assert store.apply(documents).version == version
    assert store.documents() == documents


def test_missing_documents_and_emptying_the_corpus_are_refused(tmp_path: Path) -> None:
    store = CorpusStore.open(tmp_path)
    store.apply([_doc("only", "The only document in the corpus.")])
    with pytest.raises(DocumentNotFound):
        store.apply((), ["nope"])
    with pytest.raises(InvalidDocument):
        store.apply((), ["only"])
    assert [d.doc_id for d in store.documents()] == ["only"]


def test_documents_that_leave_nothing_to_index_are_refused_and_nothing_moves(tmp_path: Path) -> None:
    store = CorpusStore.open(tmp_path)
    version = store.apply(tiny_documents()).version
    blank = [_doc(d.doc_id, "x") for d in tiny_documents()]
    with pytest.raises(InvalidDocument, match="no passage"):
        store.apply(blank)
    with pytest.raises(InvalidDocument, match="'short'"):
        store.apply(
            [_doc("fine", "Dock workers ended the strike at the harbour."), _doc("short", "Too short.")]
        )
    assert store.current_version() == version and store.versions() == {version}
    assert sorted(d.doc_id for d in store.documents()) == sorted(d.doc_id for d in tiny_documents())


def _write_legacy_version(root: Path, documents: list[Document]) -> str:
    """A version as an older store wrote it (COMPLETE holds only the id, computed from fewer fields), made
    current, unchecked."""
    digest = hashlib.sha256(b"passages-v2")
    for d in sorted(documents, key=lambda d: d.doc_id):
        parts = (d.doc_id, d.text, d.outlet_domain or "", d.published_at or "", d.url or "")
        digest.update(hashlib.sha256(b"".join(p.encode() + b"\x00" for p in parts)).hexdigest().encode())
    version = digest.hexdigest()[:16]
    directory = root / "versions" / version
    directory.mkdir(parents=True)
    fields = ("text", "outlet_domain", "outlet_name", "title", "published_at", "url", "outlet_basis")
    lines = [json.dumps({"id": d.doc_id} | {name: getattr(d, name) for name in fields}) for d in documents]
    (directory / "documents.jsonl").write_text("\n".join(lines) + "\n")
    (directory / "COMPLETE").write_text(version)
    (root / "CURRENT").write_text(version)
    return version


def test_a_version_whose_documents_were_deleted_is_never_switched_back_in(tmp_path: Path) -> None:
    store = CorpusStore.open(tmp_path)
    first = store.apply(tiny_documents()).version
    store.apply([_doc("extra", "Dock workers ended the strike at the harbour on Friday.")])
    # A clean-up of `first` that died after deleting its documents but before its COMPLETE marker.
    (tmp_path / "versions" / first / "documents.jsonl").unlink()
    assert first not in store.versions()
    # A write whose result has the same content as `first`: the store rewrites it rather than trust COMPLETE.
    assert store.apply((), ["extra"]).version == first
    assert store.current_version() == first
    assert sorted(d.doc_id for d in store.documents()) == sorted(d.doc_id for d in tiny_documents())


def test_a_damaged_version_is_reported_and_rewritten(tmp_path: Path) -> None:
    store = CorpusStore.open(tmp_path)
    first = store.apply(tiny_documents()).version
    store.apply([_doc("extra", "Dock workers ended the strike at the harbour on Friday.")])
    documents = tmp_path / "versions" / first / "documents.jsonl"
    documents.write_text("".join(documents.read_text().splitlines(keepends=True)[:-1]))  # a torn file
    with pytest.raises(CorpusUnavailable, match="does not verify"):
        store.documents(first)
    assert first not in store.versions()
    assert store.apply((), ["extra"]).version == first
    assert sorted(d.doc_id for d in store.documents()) == sorted(d.doc_id for d in tiny_documents())


def test_versions_written_by_an_older_store_still_load(tmp_path: Path) -> None:
    version = _write_legacy_version(tmp_path, list(tiny_documents()))
    store = CorpusStore.open(tmp_path)
    assert store.versions() == {version}
    assert sorted(d.doc_id for d in store.documents()) == sorted(d.doc_id for d in tiny_documents())


def test_near_duplicates_of_stored_documents_are_reported(tmp_path: Path) -> None:
    store = CorpusStore.open(tmp_path)
    wire = "The central bank raised its main interest rate by half a point to 4.5 percent on Thursday, citing inflation that has stayed above target for two years."
    store.apply([_doc("wire", wire)])
    summary = store.apply(
        [_doc("copy", wire + " Markets fell."), _doc("other", "Farmers blocked the motorway near the port.")]
    )
    assert summary.near_duplicates == {"copy": "wire"}
    stored = {d.doc_id: d for d in store.documents()}
    assert stored["copy"].duplicate_of == "wire" and stored["other"].duplicate_of is None


def test_seed_manifest_initialises_an_empty_store(tmp_path: Path) -> None:
    manifest = REPO_ROOT / "scoring" / "data" / "corpus" / "manifest.json"
    store = CorpusStore.open(tmp_path, seed_manifest=manifest)
    assert len(store.documents()) == 5
    assert store.documents()[0].outlet_basis
