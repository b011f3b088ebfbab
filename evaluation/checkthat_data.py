"""The CheckThat! claim-retrieval collections as this evaluation reads them: verified claims, tweets as
queries, gold judgements per split; copies of one claim collapsed to one.

Collections: 2020 task 2 (10,375 Snopes claims; train 800 / dev 197 / test 200 tweets) and 2022 task 2A
(14,231 claims; train 997 / dev 199 tweets). The 2022 release also carries the 2021 test set, renamed
"Dev-Test" (202 tweets), next to its own 2022 test set (209 tweets); the two are reported separately.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

SPLITS = ("train", "dev", "test")


@dataclass(frozen=True, slots=True)
class QuerySet:
    name: str
    queries: dict[str, str]  # query id -> raw tweet
    qrels: dict[str, dict[str, int]]  # query id -> {claim id: 1}


@dataclass(frozen=True, slots=True)
class Collection:
    name: str
    claim_ids: tuple[str, ...]
    claims: tuple[str, ...]
    titles: tuple[str, ...]
    splits: Mapping[str, tuple[QuerySet, ...]]


def _read_tsv(path: Path) -> list[list[str]]:
    # Fields with tabs, quotes or newlines are quoted the CSV way ("" escapes a quote).
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t"))


def _read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    for row in _read_tsv(path):
        query_id, _, claim_id, relevance = row[0].split() if len(row) == 1 else row
        qrels.setdefault(query_id, {})[claim_id] = int(relevance)
    return qrels


def _query_set(name: str, queries_path: Path, qrels_path: Path, *, has_header: bool) -> QuerySet:
    rows = _read_tsv(queries_path)[1 if has_header else 0 :]
    qrels = _read_qrels(qrels_path)
    queries = {row[0]: row[1] for row in rows if row[0] in qrels}
    missing = set(qrels) - set(queries)
    if missing:
        raise ValueError(f"{name}: {len(missing)} judged queries have no text")
    return QuerySet(name, queries, qrels)


def load_2020(root: Path) -> Collection:
    base = root / "2020-task2-en"
    rows = _read_tsv(base / "verified_claims.docs.tsv")[1:]
    splits = {
        split: (
            _query_set(
                f"2020 {split}",
                base / split / "tweets.queries.tsv",
                base / split / "tweet-vclaim-pairs.qrels",
                has_header=True,
            ),
        )
        for split in SPLITS
    }
    return Collection(
        "2020",
        tuple(r[0] for r in rows),
        tuple(r[1] for r in rows),
        tuple(r[2] for r in rows),
        splits,
    )


def load_2022(root: Path) -> Collection:
    base = root / "2022-task2a-en"
    records = [json.loads(line) for line in (base / "vclaims.jsonl").read_text(encoding="utf-8").splitlines()]
    train_dev = base / "CT2022-Task2A-EN-Train-Dev_Queries.tsv"
    splits = {
        "train": (
            _query_set("2022 train", train_dev, base / "CT2022-Task2A-EN-Train_QRELs.tsv", has_header=False),
        ),
        "dev": (
            _query_set("2022 dev", train_dev, base / "CT2022-Task2A-EN-Dev_QRELs.tsv", has_header=False),
        ),
        # The 2022 "Dev-Test" files are the CLEF-2021 test set; "Test" is the CLEF-2022 one. Their query ids
        # overlap (tweet-sno-1198..), so they must never be merged into one run.
        "test": (
            _query_set(
                "2021 test",
                base / "CT2022-Task2A-EN-Dev-Test_Queries.tsv",
                base / "CT2022-Task2A-EN-Dev-Test_QRELs.tsv",
                has_header=False,
            ),
            _query_set(
                "2022 test",
                base / "CT2022-Task2A-EN-Test_Queries.tsv",
                base / "CT2022-Task2A-EN-Test_Qrels_gold.tsv",
                has_header=False,
            ),
        ),
    }
    return Collection(
        "2022",
        tuple(r["vclaim_id"] for r in records),
        tuple(r["vclaim"] for r in records),
        tuple(r["title"] for r in records),
        splits,
    )


def collapse_duplicates(collection: Collection) -> Collection:
    """Index each distinct claim once, and point judgements on a copy at the copy that is kept.

    The 2020 collection holds 184 groups of claims that differ only in quote marks or case; 49 of 197 dev
    (190 of 800 train) gold claims sit in such a group, almost always as its first member, so without this
    step which copy ranks first decides MAP by a coin toss, and the re-ranker learns from noise.
    """

    def key(text: str) -> str:
        return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())

    kept: dict[str, int] = {}
    alias: dict[str, str] = {}
    for index, (claim_id, claim) in enumerate(zip(collection.claim_ids, collection.claims, strict=True)):
        first = kept.setdefault(key(claim), index)
        alias[claim_id] = collection.claim_ids[first]
    rows = sorted(kept.values())

    def remap(qs: QuerySet) -> QuerySet:
        qrels = {q: {alias[c]: r for c, r in judged.items()} for q, judged in qs.qrels.items()}
        return QuerySet(qs.name, qs.queries, qrels)

    return Collection(
        collection.name,
        tuple(collection.claim_ids[i] for i in rows),
        tuple(collection.claims[i] for i in rows),
        tuple(collection.titles[i] for i in rows),
        {split: tuple(remap(qs) for qs in sets) for split, sets in collection.splits.items()},
    )


def passage_text(claim: str, title: str) -> str:
    """What is indexed for one verified claim: the claim, then the fact-check's title when it adds words."""
    return claim if not title or title in claim else f"{claim} {title}"
