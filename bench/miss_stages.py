"""Where a cache miss spends its time, in-process: the scorer's stages at a large corpus, and the HNSW width.

No HTTP, no client: the scorer is built over the synthetic corpus (bench/synthetic_corpus.py) with the
service's settings and called one claim at a time, with the stage hook the service's metrics use. The
baselines are the same embedder's `encode([claim])`, timed on the same claims just before each call, and
the model calls a miss needs: that encode plus the judge's own time on the pairs the miss sent it (the
judge is timed inside the call, so the ratio is the work around the models, measured in one run).
`--widths` then sweeps the HNSW search width on the corpus's saved index: p50 of one 30-neighbour search
and recall@10 against exact search over the index's own vectors, with the claims' vectors as queries.

Run: python -m bench.miss_stages [--manifest var/bench-cache/corpus-100k/manifest.json] [--claims 150]
                                 [--widths 64 128 256 512]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from bench.http_bench import STATE_DIR
from bench.inputs import unique_claims
from scoring.judgement.judge import Judge

WARM_UP_CLAIMS = 10


class TimedJudge:
    """The scorer's judge, timed: how long its model calls take, and for how many pairs."""

    def __init__(self, judge: Judge) -> None:
        self._judge = judge
        self.milliseconds = 0.0
        self.pairs = 0

    @property
    def model_id(self) -> str:
        return self._judge.model_id

    def judge(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
        started = time.perf_counter()
        out = self._judge.judge(pairs)
        self.milliseconds += (time.perf_counter() - started) * 1e3
        self.pairs += len(pairs)
        return out


def record(stages: dict[str, list[float]], stage: str, seconds: float) -> None:
    """The stage hook: one call per stage per scoring batch."""
    stages.setdefault(stage, []).append(seconds * 1e3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--manifest", type=Path, default=Path("var/bench-cache/corpus-100k/manifest.json"))
    parser.add_argument("--claims", type=int, default=150)
    parser.add_argument("--widths", type=int, nargs="*", default=[])
    args = parser.parse_args(argv)

    from scoring.corpus.vector_store import model_key
    from scoring.retrieval.hnsw_index import HnswIndex
    from scoring.retrieval.vector_index import load_index
    from service.app import build_scorer
    from service.settings import Settings

    settings = Settings(corpus_manifest=args.manifest, state_dir=STATE_DIR, corpus_store_enabled=False)
    started = time.perf_counter()
    scorer = build_scorer(settings)
    print(f"built {len(scorer.corpus.entries)} passages in {time.perf_counter() - started:.0f} s")
    claims = [scorer.validate_claim(c) for c in unique_claims(WARM_UP_CLAIMS + args.claims)]
    unrated = scorer.rate_source(None)
    for claim in claims[:WARM_UP_CLAIMS]:
        scorer.score_rated([claim], [unrated])
    timed = TimedJudge(scorer.judge) if scorer.judge is not None else None
    scorer = scorer.with_judge(timed)
    stages: dict[str, list[float]] = {}
    totals, encodes, needed, pairs = [], [], [], []
    for claim in claims[WARM_UP_CLAIMS:]:
        started = time.perf_counter()
        scorer.embedder.encode([claim])
        encode_ms = (time.perf_counter() - started) * 1e3
        encodes.append(encode_ms)
        judged_before, pairs_before = (timed.milliseconds, timed.pairs) if timed else (0.0, 0)
        started = time.perf_counter()
        scorer.score_rated([claim], [unrated], on_stage=lambda stage, s: record(stages, stage, s))
        totals.append((time.perf_counter() - started) * 1e3)
        needed.append(encode_ms + ((timed.milliseconds - judged_before) if timed else 0.0))
        pairs.append((timed.pairs - pairs_before) if timed else 0)
    total, encode, need = statistics.median(totals), statistics.median(encodes), statistics.median(needed)
    print(f"miss p50 {total:.2f} ms, encode([claim]) p50 {encode:.2f} ms, ratio {total / encode:.2f}")
    print(
        f"model calls a miss needs (encode + judge over {statistics.median(pairs):.0f} pairs) p50 {need:.2f} ms; "
        f"miss / model calls (per claim, p50) {statistics.median(t / n for t, n in zip(totals, needed, strict=True)):.2f}"
    )
    print("stage p50 ms: " + ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in stages.items()))

    directory = settings.index_dir / scorer.versions.corpus / model_key(scorer.embedder)
    if args.widths and load_index(directory).kind == "hnsw":
        queries = scorer.embedder.encode(claims[WARM_UP_CLAIMS:])
        stored = load_index(directory)
        exact = np.argsort(-(queries @ stored.vectors(np.arange(len(stored), dtype=np.int64)).T), axis=1)[
            :, :10
        ]
        for width in args.widths:
            index = HnswIndex.load(directory, expansion_search=width)
            latencies, recalls = [], []
            for row, query in enumerate(queries):
                started = time.perf_counter()
                ids, _ = index.search(query.reshape(1, -1), 30)
                latencies.append((time.perf_counter() - started) * 1e3)
                recalls.append(len(set(ids[0][:10].tolist()) & set(exact[row].tolist())) / 10)
            print(
                f"HNSW width {width}: p50 {statistics.median(latencies):.2f} ms, recall@10 {np.mean(recalls):.3f}"
            )
    elif args.widths:
        print("--widths skipped: the corpus is served by exact search, not HNSW")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
