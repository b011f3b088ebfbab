"""Scores the draft check's check-worthiness against labelled PolNeAR sentences (evaluation/data/).

The labels and their rules are in evaluation/data/checkworthiness_labelling.md; the files hold
offsets into the PolNeAR texts and a hash of each sentence, so the text is read from the corpus.
Reported: precision and recall of "check-worthy" (the sentences the draft check scores), and how
often the reason given for a skipped sentence matches the label's.

    python -m evaluation.checkworthiness --data ../shared/data/eval/polnear --split dev
    python -m evaluation.checkworthiness --data ../shared/data/eval/polnear --split test   (once per design)
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from scoring import Parser, SpacyParser
from scoring.claims import classify_sentences
from scoring.text.parse import DEFAULT_SPACY_MODEL

DATA_DIR = Path(__file__).parent / "data"


def load(polnear_dir: Path, split: str) -> list[tuple[str, str, str]]:
    """(sentence, label, reason) per labelled row; a row whose text no longer hashes the same is an error."""
    rows = []
    path = DATA_DIR / f"checkworthiness_{split}.jsonl"
    texts: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        stem = row["stem"]
        if stem not in texts:
            texts[stem] = (polnear_dir / split / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        sentence = texts[stem][row["start"] : row["end"]]
        if hashlib.sha256(sentence.encode()).hexdigest()[:16] != row["sha256"]:
            raise ValueError(f"{stem} {row['start']}:{row['end']} is not the labelled sentence")
        rows.append((sentence, row["label"], row["reason"]))
    return rows


def evaluate(rows: Sequence[tuple[str, str, str]], parser: Parser | None) -> dict[str, object]:
    reasons = classify_sentences([sentence for sentence, _, _ in rows], parser)
    counts: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    for (_, label, gold_reason), reason in zip(rows, reasons, strict=True):
        predicted = "check" if reason == "factual" else "skip"
        counts[f"{label}->{predicted}"] += 1
        # The labels do not tell an opinion in quotation marks from one outside them.
        confusion[(gold_reason, "opinion" if reason == "quoted_opinion" else reason)] += 1
    tp, fp, fn = counts["check->check"], counts["skip->check"], counts["check->skip"]
    skipped = [(g, p) for (g, p), n in confusion.items() for _ in range(n) if g != "check" and p != "factual"]
    return {
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "sentences": len(rows),
        "check_worthy": tp + fn,
        "reason_agreement": sum(g == p for g, p in skipped) / len(skipped) if skipped else 0.0,
        "confusion": {f"{g}->{p}": n for (g, p), n in sorted(confusion.items()) if g != p},
    }


def main(argv: Sequence[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the PolNeAR directory")
    parser.add_argument("--split", default="dev", choices=("dev", "test"))
    parser.add_argument("--no-parser", action="store_true", help="the text rules alone")
    args = parser.parse_args(argv)
    nlp = None if args.no_parser else SpacyParser.load(DEFAULT_SPACY_MODEL)
    result = evaluate(load(args.data, args.split), nlp)
    print(
        f"Check-worthiness, PolNeAR {args.split} ({result['sentences']} sentences, {result['check_worthy']} check-worthy)"
    )
    print(f"precision {result['precision']:.3f}  recall {result['recall']:.3f}")
    print(f"reason agreement on skipped sentences: {result['reason_agreement']:.3f}")
    print("confusion (gold reason->predicted reason):", result["confusion"])
    return result


if __name__ == "__main__":
    main()
