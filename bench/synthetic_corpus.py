"""A deterministic synthetic corpus of N evidence sentences built from public eval text, for load tests.

Sentences come from CheckThat verified claims and titles, CLIMATE-FEVER claims and evidence, and AVeriTeC
claims, justifications and answers. Beyond the real sentences, new ones are spliced from the first half of
one sentence and the second half of another, so any N is reachable and every passage is distinct. Each
sentence sits on its own line, so the passage splitter keeps it as one passage.

Run:  python -m bench.synthetic_corpus --passages 100000 --out /tmp/corpus100k [--warm]
``--warm`` builds the CorpusIndex once with the real model so its vectors land in the state directory
(var/bench-cache/state by default; the file name carries the corpus version and model id, i.e. content).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

# The public evaluation data sits in shared/ beside the checkout (../shared, as the README lays out).
EVAL_ROOT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "eval"
DEFAULT_STATE_DIR = Path("var/bench-cache/state")
SENTENCES_PER_DOCUMENT = 20
SEED = 20240601
# Sentences between these lengths are typical news sentences; shorter ones are dropped by the passage rules.
MIN_WORDS, MAX_WORDS = 6, 40
# Sentence punctuation inside a line would make the splitter cut it into two passages.
_INNER_STOP = re.compile(r"[.!?;:](?=\s)")
_OUTLETS_CSV = Path(__file__).resolve().parent.parent / "scoring" / "data" / "outlets" / "outlet_priors.csv"


def _clean(text: str) -> str | None:
    text = " ".join(text.split()).strip().strip('"“”')
    if not text:
        return None
    words = text.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return None
    body = text.rstrip(".!?")
    if _INNER_STOP.search(body) or not any(c.isalpha() for c in body):
        return None
    return body + "."


def _raw_sentences(root: Path) -> Iterator[str]:
    ct = root / "checkthat-claim-retrieval"
    with (ct / "2020-task2-en" / "verified_claims.docs.tsv").open(encoding="utf-8", newline="") as handle:
        for row in list(csv.reader(handle, delimiter="\t"))[1:]:
            yield from row[1:3]
    for line in (ct / "2022-task2a-en" / "vclaims.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        yield record["vclaim"]
        yield record["title"]
        yield record.get("subtitle") or ""
    for line in (root / "climate-fever" / "climate-fever.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        yield record["claim"]
        for evidence in record["evidences"]:
            yield evidence["evidence"]
    for record in json.loads((root / "averitec" / "dev.json").read_text(encoding="utf-8")):
        yield record["claim"]
        yield record.get("justification") or ""
        for question in record.get("questions", []):
            for answer in question.get("answers", []):
                yield answer.get("answer") or ""


def real_sentences(root: Path = EVAL_ROOT) -> list[str]:
    """Distinct cleaned sentences, in a fixed order."""
    seen: dict[str, str] = {}
    for raw in _raw_sentences(root):
        cleaned = _clean(raw)
        if cleaned is not None:
            seen.setdefault(cleaned.lower(), cleaned)
    return list(seen.values())


def sentences(count: int, root: Path = EVAL_ROOT) -> list[str]:
    """`count` distinct sentences: the real ones first, then splices of two real ones."""
    pool = real_sentences(root)
    rng = random.Random(SEED)
    out = pool[:count]
    seen = {s.lower() for s in out}
    while len(out) < count:
        a, b = rng.sample(pool, 2)
        wa, wb = a.rstrip(".").split(), b.rstrip(".").split()
        spliced = " ".join(wa[: max(3, len(wa) // 2)] + wb[len(wb) // 2 :]) + "."
        if spliced.lower() not in seen:
            seen.add(spliced.lower())
            out.append(spliced)
    rng.shuffle(out)
    return out


def _domains() -> list[str]:
    with _OUTLETS_CSV.open(encoding="utf-8", newline="") as handle:
        return [row["domain"] for row in csv.DictReader(handle)]


def write_corpus(out_dir: Path, passages: int, root: Path = EVAL_ROOT) -> Path:
    """Write documents of SENTENCES_PER_DOCUMENT lines and a manifest; returns the manifest path."""
    lines = sentences(passages, root)
    domains = _domains()
    rng = random.Random(SEED + 1)
    (out_dir / "docs").mkdir(parents=True, exist_ok=True)
    documents = []
    for number, start in enumerate(range(0, len(lines), SENTENCES_PER_DOCUMENT)):
        name = f"docs/{number:06d}.txt"
        (out_dir / name).write_text(
            "\n".join(lines[start : start + SENTENCES_PER_DOCUMENT]) + "\n", encoding="utf-8"
        )
        domain = rng.choice(domains)
        documents.append(
            {
                "id": f"syn-{number:06d}",
                "file": name,
                "outlet": {"domain": domain, "name": domain, "basis": "synthetic benchmark corpus"},
            }
        )
    manifest = out_dir / "manifest.json"
    manifest.write_text(
        json.dumps({"name": f"synthetic-{passages}", "documents": documents}), encoding="utf-8"
    )
    return manifest


def warm(manifest: Path, state_dir: Path) -> None:
    """Build the scorer once in-process so the corpus vectors are cached for later server starts."""
    from service.app import build_scorer
    from service.settings import Settings

    started = time.perf_counter()
    scorer = build_scorer(Settings(corpus_manifest=manifest, state_dir=state_dir))
    print(
        f"built corpus {scorer.corpus.version}: {len(scorer.corpus.entries)} passages "
        f"in {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR)
    parser.add_argument("--warm", action="store_true")
    args = parser.parse_args(argv)
    manifest = write_corpus(args.out, args.passages)
    print(manifest)
    if args.warm:
        warm(manifest, args.state_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
