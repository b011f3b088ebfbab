"""What one corpus write costs at a large corpus: a whole rebuild, against versions built from the served one.

A write commits a new corpus version, and every replica then builds a CorpusIndex for it. This script
times that build in-process, three ways: `rebuild`, every passage split, grouped and indexed again (what
each write cost before versions were built from the served one); `files`, built from the served version
with the in-house index (SCORER_CORPUS_ENGINE=files, the HNSW index still built whole past 20k passages);
`lancedb`, built from the served version on the engine (the default: dense search on it, BM25 in
process); `lancedb-bm25`, the same with BM25 from the engine's full-text index too. Each mode does a cold build of N
passages, then `--writes` versions that each add one document of 20 passages, then one that deletes a
document. After each write it checks that a new passage is the top hit for its own text, so "searchable"
is measured, not assumed. While each write builds, a second thread keeps searching the version being
served (hybrid search at the gathering depth, as a miss asks it), so the search p50 during writes is set
against the idle p50 of the same queries; the builds run in a thread pool of the serving process in the
service too, so they contend for the same cores and interpreter. Last, `restart` builds the final version
again with nothing carried in process (what a replica does at start): passages, their band hashes,
attributions and vectors read from their stores, the engine's rows found in place.

What is held fixed so that only the index differs: the passages (bench/synthetic_corpus.py: real eval
sentences, 20 to a document), their vectors (a deterministic hash of each text, not the model: embedding
100k passages takes half an hour on these cores and is cached per document either way), and attribution
by the token rules (also cached per document either way). Both engines run in this one process, one after
the other, each with its own fresh state directory, so their figures come from the same run.

Run: python -m bench.ingest_bench [--passages 100000] [--writes 5] [--modes rebuild files lancedb lancedb-bm25]
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from bench.synthetic_corpus import SENTENCES_PER_DOCUMENT, sentences
from scoring.attribution import Attributor
from scoring.corpus import CorpusIndex, Document
from scoring.corpus.gathering import GatheringConfig
from scoring.retrieval import RetrievalConfig
from scoring.retrieval.lance_index import LanceEngine, LanceSettings

DIMENSION = 384


class HashEmbedder:
    """A unit vector per text from its hash: the same text always gets the same vector, like a model."""

    model_id = "bench-text-hash"
    dimension = DIMENSION

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        rows = np.empty((len(texts), DIMENSION), dtype=np.float32)
        for row, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            rows[row] = np.random.default_rng(seed).standard_normal(DIMENSION)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def documents_of(lines: list[str], prefix: str) -> list[Document]:
    return [
        Document(
            doc_id=f"{prefix}-{start // SENTENCES_PER_DOCUMENT:06d}",
            text="\n".join(lines[start : start + SENTENCES_PER_DOCUMENT]),
            outlet_domain=None,
            outlet_name=None,
            outlet_basis="synthetic benchmark corpus",
        )
        for start in range(0, len(lines), SENTENCES_PER_DOCUMENT)
    ]


MODES = ("rebuild", "files", "lancedb", "lancedb-bm25")


def build(
    documents: list[Document],
    mode: str,
    state: Path,
    embedder: HashEmbedder,
    attributor: Attributor,
    served: CorpusIndex | None,
) -> tuple[CorpusIndex, float]:
    engine = None
    if mode.startswith("lancedb"):
        settings = LanceSettings(ann_threshold=RetrievalConfig().ann_threshold)
        engine = LanceEngine(state / "engine", settings)
    start = time.perf_counter()
    corpus = CorpusIndex.build(
        documents,
        embedder,
        attributor,
        vector_cache_dir=state / "vectors",
        vector_index_dir=state / "index",
        attribution_cache_dir=state / "attributions",
        passage_cache_dir=state / "passages",
        engine=engine,
        engine_lexical=mode == "lancedb-bm25",
        previous=None if mode == "rebuild" else served,
    )
    return corpus, time.perf_counter() - start


def searchable(corpus: CorpusIndex, embedder: HashEmbedder, document: Document) -> bool:
    """The document's first passage is the top dense hit for its own text."""
    text = next(e.passage.text for e in corpus.entries if e.document.doc_id == document.doc_id)
    hits = corpus.search_many([text], embedder.encode([text]), 1)[0]
    return bool(hits) and hits[0].entry.document.doc_id == document.doc_id


