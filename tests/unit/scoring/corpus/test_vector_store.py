"""A corpus saves its dense index per version and model, and maps it back; never another model's."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

WORDS = "flood bridge vaccine senator budget wildfire election tariff harbour virus drought strike".split()


def corpus(n: int, seed: int = 3) -> list[str]:
    rng = np.random.default_rng(seed)
    return [
        " ".join(str(w) for w in rng.choice(WORDS, size=int(rng.integers(3, 8)))) + f" report {i % 17}"
        for i in range(n)
    ]


def test_corpus_saves_its_index_and_maps_it_back(tmp_path: Path) -> None:
    from scoring.attribution import Attributor
    from scoring.corpus import CorpusIndex
    from tests.fakes import FakeEmbedder, tiny_documents

    documents = tiny_documents()
    embedder = FakeEmbedder()
    plain = CorpusIndex.build(documents, embedder, Attributor())
    first = CorpusIndex.build(documents, embedder, Attributor(), vector_index_dir=tmp_path)
    saved = tmp_path / first.version / embedder.model_id / "index.json"
    assert saved.exists()
    stamp = saved.stat().st_mtime_ns
    second = CorpusIndex.build(documents, embedder, Attributor(), vector_index_dir=tmp_path)
    assert saved.stat().st_mtime_ns == stamp  # mapped back, not rebuilt
    query = "The council voted on the harbour bridge"
    vectors = embedder.encode([query])
    for built in (first, second):
        assert [(h.entry.passage.text, h.similarity) for h in built.search_many([query], vectors, 3)[0]] == [
            (h.entry.passage.text, h.similarity) for h in plain.search_many([query], vectors, 3)[0]
        ]


def test_a_saved_index_is_never_served_to_another_model(tmp_path: Path) -> None:
    from scoring.attribution import Attributor
    from scoring.corpus import CorpusIndex
    from tests.fakes import FakeEmbedder, tiny_documents

    class ReversedEmbedder(FakeEmbedder):
        """Another model over the same texts: the same passages get different vectors."""

        model_id = "fake-reversed@0"

        def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
            return (
                super().encode([" ".join(reversed(t.split())) + " reversed" for t in texts])[:, ::-1].copy()
            )

    documents = tiny_documents()
    CorpusIndex.build(documents, FakeEmbedder(), Attributor(), vector_index_dir=tmp_path)
    other = ReversedEmbedder()
    served = CorpusIndex.build(documents, other, Attributor(), vector_index_dir=tmp_path)
    plain = CorpusIndex.build(documents, other, Attributor())
    query = "The council voted on the harbour bridge"
    vectors = other.encode([query])
    assert [(h.entry.passage.text, h.similarity) for h in served.search_many([query], vectors, 3)[0]] == [
        (h.entry.passage.text, h.similarity) for h in plain.search_many([query], vectors, 3)[0]
    ]
    assert len(list((tmp_path / served.version).iterdir())) == 2  # one index per model


def _unit_vectors(n: int, dimension: int = 8) -> NDArray[np.float32]:
    vectors = np.random.default_rng(5).normal(size=(n, dimension)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_a_build_that_loses_the_rename_race_maps_the_winners_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import scoring.atomic_files
    from scoring.corpus.vector_store import saved_index

    def another_writer_won(source: str | Path, target: str | Path) -> None:
        # A fault that cannot be timed for real: another replica renames the same build into place first.
        shutil.copytree(source, target)
        raise OSError("Directory not empty")

    monkeypatch.setattr(scoring.atomic_files.os, "replace", another_writer_won)
    vectors = _unit_vectors(12)
    index = saved_index(tmp_path / "index", vectors, ann_threshold=1_000)
    assert len(index) == 12


def test_a_manifest_that_is_not_an_object_is_rebuilt(tmp_path: Path) -> None:
    from scoring.corpus.vector_store import saved_index

    directory = tmp_path / "index"
    directory.mkdir()
    (directory / "index.json").write_text("[]", encoding="utf-8")
    assert len(saved_index(directory, _unit_vectors(6), ann_threshold=1_000)) == 6


def test_cached_vectors_read_back_per_document_whether_its_rows_are_one_run_or_not(tmp_path: Path) -> None:
    from scoring.corpus.passages import split_passages
    from scoring.corpus.vector_store import cached_vectors
    from tests.fakes import FakeEmbedder, tiny_documents

    documents = tiny_documents()[:2]
    cut = [[(p, d) for p in split_passages(d)] for d in documents]
    assert all(len(rows) >= 2 for rows in cut)
    runs = cut[0] + cut[1]  # each document's passages together, as a corpus lists them
    interleaved = [cut[0][0], *cut[1], *cut[0][1:]]  # one document's rows split around another's
    embedder = FakeEmbedder()
    expected = {id(p): v for (p, _), v in zip(runs, embedder.encode([p.text for p, _ in runs]), strict=True)}
    for passages in (runs, interleaved, runs):
        vectors = cached_vectors(tmp_path, embedder, passages)
        assert np.array_equal(vectors, np.stack([expected[id(p)] for p, _ in passages]))
    assert embedder.texts_encoded == len(runs) * 2  # the expectation's and the first call's: then all read
