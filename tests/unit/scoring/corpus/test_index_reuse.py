"""A new corpus version built from the one being served: the same index a fresh build gives, computed only
for the documents that changed. Real passage splitting, attribution rules, duplicate grouping and LanceDB."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from scoring.attribution import Attributor
from scoring.corpus import CorpusIndex, Document
from scoring.retrieval.lance_index import LanceEngine, LanceSettings
from tests.fakes import FakeEmbedder, tiny_documents

WIRE_COPY = Document(
    doc_id="copy-1",
    text=(
        "Floods in the river valley killed 12 people on Monday, the regional governor said on Tuesday.\n"
        "Schools in three towns stayed closed while the water receded."
    ),
    outlet_domain="apnews.com",
    outlet_name="AP",
    outlet_basis="test fixture",
)
NEW = Document(
    doc_id="new-1",
    text="Engineers began repairing the damaged bridge over the river on Wednesday morning.",
    outlet_domain="bbc.co.uk",
    outlet_name="BBC",
    outlet_basis="test fixture",
)


def snapshot(corpus: CorpusIndex) -> list[tuple[object, ...]]:
    return [(e.document, e.passage, e.attribution, e.duplicate_group) for e in corpus.entries]


def build(documents: list[Document], previous: CorpusIndex | None = None, **kwargs: object) -> CorpusIndex:
    return CorpusIndex.build(documents, FakeEmbedder(), Attributor(), previous=previous, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", [False, True], ids=["in-house", "lancedb"])
def test_a_version_built_from_the_served_one_equals_a_fresh_build(tmp_path: Path, engine: bool) -> None:
    options = {"engine": LanceEngine(tmp_path, LanceSettings())} if engine else {}
    first = build(tiny_documents(), **options)
    edited = replace(
        tiny_documents()[1], text=tiny_documents()[1].text + "\nThe governor visited on Tuesday."
    )
    documents = [tiny_documents()[0], edited, WIRE_COPY, NEW]  # one dropped, one edited, two added
    grown = build(documents, previous=first, **options)
    fresh = build(documents)
    assert grown.version == fresh.version
    assert snapshot(grown) == snapshot(fresh)
    groups = {e.document.doc_id: e.duplicate_group for e in grown.entries if e.passage.index == 0}
    assert groups["copy-1"] == groups["wire-1"]  # the wire copy joins the original's group
    query = "engineers repair the bridge"
    vector = FakeEmbedder().encode([query])
    assert [h.entry.passage for h in grown.search_many([query], vector, 3)[0]] == [
        h.entry.passage for h in fresh.search_many([query], vector, 3)[0]
    ]


def test_only_the_changed_documents_are_embedded() -> None:
    first = build(tiny_documents())
    embedder = FakeEmbedder()
    CorpusIndex.build([*tiny_documents(), NEW], embedder, Attributor(), previous=first)
    assert embedder.texts_encoded == 1  # the new document's one passage


def test_another_model_reuses_nothing() -> None:
    first = build(tiny_documents())

    class OtherModel(FakeEmbedder):
        model_id = "other-model@1"

    embedder = OtherModel()
    CorpusIndex.build(tiny_documents(), embedder, Attributor(), previous=first)
    assert embedder.texts_encoded == len(first.entries)
    assert np.all(np.isfinite(embedder.encode(["x"])))


def test_with_engine_lexical_bm25_comes_from_the_engine_and_sees_a_new_document(tmp_path: Path) -> None:
    engine = LanceEngine(tmp_path, LanceSettings())
    first = build(tiny_documents(), engine=engine, engine_lexical=True)
    grown = build([*tiny_documents(), NEW], previous=first, engine=engine, engine_lexical=True)
    assert (first.lexical_kind, grown.lexical_kind) == ("LanceLexical", "LanceLexical")
    assert build(tiny_documents(), engine=engine).lexical_kind == "bm25s"
    query = "damaged bridge repairs"
    hits = grown.search_many([query], FakeEmbedder().encode([query]), 1)[0]
    assert hits[0].entry.document.doc_id == "new-1"


def test_a_version_after_a_delete_keeps_the_unchanged_entries_and_finds_neighbours() -> None:
    first = build([*tiny_documents(), NEW])
    documents = [*tiny_documents()[1:], NEW, WIRE_COPY]  # the first document deleted, rows move up
    grown = build(documents, previous=first)
    fresh = build(documents)
    assert snapshot(grown) == snapshot(fresh)
    served = {(e.document.doc_id, e.passage.index): e for e in first.entries}
    copies = {e.duplicate_group for e in grown.entries if e.document.doc_id == WIRE_COPY.doc_id}
    for entry in grown.entries:
        if entry.document.doc_id != WIRE_COPY.doc_id and entry.duplicate_group not in copies:
            assert entry is served[(entry.document.doc_id, entry.passage.index)]  # taken over, not rebuilt
    for entry, twin in zip(grown.entries, fresh.entries, strict=True):
        for step in (-1, 1, 2):
            ahead, expected = grown.neighbour(entry, step), fresh.neighbour(twin, step)
            assert (ahead and ahead.passage) == (expected and expected.passage)


def test_a_document_relinked_as_a_copy_gets_its_new_record_on_every_passage() -> None:
    first = build([*tiny_documents(), WIRE_COPY])
    relinked = replace(WIRE_COPY, duplicate_of=tiny_documents()[0].doc_id)  # same text, new link
    grown = build([*tiny_documents(), relinked], previous=first)
    assert grown.version != first.version
    assert {e.document for e in grown.entries if e.document.doc_id == relinked.doc_id} == {relinked}
