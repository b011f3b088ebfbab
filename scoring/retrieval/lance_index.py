"""Dense search on LanceDB, the embedded engine chosen by measuring (docs/engine-survey.md).

Why: the in-house indexes are built whole for every corpus version (an HNSW build takes 15 s at 100k
passages and minutes at 1M on two cores), so a wire feed would keep the service rebuilding. Here every
passage is a row of one table per embedding model, keyed by the passage (document content, passage rules,
place in the document) rather than by its position in a version, and a new version writes only the rows
it does not share with the table: a write of a few documents adds a few rows and deletes the few it
replaces. LanceDB searches rows written after its vector index flat until `optimize` folds them in, so a
new row is searchable at once.

Each version pins the table version its sync produced (LanceDB keeps old table versions readable), so a
replica still serving an older corpus keeps reading exactly that corpus's rows while a newer one is
written beside it. The tables live in a local directory or on object storage (s3://, gs://, az://: the
same client, no server, so replicas on several nodes share one table). Lance commits each write
atomically (a rename locally, a conditional put on object storage), but it merges concurrent appends
rather than refusing one, so two writers that read the table at once would both add the same passages.
So a sync is a loop: read the table at its latest version, write the difference, read again, and pin the
first version whose rows are exactly the passages, one row per key; a commit conflict (two writers
deleting or indexing the same fragments) is retried from a fresh read. Duplicate rows a race left are
told apart by the `batch` each write stamps on its rows and all but the lowest batch are deleted, the same
choice on every writer; a stamp leads with the write's time, so the row the first writer already
acknowledged is usually the one kept and a replica that raced it only removes its own copy. In a local
directory writers also take a lock file, so they do not race at all.
The cosines the index reports are recomputed from the version's own vectors, which the corpus
holds anyway, so an approximate engine index can only change which rows come back, never their scores.
The same rows carry their text in a full-text index, which `LanceLexical` reads as BM25.

One module past 300 lines because the writer (LanceEngine) and its two readers (dense LanceIndex and
LanceLexical) share one table layout and one key-to-row mapping; apart, each would have to restate them.
"""

from __future__ import annotations

import fcntl
import random
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from scoring.errors import CorpusUnavailable
from scoring.retrieval.index_files import IndexKind, MatrixRows, check_rows

# Deletes and lookups name keys in an SQL `IN (...)` list; bounded so one statement stays small.
KEY_CHUNK = 2_000
LOCK_NAME = ".lock"
# Reads and writes one sync may take before it gives up on a table other writers keep changing.
SYNC_ROUNDS = 12
# URI schemes LanceDB opens on object storage; anything else is a directory on this machine.
OBJECT_STORE_SCHEMES = ("s3", "s3+ddb", "gs", "az")
# The graph parameters of the in-house HNSW index (scoring/retrieval/hnsw_index.py), measured in the survey.
HNSW_M, HNSW_EF_CONSTRUCTION = 16, 64


