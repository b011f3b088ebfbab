"""Verdict accuracy on the newsroom set: claims written in a reporter's own words about news articles.

Each article of a split is in the corpus twice, as two outlets: its advanced text (close to the Guardian
original) and its intermediate rewrite by another writer, which says the same story in other words and
drops some details (evaluation/data/newsroom/LABELLING.md). A claim's expected verdict follows from its
labels against the two versions: contradicted by either -> contested; supported by both -> corroborated;
by one -> single_source; otherwise unverified. The rest of the split's articles are in the corpus too, so
every claim is scored against a few dozen unrelated stories as well.

What the two-outlet set-up measures: whether the service finds a fact in two differently worded reports
and counts them as two origins. The rewrite often keeps a sentence almost word for word, and two outlets
carrying one text are one origin to the service (near-duplicate passages, scoring/corpus/duplicates.py),
as wire copy is to an editor; so where a settling sentence of one version is a copy of one of the other's
(the same word 3-shingle Jaccard the service groups copies at, computed on the labelled sentences), a
claim both versions support expects `single_source` (`NewsroomClaim.copied`). The accuracy counting each
version as an origin however it is worded (`labelled_accuracy`, the figure reported before the copies
were told apart) is printed beside it. It does not test whether two outlets are truly independent (the
rewrite is of one article); the seed corpus's cross-outlet claims do that. Where both versions quote the
same person or body, the service rightly counts one origin (the quote), so a claim both support can
still come back `single_source`; the stance figures beside the verdicts (supported, contradicted, open:
what the judgement found, whatever the origin count) separate the judgement from the counting.

Run: ``python -m evaluation.newsroom`` (dev split); ``--split test`` once per design; ``--rules`` without
the judge; ``--judge DIR`` for another judge directory (its decision.json beside it).
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evaluation.devset import assess_all
from scoring import ReliabilityScorer
from scoring.corpus import Document
from scoring.corpus.duplicates import NEAR_DUPLICATE_JACCARD, shingles
from scoring.report import VERDICTS
from scoring.retrieval.lance_index import LanceEngine
from scoring.text.sentences import split_sentences

DATA = Path(__file__).parent / "data" / "newsroom"
DEFAULT_CACHE = Path("var/eval-cache/newsroom")
# The two versions as two outlets; the domains are the publishers' own (both texts are the Guardian's
# story, one as OneStopEnglish rewrote it).
VERSIONS = {
    "adv": ("theguardian.com", "The Guardian"),
    "int": ("onestopenglish.com", "OneStopEnglish"),
}
STANCES = ("supports", "contradicts", "open")
# What a verdict says the corpus does with the claim, whatever the count of origins.
CLAIM_STANCE = {
    "corroborated": "supported",
    "single_source": "supported",
    "contested": "contradicted",
    "unverified": "open",
}


@dataclass(frozen=True, slots=True)
class Article:
    article_id: str
    split: str
    texts: dict[str, str]  # version -> text


@dataclass(frozen=True, slots=True)
class Label:
    stance: str
    sentences: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class NewsroomClaim:
    claim_id: str
    article_id: str
    claim: str
    kind: str
    labels: dict[str, Label]  # version -> its label
    # A settling sentence of one version is a copy of one of the other's: one text, so one origin.
    copied: bool = False

    @property
    def verdict(self) -> str:
        """What the service should answer: two versions that carry one text are one origin."""
        labelled = self.labelled_verdict
        return "single_source" if labelled == "corroborated" and self.copied else labelled

    @property
    def labelled_verdict(self) -> str:
        """The verdict counting each version that supports the claim as an origin, copy or not."""
        stances = [self.labels[v].stance for v in VERSIONS]
        if "contradicts" in stances:
            return "contested"
        supported = stances.count("supports")
        return "corroborated" if supported >= 2 else "single_source" if supported else "unverified"


def load_articles(split: str | None = None) -> list[Article]:
    out = []
    for line in (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if split is None or row["split"] == split:
            out.append(Article(row["id"], row["split"], {v: row[v] for v in VERSIONS}))
    return out


def load_claims(split: str) -> list[NewsroomClaim]:
    articles = {a.article_id: a for a in load_articles(split)}
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}  # each version split once
    out = []
    for line in (DATA / f"claims_{split}.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        labels = {}
        for version in VERSIONS:
            label = row[version]
            if label["stance"] not in STANCES:
                raise ValueError(f"{row['id']}: unknown stance {label['stance']!r}")
            labels[version] = Label(label["stance"], tuple(int(i) for i in label["sentences"]))
        article = articles.get(row["article"])
        copied = article is not None and settled_by_copies(article, labels, spans)
        out.append(NewsroomClaim(row["id"], row["article"], row["claim"], row["kind"], labels, copied))
    return out


def settled_by_copies(
    article: Article,
    labels: dict[str, Label],
    spans: dict[tuple[str, str], list[tuple[int, int]]] | None = None,
) -> bool:
    """Whether a sentence that settles the claim in one version is a near-duplicate of one that settles
    it in the other, by the rule the service groups copied passages with. `spans` caches each version's
    sentences across calls."""
    cache = {} if spans is None else spans
    settling = []
    for version in VERSIONS:
        text = article.texts[version]
        key = (article.article_id, version)
        if key not in cache:
            cache[key] = sentence_spans(text)
        cut = cache[key]
        indexes = labels[version].sentences
        settling.append([shingles(text[cut[i][0] : cut[i][1]]) for i in indexes if 0 <= i < len(cut)])
    first, second = settling
    return any(a and b and len(a & b) / len(a | b) >= NEAR_DUPLICATE_JACCARD for a in first for b in second)


def doc_id(article_id: str, version: str) -> str:
    return f"{article_id}/{version}"


def documents(articles: Sequence[Article]) -> list[Document]:
    return [
        Document(
            doc_id=doc_id(a.article_id, version),
            text=a.texts[version],
            outlet_domain=domain,
            outlet_name=name,
            outlet_basis="newsroom set",
        )
        for a in articles
        for version, (domain, name) in VERSIONS.items()
    ]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The article's sentences as the labels number them (evaluation.newsroom_articles)."""
    return [(s.start, s.end) for s in split_sentences(text)]


