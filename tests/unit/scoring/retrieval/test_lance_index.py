"""Dense search on the embedded LanceDB engine: the same answers as exact search, writes that touch only what
changed, pinned versions, and the approximate index once a table is large. Real LanceDB tables under tmp_path."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from scoring.errors import CorpusUnavailable
from scoring.retrieval.exact_index import ExactIndex
from scoring.retrieval.lance_index import LanceEngine, LanceIndex, LanceSettings, SyncReport

DIMENSION = 32


def unit_rows(count: int, seed: int) -> NDArray[np.float32]:
    rows = np.random.default_rng(seed).standard_normal((count, DIMENSION)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def keys_of(count: int, seed: int) -> NDArray[np.int64]:
    return np.random.default_rng(seed).choice(2**62, size=count, replace=False).astype(np.int64)


def sync(
    engine: LanceEngine, table: str, keys: NDArray[np.int64], vectors: NDArray[np.float32]
) -> tuple[LanceIndex, SyncReport]:
    """Write a version whose passage texts name their keys (the lexical tests give their own texts)."""
    return engine.index(table, keys, vectors, [f"passage number {int(k)}" for k in np.asarray(keys)])


def exact_only(path: Path) -> LanceEngine:
    return LanceEngine(path, LanceSettings(ann_threshold=10**9))


def test_a_small_table_answers_exactly_as_exact_search(tmp_path: Path) -> None:
    vectors = unit_rows(500, seed=1)
    index, report = sync(exact_only(tmp_path), "model", keys_of(500, seed=2), vectors)
    assert (report.added, report.deleted, report.indexed) == (500, 0, False)
    queries = unit_rows(12, seed=3)
    ids, scores = index.search(queries, 10)
    expected_ids, expected_scores = ExactIndex.build(vectors).search(queries, 10)
    assert np.array_equal(ids, expected_ids)
    assert np.allclose(scores, expected_scores, atol=1e-5)
    assert np.array_equal(index.vectors(np.array([4, 7])), vectors[[4, 7]])


def test_a_new_version_writes_only_the_passages_it_adds_and_drops(tmp_path: Path) -> None:
    engine = exact_only(tmp_path)
    vectors, keys = unit_rows(300, seed=4), keys_of(305, seed=5)
    sync(engine, "model", keys[:300], vectors)
    fresh = unit_rows(5, seed=6)
    # Ten passages leave (a deleted document), five arrive; the other 290 are not written again.
    new_keys = np.concatenate([keys[10:300], keys[300:]])
    index, report = sync(engine, "model", new_keys, np.concatenate([vectors[10:], fresh]))
    assert (report.added, report.deleted) == (5, 10)
    ids, _ = index.search(fresh[:1], 1)
    assert ids[0, 0] == 290  # the new passage, at its place in the new version's order
    dropped, _ = index.search(vectors[:1], 1)
    assert dropped[0, 0] != 0 and np.all(index.vectors(dropped[0]) != vectors[0])
    _, again = sync(engine, "model", new_keys, np.concatenate([vectors[10:], fresh]))
    assert (again.added, again.deleted, again.table_version) == (0, 0, report.table_version)


def test_a_served_version_keeps_its_own_rows_while_a_newer_one_is_written(tmp_path: Path) -> None:
    engine = exact_only(tmp_path)
    vectors, keys = unit_rows(200, seed=7), keys_of(200, seed=8)
    old, _ = sync(engine, "model", keys, vectors)
    sync(engine, "model", keys[100:], vectors[100:])  # half the corpus is deleted in the next version
    ids, _ = old.search(vectors[:3], 1)
    assert ids[:, 0].tolist() == [0, 1, 2]


def test_a_table_whose_files_are_gone_is_an_unavailable_corpus_not_a_crash(tmp_path: Path) -> None:
    index, _ = sync(exact_only(tmp_path), "model", keys_of(50, seed=40), unit_rows(50, seed=41))
    for data in tmp_path.rglob("data/*.lance"):
        data.unlink()  # what a replica sees when its volume or bucket loses the rows under it
    with pytest.raises(CorpusUnavailable, match="corpus engine could not be read"):
        index.search(unit_rows(1, seed=42), 5)
    lexical = index.lexical
    with pytest.raises(CorpusUnavailable, match="corpus engine could not be read"):
        lexical.top(lexical.prepare(["passage number"]), 5)


def test_each_model_has_its_own_table(tmp_path: Path) -> None:
    engine = exact_only(tmp_path)
    keys = keys_of(50, seed=9)
    sync(engine, "model-a", keys, unit_rows(50, seed=10))
    _, report = sync(engine, "model-b", keys, unit_rows(50, seed=11))
    assert report.added == 50


def test_a_large_table_gets_an_approximate_index_and_new_rows_are_searchable_at_once(tmp_path: Path) -> None:
    engine = LanceEngine(tmp_path, LanceSettings(ann_threshold=1_000, fold_rows=50))
    vectors, keys = unit_rows(2_000, seed=12), keys_of(2_010, seed=13)
    index, report = sync(engine, "model", keys[:2_000], vectors)
    assert report.indexed
    queries = unit_rows(20, seed=14)
    ids, _ = index.search(queries, 10)
    expected, _ = ExactIndex.build(vectors).search(queries, 10)
    recall = np.mean([len(set(ids[i]) & set(expected[i])) / 10 for i in range(len(queries))])
    assert recall >= 0.9
    fresh = unit_rows(10, seed=15)
    grown, grew = sync(engine, "model", keys, np.concatenate([vectors, fresh]))
    assert grew.added == 10 and not grew.optimised  # fewer than fold_rows: searched flat until folded
    found, _ = grown.search(fresh, 1)
    assert found[:, 0].tolist() == list(range(2_000, 2_010))


def test_bad_input_is_refused(tmp_path: Path) -> None:
    engine = exact_only(tmp_path)
    with pytest.raises(ValueError, match="unique"):
        sync(engine, "model", np.array([1, 1]), unit_rows(2, seed=16))
    with pytest.raises(ValueError, match="one key and one text per vector"):
        sync(engine, "model", np.array([1, 2, 3]), unit_rows(2, seed=17))
    index, _ = sync(engine, "model", np.array([1, 2]), unit_rows(2, seed=18))
    with pytest.raises(TypeError):
        index.add(unit_rows(1, seed=19))


def _write_version(path: str, keys: list[int], seed: int) -> None:
    sync(exact_only(Path(path)), "model", np.array(keys, dtype=np.int64), unit_rows(len(keys), seed=seed))


def test_two_processes_writing_the_same_version_at_once_leave_one_row_per_passage(tmp_path: Path) -> None:
    keys = keys_of(400, seed=20).tolist()
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write_version, args=(str(tmp_path), keys, 21)) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
        assert writer.exitcode == 0
    _, report = sync(exact_only(tmp_path), "model", np.array(keys, dtype=np.int64), unit_rows(400, seed=21))
    assert (report.added, report.deleted) == (0, 0)
    import lancedb

    table = lancedb.connect(str(tmp_path)).open_table("passages_model")
    assert table.count_rows() == 400


def test_enough_new_rows_are_folded_into_the_index(tmp_path: Path) -> None:
    engine = LanceEngine(tmp_path, LanceSettings(ann_threshold=1_000, fold_rows=50))
    vectors, keys = unit_rows(1_100, seed=22), keys_of(1_100, seed=23)
    sync(engine, "model", keys[:1_000], vectors[:1_000])
    index, report = sync(engine, "model", keys, vectors)
    assert report.added == 100 and report.optimised
    found, _ = index.search(vectors[1_000:1_020], 1)
    assert found[:, 0].tolist() == list(range(1_000, 1_020))


TEXTS = [
    "Floods in the river valley killed 12 people on Monday.",
    "Rescue teams evacuated 3,000 residents from the lowest villages.",
    "The dam had been inspected in March, officials said.",
    "Farmers blocked the motorway with tractors for a second day.",
]


def test_lexical_search_runs_on_the_engine_and_sees_new_rows_at_once(tmp_path: Path) -> None:
    engine = exact_only(tmp_path)
    keys = keys_of(5, seed=24)
    index, _ = engine.index("model", keys[:4], unit_rows(4, seed=25), TEXTS)
    lexical = index.lexical
    rows, scores = lexical.top(lexical.prepare(["flooding killed people in the valley"]), 10)[0]
    assert rows.tolist()[int(np.argmax(scores))] == 0 and 3 not in rows.tolist()
    text = "Floods swept the valley again on Tuesday."
    grown, _ = engine.index("model", keys, unit_rows(5, seed=25), [*TEXTS, text])
    lexical = grown.lexical
    query = lexical.prepare(["floods in the valley on Tuesday"])[0]
    found, _ = lexical.top([query], 10)[0]
    assert 4 in found.tolist()  # written after the full-text index, searched at once
    at = lexical.scores_at(query, np.array([3, 4, 0]))
    assert at[0] == 0 and at[1] > 0 and at[2] > 0  # only the rows asked for, 0 where no term matches
    assert lexical.top(lexical.prepare(['"unbalanced quote AND (']), 5)[0][0].size == 0


def test_rows_two_unlocked_writers_both_added_are_left_once_each(tmp_path: Path) -> None:
    """What two writers on object storage leave when both read the table before either wrote: Lance merges
    concurrent appends, so each passage is there twice, one copy per writer's batch."""
    engine = exact_only(tmp_path)
    vectors, keys = unit_rows(60, seed=26), keys_of(60, seed=27)
    sync(engine, "model", keys[:50], vectors[:50])
    import lancedb
    import pyarrow as pa

    table = lancedb.connect(str(tmp_path)).open_table("passages_model")
    for batch in (7, 5):  # the second writer's copy of the same ten new passages
        table.add(
            pa.table(
                {
                    "key": pa.array(keys[50:], type=pa.int64()),
                    "text": [f"passage number {int(k)}" for k in keys[50:]],
                    "vector": pa.FixedSizeListArray.from_arrays(pa.array(vectors[50:].ravel()), DIMENSION),
                    "batch": pa.array([batch] * 10, type=pa.int64()),
                }
            )
        )
    index, report = sync(engine, "model", keys, vectors)
    assert (report.added, report.deleted) == (0, 0)
    stored = (
        lancedb.connect(str(tmp_path))
        .open_table("passages_model")
        .search()
        .select(["key", "batch"])
        .limit(None)
    ).to_arrow()
    assert sorted(stored["key"].to_pylist()) == sorted(keys.tolist())
    assert {
        b
        for k, b in zip(stored["key"].to_pylist(), stored["batch"].to_pylist(), strict=True)
        if k in set(keys[50:].tolist())
    } == {5}
    ids, _ = index.search(vectors[50:53], 2)
    assert ids[:, 0].tolist() == [50, 51, 52] and ids[:, 1].tolist() != [50, 51, 52]