class Searcher:
    """Hybrid searches, one query at a time, against a served version: idle, or while a write builds."""

    def __init__(self, corpus: CorpusIndex, embedder: HashEmbedder, queries: list[str]) -> None:
        self.corpus = corpus
        self.queries = queries
        self.vectors = embedder.encode(queries)
        self.depth = GatheringConfig().depth
        self.latencies: list[float] = []

    def search(self, index: int) -> None:
        row = index % len(self.queries)
        start = time.perf_counter()
        self.corpus.search_many([self.queries[row]], self.vectors[row : row + 1], self.depth)
        self.latencies.append(time.perf_counter() - start)

    def idle_p50(self) -> float:
        for index in range(len(self.queries)):
            self.search(index)
        return statistics.median(self.latencies)

    def during(self, work: threading.Thread) -> list[float]:
        """Latencies of the searches made while `work` ran."""
        self.latencies = []
        index = 0
        work.start()
        while work.is_alive():
            self.search(index)
            index += 1
        work.join()
        return self.latencies


def run(mode: str, base: list[Document], extra: list[Document], queries: int) -> dict[str, float | str]:
    embedder, attributor = HashEmbedder(), Attributor()
    state = Path(tempfile.mkdtemp(prefix=f"ingest-{mode}-", dir="var"))
    try:
        corpus, cold = build(base, mode, state, embedder, attributor, None)
        documents = list(base)
        probe = [e.passage.text for e in corpus.entries[:: max(1, len(corpus.entries) // queries)]][:queries]
        idle = Searcher(corpus, embedder, probe).idle_p50()
        writes: list[float] = []
        busy: list[float] = []
        for document in extra:
            documents.append(document)
            built: list[tuple[CorpusIndex, float]] = []

            def write(served: CorpusIndex = corpus, out: list[tuple[CorpusIndex, float]] = built) -> None:
                out.append(build(documents, mode, state, embedder, attributor, served))

            busy += Searcher(corpus, embedder, probe).during(threading.Thread(target=write))
            corpus, seconds = built[0]
            if not searchable(corpus, embedder, document):
                raise SystemExit(f"{mode}: the document written last is not searchable")
            writes.append(seconds)
        removed = documents.pop(0)
        corpus, delete_s = build(documents, mode, state, embedder, attributor, corpus)
        if corpus.document(removed.doc_id) is not None:
            raise SystemExit(f"{mode}: the deleted document is still served")
        restarted, restart_s = build(documents, mode, state, embedder, attributor, None)
        if restarted.version != corpus.version or not searchable(restarted, embedder, extra[-1]):
            raise SystemExit(f"{mode}: the restarted corpus is not the one written")
        return {
            "mode": mode,
            "index": corpus.index_kind,
            "cold_s": cold,
            "write_p50_s": statistics.median(writes),
            "write_max_s": max(writes),
            "delete_s": delete_s,
            "restart_s": restart_s,
            "search_idle_ms": idle * 1e3,
            "search_busy_ms": statistics.median(busy) * 1e3 if busy else float("nan"),
        }
    finally:
        shutil.rmtree(state, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--writes", type=int, default=5)
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument(
        "--queries", type=int, default=200, help="passages searched for, idle and during writes"
    )
    args = parser.parse_args(argv)
    Path("var").mkdir(exist_ok=True)
    lines = sentences(args.passages + args.writes * SENTENCES_PER_DOCUMENT)
    base = documents_of(lines[: args.passages], "base")
    extra = documents_of(lines[args.passages :], "new")
    print(f"{args.passages} passages in {len(base)} documents; {len(extra)} writes of one document each")
    print(
        "mode          dense index  cold build s  write p50 s  write max s  delete s  restart s"
        "  search p50 idle ms  during writes ms  ratio"
    )
    for mode in args.modes:
        row = run(mode, base, extra, args.queries)
        idle, busy = float(row["search_idle_ms"]), float(row["search_busy_ms"])
        print(
            f"{row['mode']:<13} {row['index']:<12} {row['cold_s']:>12.1f} {row['write_p50_s']:>12.2f}"
            f" {row['write_max_s']:>12.2f} {row['delete_s']:>9.2f} {row['restart_s']:>10.1f}"
            f" {idle:>19.1f} {busy:>17.1f} {busy / idle:>6.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
