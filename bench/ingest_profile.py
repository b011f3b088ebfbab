"""Where one incremental corpus write spends its time: cProfile around the build of a new version from the
served one, and around a restart's build, at a large corpus.

The figures in the README's "Corpus engine" section say what a write costs; this says why, by function, so a
change aimed at one part of the write can be checked against the part it aimed at. Same data, embedder and
attributor as bench/ingest_bench.py (synthetic passages, hash vectors, token-rule attribution): a cold build
of N passages, one write of one document (unprofiled, so caches and the engine's table are warm), a second
write under the profiler, then a restart (nothing carried in process) under the profiler. No search thread
runs, so the profile is the build's alone.

Run: python -m bench.ingest_profile [--passages 200000] [--mode lancedb-bm25] [--top 25]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.ingest_bench import MODES, HashEmbedder, build, documents_of
from bench.synthetic_corpus import SENTENCES_PER_DOCUMENT, sentences
from scoring.attribution import Attributor
from scoring.corpus import CorpusIndex


def profiled(label: str, top: int, call: Callable[[], CorpusIndex]) -> CorpusIndex:
    """Run `call` under cProfile and print its slowest functions of the project's own code."""
    work = cProfile.Profile()
    start = time.perf_counter()
    work.enable()
    corpus = call()
    work.disable()
    print(f"\n== {label}: {time.perf_counter() - start:.2f} s (under the profiler) ==")
    pstats.Stats(work).sort_stats("cumulative").print_stats(r"scoring/", top)
    return corpus


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=200_000)
    parser.add_argument("--mode", choices=[m for m in MODES if m != "rebuild"], default="lancedb-bm25")
    parser.add_argument("--top", type=int, default=25, help="functions listed per profile")
    args = parser.parse_args(argv)
    Path("var").mkdir(exist_ok=True)
    lines = sentences(args.passages + 2 * SENTENCES_PER_DOCUMENT)
    base = documents_of(lines[: args.passages], "base")
    extra = documents_of(lines[args.passages :], "new")
    embedder, attributor = HashEmbedder(), Attributor()
    state = Path(tempfile.mkdtemp(prefix=f"profile-{args.mode}-", dir="var"))
    try:
        corpus, cold = build(base, args.mode, state, embedder, attributor, None)
        documents = [*base, extra[0]]
        corpus, first = build(documents, args.mode, state, embedder, attributor, corpus)
        print(
            f"{args.passages} passages, mode {args.mode}: cold build {cold:.1f} s, first write {first:.2f} s"
        )
        documents = [*documents, extra[1]]
        served = corpus
        corpus = profiled(
            "second write",
            args.top,
            lambda: build(documents, args.mode, state, embedder, attributor, served)[0],
        )
        restarted = profiled(
            "restart", args.top, lambda: build(documents, args.mode, state, embedder, attributor, None)[0]
        )
        if restarted.version != corpus.version:
            raise SystemExit("the restarted corpus is not the one written")
    finally:
        shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    main()
