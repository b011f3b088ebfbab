"""Fit the decision (scoring/judgement/decision.py) on the newsroom set's dev split, for one judge.

    python -m training.decision.fit [--judge DIR] [--out scoring/data/judge/decision.json] [--split ...]

A judge trained on the newsroom train split (training/judge/newsroom_pairs.py) reads those claims better
than it will read new ones, so its decision is fitted on dev alone (the default). The packaged judge never
saw the newsroom set, so its decision is fitted on train and dev together (`--split train --split dev`):
four times the claims, and no reading it was trained on.

Every dev claim is retrieved and read exactly as the service does it (same corpus set-up as
evaluation/newsroom.py, same gathering, same judge calls, every finder clash tested), and each passage read
is labelled from the claim's labels: supports or contradicts where it is a sentence that settles the claim
in that version, related otherwise. A multinomial logistic regression over the decision's features is
fitted to those labels; its regularisation is chosen by cross-validation grouped by article, so the
figure it is chosen on never scores an article it was fitted on. The features are cached per judge and
claims file (`--cache`), so a refit after changing only the fit costs seconds, not a judge pass.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from evaluation import newsroom
from scoring.corpus.gathering import context_of, gather
from scoring.judgement.decision import (
    DECISION_LABELS,
    FEATURE_NAMES,
    PACKAGED_DECISION,
    PassageReading,
    evidential,
    features,
)
from scoring.judgement.judge import CONTRADICTS
from scoring.judgement.judged_stance import PassageToJudge, read_passages

C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
FOLDS = 5


def labelled_readings(
    scorer: Any, judge: Any, claims: list[newsroom.NewsroomClaim]
) -> tuple[list[PassageReading], list[str], list[str]]:
    """(readings, gold labels, article ids) for every passage the service reads for the claims."""
    config = scorer.config
    spans: dict[str, list[tuple[int, int]]] = {}
    readings: list[PassageReading] = []
    gold: list[str] = []
    groups: list[str] = []
    batch = 32
    for start in range(0, len(claims), batch):
        chunk = claims[start : start + batch]
        texts = [scorer.validate_claim(c.claim) for c in chunk]
        vectors = scorer.embedder.encode(texts)
        hits = scorer.corpus.search_many(texts, vectors, config.gathering.depth)
        gathered = [gather(h, config.judge.min_similarity, config.gathering) for h in hits]
        passages = [
            [
                PassageToJudge(
                    context_of(scorer.corpus, hit.entry, config.gathering.context_chars),
                    hit.entry.passage.text,
                    hit.similarity,
                )
                for hit in group
            ]
            for group in gathered
        ]
        for claim, group, claim_readings in zip(
            chunk, gathered, read_passages(judge, texts, passages, config.judge), strict=True
        ):
            for hit, reading in zip(group, claim_readings, strict=True):
                document = hit.entry.document
                article_id, version = document.doc_id.rsplit("/", 1)
                if article_id != claim.article_id:
                    label = "related"
                else:
                    if document.doc_id not in spans:
                        spans[document.doc_id] = newsroom.sentence_spans(document.text)
                    passage = hit.entry.passage
                    stance = newsroom.passage_label(
                        claim, version, spans[document.doc_id], passage.start, passage.end
                    )
                    label = {"supports": "supports", "contradicts": "contradicts"}.get(stance, "related")
                readings.append(reading)
                gold.append(label)
                groups.append(claim.article_id)
    return readings, gold, groups


def edited_readings(
    scorer: Any, judge: Any, claims: list[newsroom.NewsroomClaim]
) -> tuple[list[PassageReading], list[str], list[str]]:
    """(readings, gold labels, article ids) for the claims' supported versions edited as the stance probe
    edits a claim (evaluation/stance_edits.py): a figure, date or negation changed where the passage
    anchors it contradicts, "15" -> "fifteen" or "at least 15" still supports. Read against the settling
    sentence(s) with their neighbours, as the service hands them over.

    The newsroom claims hold few changed figures against their own sentence (129 contradicting passages
    in the first fit), and a decision fitted on them alone learnt to call almost nothing a contradiction
    (stance probe recall 0.04); these pairs show it what a swap that moves the judge looks like.

    A changed copy is kept only where the service could see the change: a finder's clash on the edited
    span that the judge tested, or the judge itself reading a contradiction. Where neither happens (the
    judge reads the pair as unrelated, so no clash is tested) nothing in the reading tells the copy from an
    unrelated passage, and keeping it taught the decision to call close but unrelated passages
    contradictions."""
    from evaluation.stance_edits import EDITORS, Edited, Pair
    from evaluation.stance_probe import CONSISTENT_EDITS

    articles = {a.article_id: a for a in newsroom.load_articles()}
    context_chars = scorer.config.gathering.context_chars
    claims_text: list[str] = []
    passages: list[list[PassageToJudge]] = []
    gold: list[str] = []
    groups: list[str] = []
    edits: list[Edited] = []
    for claim in claims:
        for version, label in claim.labels.items():
            if label.stance != "supports" or not label.sentences:
                continue
            text = articles[claim.article_id].texts[version]
            spans = newsroom.sentence_spans(text)
            chosen = sorted(i for i in label.sentences if 0 <= i < len(spans))
            if not chosen:
                continue
            first, last = chosen[0], chosen[-1]
            passage = text[spans[first][0] : spans[last][1]]
            # As context_of (scoring/corpus/gathering.py) reads a passage: the previous, then the next
            # sentence, where they fit.
            premise = passage
            if first > 0 and len(premise) + spans[first - 1][1] - spans[first - 1][0] < context_chars:
                premise = f"{text[spans[first - 1][0] : spans[first - 1][1]]} {premise}"
            if (
                last + 1 < len(spans)
                and len(premise) + spans[last + 1][1] - spans[last + 1][0] < context_chars
            ):
                premise = f"{premise} {text[spans[last + 1][0] : spans[last + 1][1]]}"
            pair = Pair("newsroom", claim.claim_id, claim.claim, passage)
            for editor in EDITORS:
                for edited in editor(pair):
                    claims_text.append(edited.claim)
                    passages.append([PassageToJudge(premise, passage)])
                    gold.append("supports" if edited.kind in CONSISTENT_EDITS else "contradicts")
                    groups.append(claim.article_id)
                    edits.append(edited)
    if not claims_text:
        return [], [], []
    a = scorer.embedder.encode(claims_text)
    b = scorer.embedder.encode([group[0].text for group in passages])
    similarity = (a * b).sum(axis=1)
    passages = [
        [PassageToJudge(g[0].premise, g[0].text, float(sim))]
        for g, sim in zip(passages, similarity, strict=True)
    ]
    readings = [r[0] for r in read_passages(judge, claims_text, passages, scorer.config.judge)]
    kept = [
        i
        for i, (reading, edited) in enumerate(zip(readings, edits, strict=True))
        if gold[i] == "supports" or _visible(reading, edited)
    ]
    return [readings[i] for i in kept], [gold[i] for i in kept], [groups[i] for i in kept]


def _visible(reading: PassageReading, edited: Any) -> bool:
    """Whether the reading shows the edit: a tested clash on the edited span, or the judge's own
    contradiction."""
    if int(np.argmax(reading.probabilities)) == CONTRADICTS:
        return True
    return any(
        c.candidate.conflict.claim_span.start < edited.end
        and edited.start < c.candidate.conflict.claim_span.end
        for c in evidential(reading.clashes)
    )


def recipe_readings(
    scorer: Any, judge: Any, pairs_file: Path, limit: int, seed: int = 13
) -> tuple[list[PassageReading], list[str], list[str]]:
    """(readings, gold labels, premise groups) for a sample of the judge recipe's held-out pairs
    (build_data's dev file): edited news sentences and NLI pairs, not retrieval. A fallback, and a
    comparison: the newsroom split is what the packaged decision is fitted on."""
    import lzma
    import random

    rows = []
    with lzma.open(pairs_file, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            rows.extend((row["p"], h, label, row["p"][:80]) for h, label, _ in row["h"])
    random.Random(seed).shuffle(rows)
    rows = rows[:limit]
    premises = [r[0] for r in rows]
    claims = [r[1] for r in rows]
    a = scorer.embedder.encode(premises)
    b = scorer.embedder.encode(claims)
    similarity = (a * b).sum(axis=1)
    passages = [[PassageToJudge(p, p, float(s))] for p, s in zip(premises, similarity, strict=True)]
    readings = [r[0] for r in read_passages(judge, claims, passages)]
    to_stance = {"entails": "supports", "contradicts": "contradicts", "neutral": "related"}
    return readings, [to_stance[r[2]] for r in rows], [r[3] for r in rows]


def _cached(path: Path, read: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(features, labels, groups), read once per judge and claims file."""
    if path.is_file():
        saved = np.load(path)
        return saved["x"], saved["y"], saved["groups"]
    readings, gold, groups = read()
    x = np.asarray([features(r) for r in readings], dtype=np.float64).reshape(
        len(readings), len(FEATURE_NAMES)
    )
    y = np.asarray([DECISION_LABELS.index(g) for g in gold])
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, x=x, y=y, groups=np.asarray(groups))
    return x, y, np.asarray(groups)