def passage_label(
    claim: NewsroomClaim, version: str, spans: Sequence[tuple[int, int]], start: int, end: int
) -> str:
    """What a passage of one version is to the claim: the stance of that version where the passage is
    (or overlaps) one of the sentences that settle it, else related."""
    label = claim.labels[version]
    if label.stance == "open":
        return "related"
    for index in label.sentences:
        if 0 <= index < len(spans) and spans[index][0] < end and start < spans[index][1]:
            return label.stance
    return "related"


def build_scorer(
    base: ReliabilityScorer, split: str, cache: Path = DEFAULT_CACHE, engine: LanceEngine | None = None
) -> ReliabilityScorer:
    return base.with_documents(
        documents(load_articles(split)),
        vector_cache_dir=cache / "vectors",
        attribution_cache_dir=cache / "attributions",
        passage_cache_dir=cache / "passages",
        engine=engine,
    )


@dataclass(frozen=True, slots=True)
class NewsroomResult:
    items: int
    accuracy: float
    labelled_accuracy: float  # against labelled_verdict: each supporting version an origin, copy or not
    copied: int  # claims both versions support with copied sentences (expected single_source)
    recall: dict[str, tuple[int, int]]  # expected verdict -> (correct, total)
    confusion: dict[str, dict[str, int]]
    per_kind: dict[str, tuple[int, int]]
    high_on_wrong: int  # claims the article contradicts that reached the high band
    stance_accuracy: float  # supported / contradicted / open (CLAIM_STANCE) right, origins aside
    stance_recall: dict[str, tuple[int, int]]  # expected claim stance -> (correct, total)
    errors: list[tuple[str, str, str, str]]  # (id, claim, expected, predicted)


