"""Embedding throughput and retrieval quality: torch vs ONNX (fp32, int8) vs a model2vec static model.

Throughput is sentences per second on short claims (CheckThat tweets) and on passages (verified claim plus
fact-check title, as evaluation/checkthat.py indexes them), each backend at its own default batch size (torch 64,
ONNX 16), in calls of 256 texts, measured in one process, the backends
interleaved round by round. Quality is MAP@5 on the CheckThat dev splits through evaluation/checkthat.py:
dense only, and the hybrid (RRF of dense and BM25).

The ONNX models are the service's own export (`reliability export-onnx --out var/state/onnx`, the
directory the onnx-int8 backend reads by default); the static model2vec model is made by
bench/export_models.py and is skipped when absent. The ONNX runner is the service's own
scoring/embedding/onnx_runtime.py (onnxruntime and tokenizers directly: sentence-transformers' ONNX backend needs
optimum, which conflicts with the service's transformers 5); it reproduces the MiniLM pipeline: WordPiece
to 256 tokens, mean pooling, L2.

Run: python -m bench.embedding_bench [--rounds 3] [--limit 1000] [--skip-quality] [--onnx-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bench.export_models import STATIC_DIR, packaged_model_dir
from scoring.embedding.onnx_export import FP32_FILE_NAME
from scoring.embedding.onnx_runtime import DEFAULT_FILE_NAME, OnnxEmbedder

# The public evaluation data sits in shared/ beside the checkout (../shared, as the README lays out).
CHECKTHAT = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "eval" / "checkthat-claim-retrieval"
)
EVAL_CACHE = Path("var/eval-cache")
WARM_UP_TEXTS = 64
ROUND_SECONDS = 60.0  # upper bound on one backend's share of one round
TARGET_SPEEDUP = 3.0
TARGET_MAP_LOSS = 0.02


class StaticEmbedder:
    """A model2vec StaticModel: a token-embedding lookup and a mean, no transformer at all."""

    def __init__(self, model_dir: Path, model_id: str) -> None:
        from model2vec import StaticModel

        self._model = StaticModel.from_pretrained(str(model_dir))
        self.model_id = model_id
        self.dimension = int(self._model.dim)

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        vectors = self._model.encode(list(texts), batch_size=1024, show_progress_bar=False)
        vectors = np.asarray(vectors, dtype=np.float32)
        return vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)


def backends(onnx_dir: Path) -> dict[str, Callable[[], Any]]:
    """The backends whose model files exist; torch (the packaged model) always."""
    from scoring.embedding import model_identity
    from scoring.embedding.sentence_transformer import SentenceTransformerEmbedder

    packaged = packaged_model_dir()
    candidates: dict[str, tuple[Path | None, Callable[[], Any]]] = {
        "torch fp32": (None, lambda: SentenceTransformerEmbedder.load(packaged)),
        "onnx fp32": (
            onnx_dir / FP32_FILE_NAME,
            lambda: OnnxEmbedder.load(onnx_dir, file_name=FP32_FILE_NAME),
        ),
        "onnx int8": (onnx_dir / DEFAULT_FILE_NAME, lambda: OnnxEmbedder.load(onnx_dir)),
        "model2vec": (STATIC_DIR, lambda: StaticEmbedder(STATIC_DIR, model_identity(STATIC_DIR))),
    }
    found = {name: factory for name, (path, factory) in candidates.items() if path is None or path.exists()}
    for name in candidates.keys() - found.keys():
        print(f"skipping {name}: {candidates[name][0]} not found", file=sys.stderr)
    return found


def texts_for_speed(limit: int) -> dict[str, list[str]]:
    from evaluation.checkthat_data import load_2022, passage_text
    from scoring.claims.normalise import normalise_claim

    collection = load_2022(CHECKTHAT)
    claims = [normalise_claim(q) for qs in collection.splits["train"] for q in qs.queries.values()]
    passages = [passage_text(c, t) for c, t in zip(collection.claims, collection.titles, strict=True)]
    return {"claims": claims[:limit], "passages": passages[:limit]}


@dataclass
class Speed:
    backend: str
    claims_per_s: float
    passages_per_s: float
    single_claim_ms: float  # p50 of encode([claim]), the cache-miss path
    cosine_to_torch: float  # mean cosine of each vector to torch's, on the passages (nan for other dims)


def measure_speed(embedders: dict[str, Any], texts: dict[str, list[str]], rounds: int) -> list[Speed]:
    rates: dict[str, dict[str, list[float]]] = {n: {"claims": [], "passages": []} for n in embedders}
    for embedder in embedders.values():
        embedder.encode(texts["claims"][:WARM_UP_TEXTS])  # warm-up: lazy allocations, thread pools
    for _ in range(rounds):
        for name, embedder in embedders.items():
            for kind, items in texts.items():
                started = time.perf_counter()
                done = 0
                for start in range(0, len(items), 256):
                    done += len(embedder.encode(items[start : start + 256]))
                    if time.perf_counter() - started > ROUND_SECONDS:
                        break
                rates[name][kind].append(done / (time.perf_counter() - started))
    reference = embedders["torch fp32"].encode(texts["passages"][:500])
    out = []
    for name, embedder in embedders.items():
        singles = []
        for claim in texts["claims"][:100]:
            started = time.perf_counter()
            embedder.encode([claim])
            singles.append((time.perf_counter() - started) * 1e3)
        vectors = embedder.encode(texts["passages"][:500])
        cosine = (
            float(np.mean(np.sum(vectors * reference, axis=1)))
            if vectors.shape == reference.shape
            else float("nan")
        )
        out.append(
            Speed(
                name,
                statistics.median(rates[name]["claims"]),
                statistics.median(rates[name]["passages"]),
                statistics.median(singles),
                cosine,
            )
        )
    return out


def measure_quality(name: str, factory: Callable[[], Any], model_id: str, split: str) -> dict[str, float]:
    """MAP@5 per CheckThat query set, dense and hybrid, via evaluation/checkthat.py with cached embeddings."""
    from evaluation.checkthat import CachedEmbedder, candidates_for, evaluate_run, prepare, system_scores
    from evaluation.checkthat_data import collapse_duplicates, load_2020, load_2022

    embedder = CachedEmbedder(factory, model_id, EVAL_CACHE)
    scores: dict[str, float] = {}
    for load in (load_2020, load_2022):
        prepared = prepare(collapse_duplicates(load(CHECKTHAT)), embedder, [split])
        for query_set in prepared.collection.splits[split]:
            candidates = candidates_for(prepared, query_set)
            for system, label in (("dense", "dense"), ("rrf", "hybrid")):
                result = evaluate_run(
                    query_set,
                    prepared.collection,
                    candidates,
                    lambda c, s=system: system_scores(c, s, None),
                )
                scores[f"{query_set.name} {label}"] = result["AP@5"]
    return scores


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=1000, help="texts of each kind per round")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument(
        "--quality-backends",
        default="torch fp32,onnx fp32,onnx int8,model2vec",
        help="comma-separated; embeddings are cached under var/eval-cache, so re-runs only score",
    )
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--onnx-dir", type=Path, default=Path("var/state/onnx"), help="output of reliability export-onnx"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    factories = backends(args.onnx_dir)
    embedders = {name: factory() for name, factory in factories.items()}
    speeds = [] if args.skip_speed else measure_speed(embedders, texts_for_speed(args.limit), args.rounds)
    quality: dict[str, dict[str, float]] = {}
    if not args.skip_quality:
        for name in args.quality_backends.split(","):
            if name not in embedders:
                continue
            embedder = embedders[name]
            quality[name] = measure_quality(name, lambda e=embedder: e, embedder.model_id, args.split)
    if args.json is not None:
        args.json.write_text(json.dumps({"speed": [asdict(s) for s in speeds], "quality": quality}, indent=2))
    report(speeds, quality, args.rounds, args.split)
    return 0


def report(speeds: list[Speed], quality: dict[str, dict[str, float]], rounds: int, split: str) -> None:
    base = next((s for s in speeds if s.backend == "torch fp32"), None)
    if base is None:
        speeds = []

    print(f"throughput (sentences/s, each backend's default batch, median of {rounds} interleaved rounds)")
    print(
        f"{'backend':<11} {'claims/s':>9} {'x':>5} {'passages/s':>11} {'x':>5} {'1 claim ms':>11} {'cos':>6}"
    )
    for s in speeds:
        assert base is not None
        print(
            f"{s.backend:<11} {s.claims_per_s:9.0f} {s.claims_per_s / base.claims_per_s:5.2f} "
            f"{s.passages_per_s:11.0f} {s.passages_per_s / base.passages_per_s:5.2f} "
            f"{s.single_claim_ms:11.1f} {s.cosine_to_torch:6.3f}"
        )
    if quality:
        sets = list(quality["torch fp32"])
        print(f"\nMAP@5, CheckThat {split} (change vs torch in brackets)")
        print(f"{'backend':<11} " + " ".join(f"{name:>22}" for name in sets))
        for name, scores in quality.items():
            cells = [f"{scores[k]:.4f} ({scores[k] - quality['torch fp32'][k]:+.4f})" for k in sets]
            print(f"{name:<11} " + " ".join(f"{c:>22}" for c in cells))
        print("\nverdict (target: >= 3x passages/s and <= 0.02 MAP@5 loss on every query set and system)")
        for s in speeds:
            if s.backend not in quality or base is None:
                continue
            speedup = s.passages_per_s / base.passages_per_s
            worst = min(quality[s.backend][k] - quality["torch fp32"][k] for k in sets)
            met = speedup >= TARGET_SPEEDUP and worst >= -TARGET_MAP_LOSS
            print(
                f"  {s.backend:<11} {speedup:5.2f}x, worst MAP@5 change {worst:+.4f}: {'MET' if met else 'not met'}"
            )


if __name__ == "__main__":
    raise SystemExit(main())
