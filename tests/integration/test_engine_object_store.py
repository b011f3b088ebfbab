"""The corpus engine on object storage: the same LanceDB tables in an S3 bucket (moto_server, a real HTTP
S3 server in its own process), with no lock file. Exact answers, writes that touch only what changed,
pinned versions, the vector index, and two writer processes at once leaving one row per passage."""

from __future__ import annotations

import multiprocessing
import time
from typing import Any

import numpy as np
import pytest

from scoring.retrieval.exact_index import ExactIndex
from scoring.retrieval.lance_index import LanceEngine, LanceSettings
from tests.object_store import Bucket
from tests.unit.scoring.retrieval.test_lance_index import keys_of, sync, unit_rows

pytestmark = pytest.mark.integration


def exact_engine(bucket: Bucket) -> LanceEngine:
    return LanceEngine(bucket.uri(), LanceSettings(ann_threshold=10**9), bucket.storage_options)


def stored_keys(bucket: Bucket) -> list[int]:
    import lancedb

    db = lancedb.connect(bucket.uri(), storage_options=bucket.storage_options)
    keys: list[int] = (
        db.open_table("passages_model").search().select(["key"]).limit(None).to_arrow()["key"].to_pylist()
    )
    return keys


def test_the_engine_writes_its_tables_into_the_bucket_and_answers_exactly(s3_bucket: Bucket) -> None:
    engine = exact_engine(s3_bucket)
    assert engine.on_object_store
    vectors = unit_rows(300, seed=1)
    index, report = sync(engine, "model", keys_of(300, seed=2), vectors)
    assert (report.added, report.deleted, report.indexed) == (300, 0, False)
    queries = unit_rows(8, seed=3)
    ids, scores = index.search(queries, 10)
    expected_ids, expected_scores = ExactIndex.build(vectors).search(queries, 10)
    assert np.array_equal(ids, expected_ids) and np.allclose(scores, expected_scores, atol=1e-5)
    import httpx

    listing = httpx.get(f"{s3_bucket.endpoint}/{s3_bucket.name}?list-type=2&prefix=engine/", timeout=10)
    assert "engine/passages_model.lance/_versions/" in listing.text  # in the bucket, not on this disk
    lexical = index.lexical
    rows, _ = lexical.top(lexical.prepare([f"passage number {int(keys_of(300, seed=2)[7])}"]), 5)[0]
    assert 7 in rows.tolist()


def test_a_new_version_writes_only_what_changed_and_the_served_one_keeps_its_rows(s3_bucket: Bucket) -> None:
    engine = exact_engine(s3_bucket)
    vectors, keys = unit_rows(200, seed=4), keys_of(205, seed=5)
    old, first = sync(engine, "model", keys[:200], vectors)
    fresh = unit_rows(5, seed=6)
    new_keys = np.concatenate([keys[10:200], keys[200:]])
    new_vectors = np.concatenate([vectors[10:], fresh])
    index, report = sync(engine, "model", new_keys, new_vectors)
    assert (report.added, report.deleted) == (5, 10)
    assert index.search(fresh[:1], 1)[0][0, 0] == 190
    assert old.search(vectors[:3], 1)[0][:, 0].tolist() == [0, 1, 2]  # pinned at its own table version
    _, again = sync(engine, "model", new_keys, new_vectors)
    assert (again.added, again.deleted, again.table_version) == (0, 0, report.table_version)
    assert sorted(stored_keys(s3_bucket)) == sorted(new_keys.tolist())


def test_a_large_table_gets_its_vector_index_in_the_bucket(s3_bucket: Bucket) -> None:
    engine = LanceEngine(
        s3_bucket.uri(), LanceSettings(ann_threshold=1_000, fold_rows=50), s3_bucket.storage_options
    )
    vectors, keys = unit_rows(1_100, seed=12), keys_of(1_110, seed=13)
    index, report = sync(engine, "model", keys[:1_100], vectors)
    assert report.indexed and report.optimised
    fresh = unit_rows(10, seed=15)
    grown, grew = sync(engine, "model", keys, np.concatenate([vectors, fresh]))
    assert grew.added == 10 and grew.indexed and not grew.optimised
    assert grown.search(fresh, 1)[0][:, 0].tolist() == list(range(1_100, 1_110))


def _write_version(uri: str, options: dict[str, str], keys: list[int], start: Any) -> None:
    engine = LanceEngine(uri, LanceSettings(ann_threshold=10**9), options)
    engine.connect().open_table("passages_model").count_rows()  # imports and connects before the start
    start.wait(120)  # a multiprocessing Barrier: both writers read the table at the same moment
    sync(engine, "model", np.array(keys, dtype=np.int64), unit_rows(len(keys), seed=21))


def test_two_processes_writing_the_same_version_at_once_leave_one_row_per_passage(
    s3_bucket: Bucket,
) -> None:
    """Both read the table before either commits (2,000 new rows take long enough to upload), so Lance
    takes both appends and each writer's read-back finds the other's copies and deletes the same ones."""
    keys = keys_of(2_000, seed=20)
    exact_engine(s3_bucket).index("model", keys[:50], unit_rows(2_000, seed=21)[:50], ["seed"] * 50)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    args = (s3_bucket.uri(), s3_bucket.storage_options, keys.tolist(), start)
    writers = [context.Process(target=_write_version, args=args) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(180)
        assert writer.exitcode == 0
    stored = stored_keys(s3_bucket)
    assert len(stored) == 2_000 and sorted(stored) == sorted(keys.tolist())
    _, report = sync(exact_engine(s3_bucket), "model", keys, unit_rows(2_000, seed=21))
    assert (report.added, report.deleted) == (0, 0)


def test_two_writers_that_read_the_table_before_either_wrote_leave_one_row_per_passage(
    s3_bucket: Bucket,
) -> None:
    """The race made certain: the second writer's read is held until the first has committed, so Lance
    merges both appends (it does not refuse the second) and the second's read-back must repair it."""
    import lancedb

    engine = exact_engine(s3_bucket)
    keys, vectors = keys_of(120, seed=30), unit_rows(120, seed=31)
    sync(engine, "model", keys[:100], vectors[:100])
    db = lancedb.connect(s3_bucket.uri(), storage_options=s3_bucket.storage_options)
    stale = db.open_table("passages_model")  # read before the other writer's commit, never refreshed
    _, first = sync(engine, "model", keys, vectors)
    assert first.added == 20
    import pyarrow as pa

    stale.add(  # what the second writer commits from its stale read: the same 20 passages again
        pa.table(
            {
                "key": pa.array(keys[100:], type=pa.int64()),
                "text": ["again"] * 20,
                "vector": pa.FixedSizeListArray.from_arrays(pa.array(vectors[100:].ravel()), 32),
                # Stamped as a write that starts after the first one, as the racing replica's would be.
                "batch": pa.array([(time.time_ns() // 1_000) << 11] * 20, type=pa.int64()),
            }
        )
    )
    assert len(stored_keys(s3_bucket)) == 140  # Lance took both appends
    index, second = sync(engine, "model", keys, vectors)
    assert (second.added, second.deleted) == (0, 0) and second.rounds >= 2
    assert sorted(stored_keys(s3_bucket)) == sorted(keys.tolist())
    texts = db.open_table("passages_model").search().select(["text"]).limit(None).to_arrow()["text"]
    assert "again" not in texts.to_pylist()  # the first writer's acknowledged rows are the ones kept
    assert index.search(vectors[100:103], 1)[0][:, 0].tolist() == [100, 101, 102]