@dataclass(frozen=True, slots=True)
class LanceSettings:
    """How the engine indexes and searches; the service passes them in from its settings.

    ann_threshold: rows from which the table gets an approximate vector index (IVF-HNSW, int8 scalar
    quantised); below it every search is exact, as the in-house index is. fold_rows: rows written after
    the index that `optimize` then folds into it (and compacts the small fragments single writes leave);
    until then they are searched flat. keep_versions_s: how long superseded table versions stay readable,
    for replicas still serving an older corpus version. nprobes / ef: how widely an approximate search
    looks (partitions, HNSW candidates).
    """

    ann_threshold: int = 20_000
    fold_rows: int = 2_000
    keep_versions_s: float = 3_600.0
    nprobes: int = 32
    ef: int = 256


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What bringing the table to one corpus version wrote: for tests, logs and benchmarks."""

    table_version: int
    added: int
    deleted: int
    indexed: bool  # the table has an approximate vector index
    optimised: bool  # this sync built the vector index or folded new rows into the indexes
    rounds: int = 1  # reads of the table it took: more than 2 when another writer changed it meanwhile


class EngineBusyError(RuntimeError):
    """Other writers kept changing the table for every round of a sync; the caller retries later."""


def is_object_store(location: str | Path) -> bool:
    """An engine location on object storage (s3://, gs://, az://) rather than a local directory."""
    scheme, separator, _ = str(location).partition("://")
    return bool(separator) and scheme.lower() in OBJECT_STORE_SCHEMES


class LanceEngine:
    """The table store at one location; `index` brings a table to a version's passages and serves it.

    location: a local directory, or an object-store URI (s3://bucket/prefix, gs://…, az://…).
    storage_options: what LanceDB's object store reads besides its own environment variables (endpoint,
    region, allow_http…); credentials are best left to the standard variables (AWS_ACCESS_KEY_ID…), which
    it reads itself.
    """

    def __init__(
        self,
        location: Path | str,
        settings: LanceSettings | None = None,
        storage_options: Mapping[str, str] | None = None,
    ) -> None:
        self._remote = is_object_store(location)
        self._location = str(location).rstrip("/") if self._remote else Path(location)
        self._settings = settings or LanceSettings()
        self._storage_options = dict(storage_options or {})

    @property
    def uri(self) -> str:
        """Where the tables are, as LanceDB is given it (a directory or an object-store URI)."""
        return str(self._location)

    @property
    def on_object_store(self) -> bool:
        return self._remote

    def index(
        self, table: str, keys: NDArray[np.int64], vectors: NDArray[np.float32], texts: Sequence[str]
    ) -> tuple[LanceIndex, SyncReport]:
        """The index over exactly `keys` (one row per passage of a corpus version, in the version's order)
        with their L2-normalised `vectors` and `texts`, writing only the rows the table lacks or no longer
        needs. `LanceIndex.lexical` reads the same rows through the engine's full-text index."""
        if vectors.ndim != 2 or keys.shape != (vectors.shape[0],) or len(texts) != len(keys):
            raise ValueError("one key and one text per vector are needed")
        if len(np.unique(keys)) != len(keys):
            raise ValueError("passage keys must be unique")
        name = _table_name(table)
        db = self.connect()
        with self._writers():
            report = self._sync(db, name, keys, vectors, texts)
        reader = db.open_table(name)
        reader.checkout(report.table_version)
        return LanceIndex(reader, keys, vectors, self._settings, report.indexed), report

    def connect(self) -> Any:
        """A LanceDB connection that sees other writers' commits on every read."""
        import lancedb

        if isinstance(self._location, Path):
            self._location.mkdir(parents=True, exist_ok=True)
        return lancedb.connect(
            str(self._location),
            read_consistency_interval=timedelta(0),
            storage_options=self._storage_options or None,
        )

    def _sync(
        self,
        db: Any,
        name: str,
        keys: NDArray[np.int64],
        vectors: NDArray[np.float32],
        texts: Sequence[str],
    ) -> SyncReport:
        """Write the difference and read again until a version holds exactly `keys`, once each."""
        added = deleted = 0
        changed = optimised = False
        for round_ in range(1, SYNC_ROUNDS + 1):
            try:
                table = self._open(db, name, vectors.shape[1])
                version = int(table.version)
                stored, batches = _stored_rows(db, name, version)
                plan = _Plan.of(stored, batches, keys)
                if plan.empty:
                    wrote, folded, indexed = self._maintain(table, len(keys), changed)
                    optimised = optimised or folded
                    if not wrote:
                        return SyncReport(version, added, deleted, indexed, optimised, round_)
                    continue  # pin the version the maintenance wrote, once it is read back
                deleted += plan.apply(table, keys, vectors, texts)
                added += int(plan.missing.sum())
                changed = True
            except Exception as exc:
                if not _commit_conflict(exc):
                    raise
            # Another writer may have committed in between: read again after a short, random pause.
            if round_ > 1:
                time.sleep(random.uniform(0, min(2.0, 0.05 * 2**round_)))
        raise EngineBusyError(f"{name}: other writers changed the table in each of {SYNC_ROUNDS} rounds")

    @staticmethod
    def _open(db: Any, name: str, dimension: int) -> Any:
        import pyarrow as pa

        try:
            table = db.open_table(name)
        except ValueError:  # not created yet
            table = None
        if table is not None and "text" not in table.schema.names:
            db.drop_table(name)  # written before passages kept their text: rebuilt once, from the corpus
            table = None
        if table is None:
            schema = pa.schema(
                [
                    pa.field("key", pa.int64()),
                    pa.field("text", pa.string()),
                    pa.field("vector", pa.list_(pa.float32(), dimension)),
                    pa.field("batch", pa.int64()),
                ]
            )
            return db.create_table(name, schema=schema, exist_ok=True)
        if "batch" not in table.schema.names:
            # Written before writes were stamped: the rows there are one batch, kept, not rewritten.
            table.add_columns({"batch": "CAST(0 AS BIGINT)"})
        return table

    def _maintain(self, table: Any, rows: int, changed: bool) -> tuple[bool, bool, bool]:
        """Create the full-text index at once and the vector index once the table is large enough; fold the
        rows written since into both when enough have gathered. Says whether it wrote a table version,
        whether that built or folded the vector index, and whether the table has one."""
        from lancedb.index import FTS, IvfHnswSq

        settings = self._settings
        indices = {index.index_type: index.name for index in table.list_indices()}
        vector_index = next((name for kind, name in indices.items() if kind != "FTS"), None)
        if "FTS" not in indices:
            # English stop words out and Snowball stems, as the in-house BM25 (bm25.py) tokenises.
            table.create_index("text", config=FTS(stem=True, remove_stop_words=True, language="English"))
            return True, False, vector_index is not None
        if vector_index is None and rows >= settings.ann_threshold:
            config = IvfHnswSq(
                distance_type="cosine",
                num_partitions=max(1, int(np.sqrt(rows)) // 4),
                m=HNSW_M,
                ef_construction=HNSW_EF_CONSTRUCTION,
            )
            table.create_index("vector", config=config)
            return True, True, True
        if not changed:
            return False, False, vector_index is not None
        unindexed = max(table.index_stats(name).num_unindexed_rows for name in indices.values())
        if unindexed >= settings.fold_rows:
            table.optimize(cleanup_older_than=timedelta(seconds=settings.keep_versions_s))
            return True, True, vector_index is not None
        return False, False, vector_index is not None

    def _writers(self) -> Any:
        """A lock file serialises writers on a local directory; object storage has no such lock, and the
        sync's read-write-read loop alone keeps the table whole there."""
        return nullcontext() if self._remote else _locked(Path(self._location) / LOCK_NAME)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _stored_rows(db: Any, name: str, version: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Each row's key and batch in the table as it was at `version`."""
    view = db.open_table(name)
    view.checkout(version)
    rows = view.search().select(["key", "batch"]).limit(None).to_arrow()
    keys = np.asarray(rows["key"].to_numpy(), dtype=np.int64)
    batches = np.asarray(rows["batch"].fill_null(0).to_numpy(), dtype=np.int64)
    return keys, batches


def _commit_conflict(exc: Exception) -> bool:
    """Lance's refusal of a commit that raced another one on the same fragments or index ("Retryable commit
    conflict for version N", "Commit conflict …"): the sync reads the table again and retries."""
    return "commit conflict" in str(exc).lower()


@dataclass(frozen=True, slots=True)
class _Plan:
    """What one round writes: stale keys out, duplicate rows out (all but the lowest batch), missing in."""

    stale: NDArray[np.int64]
    duplicate_keys: NDArray[np.int64]
    duplicate_batches: NDArray[np.int64]
    missing: NDArray[np.bool_]

    @classmethod
    def of(cls, stored: NDArray[np.int64], batches: NDArray[np.int64], keys: NDArray[np.int64]) -> _Plan:
        order = np.lexsort((batches, stored))
        stored, batches = stored[order], batches[order]
        first = np.ones(len(stored), dtype=bool)
        first[1:] = stored[1:] != stored[:-1]
        unique = stored[first]
        return cls(
            stale=np.setdiff1d(unique, keys, assume_unique=True),
            duplicate_keys=stored[~first],
            duplicate_batches=batches[~first],
            missing=~np.isin(keys, unique, assume_unique=True),
        )

    @property
    def empty(self) -> bool:
        return not (len(self.stale) or len(self.duplicate_keys) or self.missing.any())

    def apply(
        self, table: Any, keys: NDArray[np.int64], vectors: NDArray[np.float32], texts: Sequence[str]
    ) -> int:
        """Delete, then add; returns the stale passages deleted (duplicates are not passages)."""
        import pyarrow as pa

        for start in range(0, len(self.stale), KEY_CHUNK):
            table.delete(f"key IN ({_listed(self.stale[start : start + KEY_CHUNK])})")
        for batch in np.unique(self.duplicate_batches):
            doubled = self.duplicate_keys[self.duplicate_batches == batch]
            for start in range(0, len(doubled), KEY_CHUNK):
                table.delete(
                    f"batch = {int(batch)} AND key IN ({_listed(doubled[start : start + KEY_CHUNK])})"
                )
        if self.missing.any():
            rows = np.ascontiguousarray(vectors[self.missing], dtype=np.float32)
            table.add(
                pa.table(
                    {
                        "key": pa.array(keys[self.missing], type=pa.int64()),
                        "text": pa.array(
                            [texts[int(row)] for row in np.flatnonzero(self.missing)], type=pa.string()
                        ),
                        "vector": pa.FixedSizeListArray.from_arrays(pa.array(rows.ravel()), rows.shape[1]),
                        "batch": pa.array([_batch_stamp()] * len(rows), type=pa.int64()),
                    }
                )
            )
        return len(self.stale)


def _batch_stamp() -> int:
    """A write's own stamp: its time in microseconds, then 11 random bits so two writers in the same
    microsecond still differ; positive and never 0 (rows from before stamping), below 2**62 until 2041."""
    return (time.time_ns() // 1_000) << 11 | random.getrandbits(11)


def _listed(keys: NDArray[np.int64]) -> str:
    return ",".join(str(int(k)) for k in keys)


class LanceIndex(MatrixRows):
    """One corpus version's passages in a LanceDB table pinned at that version; rows are the version's order.

    `search` is read-only and thread-safe (LanceDB's reads are); `add` and `save` are refused, because a
    version's rows are written by `LanceEngine.index`, not appended to a served index.
    """

    __slots__ = ("_table", "_keys", "_order", "_original_keys", "_settings", "_approximate")

    def __init__(
        self,
        table: Any,
        keys: NDArray[np.int64],
        vectors: NDArray[np.float32],
        settings: LanceSettings,
        approximate: bool,
    ) -> None:
        self._table = table
        self._original_keys = keys  # per row, in the version's order
        self._order = np.argsort(keys, kind="stable")
        self._keys = keys[self._order]  # sorted, to map the engine's keys back to rows
        self._vectors = vectors
        self._settings = settings
        self._approximate = approximate

    @property
    def kind(self) -> IndexKind:
        return "lancedb"

    def add(self, vectors: NDArray[np.float32]) -> None:
        raise TypeError("a LanceDB index is written by LanceEngine.index for a whole corpus version")

    def save(self, directory: Path) -> None:
        raise TypeError("a LanceDB index lives in its engine directory; there is nothing to save elsewhere")

    def search(self, queries: NDArray[np.float32], k: int) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        check_rows(queries, self.dimension)
        width = max(0, min(k, len(self)))
        ids = np.full((queries.shape[0], width), -1, dtype=np.int64)
        scores = np.full((queries.shape[0], width), -np.inf, dtype=np.float32)
        if width == 0:
            return ids, scores
        for place, query in enumerate(np.asarray(queries, dtype=np.float32)):
            rows = self._rows(self._engine_keys(query, width))
            if not len(rows):
                continue
            sims = self._vectors[rows] @ query
            order = np.lexsort((rows, -sims))
            ids[place, : len(rows)] = rows[order]
            scores[place, : len(rows)] = sims[order]
        return ids, scores

    @property
    def lexical(self) -> LanceLexical:
        """The same rows through the engine's full-text index (BM25), for the hybrid retriever."""
        return LanceLexical(self)

    def _engine_keys(self, query: NDArray[np.float32], k: int) -> NDArray[np.int64]:
        search = self._table.search(query, vector_column_name="vector").distance_type("cosine").limit(k)
        if self._approximate:
            search = search.nprobes(self._settings.nprobes).ef(self._settings.ef)
        with _engine_read():
            result = search.select(["key", "_distance"]).to_arrow()
        return np.asarray(result["key"].to_numpy(), dtype=np.int64)

    def _rows(self, keys: NDArray[np.int64]) -> NDArray[np.int64]:
        places = np.searchsorted(self._keys, keys)
        found = places < len(self._keys)
        found[found] = self._keys[places[found]] == keys[found]
        return np.asarray(self._order[places[found]], dtype=np.int64)


@contextmanager
def _engine_read() -> Iterator[None]:
    """A search of the pinned table that fails (its files gone, the object store unreachable) means the
    corpus cannot be read, which callers answer as unavailable (the service: 503), not as a bug."""
    try:
        yield
    except (OSError, RuntimeError) as exc:
        raise CorpusUnavailable(f"the corpus engine could not be read ({type(exc).__name__})") from exc


def _table_name(model: str) -> str:
    """One table per embedding model: another model's vectors of the same passages are never searched."""
    return "passages_" + re.sub(r"[^A-Za-z0-9_]+", "_", model).strip("_")


class LanceLexical:
    """BM25 over the pinned table's full-text index, read as `scoring.retrieval.lexical_index` describes.

    Queries go in as text, matched term by term (any term may match), so no query syntax is parsed.
    """

    __slots__ = ("_index",)

    def __init__(self, index: LanceIndex) -> None:
        self._index = index

    def prepare(self, queries: list[str]) -> list[str]:
        return list(queries)

    def top(self, prepared: list[str], depth: int) -> list[tuple[NDArray[np.int64], NDArray[np.float32]]]:
        return [self._search(query, depth, None) for query in prepared]

    def scores_at(self, prepared: str, rows: NDArray[np.int64]) -> NDArray[np.float32]:
        out = np.zeros(len(rows), dtype=np.float32)
        if not len(rows) or not prepared.strip():
            return out
        found, scores = self._search(prepared, len(rows), rows)
        place = {int(row): i for i, row in enumerate(rows.tolist())}
        for row, score in zip(found.tolist(), scores.tolist(), strict=True):
            out[place[row]] = score
        return out

    def _search(
        self, query: str, limit: int, rows: NDArray[np.int64] | None
    ) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        from lancedb.query import MatchQuery

        index = self._index
        if limit <= 0 or not query.strip():
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        match: Any = MatchQuery  # a pydantic dataclass: its defaulted fields read as required to mypy
        search = index._table.search(match(query, "text"), query_type="fts").limit(limit)
        if rows is not None:
            keys = index._original_keys[rows]
            search = search.where(f"key IN ({','.join(str(int(k)) for k in keys)})", prefilter=True)
        with _engine_read():
            result = search.select(["key", "_score"]).to_arrow()
        found_keys = np.asarray(result["key"].to_numpy(), dtype=np.int64)
        scores = np.asarray(result["_score"].to_numpy(), dtype=np.float32)
        places = np.searchsorted(index._keys, found_keys)
        places = np.minimum(places, len(index._keys) - 1)
        known = index._keys[places] == found_keys
        return np.asarray(index._order[places[known]], dtype=np.int64), scores[known]
