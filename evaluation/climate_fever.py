"""Zero-shot three-way accuracy of the claim-evidence judge on CLIMATE-FEVER (claim, evidence sentence) pairs.

Every annotated pair (7,675: SUPPORTS 1,943, REFUTES 802, NOT_ENOUGH_INFO 4,930) is read by the judge with
the evidence sentence as premise and the claim as hypothesis, and scored by macro-F1 over the three
classes. The judge never saw CLIMATE-FEVER in training (training/judge/ lists its sources): its licence is
unknown, so it is measured here and never trained on.

Rows printed:
  judge (argmax)       the judge's most probable label: entails -> SUPPORTS, contradicts -> REFUTES,
                       neutral -> NOT_ENOUGH_INFO
  judge (service)      the label the service gives the passage (scoring/judgement/decision.py: judge,
                       conflict finders and cosine together; supports / contradicts / related -> NEI)
  judge fp32 (argmax)  with --fp32: the same classifier before int8 quantisation, and how often the two agree
  cosine               MiniLM cosine (the service's embedder) >= the service's supports_similarity ->
                       SUPPORTS, else NEI; a cosine never refutes
  rules                the service's rule-based stance (judge disabled): cosine plus number, date and
                       negation conflicts

The service's decision thresholds (a handful of numbers, scoring/judgement/decision.py) were set on the
seed dev set, with the stance probe's dev half, which includes edited CLIMATE-FEVER SUPPORTS pairs, read
beside it as a measure of what each setting cost; so the same dev/test halves (by a SHA-256 of the claim id, as
evaluation/stance_probe.py) are reported beside "all", and `--split test` reads the held-out half alone.

    python -m evaluation.climate_fever --data ../shared/data/eval                  all pairs
    python -m evaluation.climate_fever --data ../shared/data/eval --split dev
    python -m evaluation.climate_fever --data ../shared/data/eval --fp32 PATH      int8's cost against fp32
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from evaluation.classification import Classification, classify, format_classification
from evaluation.judge_models import fp32_twin, load_judge
from evaluation.stance_edits import Pair
from evaluation.stance_probe import MemoJudge, split_of
from scoring.judgement import StanceThresholds, stance_of
from scoring.judgement.decision import PACKAGED_DECISION, DecisionModel
from scoring.judgement.judge import Judge
from scoring.judgement.judged_stance import PassageToJudge, judge_passages

CLASSES = ("SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO")
# The judge's LABELS order (entails, contradicts, neutral) in CLIMATE-FEVER's words.
_FROM_JUDGE = CLASSES
_FROM_STANCE = {"supports": "SUPPORTS", "contradicts": "REFUTES", "related": "NOT_ENOUGH_INFO"}


@dataclass(frozen=True, slots=True)
class EvidencePair:
    claim_id: str
    claim: str
    evidence: str
    label: str  # one of CLASSES
    half: str  # "dev" or "test": the stance probe's split of the claim


def load_pairs(data: Path, split: str = "all") -> list[EvidencePair]:
    """The annotated (claim, evidence) pairs of `split` ("all", "dev" or "test"), in file order."""
    pairs = []
    path = data / "climate-fever" / "climate-fever.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        half = split_of(Pair("climate-fever", record["claim_id"], record["claim"], ""))
        if split not in ("all", half):
            continue
        for evidence in record["evidences"]:
            pairs.append(
                EvidencePair(
                    record["claim_id"],
                    record["claim"],
                    evidence["evidence"],
                    evidence["evidence_label"],
                    half,
                )
            )
    return pairs


def judge_argmax(judge: Judge, pairs: Sequence[EvidencePair]) -> list[str]:
    probabilities = judge.judge([(p.evidence, p.claim) for p in pairs])
    return [_FROM_JUDGE[int(i)] for i in np.argmax(probabilities, axis=1)]


def judge_as_service(
    judge: Judge, pairs: Sequence[EvidencePair], similarities: NDArray[np.float32]
) -> list[str]:
    """Each pair's label as the service decides a passage's stance, one claim's evidence at a time."""
    by_claim: dict[str, list[int]] = {}
    for row, pair in enumerate(pairs):
        by_claim.setdefault(pair.claim_id, []).append(row)
    groups = list(by_claim.values())
    stances = judge_passages(
        judge,
        DecisionModel.load(PACKAGED_DECISION),
        [pairs[rows[0]].claim for rows in groups],
        [
            [PassageToJudge(pairs[r].evidence, pairs[r].evidence, float(similarities[r])) for r in rows]
            for rows in groups
        ],
    )
    labels = [""] * len(pairs)
    for rows, claim_stances in zip(groups, stances, strict=True):
        for row, stance in zip(rows, claim_stances, strict=True):
            labels[row] = _FROM_STANCE[stance.label]
    return labels


