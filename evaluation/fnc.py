"""FNC-1 headline-body stance, labelled zero-shot by the service from the documents its answer lists.

The bodies of a split become the corpus (each body a Document, outlet unknown); every distinct headline is
scored by the real scorer (service.app.build_scorer, judge on unless --rules); each (headline, body) pair
is then labelled from the answer's `documents` row for that body (scoring/document_stances.py), as a
client of `POST /score` would read it:

  the body is not among the answer's documents                      unrelated
  its stance is contradicts                                         disagree
  its stance is supports, not only as hearsay (report_only false)   agree
  it supports only as hearsay, or its stance is related             discuss

The service reads the best passage of up to GatheringConfig.max_documents articles per claim (24), and
second-best passages while a claim has at most max_judged (7), and lists every article it read up to
ScorerConfig.max_documents_shown (50), so the shipped limits already return every body read; the reading
config only makes sure of it. What it reads and how it decides are the service's own. `--documents N` reads N articles per
headline instead (retrieval depth DEPTH_PER_DOCUMENT times that), to see what the service's depth costs:
a test headline has up to 57 related bodies.

Reported: related recall (related pairs whose body is returned at all), per-class precision, recall and
F1, macro-F1, the FNC-1 score (0.25 for each pair correctly related or unrelated, 0.75 more for the exact
related label) as a share of its maximum, beside the score the same related/unrelated calls would get with
every related pair called "discuss" (what the stance labels add, or cost), and the precision of "disagree".

    python -m evaluation.fnc --split dev                       300 train bodies (evaluation/fnc_data.py)
    python -m evaluation.fnc --split dev --rules               the rule-based baseline (judge disabled)
    python -m evaluation.fnc --split dev --limit-bodies 40     a quick run
    python -m evaluation.fnc --split dev --documents 40        deeper than the service reads
    python -m evaluation.fnc --split test                      the competition test set: once per design

Passage vectors and attributions are cached under --cache, so a rerun of a split embeds nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from evaluation.classification import Classification, classify, format_classification
from evaluation.fnc_data import DEFAULT_MIRRORS, LABELS, RELATED, FncSplit, load_split
from scoring import ReliabilityScorer, ScorerConfig
from scoring.corpus import Document
from scoring.document_stances import DocumentStance
from scoring.errors import ScoringError

# Retrieval depth per article read, with --documents: one article brings several similar sentences into
# the top passages.
DEPTH_PER_DOCUMENT = 8
DEFAULT_CACHE = Path("var/eval-cache/fnc")
DOC_PREFIX = "fnc-body-"
# FNC-1's weights (its scorer.py): a pair correctly related or unrelated earns 0.25, and a related pair
# with its exact label 0.75 more.
RELATEDNESS_WEIGHT = 0.25
LABEL_WEIGHT = 0.75
PROGRESS_SECONDS = 30.0


def reading_config(config: ScorerConfig, documents: int | None = None) -> ScorerConfig:
    """The service's config returning every passage it reads; with `documents`, reading that many articles."""
    gathering = config.gathering
    if documents is not None:
        gathering = dataclasses.replace(
            gathering, max_documents=documents, depth=max(gathering.depth, DEPTH_PER_DOCUMENT * documents)
        )
    read = max(gathering.max_documents, gathering.max_judged)  # gather() returns at most this many
    return dataclasses.replace(
        config, gathering=gathering, max_documents_shown=max(read, config.max_documents_shown)
    )


def body_documents(split: FncSplit) -> list[Document]:
    return [
        Document(doc_id=f"{DOC_PREFIX}{body_id}", text=text, outlet_domain=None, outlet_name=None)
        for body_id, text in split.bodies.items()
        if text.strip()
    ]


def label_of(row: DocumentStance | None) -> str:
    """One body's FNC-1 label from its row in the headline's answer (None: the body is not listed)."""
    if row is None:
        return "unrelated"
    if row.stance == "contradicts":
        return "disagree"
    if row.stance == "supports" and not row.report_only:
        return "agree"
    return "discuss"


def body_labels(documents: Sequence[DocumentStance]) -> dict[str, str]:
    """Body id -> label, for every body the headline's answer lists."""
    return {row.document.doc_id.removeprefix(DOC_PREFIX): label_of(row) for row in documents}


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    """(FNC-1 score, its maximum for this gold)."""
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        best += RELATEDNESS_WEIGHT + (LABEL_WEIGHT if g in RELATED else 0.0)
        if (g in RELATED) == (p in RELATED):
            score += RELATEDNESS_WEIGHT
        if g in RELATED and g == p:
            score += LABEL_WEIGHT
    return score, best


