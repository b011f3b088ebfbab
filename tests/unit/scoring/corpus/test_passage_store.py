"""Documents' passages and their near-duplicate band hashes are stored per content and read back, so a
start cuts and hashes only documents it has not seen, and finds the same copies."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from scoring import Attributor, CorpusIndex
from scoring.corpus.duplicates import CheckedPairs
from scoring.corpus.passage_store import read_checked, read_passages, store_checked
from scoring.corpus.passages import split_passages
from tests.fakes import FakeEmbedder, outlet_table, tiny_documents


def stored_files(cache_dir: Path) -> list[Path]:
    """The documents' passage files (not the checked pairs beside them)."""
    return sorted(p for p in cache_dir.rglob("*.bin") if p.name != "checked-pairs.bin")


def build(documents: list, cache_dir: Path | None) -> CorpusIndex:
    return CorpusIndex.build(
        documents, FakeEmbedder(), Attributor(outlet_table().media_aliases()), passage_cache_dir=cache_dir
    )


def with_a_copy() -> list:
    documents = tiny_documents()
    # Another outlet carrying the wire story word for word: a near-duplicate of each of its passages.
    return [
        *documents,
        replace(documents[0], doc_id="copy-1", outlet_domain="example.org", outlet_name="Example"),
    ]


def test_a_restart_reads_the_stored_passages_and_finds_the_same_copies(tmp_path: Path) -> None:
    documents = with_a_copy()
    fresh = build(documents, None)
    build(documents, tmp_path)
    assert len(stored_files(tmp_path)) == len(documents)
    restarted = build(documents, tmp_path)
    assert [e.passage for e in restarted.entries] == [e.passage for e in fresh.entries]
    assert [e.duplicate_group for e in restarted.entries] == [e.duplicate_group for e in fresh.entries]
    copies = {e.duplicate_group for e in restarted.entries if e.document.doc_id == "copy-1"}
    assert copies <= {e.duplicate_group for e in restarted.entries if e.document.doc_id == "wire-1"}
    assert restarted.version == fresh.version


def test_what_is_read_back_is_the_stored_file(tmp_path: Path) -> None:
    documents = tiny_documents()
    build(documents, tmp_path)
    stored = read_passages(tmp_path, documents)
    assert all(s.stored and s.bands is not None for s in stored)
    assert [s.passages for s in stored] == [split_passages(d) for d in documents]
    for path in stored_files(tmp_path):  # keep each document's first passage only
        raw = np.frombuffer(path.read_bytes(), dtype=np.uint64)
        width = raw.size // len(
            split_passages(next(d for d in documents if d.content_hash[:40] == path.stem))
        )
        path.write_bytes(raw[:width].tobytes())
    again = read_passages(tmp_path, documents)
    assert [s.passages for s in again] == [split_passages(d)[:1] for d in documents]


def test_a_torn_file_or_an_edited_document_is_cut_again(tmp_path: Path) -> None:
    documents = tiny_documents()
    build(documents, tmp_path)
    for path in stored_files(tmp_path):
        path.write_bytes(path.read_bytes()[:-3])
    again = read_passages(tmp_path, documents)
    assert not any(s.stored for s in again)
    assert [s.passages for s in again] == [split_passages(d) for d in documents]
    edited = replace(
        documents[0], text=documents[0].text + "\nA new closing sentence was added to the article."
    )
    assert not read_passages(tmp_path, [edited])[0].stored
    build([edited, *documents[1:]], tmp_path)
    assert read_passages(tmp_path, [edited])[0].stored


def test_a_start_takes_the_copies_from_the_checked_pairs_and_compares_only_what_they_lack(
    tmp_path: Path,
) -> None:
    documents = with_a_copy()
    fresh = build(documents, None)
    build(documents, tmp_path)
    checked = read_checked(tmp_path)
    assert checked is not None and len(checked.pairs)  # the copy's passages are pairs, by key
    # Checked pairs that say "no copies" are believed for the passages they name: proof a start reads them.
    store_checked(tmp_path, CheckedPairs(checked.keys, checked.pairs[:0]))
    believed = build(documents, tmp_path)
    assert len({e.duplicate_group for e in believed.entries}) == len(believed.entries)
    # Checked pairs of a version without the copy: the copy's passages are compared again, and found.
    build(documents[:-1], tmp_path)
    restarted = build(documents, tmp_path)
    assert [e.duplicate_group for e in restarted.entries] == [e.duplicate_group for e in fresh.entries]
    # A torn file is no checked pairs: everything is compared.
    path = next(tmp_path.rglob("checked-pairs.bin"))
    path.write_bytes(path.read_bytes()[:-5])
    assert read_checked(tmp_path) is None
    again = build(documents, tmp_path)
    assert [e.duplicate_group for e in again.entries] == [e.duplicate_group for e in fresh.entries]