def evaluate(scorer: ReliabilityScorer, claims: Sequence[NewsroomClaim]) -> NewsroomResult:
    assessments = assess_all(scorer, [c.claim for c in claims])
    confusion: dict[str, dict[str, int]] = {e: dict.fromkeys(VERDICTS, 0) for e in VERDICTS}
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    errors: list[tuple[str, str, str, str]] = []
    high_on_wrong = labelled_hits = 0
    stances: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for claim, assessment in zip(claims, assessments, strict=True):
        expected = claim.verdict
        stance = CLAIM_STANCE[expected]
        stances[stance][0] += int(CLAIM_STANCE[assessment.verdict] == stance)
        stances[stance][1] += 1
        confusion[expected][assessment.verdict] += 1
        correct = expected == assessment.verdict
        labelled_hits += int(claim.labelled_verdict == assessment.verdict)
        per_kind[claim.kind][0] += int(correct)
        per_kind[claim.kind][1] += 1
        high_on_wrong += int(expected == "contested" and assessment.band == "high")
        if not correct:
            errors.append((claim.claim_id, claim.claim, expected, assessment.verdict))
    recall: dict[str, tuple[int, int]] = {
        v: (confusion[v][v], sum(confusion[v].values())) for v in VERDICTS if sum(confusion[v].values())
    }
    hits = sum(confusion[v][v] for v in VERDICTS)
    return NewsroomResult(
        items=len(claims),
        accuracy=hits / len(claims) if claims else 0.0,
        labelled_accuracy=labelled_hits / len(claims) if claims else 0.0,
        copied=sum(c.copied and c.labelled_verdict == "corroborated" for c in claims),
        recall=recall,
        confusion=confusion,
        per_kind={k: (v[0], v[1]) for k, v in sorted(per_kind.items())},
        high_on_wrong=high_on_wrong,
        stance_accuracy=sum(ok for ok, _ in stances.values()) / len(claims) if claims else 0.0,
        stance_recall={k: (v[0], v[1]) for k, v in sorted(stances.items())},
        errors=errors,
    )


def format_result(result: NewsroomResult, show_errors: bool) -> str:
    lines = [
        f"{result.items} claims; verdict accuracy {result.accuracy:.3f}; "
        f"high band on a contradicted claim: {result.high_on_wrong}",
        f"counting a copied sentence as a second origin ({result.copied} claims expect corroborated, "
        f"not single_source): accuracy {result.labelled_accuracy:.3f}",
        "recall per expected verdict: "
        + ", ".join(f"{v} {ok / n:.3f} ({ok}/{n})" for v, (ok, n) in result.recall.items()),
        f"claim stance accuracy {result.stance_accuracy:.3f}: "
        + ", ".join(f"{s} {ok / n:.3f} ({ok}/{n})" for s, (ok, n) in result.stance_recall.items()),
        "",
        "confusion (rows expected, columns predicted):",
        " " * 16 + "".join(v[:12].rjust(14) for v in VERDICTS),
    ]
    for expected in VERDICTS:
        lines.append(
            expected.ljust(16) + "".join(str(result.confusion[expected][p]).rjust(14) for p in VERDICTS)
        )
    lines += ["", "per kind (correct/total):"]
    lines += [f"  {kind:<20} {ok}/{total}" for kind, (ok, total) in result.per_kind.items()]
    if show_errors:
        lines += ["", "errors:"]
        lines += [f"  {i} [{e} -> {p}] {c}" for i, c, e, p in result.errors]
    counts = Counter((e, p) for _, _, e, p in result.errors)
    lines += ["", "most common errors: " + ", ".join(f"{e}->{p} {n}" for (e, p), n in counts.most_common(6))]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--split", choices=("train", "dev", "test"), default="dev", help="test: once per design"
    )
    parser.add_argument("--rules", action="store_true", help="decide without the learned judge")
    parser.add_argument("--judge", type=Path, help="a judge model directory (default: the packaged judge)")
    parser.add_argument("--errors", action="store_true", help="list every wrong verdict")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="passage vectors and attributions")
    parser.add_argument(
        "--engine",
        choices=["in-house", "lancedb"],
        default="in-house",
        help="where dense search runs (lancedb: the embedded engine, as served, under --cache)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from service.app import build_scorer as build_service_scorer
    from service.settings import get_settings

    settings = get_settings()
    if args.rules or args.judge:
        settings = settings.model_copy(
            update={"judge_enabled": not args.rules, "judge_model_dir": args.judge}
        )
    engine = LanceEngine(args.cache / "engine") if args.engine == "lancedb" else None
    scorer = build_scorer(build_service_scorer(settings), args.split, args.cache, engine)
    claims = load_claims(args.split)
    print(
        f"newsroom {args.split}: {len(claims)} claims, {len(scorer.corpus.documents)} documents; judge: {scorer.versions.judge}"
    )
    print(format_result(evaluate(scorer, claims), args.errors))


if __name__ == "__main__":
    main()
