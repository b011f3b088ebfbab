"""Scoring through the cache: canonical keys, per-claim reuse, one model batch for all misses.

Each result travels as the JSON bytes of one ScoreResult (mapping.score_result_json), the form the
cache stores: a hit is answered without decoding anything, and only the "cached" member is added, which
makes it the JSON of a ScoreResponse.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from starlette.concurrency import run_in_threadpool

from scoring import ReliabilityScorer, SourceRef
from scoring.outlets import OutletRating
from scoring.report import summarise
from scoring.stage_clock import StageHook
from service.adapters.cache import ScoreCache, cache_key
from service.adapters.single_flight import SingleFlight
from service.api.mapping import check_response, digest_of, score_result_json
from service.api.schemas.requests import SourceIn
from service.api.schemas.responses import CheckResponse, ScoreResponse


def source_ref(source: SourceIn | None) -> SourceRef | None:
    if source is None:
        return None
    return SourceRef(url=source.url, outlet=source.outlet)


def with_cached_flag(payload: bytes, cached: bool) -> bytes:
    """The result object with its "cached" member appended (payload is a non-empty JSON object)."""
    if not (payload.startswith(b"{") and payload.endswith(b"}")) or payload == b"{}":
        raise ValueError("a cached result must be a non-empty JSON object")
    return payload[:-1] + (b',"cached":true}' if cached else b',"cached":false}')


def _source_key(rating: OutletRating) -> str:
    """Keyed by the whole resolved rating, not the raw URL: every article URL that gets one rating scores
    the same, while URLs that one outlet's path rows rate differently (aawsat.com/english and the rest of
    aawsat.com) never share a result. The rating is a frozen value whose repr names every field the
    scorer reads (domain, name, prior, confidence, sources, flags, source type)."""
    return hashlib.sha256(repr(rating).encode("utf-8", "surrogatepass")).hexdigest()


async def score_claims(
    scorer: ReliabilityScorer,
    cache: ScoreCache,
    flight: SingleFlight,
    claims: Sequence[str],
    sources: Sequence[SourceIn | None],
    *,
    on_stage: StageHook | None = None,
) -> list[bytes]:
    """Each claim's result as JSON bytes, in order, with its 'cached' flag; misses share one scoring batch.

    ``on_stage`` times the scoring stages of the miss batch (the service's metrics pass one).
    BatchTooLarge beyond the configured batch limit (SCORER_MAX_BATCH_ITEMS)."""
    scorer.validate_batch_size(len(claims))
    texts = [scorer.validate_claim(c) for c in claims]
    ratings = [scorer.rate_source(source_ref(s)) for s in sources]
    return await _score_texts(scorer, cache, flight, texts, ratings, on_stage)


async def _score_texts(
    scorer: ReliabilityScorer,
    cache: ScoreCache,
    flight: SingleFlight,
    texts: Sequence[str],
    ratings: Sequence[OutletRating],
    on_stage: StageHook | None = None,
) -> list[bytes]:
    keys = [
        cache_key("claim", scorer.versions, t, _source_key(r)) for t, r in zip(texts, ratings, strict=True)
    ]
    results: list[bytes | None] = []
    for key in keys:
        hit = await cache.get(key)
        results.append(with_cached_flag(hit, cached=True) if hit is not None else None)
    misses = [i for i, r in enumerate(results) if r is None]
    if misses:
        batch_key = "|".join(keys[i] for i in misses)

        def score_misses() -> list[bytes]:
            # Mapped to JSON in the worker thread too, so the event loop only moves bytes.
            assessments = scorer.score_rated(
                [texts[i] for i in misses], [ratings[i] for i in misses], on_stage=on_stage
            )
            return [score_result_json(a) for a in assessments]

        async def compute() -> list[bytes]:
            payloads = await run_in_threadpool(score_misses)
            for i, payload in zip(misses, payloads, strict=True):
                await cache.set(keys[i], payload)
            return payloads

        computed: list[bytes] = await flight.run(batch_key, compute)
        for i, payload in zip(misses, computed, strict=True):
            results[i] = with_cached_flag(payload, cached=False)
    return [r for r in results if r is not None]


async def check_draft(
    scorer: ReliabilityScorer,
    cache: ScoreCache,
    flight: SingleFlight,
    text: str,
    source: SourceIn | None,
    *,
    on_stage: StageHook | None = None,
) -> CheckResponse:
    """Score a draft sentence by sentence through the cache, so editing one sentence re-scores only it."""
    claims = scorer.validate_draft(text)
    rating = scorer.rate_source(source_ref(source))
    worthy = [c for c in claims if c.is_check_worthy]
    worthy_texts = [scorer.claim_text(c) for c in worthy]
    scored = iter(await _score_texts(scorer, cache, flight, worthy_texts, [rating] * len(worthy), on_stage))
    results = [ScoreResponse.model_validate_json(next(scored)) if c.is_check_worthy else None for c in claims]
    summary = summarise([digest_of(r) if r is not None else None for r in results])
    return check_response(claims, results, summary, scorer.versions)
