"""Dense index and hybrid search at 10k / 100k / 1M passages: build time, bytes, RSS, latency and recall@10.

Data. Random unit vectors have no neighbourhoods (every point is nearly orthogonal to every other), so they
flatter or punish ANN indexes arbitrarily. Instead the bench embeds REAL_COUNT real sentences (CheckThat
verified claims and titles, CLIMATE-FEVER claims and evidence, AVeriTeC claims and answers, via
bench.synthetic_corpus.real_sentences) with all-MiniLM-L6-v2, holds QUERY_COUNT other real sentences out as
queries, and synthesises every passage beyond the real ones the way bench.synthetic_corpus splices text: the
first share `w` of sentence a's words plus the rest of sentence b's, with vector normalise(w*v_a + (1-w)*v_b +
noise), w ~ U(0.5, 0.9) and Gaussian noise of NOISE_STD per dimension (cosine ~0.9 to the clean mix, about
what re-embedding a splice gives). So the synthetic passages sit in real neighbourhoods, clustered around real
sentences the way wire copy and paraphrases cluster in news. `--random` adds random unit vectors for contrast.

Each size runs in two processes: the parent synthesises, builds, saves the index and computes exact ground
truth; a fresh child memory-maps the saved index (as the service would), times single-query searches and
reports its RSS, so RSS is what serving costs, not what building cost.

Run:  python -m bench.index_bench --sizes 10000 100000 1000000 --hybrid-sizes 100000 1000000
      python -m bench.index_bench --compare 100000      (usearch vs hnswlib vs faiss-cpu, same data)
The real vectors are embedded once and cached in var/bench-cache/index/ (bench/index_data.py); the
library comparison is bench/ann_compare.py.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bench.ann_compare import compare
from bench.index_data import (
    CACHE_DIR,
    SEED,
    exact_top,
    latencies_ms,
    random_unit,
    real_data,
    real_query_texts,
    synthesise,
)

RECALL_AT = 10
RANK_DEPTH_NOTE = "100 deep + exact re-score"
# Target figures at 1M passages (single query, 2 cores).
TARGET_P50_MS, TARGET_RECALL, TARGET_RSS_GB = 5.0, 0.95, 2.5


def rss_gb() -> tuple[float, float]:
    """(current, peak) resident set size of this process in GB."""
    import psutil

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return psutil.Process().memory_info().rss / 1e9, peak_kb * 1024 / 1e9


def serve(work: Path) -> dict[str, Any]:
    """Child process: map the saved index (and build the hybrid retriever if asked), time searches, read RSS."""
    from scoring.retrieval import HybridRetriever
    from scoring.retrieval.vector_index import load_index

    spec = json.loads((work / "spec.json").read_text())
    queries = np.load(work / "queries.npy")
    truth = np.load(work / "truth.npy")
    started = time.perf_counter()
    index = load_index(work / "index")
    load_s = time.perf_counter() - started
    found = np.concatenate([index.search(q[None, :], RECALL_AT)[0] for q in queries])
    recall = float(np.mean([len(set(f) & set(t)) / RECALL_AT for f, t in zip(found, truth, strict=True)]))
    p50, p99 = latencies_ms(lambda q: index.search(q[None, :], RECALL_AT), queries)
    rss, _ = rss_gb()
    result: dict[str, Any] = {"load_s": load_s, "recall": recall, "p50": p50, "p99": p99, "rss_gb": rss}
    if index.kind == "hnsw" and spec["sweep"]:
        result["sweep"] = [sweep_point(work / "index", ef, queries, truth) for ef in spec["sweep"]]
    if spec["hybrid"]:
        texts = (work / "texts.txt").read_text(encoding="utf-8").split("\n")
        query_texts = (work / "query_texts.txt").read_text(encoding="utf-8").split("\n")
        started = time.perf_counter()
        retriever = HybridRetriever.build(texts, None, index=index)
        result["hybrid_build_s"] = time.perf_counter() - started
        del texts
        gc.collect()
        pairs = list(zip(query_texts, queries, strict=True))
        times = []
        for text, vector in pairs[:20]:
            retriever.search(text, vector, 10)
        for text, vector in pairs:
            t0 = time.perf_counter_ns()
            retriever.search(text, vector, 10)
            times.append((time.perf_counter_ns() - t0) / 1e6)
        result["hybrid_p50"] = float(np.percentile(times, 50))
        result["hybrid_p99"] = float(np.percentile(times, 99))
        result["hybrid_rss_gb"], result["hybrid_peak_rss_gb"] = rss_gb()
    return result


def sweep_point(
    directory: Path, expansion_search: int, queries: NDArray[np.float32], truth: NDArray[np.int64]
) -> dict[str, float]:
    """Recall and latency at one ef_search, both for k = 10 and the way HybridRetriever reads the index:
    RANK_DEPTH rows, re-scored exactly from the stored vectors, best 10 kept."""
    from scoring.retrieval.hnsw_index import HnswIndex
    from scoring.retrieval.hybrid import RANK_DEPTH

    index = HnswIndex.load(directory, expansion_search=expansion_search)

    def deep(query: NDArray[np.float32]) -> NDArray[np.int64]:
        ids = index.search(query[None, :], RANK_DEPTH)[0][0]
        ids = ids[ids >= 0]
        return ids[np.argsort(-(index.vectors(ids) @ query), kind="stable")[:RECALL_AT]]

    found = [index.search(q[None, :], RECALL_AT)[0][0] for q in queries]
    found_deep = [deep(q) for q in queries]
    p50, p99 = latencies_ms(lambda q: index.search(q[None, :], RECALL_AT), queries)
    deep_p50, _ = latencies_ms(deep, queries)
    return {
        "ef": expansion_search,
        "recall": _recall(found, truth),
        "p50": p50,
        "p99": p99,
        "deep_recall": _recall(found_deep, truth),
        "deep_p50": deep_p50,
    }


def _recall(found: list[NDArray[np.int64]], truth: NDArray[np.int64]) -> float:
    return float(
        np.mean(
            [len(set(f.tolist()) & set(t.tolist())) / RECALL_AT for f, t in zip(found, truth, strict=True)]
        )
    )


def run_size(
    n: int,
    kind: str,
    data: tuple[list[str], NDArray[np.float32], NDArray[np.float32]],
    *,
    hybrid: bool,
    sweep: list[int],
) -> dict[str, Any]:
    from scoring.retrieval.exact_index import ExactIndex
    from scoring.retrieval.hnsw_index import HnswIndex
    from scoring.retrieval.vector_index import VectorIndex

    texts, real_vectors, queries = data
    started = time.perf_counter()
    if kind == "random":
        vectors = random_unit(n, real_vectors.shape[1], SEED)
        queries = random_unit(len(queries), real_vectors.shape[1], SEED + 1)
        passage_texts: list[str] = []
    else:
        passage_texts, vectors = synthesise(n, texts, real_vectors, with_texts=hybrid)
    synth_s = time.perf_counter() - started
    truth = exact_top(vectors, queries, RECALL_AT)
    started = time.perf_counter()
    index: VectorIndex = ExactIndex.build(vectors) if kind == "exact" else HnswIndex.build(vectors)
    build_s = time.perf_counter() - started
    work = Path(tempfile.mkdtemp(prefix="index-bench-", dir=CACHE_DIR))
    try:
        index.save(work / "index")
        nbytes = index.nbytes
        del index, vectors
        gc.collect()
        np.save(work / "queries.npy", queries)
        np.save(work / "truth.npy", truth)
        if hybrid:
            (work / "texts.txt").write_text("\n".join(passage_texts), encoding="utf-8")
            query_texts = real_query_texts()
            (work / "query_texts.txt").write_text("\n".join(query_texts), encoding="utf-8")
        (work / "spec.json").write_text(json.dumps({"hybrid": hybrid, "sweep": sweep}))
        del passage_texts
        child = subprocess.run(
            [sys.executable, "-m", "bench.index_bench", "--serve", str(work)],
            check=True,
            capture_output=True,
            text=True,
        )
        served: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"n": n, "kind": kind, "synth_s": synth_s, "build_s": build_s, "bytes_per": nbytes / n} | served


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--hybrid-sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--kinds", nargs="*", default=["exact", "hnsw"], choices=["exact", "hnsw", "random"])
    parser.add_argument("--exact-max", type=int, default=100_000, help="skip exact search above this size")
    parser.add_argument("--compare", type=int, default=0, help="compare ANN libraries at this size and exit")
    parser.add_argument(
        "--sweep", type=int, nargs="*", default=[], help="also try these HNSW ef_search values"
    )
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        print(json.dumps(serve(args.serve)))
        return 0
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    data = real_data()
    print("command: python -m bench.index_bench " + " ".join(argv if argv is not None else sys.argv[1:]))
    if args.compare:
        compare(args.compare, data)
        return 0
    header = (
        f"{'n':>9} {'index':6} {'build s':>8} {'B/pass':>7} {'RSS GB':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'rec@10':>7} | {'hyb build s':>11} {'hyb p50':>8} {'hyb p99':>8} {'hyb RSS GB':>10}"
    )
    print(header, flush=True)
    for n in args.sizes:
        for kind in args.kinds:
            if kind == "exact" and n > args.exact_max:
                continue
            hybrid = kind == "hnsw" and n in args.hybrid_sizes
            r = run_size(n, kind, data, hybrid=hybrid, sweep=args.sweep)
            hybrid_cols = (
                f"{r['hybrid_build_s']:11.1f} {r['hybrid_p50']:8.2f} {r['hybrid_p99']:8.2f} {r['hybrid_rss_gb']:10.2f}"
                if hybrid
                else f"{'-':>11} {'-':>8} {'-':>8} {'-':>10}"
            )
            print(
                f"{n:9d} {kind:6} {r['build_s']:8.1f} {r['bytes_per']:7.0f} {r['rss_gb']:7.2f} {r['p50']:7.3f} "
                f"{r['p99']:7.3f} {r['recall']:7.4f} | {hybrid_cols}",
                flush=True,
            )
            for point in r.get("sweep", []):
                print(
                    f"{'':9} ef={point['ef']:<4d} p50 {point['p50']:.3f} ms  p99 {point['p99']:.3f} ms  "
                    f"recall@10 {point['recall']:.4f} | read {RANK_DEPTH_NOTE}: p50 {point['deep_p50']:.3f} ms  "
                    f"recall@10 {point['deep_recall']:.4f}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
