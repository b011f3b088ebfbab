"""Documents' passages are stored per content and passage rules and read back, so a start cuts only
documents it has not seen."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from scoring import Attributor, CorpusIndex
from scoring.corpus.passage_store import cached_passages
from scoring.corpus.passages import split_passages
from tests.fakes import FakeEmbedder, outlet_table, tiny_documents


def stored_files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.rglob("*.json"))


def test_the_passages_are_stored_once_per_document_and_read_back(tmp_path: Path) -> None:
    documents = tiny_documents()
    first = cached_passages(tmp_path, documents)
    assert first == [split_passages(d) for d in documents]
    files = stored_files(tmp_path)
    assert len(files) == len(documents)
    # What is read back is the stored file: keep only the first passage of each and read again.
    for path in files:
        path.write_text(json.dumps(json.loads(path.read_text())[:1]))
    again = cached_passages(tmp_path, documents)
    assert again == [split[:1] for split in first]
    assert all(
        p.text == d.text[p.start : p.end] for split, d in zip(again, documents, strict=True) for p in split
    )


def test_a_torn_file_or_an_edited_document_is_cut_again(tmp_path: Path) -> None:
    documents = tiny_documents()
    cached_passages(tmp_path, documents)
    for path in stored_files(tmp_path):
        path.write_text("[[0,")
    assert cached_passages(tmp_path, documents) == [split_passages(d) for d in documents]
    edited = replace(
        documents[0], text=documents[0].text + "\nA new closing sentence was added to the article."
    )
    assert cached_passages(tmp_path, [edited]) == [split_passages(edited)]
    assert len(stored_files(tmp_path)) == len(documents) + 1  # the old content's file stays for its version


def test_a_corpus_built_from_the_store_equals_one_cut_afresh(tmp_path: Path) -> None:
    attributor = Attributor(outlet_table().media_aliases())
    fresh = CorpusIndex.build(tiny_documents(), FakeEmbedder(), attributor)
    CorpusIndex.build(tiny_documents(), FakeEmbedder(), attributor, passage_cache_dir=tmp_path)
    restarted = CorpusIndex.build(tiny_documents(), FakeEmbedder(), attributor, passage_cache_dir=tmp_path)
    assert [e.passage for e in restarted.entries] == [e.passage for e in fresh.entries]
    assert restarted.version == fresh.version