def fit(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> tuple[Any, float, dict[str, float]]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.model_selection import GroupKFold

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    losses: dict[str, float] = {}
    folds = min(FOLDS, len(set(groups.tolist())))
    for c in C_GRID:
        total = 0.0
        for train, held in GroupKFold(n_splits=folds).split(z, y, groups):
            model = LogisticRegression(C=c, max_iter=2000).fit(z[train], y[train])
            total += log_loss(
                y[held], model.predict_proba(z[held]), labels=list(range(len(DECISION_LABELS)))
            ) * len(held)
        losses[str(c)] = total / len(y)
    best = min(C_GRID, key=lambda c: losses[str(c)])
    model = LogisticRegression(C=best, max_iter=2000).fit(z, y)
    model.mean_, model.scale_ = mean, scale
    return model, best, losses


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--judge", type=Path, help="a judge model directory (default: the packaged judge)")
    parser.add_argument("--out", type=Path, default=PACKAGED_DECISION)
    parser.add_argument(
        "--split", action="append", choices=("train", "dev"), help="default: dev (never the test split)"
    )
    parser.add_argument("--cache", type=Path, default=newsroom.DEFAULT_CACHE)
    parser.add_argument(
        "--no-edits", action="store_true", help="fit without the edited copies of supported claims"
    )
    parser.add_argument("--recipe-pairs", type=Path, help="fit on this build_data dev file instead")
    parser.add_argument("--limit", type=int, default=6000, help="pairs sampled from --recipe-pairs")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from service.adapters.judge import load_judge
    from service.app import build_scorer
    from service.settings import get_settings

    settings = get_settings().model_copy(update={"judge_enabled": True, "judge_model_dir": args.judge})
    judge = load_judge(settings)
    # The scorer only retrieves and gathers here; the decision being fitted is not loaded.
    settings = settings.model_copy(update={"judge_enabled": False})
    if judge is None:
        raise SystemExit("no judge to fit a decision for")
    judge_id = judge.model_id
    base = build_scorer(settings)
    started = time.perf_counter()
    parts = []
    claims: list[newsroom.NewsroomClaim] = []
    if args.recipe_pairs:
        source = f"judge recipe pairs {args.recipe_pairs.name} (a sample of {args.limit})"
        digest = hashlib.sha256(args.recipe_pairs.read_bytes()).hexdigest()[:12]
        parts.append(
            _cached(
                args.cache / f"decision-readings-{judge_id}-{digest}-{args.limit}.npz",
                lambda: recipe_readings(base, judge, args.recipe_pairs, args.limit),
            )
        )
    else:
        splits = args.split or ["dev"]
        source = f"newsroom {' and '.join(splits)} split (evaluation/data/newsroom), every passage the service reads"
        if not args.no_edits:
            source += ", and the supported claims edited as the stance probe edits (figure, date, negation)"
        for split in splits:
            split_claims = newsroom.load_claims(split)
            claims += split_claims
            digest = hashlib.sha256((newsroom.DATA / f"claims_{split}.jsonl").read_bytes()).hexdigest()[:12]
            scorer = newsroom.build_scorer(base, split, args.cache)
            parts.append(
                _cached(
                    args.cache / f"decision-readings-{judge_id}-{split}-{digest}.npz",
                    lambda scorer=scorer, split_claims=split_claims: labelled_readings(
                        scorer, judge, split_claims
                    ),
                )
            )
            if not args.no_edits:
                parts.append(
                    _cached(
                        args.cache / f"decision-edits-{judge_id}-{split}-{digest}.npz",
                        lambda scorer=scorer, split_claims=split_claims: edited_readings(
                            scorer, judge, split_claims
                        ),
                    )
                )
    x = np.concatenate([part[0] for part in parts])
    y = np.concatenate([part[1] for part in parts])
    groups_array = np.concatenate([part[2] for part in parts])
    seconds = time.perf_counter() - started
    gold = [DECISION_LABELS[i] for i in y]
    model, c, losses = fit(x, y, groups_array)
    classes = list(model.classes_)
    if classes != list(range(len(DECISION_LABELS))):
        raise SystemExit(f"the data lacks a label: {Counter(gold)}")
    import sklearn

    out = {
        "labels": list(DECISION_LABELS),
        "features": list(FEATURE_NAMES),
        "weights": model.coef_.tolist(),
        "bias": model.intercept_.tolist(),
        "mean": model.mean_.tolist(),
        "scale": model.scale_.tolist(),
        "fitted": {
            "on": source,
            "judge": judge_id,
            "claims": len(claims),
            "passages": dict(Counter(gold)),
            "C": c,
            "cv_log_loss": losses,
            "folds": f"{FOLDS}-fold, grouped by article",
            "reading_seconds": round(seconds, 1),
            "scikit_learn": sklearn.__version__,
            "command": "python -m training.decision.fit"
            + "".join(f" --split {split}" for split in args.split or [])
            + (f" --judge {args.judge}" if args.judge else "")
            + (" --no-edits" if args.no_edits else ""),
        },
    }
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out["fitted"], indent=1))
    print(f"-> {args.out}")


if __name__ == "__main__":
    main()
