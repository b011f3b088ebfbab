"""What the spaCy parser costs: per sentence, and for the draft check's parse of a 1,000-word draft.

The draft is built from the packaged seed corpus's sentences (about 1,000 words, about 60 sentences,
cut at a sentence boundary). Timed in one process, after a warm-up:

* parse: ``SpacyParser.parse_many`` over every sentence of the draft (what a cold draft costs at most);
* check-worthiness: ``classify_sentences`` with the parser (it parses only the sentences the text rules
  leave open);
* attribution: ``Attributor.attribute_many`` over the check-worthy sentences (it parses only those with
  a cue word);
* the draft check's whole parser share, the two together, through the service's ``CachingParser`` (a
  fresh one each round, so every round parses each sentence once, as a new draft does).

Prints the median and the slowest of ``--rounds`` rounds, and milliseconds per sentence. The machine's
other load moves these figures; compare only runs made side by side.

Run: python -m bench.parser_bench [--rounds 20] [--words 1000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from scoring import Attributor, CachingParser, OutletTable, SpacyParser, load_manifest
from scoring.claims import classify_sentences
from scoring.text.canonical import normalise_text
from scoring.text.sentences import split_sentences

PACKAGED = Path(__file__).resolve().parent.parent / "scoring" / "data"


def draft_sentences(words: int) -> list[str]:
    documents = load_manifest(PACKAGED / "corpus" / "manifest.json")
    sentences: list[str] = []
    total = 0
    for document in documents:
        for sentence in split_sentences(document.text):
            if total >= words:
                return sentences
            sentences.append(sentence.text)
            total += len(sentence.text.split())
    return sentences


def main() -> None:
    parser_args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser_args.add_argument("--rounds", type=int, default=20)
    parser_args.add_argument("--words", type=int, default=1000)
    args = parser_args.parse_args()
    started = time.perf_counter()
    parser = SpacyParser.load()
    load_seconds = time.perf_counter() - started
    outlets = OutletTable.from_csv(
        PACKAGED / "outlets" / "outlet_priors.csv", PACKAGED / "outlets" / "aliases.csv"
    )
    sentences = draft_sentences(args.words)
    parser.parse_many(sentences)  # warm-up
    timings: dict[str, list[float]] = {
        "parse_all": [],
        "checkworthiness": [],
        "attribution": [],
        "draft_check": [],
    }
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        parser.parse_many(sentences)
        cached = CachingParser(parser)
        attributor = Attributor(outlets.media_aliases(), parser=cached)
        t1 = time.perf_counter()
        reasons = classify_sentences(sentences, cached)
        t2 = time.perf_counter()
        attributor.attribute_many(
            [normalise_text(s) for s, r in zip(sentences, reasons, strict=True) if r == "factual"]
        )
        t3 = time.perf_counter()
        timings["parse_all"].append(t1 - t0)
        timings["checkworthiness"].append(t2 - t1)
        timings["attribution"].append(t3 - t2)
        timings["draft_check"].append(t3 - t1)
    n = len(sentences)
    report = {
        "model": parser.model_id,
        "load_seconds": round(load_seconds, 2),
        "sentences": n,
        "words": sum(len(s.split()) for s in sentences),
        "check_worthy": sum(r == "factual" for r in classify_sentences(sentences, parser)),
        **{
            name: {
                "p50_ms": round(1000 * statistics.median(values), 1),
                "max_ms": round(1000 * max(values), 1),
                "p50_ms_per_sentence": round(1000 * statistics.median(values) / n, 2),
            }
            for name, values in timings.items()
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
