"""HTTP benchmark of the real app over loopback, each figure set against a baseline measured in the same run.

Figures (each phase can run alone with --only):
  hit      cache-hit POST /score with wrk, real app vs a bare FastAPI endpoint returning a body of the same size
  miss     cache-miss POST /score (unique claims, one at a time) vs model.encode([claim]) in-process
  check    POST /check on 1,000-word drafts (all sentences new) vs batch-encoding the draft's sentences
  startup  seconds from process start to /readyz 200 with the seed corpus; RSS at the large corpus

The real app runs under uvicorn with the real model and the in-process cache, on a free 127.0.0.1 port.
hit and startup use the seed corpus; miss and check use a synthetic corpus (bench/synthetic_corpus.py,
100,000 passages by default) whose vectors are cached under var/bench-cache/state.

Run: python -m bench.http_bench [--only hit,miss,check,startup] [--passages 100000] [--profile]

Slightly over 300 lines as one piece: each phase is a function, and they share the server settings,
targets and figure builders kept here; servers, wrk, inputs and the table have modules of their own.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench import synthetic_corpus
from bench.figures import Figure, table
from bench.inputs import drafts, percentile, timed_calls, timed_posts, unique_claims
from bench.servers import ROOT, rss_mib, start_server, stop, wait_ready
from bench.wrk import WRK_SECONDS, WrkResult, run_wrk

STATE_DIR = ROOT / "var" / "bench-cache" / "state"
# Identical for the real and the bare server, so the ratio measures the app, not the server settings.
# The corpus store would serve whatever an earlier run seeded into the state directory; the benchmark
# serves exactly the manifest it names, read-only.
BASE_ENV = {"SCORER_STATE_DIR": str(STATE_DIR), "SCORER_CORPUS_STORE_ENABLED": "false"}
WRK_REPEATS = 3
MISS_MAX_REQUESTS = int(os.environ.get("BENCH_MISS_REQUESTS", "150"))
MISS_MAX_SECONDS = 120.0
CHECK_DRAFTS = int(os.environ.get("BENCH_CHECK_DRAFTS", "8"))
CHECK_MAX_SECONDS = 240.0
STARTUP_REPEATS = 3
WARMUP_REQUESTS = 5
# Targets from the performance brief of this service.
TARGET_HIT_RATIO = 0.8
TARGET_MISS_RATIO = 1.3
TARGET_CHECK_RATIO = 1.25
TARGET_STARTUP_S = 10.0
TARGET_RSS_MIB = 1024.0


# ---------------------------------------------------------------- phases

THIS = "python -m bench.http_bench"


def phase_hit(work: Path, profile_dir: Path | None = None) -> list[Figure]:
    env = dict(BASE_ENV)
    real = start_server("service.app:create_app", env, work)
    try:
        wait_ready(real, time.perf_counter())
        body = {"claim": "Rescue teams evacuated 3,000 residents from the lowest villages overnight."}
        with httpx.Client(timeout=30) as client:
            client.post(f"{real.url}/score", json=body).raise_for_status()  # fill the cache
            cached = client.post(f"{real.url}/score", json=body)
            cached.raise_for_status()
        assert cached.json()["cached"] is True
        payload = work / "bare-payload.json"
        payload.write_bytes(cached.content)
        bare = start_server("bench.bare_app:create_app", {"BENCH_BARE_PAYLOAD": str(payload)}, work)
        try:
            wait_ready(bare, time.perf_counter(), 60)
            client_body = json.dumps(body).encode()
            servers = {"real": real, "bare": bare}
            if profile_dir is not None:  # a separate, unmeasured run: sampling slows the process down
                profiler = _start_profiler(real.process.pid, WRK_SECONDS, profile_dir / "hit.raw.txt")
                run_wrk(f"{real.url}/score", client_body, work)
                profiler.wait(timeout=60)
            runs: dict[str, list[WrkResult]] = {name: [] for name in servers}
            for _ in range(WRK_REPEATS):  # interleaved, so drifting machine load hits all alike
                for name, server in servers.items():
                    runs[name].append(run_wrk(f"{server.url}/score", client_body, work))
        finally:
            stop(bare)
    finally:
        stop(real)
    med = {k: statistics.median(r.requests_per_s for r in v) for k, v in runs.items()}
    p50 = {k: statistics.median(r.p50_ms for r in v) for k, v in runs.items()}
    p99 = {k: statistics.median(r.p99_ms for r in v) for k, v in runs.items()}
    bad = sum(r.bad_responses for v in runs.values() for r in v)
    ratio = med["real"] / med["bare"]
    detail: dict[str, object] = {
        "response_bytes": len(cached.content),
        "bad_responses": bad,
        "per_run_rps": {k: [round(r.requests_per_s) for r in v] for k, v in runs.items()},
        "wrk": runs["real"][0].command,
    }
    return [
        Figure("cache-hit /score throughput", med["real"], "req/s", med["bare"], ratio, f">= {TARGET_HIT_RATIO}",
               ratio >= TARGET_HIT_RATIO, f"{THIS} --only hit", detail),
        Figure("cache-hit /score p50", p50["real"], "ms", p50["bare"], p50["real"] / p50["bare"]),
        Figure("cache-hit /score p99", p99["real"], "ms", p99["bare"], p99["real"] / p99["bare"]),
    ]  # fmt: skip


def _large_corpus_env(work: Path, passages: int) -> dict[str, str]:
    manifest = synthetic_corpus.write_corpus(work / f"corpus-{passages}", passages)
    return BASE_ENV | {"SCORER_CORPUS_MANIFEST": str(manifest)}


def _start_profiler(pid: int, seconds: float, out: Path) -> subprocess.Popen[bytes]:
    command = ["py-spy", "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", "100"]
    command += ["--format", "raw", "--output", str(out)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@dataclass
class _LargeRun:
    """What one server over the large corpus measured, over HTTP, before the in-process baselines run."""

    ready_s: float
    passages: int
    rss_ready: float
    rss_now: float
    rss_peak: float
    claims: list[str]
    drafts: list[str]
    miss_ms: list[float] = field(default_factory=list)
    check_ms: list[float] = field(default_factory=list)


def phase_large(work: Path, passages: int, phases: set[str], profile_dir: Path | None) -> list[Figure]:
    from scoring.embedding.sentence_transformer import SentenceTransformerEmbedder
    from service.adapters.embedder import load_embedder
    from service.settings import Settings

    run = _time_over_http(work, passages, phases, profile_dir)
    # The baseline runs after the server has stopped, so the two never share the 2 cores. It is the
    # model the server ran (SCORER_EMBEDDING_BACKEND), called in-process; with the ONNX default, torch's
    # model.encode is timed too, for reference.
    settings = Settings(state_dir=STATE_DIR)
    embedder = load_embedder(settings)
    torch_model = (
        None
        if isinstance(embedder, SentenceTransformerEmbedder)
        else SentenceTransformerEmbedder.load(settings.resolved_model_dir()).model
    )
    figures: list[Figure] = []
    if run.miss_ms:
        figures.append(_miss_figure(run, embedder, torch_model, settings.embedding_backend, passages))
    if run.check_ms:
        figures.append(_check_figure(run, embedder, torch_model, passages))
    figures.append(Figure(
        f"RSS after load ({run.passages} passages)", run.rss_now, "MiB", target=f"<= {TARGET_RSS_MIB:.0f}",
        met=run.rss_now <= TARGET_RSS_MIB, command=f"{THIS} --only {','.join(sorted(phases))} --passages {passages}",
        detail={"rss_at_ready_mib": run.rss_ready, "peak_rss_mib": run.rss_peak},
    ))  # fmt: skip
    figures.append(Figure(f"start-up to ready ({run.passages} passages, vectors cached)", run.ready_s, "s"))
    return figures


def _time_over_http(work: Path, passages: int, phases: set[str], profile_dir: Path | None) -> _LargeRun:
    """Start the app over the large corpus, time cache misses and draft checks one at a time, stop it."""
    started = time.perf_counter()
    server = start_server("service.app:create_app", _large_corpus_env(work, passages), work)
    try:
        ready_s = wait_ready(server, started)
        with httpx.Client(timeout=120) as client:
            ready = client.get(f"{server.url}/readyz").json()
            rss_ready, _ = rss_mib(server.process.pid)
            run = _LargeRun(
                ready_s, int(ready["corpus"]["passages"]), rss_ready, 0.0, 0.0,
                unique_claims(MISS_MAX_REQUESTS + WARMUP_REQUESTS), drafts(CHECK_DRAFTS + 1),
            )  # fmt: skip
            timed_posts(
                client, f"{server.url}/score", [{"claim": c} for c in run.claims[:WARMUP_REQUESTS]], 60
            )
            if "miss" in phases:
                bodies = [{"claim": c} for c in run.claims[WARMUP_REQUESTS:]]
                run.miss_ms = _profiled(
                    server.process.pid, profile_dir, "miss",
                    lambda: timed_posts(client, f"{server.url}/score", bodies, MISS_MAX_SECONDS),
                )  # fmt: skip
            if "check" in phases:
                timed_posts(client, f"{server.url}/check", [{"text": run.drafts[0]}], 120)  # warm-up
                bodies = [{"text": d} for d in run.drafts[1:]]
                run.check_ms = _profiled(
                    server.process.pid, profile_dir, "check",
                    lambda: timed_posts(client, f"{server.url}/check", bodies, CHECK_MAX_SECONDS),
                )  # fmt: skip
        run.rss_now, run.rss_peak = rss_mib(server.process.pid)
    finally:
        stop(server)
    return run


def _profiled(
    pid: int, profile_dir: Path | None, name: str, measure: Callable[[], list[float]]
) -> list[float]:
    """`measure()`, with py-spy recording the server for 60 s alongside when a profile directory is given."""
    profiler = None if profile_dir is None else _start_profiler(pid, 60, profile_dir / f"{name}.raw.txt")
    latencies = measure()
    if profiler is not None:
        profiler.wait(timeout=120)
    return latencies


def _miss_figure(run: _LargeRun, embedder: Any, torch_model: Any, backend: str, passages: int) -> Figure:
    from scoring.embedding.sentence_transformer import SentenceTransformerEmbedder

    encode = embedder.model.encode if isinstance(embedder, SentenceTransformerEmbedder) else embedder.encode
    timed_calls(lambda c: encode([c]), run.claims[:WARMUP_REQUESTS], 60)
    miss_claims = run.claims[WARMUP_REQUESTS:][: len(run.miss_ms)]
    encode_ms = timed_calls(lambda c: encode([c]), miss_claims, 120)
    http_p50, base_p50 = statistics.median(run.miss_ms), statistics.median(encode_ms)
    ratio = http_p50 / base_p50
    detail: dict[str, object] = {
        "backend": backend, "requests": len(run.miss_ms),
        "p99_ms": percentile(run.miss_ms, 99), "encode_p99_ms": percentile(encode_ms, 99),
    }  # fmt: skip
    if torch_model is not None:
        timed_calls(lambda c: torch_model.encode([c]), run.claims[:WARMUP_REQUESTS], 60)
        torch_p50 = statistics.median(timed_calls(lambda c: torch_model.encode([c]), miss_claims, 120))
        detail |= {"torch_encode_p50_ms": torch_p50, "ratio_to_torch_encode": http_p50 / torch_p50}
    return Figure(
        f"cache-miss /score p50 ({run.passages} passages)", http_p50, "ms", base_p50, ratio,
        f"<= {TARGET_MISS_RATIO}", ratio <= TARGET_MISS_RATIO, f"{THIS} --only miss --passages {passages}",
        detail,
    )  # fmt: skip


def _check_figure(run: _LargeRun, embedder: Any, torch_model: Any, passages: int) -> Figure:
    from scoring.claims import segment_claims

    sentences = [[c.text for c in segment_claims(d)] for d in run.drafts[1 : 1 + len(run.check_ms)]]
    timed_calls(embedder.encode, sentences[:1], 60)
    encode_ms = timed_calls(embedder.encode, sentences, 120)
    http_p50, base_p50 = statistics.median(run.check_ms), statistics.median(encode_ms)
    ratio = http_p50 / base_p50
    detail: dict[str, object] = {
        "drafts": len(run.check_ms), "sentences_per_draft": statistics.mean(len(s) for s in sentences),
    }  # fmt: skip
    if torch_model is not None:
        torch_ms = statistics.median(timed_calls(torch_model.encode, sentences, 120))
        detail |= {"torch_encode_p50_ms": torch_ms, "ratio_to_torch_encode": http_p50 / torch_ms}
    return Figure(
        f"/check 1,000-word draft p50 ({run.passages} passages)", http_p50, "ms", base_p50, ratio,
        f"<= {TARGET_CHECK_RATIO}", ratio <= TARGET_CHECK_RATIO, f"{THIS} --only check --passages {passages}",
        detail,
    )  # fmt: skip


def phase_startup(work: Path) -> list[Figure]:
    env = dict(BASE_ENV)
    times, rss = [], []
    for _ in range(STARTUP_REPEATS):
        started = time.perf_counter()
        server = start_server("service.app:create_app", env, work)
        try:
            times.append(wait_ready(server, started, 120))
            rss.append(rss_mib(server.process.pid)[0])
        finally:
            stop(server)
    value = statistics.median(times)
    return [
        Figure("start-up to ready (seed corpus)", value, "s", target=f"<= {TARGET_STARTUP_S:.0f}",
               met=value <= TARGET_STARTUP_S, command=f"{THIS} --only startup",
               detail={"runs_s": [round(t, 2) for t in times], "rss_mib": [round(r) for r in rss]}),
    ]  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default="hit,miss,check,startup")
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument(
        "--profile", type=Path, default=None, help="directory for py-spy profiles of miss/check"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument(
        "--backend",
        choices=("onnx-int8", "torch"),
        default=None,
        help="SCORER_EMBEDDING_BACKEND for the servers and the in-process baseline (default: the service's)",
    )
    args = parser.parse_args(argv)
    if args.backend is not None:
        os.environ["SCORER_EMBEDDING_BACKEND"] = args.backend  # the servers inherit it, Settings reads it
    phases = set(args.only.split(","))
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="http-bench-") as tmp:
        work = Path(tmp)
        if args.profile is not None:
            args.profile.mkdir(parents=True, exist_ok=True)
        if "hit" in phases:
            figures += phase_hit(work, args.profile)
        if phases & {"miss", "check"}:
            figures += phase_large(work, args.passages, phases & {"miss", "check"}, args.profile)
        if "startup" in phases:
            figures += phase_startup(work)
    print(table(figures))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(f) for f in figures], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
