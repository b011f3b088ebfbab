"""The claim-evidence judge's cost: its own throughput (int8 vs fp32), and what it adds to a miss and a draft.

1. Throughput in pairs/s of the packaged int8 judge and, with --fp32, the same classifier before
   quantisation (evaluation/judge_models.py runs it through the same tokenizer and session options), at
   judge batch sizes 1 (the service's: DEFAULT_BATCH_SIZE in scoring/judgement/judge.py), 8 and 16, on
   pairs the size the service sends: a ~20-word claim (a seed-corpus sentence of 15-25 words) and a
   passage with its context (context_of at the service's 400 characters, ~60-80 words) from another
   article. The two models alternate round by round, so each ratio comes from one run on one machine
   state.
2. The latency of a single-claim cache miss, `scorer.score(claim)`, p50/p95 over the seed dev claims, and
   of a ~1,000-word draft check, `scorer.check(text)` (every seed dev claim, paragraphs of five), p50
   over --draft-runs, on the seed corpus, with the judge and with it disabled (judge_enabled=False),
   the two interleaved call by call. Each scorer and each draft run gets its own parse cache, so every
   call is a miss, as for a claim or draft the service has not seen.

Run: python -m bench.judge_bench [--fp32 PATH] [--rounds 5] [--pairs 128] [--claims 50] [--draft-runs 3]

Without --fp32 only int8 is measured; an fp32 model comes from the export:
python -m training.judge.export --init <model dir> --trained <variant>.safetensors --log <variant>.log.json
--recipe <data dir>/recipe.json --out <dir> --fp32 PATH
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from evaluation.devset import DEFAULT_DEVSET, load_devset
from evaluation.judge_models import FP32_HOW_TO, fp32_twin
from scoring import Attributor, CachingParser, ReliabilityScorer, SpacyParser
from scoring.corpus.gathering import context_of
from scoring.judgement.judge import Judge, OnnxJudge

BATCH_SIZES = (1, 8, 16)
CLAIM_WORDS = (15, 25)  # claim-sized corpus sentences
MIN_PREMISE_WORDS = 50  # a passage with its neighbours, as the judge reads it (the 400-character context)
WARM_UP = 5
SENTENCES_PER_PARAGRAPH = 5


def realistic_pairs(scorer: ReliabilityScorer, count: int) -> list[tuple[str, str]]:
    """(passage with context, claim) pairs from the seed corpus: the claim always from another article."""
    corpus = scorer.corpus
    context = scorer.config.gathering.context_chars
    claims = [
        (e.document.doc_id, e.passage.text)
        for e in corpus.entries
        if CLAIM_WORDS[0] <= len(e.passage.text.split()) <= CLAIM_WORDS[1]
    ]
    premises = [(e.document.doc_id, context_of(corpus, e, context)) for e in corpus.entries]
    premises = [(doc, text) for doc, text in premises if len(text.split()) >= MIN_PREMISE_WORDS]
    pairs = []
    for i in range(count):
        doc, premise = premises[i % len(premises)]
        claim = next(c for d, c in claims[i % len(claims) :] + claims if d != doc)
        pairs.append((premise, claim))
    return pairs


def throughput(judges: dict[str, OnnxJudge], pairs: list[tuple[str, str]], rounds: int) -> dict[str, float]:
    """Median pairs/s per (model, batch size), the models alternating within each round."""
    rates: dict[str, list[float]] = {}
    for judge in judges.values():
        judge.judge(pairs[:16])  # warm-up: onnxruntime sizes its buffers on the first runs
    for _ in range(rounds):
        for batch in BATCH_SIZES:
            for name, judge in judges.items():
                sized = dataclasses.replace(judge, batch_size=batch)
                started = time.perf_counter()
                sized.judge(pairs)
                rates.setdefault(f"{name} batch {batch}", []).append(
                    len(pairs) / (time.perf_counter() - started)
                )
    return {key: statistics.median(values) for key, values in rates.items()}


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1e3


def latencies(
    fresh: Callable[[Judge | None], ReliabilityScorer],
    judge: Judge,
    claims: list[str],
    draft: str,
    draft_runs: int,
) -> dict[str, list[float]]:
    """Milliseconds per claim miss and per draft check, with and without the judge, interleaved."""
    scorers = {"judge": fresh(judge), "rules": fresh(None)}
    for scorer in scorers.values():
        for claim in claims[:WARM_UP]:
            scorer.score(claim)
    out: dict[str, list[float]] = {}
    for i, claim in enumerate(claims[WARM_UP:]):
        order = list(scorers.items()) if i % 2 == 0 else list(scorers.items())[::-1]
        for name, scorer in order:
            out.setdefault(f"claim {name}", []).append(_timed(lambda s=scorer, c=claim: s.score(c)))
    for run in range(draft_runs):
        names = ["judge", "rules"] if run % 2 == 0 else ["rules", "judge"]
        for name in names:
            scorer = fresh(judge if name == "judge" else None)  # a cold parse cache: a draft never seen
            out.setdefault(f"draft {name}", []).append(_timed(lambda s=scorer: s.check(draft)))
    return out


def draft_of(claims: list[str]) -> str:
    paragraphs = [
        " ".join(claims[i : i + SENTENCES_PER_PARAGRAPH])
        for i in range(0, len(claims), SENTENCES_PER_PARAGRAPH)
    ]
    return "\n\n".join(paragraphs)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--fp32", type=Path, help="an fp32 ONNX export of the packaged judge")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pairs", type=int, default=128, help="pairs per throughput measurement")
    parser.add_argument("--claims", type=int, default=50, help="seed dev claims timed (after 5 warm-up)")
    parser.add_argument("--draft-runs", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from service.app import build_scorer
    from service.settings import get_settings

    settings = get_settings().model_copy(update={"judge_enabled": True, "judge_model_dir": None})
    base = build_scorer(settings)
    judge = base.judge
    if not isinstance(judge, OnnxJudge):
        raise SystemExit(f"the packaged ONNX judge did not load: {judge!r}")
    spacy = SpacyParser.load(settings.parser_model)

    def fresh(with_judge: Judge | None) -> ReliabilityScorer:
        attributor = Attributor(
            base.outlets.media_aliases(), parser=CachingParser(spacy, settings.parser_cache_entries)
        )
        return ReliabilityScorer(
            base.embedder, base.corpus, base.outlets, attributor, base.config, with_judge
        )

    pairs = realistic_pairs(base, args.pairs)
    tokens = [len(judge.tokenizer.encode(p, c).ids) for p, c in pairs]
    print(
        f"judge {judge.model_id}; {os.cpu_count()} CPUs; {len(pairs)} pairs: claim "
        f"{statistics.mean(len(c.split()) for _, c in pairs):.0f} words, passage with context "
        f"{statistics.mean(len(p.split()) for p, _ in pairs):.0f} words, {statistics.mean(tokens):.0f} word pieces"
    )
    judges = {"int8": judge}
    if args.fp32:
        judges["fp32"] = fp32_twin(judge, args.fp32)
    else:
        print(f"(no --fp32: int8 only; an fp32 model comes from `{FP32_HOW_TO}`)")
    rates = throughput(judges, pairs, args.rounds)
    print("\nthroughput, pairs/s (median of rounds)")
    print(
        f"  {'batch':>5}"
        + "".join(f"{name:>9}" for name in judges)
        + ("  int8/fp32" if len(judges) > 1 else "")
    )
    for batch in BATCH_SIZES:
        row = [rates[f"{name} batch {batch}"] for name in judges]
        ratio = f"{row[0] / row[1]:>11.2f}" if len(row) > 1 else ""
        print(f"  {batch:>5}" + "".join(f"{r:>9.1f}" for r in row) + ratio)

    items = load_devset(DEFAULT_DEVSET)
    claims = [item.claim for item in items][: WARM_UP + args.claims]
    draft = draft_of([item.claim for item in items])
    timings = latencies(fresh, judge, claims, draft, args.draft_runs)
    print(f"\nlatency, ms, seed corpus ({len(base.corpus.entries)} passages)")
    print(f"  {'':<32}{'judge':>10}{'rules':>10}")
    for what, label in (("claim", f"score(claim) p50, {args.claims} claims"),):
        for share, name in ((0.5, "p50"), (0.95, "p95")):
            j = _percentile(timings[f"{what} judge"], share)
            r = _percentile(timings[f"{what} rules"], share)
            print(f"  {label.replace('p50', name):<32}{j:>10.1f}{r:>10.1f}")
    words = len(draft.split())
    j, r = statistics.median(timings["draft judge"]), statistics.median(timings["draft rules"])
    print(f"  {f'check({words} words) p50, {args.draft_runs} runs':<32}{j:>10.0f}{r:>10.0f}")
    print(f"\n$ python -m bench.judge_bench {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
