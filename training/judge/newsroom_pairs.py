"""Judge training pairs from the newsroom set's train split: claims in a reporter's words against passages.

    python -m training.judge.newsroom_pairs --recipe .judge-data --out .judge-newsroom [--recipe-pairs 24000]

Each train claim is paired with passages of its own article as the service hands them to the judge (a
sentence with its neighbours, up to the service's context length), in both versions of the article:

- the sentence(s) that settle it, joined where the label names several: entails or contradicts;
- the sentences of the article most like the claim that do not settle it, and are not next to one that
  does (a neighbour's context would carry the answer): neutral, the hard negatives of the task;
- the passages of other train articles most like the claim: neutral.

An `open` claim is neutral against every passage. These pairs are mixed with a sample of the recipe's own
training pairs (build_data.py), so the judge keeps what it learnt there, and written in the same grouped
format; the dev file is a sample of the recipe's dev file (the newsroom dev articles are held out of
training). Only the
train split is read here: the dev split is what the decision is fitted on, the test split is for the report.
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
import re
from collections import Counter
from pathlib import Path

from evaluation import newsroom
from training.judge.build_data import write_grouped
from training.judge.contrasts import CONTRADICTS, ENTAILS, NEUTRAL, Example
from training.judge.train import LABELS

CONTEXT_CHARS = 400  # as GatheringConfig.context_chars: what the judge reads around a passage
HARD_NEUTRALS = 3  # per claim and version
# The settling pairs are the few that teach the task (a claim in other words, or at odds with its source);
# the neutrals are many. Seen this many times per epoch.
SETTLING_REPEATS = 3
FOREIGN_NEUTRALS = 2  # per claim
_WORD = re.compile(r"[a-z0-9]+")
_STANCE_LABEL = {"supports": ENTAILS, "contradicts": CONTRADICTS}


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 3}


def _with_context(sentences: list[str], index: int) -> str:
    """The sentence with its previous, then next, sentence where they fit (as gathering.context_of)."""
    text = sentences[index]
    if index > 0 and len(text) + len(sentences[index - 1]) < CONTEXT_CHARS:
        text = f"{sentences[index - 1]} {text}"
    if index + 1 < len(sentences) and len(text) + len(sentences[index + 1]) < CONTEXT_CHARS:
        text = f"{text} {sentences[index + 1]}"
    return text


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in newsroom.sentence_spans(text)]


def claim_examples(
    claim: newsroom.NewsroomClaim,
    article: newsroom.Article,
    others: list[tuple[str, str]],
    rng: random.Random,
) -> list[Example]:
    """The pairs of one claim; `others` are (article id, passage) of other train articles."""
    out: list[Example] = []
    key = f"newsroom:{claim.article_id}"
    words = _words(claim.claim)
    for version in newsroom.VERSIONS:
        sentences = _sentences(article.texts[version])
        label = claim.labels[version]
        settling = [i for i in label.sentences if 0 <= i < len(sentences)]
        if label.stance in _STANCE_LABEL and settling:
            if len(settling) == 1:
                premise = _with_context(sentences, settling[0])
            else:
                premise = " ".join(sentences[i] for i in sorted(settling))
            example = Example(
                premise, claim.claim, _STANCE_LABEL[label.stance], f"newsroom_{claim.kind}", key
            )
            out.extend([example] * SETTLING_REPEATS)
        near = {j for i in settling for j in (i - 1, i, i + 1)}
        if label.stance == "open":
            near = set()  # nothing in this version settles the claim: every passage is neutral
        candidates = [i for i in range(len(sentences)) if i not in near and len(sentences[i].split()) >= 5]
        candidates.sort(key=lambda i: -len(words & _words(sentences[i])))
        for i in candidates[:HARD_NEUTRALS]:
            out.append(
                Example(_with_context(sentences, i), claim.claim, NEUTRAL, "newsroom_same_article", key)
            )
    foreign = sorted(rng.sample(others, min(400, len(others))), key=lambda o: -len(words & _words(o[1])))
    for _, passage in foreign[:FOREIGN_NEUTRALS]:
        out.append(Example(passage, claim.claim, NEUTRAL, "newsroom_other_article", key))
    return out


def newsroom_examples(seed: int) -> list[Example]:
    rng = random.Random(seed)
    articles = {a.article_id: a for a in newsroom.load_articles("train")}
    others = [
        (a.article_id, _with_context(sentences, i))
        for a in articles.values()
        for sentences in [_sentences(a.texts["adv"])]
        for i in range(len(sentences))
    ]
    out: list[Example] = []
    for claim in newsroom.load_claims("train"):
        pool = [o for o in others if o[0] != claim.article_id]
        out.extend(claim_examples(claim, articles[claim.article_id], pool, rng))
    return out


def recipe_sample(recipe: Path, count: int, seed: int, split: str = "train") -> list[Example]:
    rows = []
    with lzma.open(recipe / f"{split}.jsonl.xz", "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            for hypothesis, label, kind in row["h"]:
                rows.append(Example(row["p"], hypothesis, label, kind, f"{row['s']}:recipe"))
    random.Random(seed).shuffle(rows)
    return rows[:count]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recipe", type=Path, required=True, help="build_data's output folder")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--recipe-pairs", type=int, default=24_000, help="recipe pairs mixed in")
    parser.add_argument("--dev-pairs", type=int, default=3_000, help="recipe dev pairs to check the run on")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    news = newsroom_examples(args.seed)
    mixed = news + recipe_sample(args.recipe, args.recipe_pairs, args.seed)
    random.Random(args.seed).shuffle(mixed)
    args.out.mkdir(parents=True, exist_ok=True)
    write_grouped(args.out / "train.jsonl.xz", mixed)
    # A sample of the recipe's dev pairs: enough to see the run is sound, cheap enough for a CPU epoch end.
    dev = recipe_sample(args.recipe, args.dev_pairs, args.seed, "dev")
    write_grouped(args.out / "dev.jsonl.xz", dev)
    counts = {
        "newsroom_pairs": len(news),
        "newsroom_labels": dict(Counter(e.label for e in news)),
        "newsroom_kinds": dict(sorted(Counter(e.kind for e in news).items())),
        "recipe_pairs": len(mixed) - len(news),
        "dev_pairs": len(dev),
        "labels": list(LABELS),
        "seed": args.seed,
    }
    (args.out / "newsroom_recipe.json").write_text(json.dumps(counts, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(counts, indent=2))


if __name__ == "__main__":
    main()