def cosine_labels(similarities: NDArray[np.float32], supports_at: float) -> list[str]:
    return ["SUPPORTS" if s >= supports_at else "NOT_ENOUGH_INFO" for s in similarities]


def rule_labels(pairs: Sequence[EvidencePair], similarities: NDArray[np.float32]) -> list[str]:
    thresholds = StanceThresholds()
    return [
        _FROM_STANCE[stance_of(p.claim, p.evidence, float(s), thresholds).label]
        for p, s in zip(pairs, similarities, strict=True)
    ]


def pair_similarities(pairs: Sequence[EvidencePair]) -> NDArray[np.float32]:
    """Cosine of claim and evidence with the service's embedder (normalised vectors)."""
    from service.adapters.embedder import load_embedder
    from service.settings import get_settings

    embedder = load_embedder(get_settings())
    claims = list(dict.fromkeys(p.claim for p in pairs))
    claim_vectors = dict(zip(claims, embedder.encode(claims), strict=True))
    evidence_vectors = embedder.encode([p.evidence for p in pairs])
    return np.array(
        [float(claim_vectors[p.claim] @ v) for p, v in zip(pairs, evidence_vectors, strict=True)],
        dtype=np.float32,
    )


def _report(name: str, pairs: Sequence[EvidencePair], predicted: list[str], seconds: float) -> Classification:
    gold = [p.label for p in pairs]
    result = classify(gold, predicted, CLASSES)
    print(f"\n{format_classification(result, name)}\n  ({seconds:.1f} s)")
    halves = sorted({p.half for p in pairs})
    if len(halves) > 1:
        for half in halves:
            rows = [i for i, p in enumerate(pairs) if p.half == half]
            part = classify([gold[i] for i in rows], [predicted[i] for i in rows], CLASSES)
            print(f"  {half} half: macro-F1 {part.macro_f1:.3f} ({part.total} pairs)")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True, help="the shared/data/eval folder")
    parser.add_argument("--split", choices=("all", "dev", "test"), default="all")
    parser.add_argument("--judge", type=Path, help="a judge model directory (default: the packaged judge)")
    parser.add_argument("--fp32", type=Path, help="an fp32 ONNX export of the same judge, to measure int8")
    parser.add_argument("--limit", type=int, help="the first N pairs only (a quick run)")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    pairs = load_pairs(args.data, args.split)[: args.limit]
    judge = load_judge(args.judge)
    print(f"CLIMATE-FEVER {args.split}: {len(pairs)} pairs; judge {judge.model_id}")
    started = time.perf_counter()
    similarities = pair_similarities(pairs)
    embed_seconds = time.perf_counter() - started

    started = time.perf_counter()
    memo = MemoJudge(judge)
    argmax = judge_argmax(memo, pairs)
    _report("judge (argmax)", pairs, argmax, time.perf_counter() - started)
    started = time.perf_counter()
    _report(
        "judge (service)", pairs, judge_as_service(memo, pairs, similarities), time.perf_counter() - started
    )
    if args.fp32:
        started = time.perf_counter()
        fp32 = judge_argmax(fp32_twin(judge, args.fp32), pairs)
        _report("judge fp32 (argmax)", pairs, fp32, time.perf_counter() - started)
        agree = sum(a == b for a, b in zip(argmax, fp32, strict=True)) / len(pairs) if pairs else 0.0
        print(f"  int8 and fp32 agree on {agree:.3f} of pairs")

    from service.settings import get_settings

    supports_at = get_settings().supports_similarity
    _report(f"cosine >= {supports_at:.2f}", pairs, cosine_labels(similarities, supports_at), embed_seconds)
    started = time.perf_counter()
    _report("rules (judge disabled)", pairs, rule_labels(pairs, similarities), time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
