"""Verdict, band and attribution accuracy on our labelled claims about the seed corpus.

The dev files (``evaluation/data/seed_dev.jsonl`` and ``seed_dev_extra.jsonl``) were written by hand
against the five seed articles: paraphrases of single-source facts, facts several outlets report, edited
numbers, dates and negations, neighbouring facts, other incidents, hearsay, on-topic claims the corpus
does not cover, off-topic claims, and attribution variants. They are what the verdict thresholds and
weights are chosen on; ``seed_test.jsonl`` is held out (``--test``, once per design). They say nothing
about claims of other kinds.

Run: ``python -m evaluation.devset`` (the packaged models and seed corpus); ``--test`` for the held-out
file, ``--rules`` without the judge, ``--judge DIR`` for another judge model.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scoring import ClaimRequest, ReliabilityScorer
from scoring.report import VERDICTS, ClaimAssessment

DEFAULT_DEVSET = Path(__file__).parent / "data" / "seed_dev.jsonl"


@dataclass(frozen=True, slots=True)
class DevItem:
    item_id: str
    claim: str
    verdict: str
    attribution: str | None
    category: str


def load_devset(path: Path = DEFAULT_DEVSET) -> list[DevItem]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            items.append(
                DevItem(row["id"], row["claim"], row["verdict"], row.get("attribution"), row["category"])
            )
    return items


@dataclass(frozen=True, slots=True)
class DevResult:
    items: int
    verdict_accuracy: float
    attribution_accuracy: float
    attribution_items: int
    confusion: dict[str, dict[str, int]]  # expected -> predicted -> count
    per_category: dict[str, tuple[int, int]]  # category -> (correct, total)
    mean_score_by_verdict: dict[str, float]  # by expected verdict: judgement and scoring together
    mean_score_by_prediction: dict[str, float]  # by the verdict given: whether the score follows it
    errors: list[tuple[str, str, str, float]]  # (claim, expected, predicted, score)


def assess_all(scorer: ReliabilityScorer, claims: Sequence[str]) -> list[ClaimAssessment]:
    """Every claim scored, in batches of the largest size the scorer takes."""
    assessments: list[ClaimAssessment] = []
    batch = scorer.config.max_batch_items
    for start in range(0, len(claims), batch):
        chunk = claims[start : start + batch]
        assessments.extend(scorer.score_many([ClaimRequest(c) for c in chunk]))
    return assessments


def evaluate(scorer: ReliabilityScorer, items: list[DevItem]) -> DevResult:
    assessments = assess_all(scorer, [i.claim for i in items])
    confusion: dict[str, dict[str, int]] = {e: dict.fromkeys(VERDICTS, 0) for e in VERDICTS}
    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    scores: dict[str, list[float]] = defaultdict(list)
    predicted_scores: dict[str, list[float]] = defaultdict(list)
    errors: list[tuple[str, str, str, float]] = []
    attribution_hits = attribution_total = 0
    for item, assessment in zip(items, assessments, strict=True):
        confusion[item.verdict][assessment.verdict] += 1
        correct = item.verdict == assessment.verdict
        per_category[item.category][0] += int(correct)
        per_category[item.category][1] += 1
        scores[item.verdict].append(assessment.score)
        predicted_scores[assessment.verdict].append(assessment.score)
        if not correct:
            errors.append((item.claim, item.verdict, assessment.verdict, assessment.score))
        if item.attribution is not None:
            attribution_total += 1
            attribution_hits += int(assessment.attribution.kind == item.attribution)
    hits = sum(confusion[v][v] for v in VERDICTS)
    return DevResult(
        items=len(items),
        verdict_accuracy=hits / len(items) if items else 0.0,
        attribution_accuracy=attribution_hits / attribution_total if attribution_total else 0.0,
        attribution_items=attribution_total,
        confusion=confusion,
        per_category={k: (v[0], v[1]) for k, v in sorted(per_category.items())},
        mean_score_by_verdict={k: sum(v) / len(v) for k, v in scores.items()},
        mean_score_by_prediction={k: sum(v) / len(v) for k, v in predicted_scores.items()},
        errors=errors,
    )


def format_result(result: DevResult) -> str:
    width = max(len(v) for v in VERDICTS) + 2
    lines = [
        f"{result.items} claims; verdict accuracy {result.verdict_accuracy:.3f}; "
        f"attribution accuracy {result.attribution_accuracy:.3f} ({result.attribution_items} labelled)",
        "",
        "confusion (rows expected, columns predicted):",
        " " * width + "".join(v[:12].rjust(14) for v in VERDICTS),
    ]
    for expected in VERDICTS:
        lines.append(
            expected.ljust(width) + "".join(str(result.confusion[expected][p]).rjust(14) for p in VERDICTS)
        )
    lines += ["", "per category (correct/total):"]
    lines += [f"  {cat:<22} {ok}/{total}" for cat, (ok, total) in result.per_category.items()]
    lines += ["", "mean score by expected verdict:"]
    lines += [f"  {v:<14} {s:.3f}" for v, s in sorted(result.mean_score_by_verdict.items())]
    counts = Counter((e, p) for _, e, p, _ in result.errors)
    if counts:
        lines += ["", "errors:"]
        lines += [f"  [{e} -> {p}] {s:.2f} {c}" for c, e, p, s in result.errors]
    return "\n".join(lines)


DEV_FILES = (DEFAULT_DEVSET, DEFAULT_DEVSET.with_name("seed_dev_extra.jsonl"))
TEST_FILE = DEFAULT_DEVSET.with_name("seed_test.jsonl")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--devset", type=Path, action="append", help="labelled claims (default: the dev files)"
    )
    parser.add_argument("--test", action="store_true", help="the held-out test file (run once per design)")
    parser.add_argument("--rules", action="store_true", help="decide without the learned judge")
    parser.add_argument("--judge", type=Path, help="a judge model directory (default: the packaged judge)")
    args = parser.parse_args(argv)
    from service.app import build_scorer
    from service.settings import get_settings

    settings = get_settings()
    if args.rules or args.judge:
        settings = settings.model_copy(
            update={"judge_enabled": not args.rules, "judge_model_dir": args.judge}
        )
    scorer = build_scorer(settings)
    paths = [TEST_FILE] if args.test else (args.devset or list(DEV_FILES))
    items = [item for path in paths for item in load_devset(path)]
    print(f"{', '.join(p.name for p in paths)}; judge: {scorer.versions.judge}")
    print(format_result(evaluate(scorer, items)))


if __name__ == "__main__":
    main()
