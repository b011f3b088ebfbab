"""What the HTTP benchmarks send, and how they time it: real claim-like text none of the corpora holds,
1,000-word drafts, and sequential timed calls."""

from __future__ import annotations

import time
from collections.abc import Sequence

import httpx

from bench import synthetic_corpus

DRAFT_WORDS = 1_000


def unique_claims(count: int) -> list[str]:
    """Tweets from the CheckThat query sets: real claim-like text, none of it in any corpus we build."""
    from evaluation.checkthat_data import load_2020, load_2022
    from scoring.claims.normalise import normalise_claim

    root = synthetic_corpus.EVAL_ROOT / "checkthat-claim-retrieval"
    seen: dict[str, None] = {}
    for collection in (load_2020(root), load_2022(root)):
        for sets in collection.splits.values():
            for query_set in sets:
                for tweet in query_set.queries.values():
                    text = normalise_claim(tweet)[:1_900]
                    if len(text.split()) >= 5:
                        seen.setdefault(text, None)
    claims = list(seen)
    if len(claims) < count:
        raise ValueError(f"only {len(claims)} distinct claims available")
    return claims[:count]


def drafts(count: int, words: int = DRAFT_WORDS) -> list[str]:
    """`count` drafts of about `words` words, paragraphs of five sentences, no sentence shared between drafts."""
    pool = synthetic_corpus.real_sentences()[
        ::-1
    ]  # the tail: news-like CLIMATE-FEVER and AVeriTeC text first
    out, position = [], 0
    for _ in range(count):
        chosen: list[str] = []
        while sum(len(s.split()) for s in chosen) < words:
            chosen.append(pool[position])
            position += 1
        paragraphs = [" ".join(chosen[i : i + 5]) for i in range(0, len(chosen), 5)]
        out.append("\n\n".join(paragraphs))
    return out


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def timed_posts(
    client: httpx.Client, url: str, bodies: Sequence[dict[str, object]], max_seconds: float
) -> list[float]:
    """Sequential POSTs (one in flight), milliseconds each; stops at the time bound."""
    latencies: list[float] = []
    deadline = time.perf_counter() + max_seconds
    for body in bodies:
        if time.perf_counter() > deadline:
            break
        started = time.perf_counter()
        response = client.post(url, json=body)
        latencies.append((time.perf_counter() - started) * 1e3)
        response.raise_for_status()
    return latencies


def timed_calls(fn: object, inputs: Sequence[object], max_seconds: float) -> list[float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + max_seconds
    for item in inputs:
        if time.perf_counter() > deadline:
            break
        started = time.perf_counter()
        fn(item)  # type: ignore[operator]
        latencies.append((time.perf_counter() - started) * 1e3)
    return latencies
