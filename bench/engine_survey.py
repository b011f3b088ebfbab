"""Engine survey: measure candidate search engines for the corpus on the same data, before choosing one.

Why: the corpus store and vector index are the project's own code today (scoring/corpus/, docs/scaling.md).
The plan is to move them onto an existing engine that writes incrementally, runs embedded (no server) by
default and has a distributed form of the same engine. This script is step 1 only: it loads the SAME
passages into each candidate and prints what choosing needs (docs/engine-survey.md has the figures):
insert throughput (batches of 1,000), time from one new write to it being searchable, dense top-50 p50/p95
and recall@50, lexical and hybrid p50, group-by-document p50, RSS, bytes on disk, reopen time in a fresh
process, durability after SIGKILL of a writer in the middle of a stream of writes, whether a second process
can open the store, and the licence.

Why one module of ~900 lines: it is a measurement script, not library code. Each candidate's adapter is a
small class beside the others so their differences (what each engine calls insert, BM25, grouping) read
side by side, and the timing, child-process and table code is shared by all of them; split over files, a
reader would have to open five to check that the candidates were measured the same way.

Data: bench/index_data.py's real_data() (20k real sentences embedded once with all-MiniLM-L6-v2, cached in
var/bench-cache/index) and synthesise() (spliced passages beyond them), 384-d unit float32 vectors; passage
i belongs to document i // 20 (bench.synthetic_corpus.SENTENCES_PER_DOCUMENT). The 200 queries are
held-out real sentences: their vectors for dense search and their text for lexical search.

Candidates: Milvus Lite (pymilvus + milvus-lite), Qdrant local mode (qdrant-client), LanceDB and
PostgreSQL 15 on 127.0.0.1:5432 (full text; pgvector is checked for). Each one runs in its own child
process, one after the other, so one candidate's memory does not count against the next; a candidate that
is not installed or fails is reported with the reason. The engine clients are not part of the service's
install: they live in a separate virtual environment (requirements/engines.txt).

Run (from the repository root, with ENGINE_VENV the separate virtual environment of requirements/engines.txt):
    $ENGINE_VENV/bin/python -m bench.engine_survey --passages 100000
    ... --engines lancedb qdrant-local --workdir var/engine-survey --json var/engine-survey.json
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from bench.index_data import random_unit, real_data, real_query_texts, synthesise
from bench.synthetic_corpus import SENTENCES_PER_DOCUMENT

DIMENSION = 384
BATCH = 1_000
QUERIES = 200
K = 50
# HNSW parameters where the engine takes them (the repo's own index uses M = 16, ef_construction = 64).
HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH = 16, 64, 128
FRESH_ID = 9_000_000  # the single write timed until searchable
SECOND_ID = 9_000_001  # written by the second process
KILL_BASE_ID = 9_100_000  # the writer that is SIGKILLed writes ids from here
FRESH_TOKEN = "zqxfreshmarker"
FRESH_TIMEOUT_S = 20.0
KILL_AFTER_S = 3.0
CHILD_TIMEOUT_S = 240
DEFAULT_WORKDIR = Path("var/engine-survey")  # stores written here are deleted and re-created
RESULT_PREFIX = "RESULT "
PG_DSN = "host=127.0.0.1 port=5432 user=postgres"
PG_DATABASE = "engine_survey"


@dataclass
class Rows:
    ids: list[int]
    doc_ids: list[int]
    texts: list[str]
    vectors: NDArray[np.float32]


class Store:
    """One candidate engine behind the few operations the survey times. Engines are imported lazily."""

    name: ClassVar[str]
    packages: ClassVar[tuple[str, ...]]  # PyPI distributions the candidate needs
    modules: ClassVar[tuple[str, ...]]  # modules that must import
    engine_licence: ClassVar[str]
    distributed: ClassVar[str]
    index_note: ClassVar[str]
    dense_kind: ClassVar[str] = ""  # "" when the engine has no dense search
    lexical_kind: ClassVar[str] = ""
    hybrid_kind: ClassVar[str] = ""
    group_kind: ClassVar[str] = ""

    def __init__(self, path: Path) -> None:
        self.path = path

    def open(self, create: bool) -> None:
        raise NotImplementedError

    def insert(self, rows: Rows) -> None:
        """Write rows; returns once the engine acknowledged them."""
        raise NotImplementedError

    def finalise(self) -> None:
        """Whatever the engine needs after a bulk load to serve at full speed (flush, index build)."""

    def dense(self, vector: NDArray[np.float32], k: int) -> list[int]:
        raise NotImplementedError

    def lexical(self, text: str, k: int) -> list[int]:
        raise NotImplementedError

    def hybrid(self, vector: NDArray[np.float32], text: str, k: int) -> list[int]:
        raise NotImplementedError

    def grouped(self, vector: NDArray[np.float32], text: str, k: int) -> list[int]:
        """Top k documents (one best passage each); returns document ids."""
        raise NotImplementedError

    def present(self, ids: list[int]) -> set[int]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def disk_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())

    def server_rss_bytes(self) -> int:
        """RSS outside this process that serving costs (a database backend); 0 for embedded engines."""
        return 0


class MilvusLiteStore(Store):
    """Milvus Lite through pymilvus's MilvusClient (the client Milvus Standalone/Distributed also take)."""

    name = "milvus-lite"
    packages = ("pymilvus", "milvus-lite")
    modules = ("pymilvus", "milvus_lite")
    engine_licence = "Apache-2.0 (Milvus Lite, pymilvus, Milvus server)"
    distributed = "Milvus Standalone / Distributed (same pymilvus MilvusClient, uri=http://host:19530)"
    index_note = f"HNSW M={HNSW_M} efC={HNSW_EF_CONSTRUCTION} ef={HNSW_EF_SEARCH} (FAISS); BM25 function"
    dense_kind = "HNSW (FAISS, per segment)"
    lexical_kind = "BM25 function + sparse inverted index"
    hybrid_kind = "hybrid_search, RRF"
    group_kind = "search(group_by_field=doc_id)"
    collection = "passages"

    def _uri(self) -> str:
        return str(self.path / "milvus.db")

    def open(self, create: bool) -> None:
        from pymilvus import DataType, Function, FunctionType, MilvusClient

        try:
            self.client = MilvusClient(self._uri())
        except Exception:
            from milvus_lite import MilvusLite

            MilvusLite(self._uri()).close()  # raises the engine's own reason (e.g. DataDirLockedError)
            raise
        if create:
            schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
            schema.add_field("id", DataType.INT64, is_primary=True)
            schema.add_field("doc_id", DataType.INT64)
            schema.add_field("text", DataType.VARCHAR, max_length=8192, enable_analyzer=True)
            schema.add_field("vector", DataType.FLOAT_VECTOR, dim=DIMENSION)
            schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
            schema.add_function(
                Function(
                    name="bm25",
                    function_type=FunctionType.BM25,
                    input_field_names=["text"],
                    output_field_names=["sparse"],
                )
            )
            index = self.client.prepare_index_params()
            index.add_index(
                field_name="vector",
                index_type="HNSW",
                metric_type="COSINE",
                params={"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION},
            )
            index.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
            self.client.create_collection(self.collection, schema=schema, index_params=index)
        self.client.load_collection(self.collection)

    def insert(self, rows: Rows) -> None:
        self.client.insert(
            self.collection,
            [
                {"id": i, "doc_id": d, "text": t, "vector": v}
                for i, d, t, v in zip(rows.ids, rows.doc_ids, rows.texts, rows.vectors.tolist(), strict=True)
            ],
        )

    def finalise(self) -> None:
        self.client.flush(self.collection)

    def _dense_request(self, vector: NDArray[np.float32], k: int) -> dict[str, Any]:
        return {
            "data": [vector.tolist()],
            "anns_field": "vector",
            "limit": k,
            "search_params": {"metric_type": "COSINE", "params": {"ef": HNSW_EF_SEARCH}},
        }

    def dense(self, vector: NDArray[np.float32], k: int) -> list[int]:
        hits = self.client.search(self.collection, **self._dense_request(vector, k))
        return [int(h["id"]) for h in hits[0]]

    def lexical(self, text: str, k: int) -> list[int]:
        hits = self.client.search(
            self.collection, data=[text], anns_field="sparse", limit=k, search_params={"metric_type": "BM25"}
        )
        return [int(h["id"]) for h in hits[0]]

    def hybrid(self, vector: NDArray[np.float32], text: str, k: int) -> list[int]:
        from pymilvus import AnnSearchRequest, RRFRanker

        requests = [
            AnnSearchRequest(
                data=[vector.tolist()],
                anns_field="vector",
                param={"metric_type": "COSINE", "params": {"ef": HNSW_EF_SEARCH}},
                limit=k,
            ),
            AnnSearchRequest(data=[text], anns_field="sparse", param={"metric_type": "BM25"}, limit=k),
        ]
        hits = self.client.hybrid_search(self.collection, requests, ranker=RRFRanker(60), limit=k)
        return [int(h["id"]) for h in hits[0]]

    def grouped(self, vector: NDArray[np.float32], text: str, k: int) -> list[int]:
        hits = self.client.search(
            self.collection,
            **self._dense_request(vector, k),
            output_fields=["doc_id"],
            group_by_field="doc_id",
            group_size=1,
        )
        return [int(h["entity"]["doc_id"]) for h in hits[0]]

    def present(self, ids: list[int]) -> set[int]:
        found: set[int] = set()
        for start in range(0, len(ids), 500):
            rows = self.client.get(self.collection, ids=ids[start : start + 500], output_fields=["id"])
            found.update(int(r["id"]) for r in rows)
        return found

    def close(self) -> None:
        from milvus_lite.server_manager import server_manager_instance

        self.client.close()
        # MilvusClient leaves the in-process server (and its data-dir lock) running until exit.
        server_manager_instance.release_server(self._uri())


class QdrantLocalStore(Store):
    """qdrant-client's local mode (QdrantClient(path=...)): the same client as Qdrant server and cluster."""

    name = "qdrant-local"
    packages = ("qdrant-client",)
    modules = ("qdrant_client",)
    engine_licence = "Apache-2.0 (qdrant-client, Qdrant server)"
    distributed = "Qdrant server / distributed cluster (same QdrantClient, url=http://host:6333)"
    index_note = "local mode: exact numpy search (no HNSW); text index with BM25 scoring"
    dense_kind = "exact (numpy) in local mode"
    lexical_kind = "TextQuery BM25 on a payload text index"
    hybrid_kind = "query_points prefetch + RRF fusion"
    group_kind = "query_points_groups(group_by=doc_id)"
    collection = "passages"

    def open(self, create: bool) -> None:
        from qdrant_client import QdrantClient, models

        self.models = models
        self.client = QdrantClient(path=str(self.path))
        if create:
            self.client.create_collection(
                self.collection,
                vectors_config=models.VectorParams(size=DIMENSION, distance=models.Distance.COSINE),
            )
            self.client.create_payload_index(
                self.collection,
                "text",
                field_schema=models.TextIndexParams(type=models.TextIndexType.TEXT, scoring=True),
            )
            self.client.create_payload_index(
                self.collection, "doc_id", field_schema=models.PayloadSchemaType.INTEGER
            )

    def insert(self, rows: Rows) -> None:
        self.client.upsert(
            self.collection,
            points=self.models.Batch(
                ids=rows.ids,
                vectors=rows.vectors.tolist(),
                payloads=[{"doc_id": d, "text": t} for d, t in zip(rows.doc_ids, rows.texts, strict=True)],
            ),
            wait=True,
        )

    def dense(self, vector: NDArray[np.float32], k: int) -> list[int]:
        points = self.client.query_points(self.collection, query=vector.tolist(), limit=k).points
        return [int(p.id) for p in points]

    def lexical(self, text: str, k: int) -> list[int]:
        query = self.models.TextQuery(text=text)
        points = self.client.query_points(self.collection, query=query, using="text", limit=k).points
        return [int(p.id) for p in points]

    def hybrid(self, vector: NDArray[np.float32], text: str, k: int) -> list[int]:
        m = self.models
        points = self.client.query_points(
            self.collection,
            prefetch=[
                m.Prefetch(query=vector.tolist(), limit=k),
                m.Prefetch(query=m.TextQuery(text=text), using="text", limit=k),
            ],
            query=m.FusionQuery(fusion=m.Fusion.RRF),
            limit=k,
        ).points
        return [int(p.id) for p in points]

    def grouped(self, vector: NDArray[np.float32], text: str, k: int) -> list[int]:
        groups = self.client.query_points_groups(
            self.collection, query=vector.tolist(), group_by="doc_id", limit=k, group_size=1
        ).groups
        return [int(g.id) for g in groups]

    def present(self, ids: list[int]) -> set[int]:
        points = self.client.retrieve(self.collection, ids=ids, with_payload=False, with_vectors=False)
        return {int(p.id) for p in points}

    def close(self) -> None:
        self.client.close()


class LanceDbStore(Store):
    """LanceDB OSS, embedded; its own native full-text index (not tantivy)."""

    name = "lancedb"
    packages = ("lancedb",)
    modules = ("lancedb", "pyarrow")
    engine_licence = "Apache-2.0 (lancedb, lance); LanceDB Cloud/Enterprise are proprietary services"
    distributed = "LanceDB Cloud / Enterprise (same lancedb client, uri=db://...), not open source"
    index_note = f"IVF_HNSW_SQ m={HNSW_M} efC={HNSW_EF_CONSTRUCTION} cosine; native FTS index"
    dense_kind = "IVF_HNSW_SQ (+ flat scan of unindexed rows)"
    lexical_kind = "native FTS index, BM25"
    hybrid_kind = "query_type=hybrid, RRF reranker"
    group_kind = ""  # no group-by / collapse in search
    table_name = "passages"

    def open(self, create: bool) -> None:
        import lancedb
        import pyarrow as pa

        self.pa = pa
        # Interval 0: every read checks for a newer version, so writes of other processes are seen.
        self.db = lancedb.connect(str(self.path), read_consistency_interval=timedelta(0))
        if create:
            schema = pa.schema(
                [
                    pa.field("id", pa.int64()),
                    pa.field("doc_id", pa.int64()),
                    pa.field("text", pa.string()),
                    pa.field("vector", pa.list_(pa.float32(), DIMENSION)),
                ]
            )
            self.table = self.db.create_table(self.table_name, schema=schema)
        else:
            self.table = self.db.open_table(self.table_name)

    def insert(self, rows: Rows) -> None:
        pa = self.pa
        vectors = pa.FixedSizeListArray.from_arrays(
            pa.array(rows.vectors.ravel(), type=pa.float32()), DIMENSION
        )
        self.table.add(
            pa.table(
                {
                    "id": pa.array(rows.ids, type=pa.int64()),
                    "doc_id": pa.array(rows.doc_ids, type=pa.int64()),
                    "text": pa.array(rows.texts, type=pa.string()),
                    "vector": vectors,
                }
            )
        )

    def finalise(self) -> None:
        # Compact the 1,000-row fragments the batches wrote and drop the superseded versions' files.
        self.table.optimize(cleanup_older_than=timedelta(0))
        self.table.create_index(
            metric="cosine",
            vector_column_name="vector",
            index_type="IVF_HNSW_SQ",
            m=HNSW_M,
            ef_construction=HNSW_EF_CONSTRUCTION,
        )
        self.table.create_fts_index("text", use_tantivy=False)

    def _ids(self, query: Any) -> list[int]:
        return [int(i) for i in query.to_arrow()["id"].to_pylist()]

    def dense(self, vector: NDArray[np.float32], k: int) -> list[int]:
        query = self.table.search(vector, vector_column_name="vector").distance_type("cosine")
        return self._ids(query.ef(HNSW_EF_SEARCH).limit(k).select(["id"]))

    def lexical(self, text: str, k: int) -> list[int]:
        return self._ids(
            self.table.search(text, query_type="fts", fts_columns="text").limit(k).select(["id"])
        )

    def hybrid(self, vector: NDArray[np.float32], text: str, k: int) -> list[int]:
        query = self.table.search(query_type="hybrid", vector_column_name="vector", fts_columns="text")
        return self._ids(query.vector(vector).text(text).distance_type("cosine").limit(k).select(["id"]))

    def present(self, ids: list[int]) -> set[int]:
        found: set[int] = set()
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            where = f"id IN ({','.join(str(i) for i in part)})"
            found.update(self._ids(self.table.search().where(where).select(["id"]).limit(len(part) + 1)))
        return found

    def close(self) -> None:
        del self.table, self.db  # LanceDB holds no lock or server: dropping the handles closes it


class PostgresStore(Store):
    """PostgreSQL 15 on 127.0.0.1:5432: a tsvector column with a GIN index; pgvector only if it can be created."""

    name = "postgres-fts"
    packages = ("psycopg", "psycopg-binary")
    modules = ("psycopg",)
    engine_licence = "PostgreSQL Licence (server); psycopg is LGPL-3.0"
    distributed = "streaming replicas for reads; sharding needs Citus (AGPL-3.0) or application sharding"
    index_note = "tsvector (english) GIN index, ts_rank_cd, OR of the query's lexemes"
    lexical_kind = "tsvector + GIN, ts_rank_cd (not BM25)"
    group_kind = "SQL DISTINCT ON doc_id (lexical)"
    pgvector = "not checked"

    def open(self, create: bool) -> None:
        import psycopg

        if create:
            with psycopg.connect(f"{PG_DSN} dbname=postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
                admin.execute(f"CREATE DATABASE {PG_DATABASE}")
        self.conn = psycopg.connect(f"{PG_DSN} dbname={PG_DATABASE}", autocommit=True)
        if create:
            try:
                self.conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
                PostgresStore.pgvector = "created (dense search not measured by this script)"
            except psycopg.Error as error:
                PostgresStore.pgvector = f"cannot be created: {str(error).splitlines()[0]}"
            self.conn.execute(
                "CREATE TABLE passages (id bigint PRIMARY KEY, doc_id bigint NOT NULL, text text NOT NULL,"
                " tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED)"
            )
            self.conn.execute("CREATE INDEX passages_tsv ON passages USING gin (tsv)")
            self.conn.execute("CREATE INDEX passages_doc ON passages (doc_id)")

    def insert(self, rows: Rows) -> None:
        with self.conn.transaction(), self.conn.cursor() as cursor:
            with cursor.copy("COPY passages (id, doc_id, text) FROM STDIN") as copy:
                for row in zip(rows.ids, rows.doc_ids, rows.texts, strict=True):
                    copy.write_row(row)

    def finalise(self) -> None:
        self.conn.execute("ANALYZE passages")

    # Sentences as queries: AND of all lexemes matches almost nothing, so the lexemes are OR'ed.
    _QUERY = "(SELECT replace(plainto_tsquery('english', %s)::text, ' & ', ' | ')::tsquery AS q) x"

    def lexical(self, text: str, k: int) -> list[int]:
        rows = self.conn.execute(
            f"SELECT id FROM passages, {self._QUERY} WHERE tsv @@ q ORDER BY ts_rank_cd(tsv, q) DESC LIMIT %s",
            (text, k),
        ).fetchall()
        return [int(r[0]) for r in rows]

    def grouped(self, vector: NDArray[np.float32], text: str, k: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT doc_id FROM (SELECT DISTINCT ON (doc_id) doc_id, r FROM (SELECT doc_id,"
            f" ts_rank_cd(tsv, q) r FROM passages, {self._QUERY} WHERE tsv @@ q) s"
            " ORDER BY doc_id, r DESC) t ORDER BY r DESC LIMIT %s",
            (text, k),
        ).fetchall()
        return [int(r[0]) for r in rows]

    def present(self, ids: list[int]) -> set[int]:
        rows = self.conn.execute("SELECT id FROM passages WHERE id = ANY(%s)", (ids,)).fetchall()
        return {int(r[0]) for r in rows}

    def close(self) -> None:
        self.conn.close()

    def disk_bytes(self) -> int:
        return int(self.conn.execute("SELECT pg_total_relation_size('passages')").fetchone()[0])  # type: ignore[index]

    def server_rss_bytes(self) -> int:
        import psutil

        pid = int(self.conn.execute("SELECT pg_backend_pid()").fetchone()[0])  # type: ignore[index]
        return int(psutil.Process(pid).memory_info().rss)


CANDIDATES: dict[str, type[Store]] = {
    c.name: c for c in (MilvusLiteStore, QdrantLocalStore, LanceDbStore, PostgresStore)
}


def rss_bytes() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)


def package_versions(store: type[Store]) -> dict[str, str]:
    out = {}
    for package in store.packages:
        try:
            meta = importlib.metadata.metadata(package)
        except importlib.metadata.PackageNotFoundError:
            out[package] = "not installed"
            continue
        licence = next((str(meta[f]) for f in ("License-Expression", "License") if f in meta and meta[f]), "")
        if not licence or len(licence) > 40:
            classifiers = [
                c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if "License" in c
            ]
            licence = ", ".join(classifiers) or "unstated"
        out[package] = f"{meta['Version']} ({licence})"
    return out


def missing_modules(store: type[Store]) -> list[str]:
    return [m for m in store.modules if importlib.util.find_spec(m) is None]


def survey_data(n: int) -> tuple[list[str], NDArray[np.float32], NDArray[np.float32], list[str]]:
    """(passage texts, passage vectors, query vectors, query texts), the same for every candidate."""
    texts, vectors, query_vectors = real_data()
    passage_texts, passage_vectors = synthesise(n, texts, vectors, with_texts=True)
    return passage_texts, passage_vectors, query_vectors[:QUERIES], real_query_texts()[:QUERIES]


def rows_of(start: int, stop: int, texts: list[str], vectors: NDArray[np.float32]) -> Rows:
    ids = list(range(start, stop))
    return Rows(ids, [i // SENTENCES_PER_DOCUMENT for i in ids], texts[start:stop], vectors[start:stop])


def extra_row(row_id: int, token: str, seed: int) -> Rows:
    """One passage away from the corpus: a random unit vector and a word no other passage holds."""
    text = f"Survey marker passage {token} written while the store is serving."
    return Rows([row_id], [row_id // SENTENCES_PER_DOCUMENT], [text], random_unit(1, DIMENSION, seed))


def exact_top(vectors: NDArray[np.float32], queries: NDArray[np.float32], k: int) -> NDArray[np.int64]:
    """Exact top-k by inner product (bench.index_data.exact_top needs the scoring package's dependencies)."""
    scores = queries @ vectors.T
    top = np.argpartition(-scores, k, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1)
    return np.take_along_axis(top, order, axis=1).astype(np.int64)


def latencies(call: Callable[[int], Any], count: int, budget_s: float) -> dict[str, float]:
    """p50/p95 ms of call(i) for i < count after 5 warm-up calls, stopping early once budget_s is spent."""
    for i in range(min(5, count)):
        call(i)
    times: list[float] = []
    started = time.perf_counter()
    for i in range(count):
        t = time.perf_counter_ns()
        call(i)
        times.append((time.perf_counter_ns() - t) / 1e6)
        if time.perf_counter() - started > budget_s and len(times) >= 20:
            break
    return {"p50": float(np.percentile(times, 50)), "p95": float(np.percentile(times, 95)), "n": len(times)}


def searchable_after(store: Store, row: Rows, check: Callable[[], bool]) -> dict[str, Any]:
    """ms from starting one write until check() sees it, ms until the write was acknowledged, and how many
    searches it took (1: the first search after the acknowledgement already saw it)."""
    started = time.perf_counter()
    store.insert(row)
    acked = (time.perf_counter() - started) * 1e3
    searches = 0
    while time.perf_counter() - started < FRESH_TIMEOUT_S:
        searches += 1
        if check():
            return {
                "ack_ms": acked,
                "visible_ms": (time.perf_counter() - started) * 1e3,
                "searches": searches,
            }
        time.sleep(0.002)
    return {"ack_ms": acked, "visible_ms": None, "searches": searches}


def run_child(engine: str, role: str, store_dir: Path, timeout: float = CHILD_TIMEOUT_S) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.engine_survey", "--role", role, "--engines", engine]
    command += ["--store", str(store_dir)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f}s"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return dict(json.loads(line[len(RESULT_PREFIX) :]))
    return {"error": f"exit {done.returncode}: {(done.stderr.strip().splitlines() or [''])[-1][:300]}"}


def kill_writer(engine: str, store_dir: Path) -> tuple[list[int], str]:
    """Start a writer of single rows, SIGKILL it KILL_AFTER_S after its first acknowledged write."""
    command = [sys.executable, "-m", "bench.engine_survey", "--role", "writer", "--engines", engine]
    process = subprocess.Popen(
        [*command, "--store", str(store_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    acked: list[int] = []
    first: float | None = None
    deadline = time.perf_counter() + CHILD_TIMEOUT_S
    for line in process.stdout:  # a row id is printed only after its write returned
        if line.startswith("ack "):
            acked.append(int(line.split()[1]))
            first = first or time.perf_counter()
        if (
            first is not None and time.perf_counter() - first >= KILL_AFTER_S
        ) or time.perf_counter() > deadline:
            os.kill(process.pid, signal.SIGKILL)
            break
    acked += [int(x.split()[1]) for x in process.stdout.read().splitlines() if x.startswith("ack ")]
    process.wait()
    stderr = process.stderr.read() if process.stderr else ""
    note = "" if first is not None else f"writer made no write: {stderr.strip()[-300:]}"
    return acked, note


def survey(
    store_cls: type[Store], n: int, store_dir: Path, load_budget_s: float, query_budget_s: float
) -> dict[str, Any]:
    """Every measurement for one candidate; runs in its own process."""
    out: dict[str, Any] = {"engine": store_cls.name, "status": "ok", "notes": []}
    texts, vectors, query_vectors, query_texts = survey_data(n)
    shutil.rmtree(store_dir, ignore_errors=True)
    store_dir.mkdir(parents=True)
    out["rss_before_open_mb"] = rss_bytes() / 2**20
    store = store_cls(store_dir)
    store.open(create=True)

    started, loaded = time.perf_counter(), 0
    for start in range(0, n, BATCH):
        store.insert(rows_of(start, min(n, start + BATCH), texts, vectors))
        loaded = min(n, start + BATCH)
        if time.perf_counter() - started > load_budget_s and loaded < n:
            out["notes"].append(f"load stopped at the {load_budget_s:.0f}s budget: {loaded} of {n} passages")
            break
    out["loaded"] = loaded
    out["insert_s"] = time.perf_counter() - started
    out["insert_rows_per_s"] = loaded / out["insert_s"]
    started = time.perf_counter()
    store.finalise()
    out["finalise_s"] = time.perf_counter() - started
    out["rss_after_load_mb"] = rss_bytes() / 2**20
    out["server_rss_mb"] = store.server_rss_bytes() / 2**20
    out["disk_mb"] = store.disk_bytes() / 2**20

    qv = [np.ascontiguousarray(q) for q in query_vectors]
    if store_cls.dense_kind:
        truth = exact_top(vectors[:loaded], query_vectors, K)
        got = [store.dense(q, K) for q in qv]
        out["recall_at_50"] = float(
            np.mean([len(set(g) & set(t.tolist())) / K for g, t in zip(got, truth, strict=True)])
        )
        out["dense"] = latencies(lambda i: store.dense(qv[i], K), QUERIES, query_budget_s)
    if store_cls.lexical_kind:
        out["lexical"] = latencies(lambda i: store.lexical(query_texts[i], K), QUERIES, query_budget_s)
    if store_cls.hybrid_kind:
        out["hybrid"] = latencies(lambda i: store.hybrid(qv[i], query_texts[i], K), QUERIES, query_budget_s)
    if store_cls.group_kind:
        docs = store.grouped(qv[0], query_texts[0], K)
        out["group_distinct"] = f"{len(set(docs))} distinct of {len(docs)}"
        out["grouped"] = latencies(lambda i: store.grouped(qv[i], query_texts[i], K), QUERIES, query_budget_s)
    out["rss_after_queries_mb"] = rss_bytes() / 2**20

    fresh = extra_row(FRESH_ID, FRESH_TOKEN, seed=1)
    if store_cls.dense_kind:
        out["fresh_dense"] = searchable_after(
            store, fresh, lambda: FRESH_ID in store.dense(fresh.vectors[0], 10)
        )
        second = extra_row(FRESH_ID + 2, FRESH_TOKEN + "two", seed=2)
        if store_cls.lexical_kind:
            out["fresh_lexical"] = searchable_after(
                store, second, lambda: FRESH_ID + 2 in store.lexical(FRESH_TOKEN + "two", 10)
            )
    elif store_cls.lexical_kind:
        out["fresh_lexical"] = searchable_after(
            store, fresh, lambda: FRESH_ID in store.lexical(FRESH_TOKEN, 10)
        )

    second_process = run_child(store_cls.name, "second", store_dir)
    if second_process.get("write") == "ok":
        second_process["first_process_sees_write"] = SECOND_ID in store.present([SECOND_ID])
    out["second_process"] = second_process
    store.close()

    out["reopen"] = run_child(store_cls.name, "reopen", store_dir)

    acked, note = kill_writer(store_cls.name, store_dir)
    kill: dict[str, Any] = {"acked": len(acked)}
    if note:
        kill["note"] = note
    started = time.perf_counter()
    try:
        store = store_cls(store_dir)
        store.open(create=False)
        kill["open_s"] = time.perf_counter() - started
        kill["lost"] = len(set(acked) - store.present(acked)) if acked else 0
        sample = list(range(0, loaded, max(1, loaded // 1000)))
        kill["earlier_rows_lost"] = len(set(sample) - store.present(sample))
        out["disk_end_mb"] = store.disk_bytes() / 2**20
        store.close()
    except Exception as error:  # noqa: BLE001 - reported, not hidden
        kill["open_error"] = f"{type(error).__name__}: {error}"[:300]
    out["kill9"] = kill
    if store_cls is PostgresStore:
        out["notes"].append(f"pgvector: {PostgresStore.pgvector}")
        store = store_cls(store_dir)
        store.open(create=False)
        settings = ("synchronous_commit", "fsync", "shared_buffers")
        values = [f"{s}={store.conn.execute(f'SHOW {s}').fetchone()[0]}" for s in settings]  # type: ignore[attr-defined,index]
        out["notes"].append("server settings: " + ", ".join(values))
        store.close()
    return out


def child_role(role: str, store_cls: type[Store], store_dir: Path) -> dict[str, Any]:
    """The store from another process: a second opener, a restart, or the writer that gets SIGKILLed."""
    store = store_cls(store_dir)
    if role == "reopen":
        started = time.perf_counter()
        for module in store_cls.modules:
            __import__(module)
        imported = time.perf_counter()
        store.open(create=False)
        opened = time.perf_counter()
        query = random_unit(1, DIMENSION, 3)[0]
        store.dense(query, K) if store_cls.dense_kind else store.lexical("climate change", K)
        answered = time.perf_counter()
        timings: dict[str, Any] = {
            "import_s": imported - started,
            "open_s": opened - imported,
            "first_query_s": answered - opened,
            "rss_mb": rss_bytes() / 2**20,
        }
        store.close()
        return timings
    if role == "second":
        out: dict[str, Any] = {}
        try:
            store.open(create=False)
            out["open"] = "ok"
        except Exception as error:  # noqa: BLE001 - the refusal is the finding
            return {"open": f"refused: {type(error).__name__}: {str(error)[:200]}"}
        try:
            out["read"] = f"ok ({len(store.present(list(range(100))))} of 100 rows)"
            store.insert(extra_row(SECOND_ID, "zqxsecondwriter", seed=4))
            out["write"] = "ok"
        except Exception as error:  # noqa: BLE001
            out.setdefault("read", "failed")
            out["write"] = f"failed: {type(error).__name__}: {str(error)[:200]}"
        store.close()
        return out
    if role == "writer":
        store.open(create=False)
        started = time.perf_counter()
        for i in range(100_000):  # bounded: the parent kills it after KILL_AFTER_S
            store.insert(extra_row(KILL_BASE_ID + i, f"zqxkill{i}", seed=10 + i))
            print(f"ack {KILL_BASE_ID + i}", flush=True)
            if time.perf_counter() - started > CHILD_TIMEOUT_S:
                break
        store.close()
        return {}
    raise ValueError(role)


def ms(stats: dict[str, float] | None, key: str = "p50") -> str:
    return "n/a" if not stats else f"{stats[key]:.1f}"


def fresh_cell(result: dict[str, Any]) -> str:
    parts = []
    for kind in ("fresh_dense", "fresh_lexical"):
        if kind in result:
            visible, searches = result[kind]["visible_ms"], result[kind].get("searches", "?")
            shown = (
                f"{visible:.0f} ({searches} search)" if visible is not None else f">{FRESH_TIMEOUT_S:.0f}s"
            )
            parts.append(f"{kind[6:]} {shown}")
    return ", ".join(parts) or "n/a"


def kill_cell(result: dict[str, Any]) -> str:
    kill = result.get("kill9", {})
    if "open_error" in kill:
        return f"did not open: {kill['open_error'][:80]}"
    if "lost" not in kill:
        return "n/a"
    return f"opened {kill['open_s']:.1f}s, lost {kill['lost']}/{kill['acked']} acked"


def second_cell(result: dict[str, Any]) -> str:
    second = result.get("second_process", {})
    if "error" in second:
        return str(second["error"])[:60]
    if second.get("open") != "ok":
        return "no: " + str(second.get("open", "?"))[:70]
    write = str(second.get("write", "?"))
    seen = second.get("first_process_sees_write")
    return f"yes, write {write[:40]}" + ("" if seen is None else f", seen by 1st: {'yes' if seen else 'no'}")


def print_table(results: list[dict[str, Any]], n: int) -> None:
    print(f"\n## Engine survey, {n} passages, 384-d, top-{K}, {QUERIES} queries, {os.cpu_count()} CPUs\n")
    print(
        "| engine | loaded | insert rows/s | finalise s | write→searchable ms | dense p50/p95 ms | recall@50 "
        "| lexical p50 ms | hybrid p50 ms | group-by p50 ms | RSS MB (load / fresh reader) | disk MB (load / end) "
        "| reopen s (open + 1st query) | kill -9 of writer | 2nd process |"
    )
    print("|" + "---|" * 15)
    for r in results:
        if r.get("status") != "ok":
            print(f"| {r['engine']} | {r['status']} |" + " |" * 13)
            continue
        reopen = r.get("reopen", {})
        reopen_cell = (
            f"{reopen['open_s']:.2f} + {reopen['first_query_s']:.2f}"
            if "open_s" in reopen
            else reopen.get("error")
        )
        rss = f"{r['rss_after_load_mb'] - r['rss_before_open_mb']:.0f}"
        if r.get("server_rss_mb"):
            rss += f" + backend {r['server_rss_mb']:.0f}"
        if "rss_mb" in reopen:
            rss += f" / {reopen['rss_mb']:.0f}"
        dense = f"{ms(r.get('dense'))} / {ms(r.get('dense'), 'p95')}" if "dense" in r else "no dense"
        recall = f"{r['recall_at_50']:.3f}" if "recall_at_50" in r else "n/a"
        hybrid = ms(r.get("hybrid")) if "hybrid" in r else "no"
        grouped = ms(r.get("grouped")) if "grouped" in r else "no"
        print(
            f"| {r['engine']} | {r['loaded']} | {r['insert_rows_per_s']:.0f} | {r['finalise_s']:.1f} "
            f"| {fresh_cell(r)} | {dense} | {recall} | {ms(r.get('lexical'))} | {hybrid} | {grouped} | {rss} "
            f"| {r['disk_mb']:.0f} / {r.get('disk_end_mb', float('nan')):.0f} | {reopen_cell} | {kill_cell(r)} "
            f"| {second_cell(r)} |"
        )
    print(
        "\nRSS: the surveying process's growth from opening the store to the end of the load (its own copy of"
    )
    print("the data excluded), and a fresh reader process after open + one query. Query counts below a cap:")
    for r in results:
        counts = {k: r[k]["n"] for k in ("dense", "lexical", "hybrid", "grouped") if k in r}
        print(f"- {r['engine']}: {r.get('status')}; queries timed {counts}; notes: {r.get('notes')}")
        if "group_distinct" in r:
            print(f"    group-by, first query: {r['group_distinct']} documents")
        for key in ("versions", "engine_licence", "distributed", "index_note"):
            if key in r:
                print(f"    {key}: {r[key]}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--engines", nargs="+", default=list(CANDIDATES), choices=list(CANDIDATES))
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="scratch stores go here (each is deleted and re-created)",
    )
    parser.add_argument(
        "--load-budget-s", type=float, default=600.0, help="stop loading a candidate after this"
    )
    parser.add_argument("--query-budget-s", type=float, default=60.0, help="per query kind and candidate")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--role", help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.role:  # a child process: one candidate, one role
        store_cls = CANDIDATES[args.engines[0]]
        if args.role == "survey":
            answer = survey(store_cls, args.passages, args.store, args.load_budget_s, args.query_budget_s)
        else:
            answer = child_role(args.role, store_cls, args.store)
        print(RESULT_PREFIX + json.dumps(answer), flush=True)
        return

    args.workdir.mkdir(parents=True, exist_ok=True)
    survey_data(args.passages)  # embeds and caches the real sentences once, before any candidate runs
    results = []
    for name in args.engines:
        store_cls = CANDIDATES[name]
        meta = {
            "versions": package_versions(store_cls),
            "engine_licence": store_cls.engine_licence,
            "distributed": store_cls.distributed,
            "index_note": store_cls.index_note,
        }
        missing = missing_modules(store_cls)
        if missing:
            results.append({"engine": name, "status": f"not installed: {', '.join(missing)}", **meta})
            continue
        print(f"surveying {name} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        command = [sys.executable, "-m", "bench.engine_survey", "--role", "survey", "--engines", name]
        command += ["--passages", str(args.passages), "--store", str(args.workdir / name)]
        command += ["--load-budget-s", str(args.load_budget_s), "--query-budget-s", str(args.query_budget_s)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        result: dict[str, Any] = {"engine": name, "status": f"failed (exit {done.returncode})"}
        for line in reversed(done.stdout.splitlines()):
            if line.startswith(RESULT_PREFIX):
                result = json.loads(line[len(RESULT_PREFIX) :])
                break
        else:
            result["error"] = done.stderr.strip()[-2000:]
            print(result["error"], file=sys.stderr)
        result.update(meta, wall_s=time.perf_counter() - started)
        print(f"  {name}: {result['status']} in {result['wall_s']:.0f}s", file=sys.stderr, flush=True)
        results.append(result)
        (args.workdir / "results.json").write_text(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    print_table(results, args.passages)


if __name__ == "__main__":
    main()