def label_pairs(scorer: ReliabilityScorer, split: FncSplit) -> tuple[list[str], int]:
    """The predicted label of every pair of the split, and how many headlines could not be scored."""
    headlines = list(dict.fromkeys(p.headline for p in split.pairs))
    labels: dict[str, dict[str, str]] = {}
    unscorable = 0
    unrated = scorer.rate_source(None)
    batch = scorer.config.max_batch_items
    started = last = time.perf_counter()
    for start in range(0, len(headlines), batch):
        texts: dict[str, str] = {}
        for headline in headlines[start : start + batch]:
            try:
                texts[headline] = scorer.validate_claim(headline)
            except ScoringError:
                unscorable += 1  # all its pairs stay unrelated
        assessments = scorer.score_rated(list(texts.values()), [unrated] * len(texts))
        for headline, assessment in zip(texts, assessments, strict=True):
            labels[headline] = body_labels(assessment.documents)
        done = min(start + batch, len(headlines))
        now = time.perf_counter()
        if now - last >= PROGRESS_SECONDS or done == len(headlines):
            last = now
            left = (now - started) / done * (len(headlines) - done)
            print(
                f"  {done}/{len(headlines)} headlines, {now - started:.0f} s, ~{left:.0f} s left",
                file=sys.stderr,
            )
    predicted = [labels.get(p.headline, {}).get(p.body_id, "unrelated") for p in split.pairs]
    return predicted, unscorable


def report(gold: Sequence[str], predicted: Sequence[str]) -> Classification:
    result = classify(gold, predicted, LABELS)
    related = [(g, p) for g, p in zip(gold, predicted, strict=True) if g in RELATED]
    found = sum(p in RELATED for _, p in related)
    print(
        f"related recall {found / len(related) if related else 0.0:.3f} ({found} of {len(related)} related pairs)"
    )
    score, best = fnc_score(gold, predicted)
    print(f"FNC-1 score {score:.2f} of {best:.2f}: {score / best if best else 0.0:.3f}")
    # What the stance labels add: the same related/unrelated calls, with every related pair "discuss".
    plain, _ = fnc_score(gold, ["discuss" if p in RELATED else p for p in predicted])
    print(f"  with every pair found related called discuss: {plain / best if best else 0.0:.3f}")
    disagree = result.scores("disagree")
    called = Counter(g for g, p in zip(gold, predicted, strict=True) if p == "disagree")
    print(
        f"disagree precision {disagree.precision:.3f}: of {disagree.predicted} pairs called contradicting, "
        + ", ".join(f"{called[label]} {label}" for label in LABELS)
    )
    print(format_classification(result, "per class"))
    return result


def build(args: argparse.Namespace, split: FncSplit) -> ReliabilityScorer:
    from service.app import build_scorer
    from service.settings import get_settings

    settings = get_settings().model_copy(update={"judge_enabled": not args.rules})
    base = build_scorer(settings)
    cache: Path = args.cache
    scorer = base.with_documents(
        body_documents(split),
        vector_cache_dir=cache / "vectors",
        attribution_cache_dir=cache / "attributions",
        passage_cache_dir=cache / "passages",
    )
    return scorer.with_config(reading_config(scorer.config, args.documents))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--split", choices=("dev", "test"), default="dev", help="test: once per design")
    parser.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS, help="where the git mirrors are")
    parser.add_argument("--limit-bodies", type=int, help="the split's first N bodies and their pairs")
    parser.add_argument("--rules", action="store_true", help="decide without the learned judge")
    parser.add_argument(
        "--documents", type=int, help="articles read per headline (default: the service's max_documents)"
    )
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="passage vectors and attributions")
    args = parser.parse_args(argv)
    if args.documents is not None and args.documents < 1:
        parser.error("--documents must be at least 1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    split = load_split(args.mirrors, args.split, args.limit_bodies)
    headlines = len({p.headline for p in split.pairs})
    print(f"FNC-1 {args.split}: {len(split.bodies)} bodies, {len(split.pairs)} pairs, {headlines} headlines")
    started = time.perf_counter()
    scorer = build(args, split)
    built = time.perf_counter() - started
    print(
        f"corpus: {len(scorer.corpus.entries)} passages, built in {built:.0f} s; judge: {scorer.versions.judge}"
    )
    started = time.perf_counter()
    predicted, unscorable = label_pairs(scorer, split)
    seconds = time.perf_counter() - started
    print(f"scored {headlines} headlines in {seconds:.0f} s ({unscorable} could not be scored)\n")
    report([p.label for p in split.pairs], predicted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