def test_a_table_written_before_batches_keeps_its_rows(tmp_path: Path) -> None:
    import lancedb
    import pyarrow as pa

    vectors, keys = unit_rows(20, seed=28), keys_of(20, seed=29)
    lancedb.connect(str(tmp_path)).create_table(
        "passages_model",
        pa.table(
            {
                "key": pa.array(keys, type=pa.int64()),
                "text": [f"passage number {int(k)}" for k in keys],
                "vector": pa.FixedSizeListArray.from_arrays(pa.array(vectors.ravel()), DIMENSION),
            }
        ),
    )
    index, report = sync(exact_only(tmp_path), "model", keys, vectors)
    assert (report.added, report.deleted) == (0, 0)
    assert index.search(vectors[:3], 1)[0][:, 0].tolist() == [0, 1, 2]


def test_an_object_store_location_is_told_from_a_directory(tmp_path: Path) -> None:
    assert LanceEngine("s3://bucket/prefix/").on_object_store
    assert LanceEngine("s3://bucket/prefix/").uri == "s3://bucket/prefix"
    assert LanceEngine("gs://bucket").on_object_store and LanceEngine("az://container/x").on_object_store
    assert not LanceEngine(tmp_path).on_object_store and LanceEngine(tmp_path).uri == str(tmp_path)
