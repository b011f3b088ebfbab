"""Scores the claim attribution against the project's own labelled sentences (evaluation/data/attribution_*).

The sets and the rules they were labelled by are described in evaluation/data/attribution_labelling.md.
Reported: agreement on the kind (on_record, media_report, anonymous, hedged, unattributed), which the
design targets at 95%; agreement on the source type (person, organisation, document, outlet, unnamed,
collective, none), where the attribution reports one; and the confusion of kinds.

    python -m evaluation.attribution_set --split dev     (tune on this)
    python -m evaluation.attribution_set --split test    (run once per design)
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scoring import Attribution, Attributor, OutletTable, SpacyParser
from scoring.text.parse import DEFAULT_SPACY_MODEL

DATA_DIR = Path(__file__).parent / "data"
KIND_TARGET = 0.95


@dataclass(frozen=True, slots=True)
class LabelledClaim:
    id: str
    text: str
    kind: str
    source_type: str


def load(split: str, data_dir: Path = DATA_DIR) -> list[LabelledClaim]:
    path = data_dir / f"attribution_{split}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [LabelledClaim(r["id"], r["text"], r["kind"], r["source_type"]) for r in rows]


def source_type_of(attribution: Attribution) -> str | None:
    """The attribution's source type ("none" with no source); None when the attributor types no sources."""
    if attribution.source_type is not None:
        return attribution.source_type
    return "none" if attribution.kind in ("hedged", "unattributed") else None


def service_attributor(*, use_parser: bool = True, model: str = DEFAULT_SPACY_MODEL) -> Attributor:
    """The attributor the service builds: packaged outlet table, news-outlet aliases, spaCy parser."""
    packaged = Path(__file__).resolve().parent.parent / "scoring" / "data" / "outlets"
    outlets = OutletTable.from_csv(packaged / "outlet_priors.csv", packaged / "aliases.csv")
    parser = SpacyParser.load(model) if use_parser else None
    return Attributor(outlets.media_aliases(), parser=parser)


def evaluate(attributor: Attributor, claims: Sequence[LabelledClaim]) -> dict[str, object]:
    confusion: Counter[tuple[str, str]] = Counter()
    type_confusion: Counter[tuple[str, str]] = Counter()
    wrong: list[tuple[str, str, str, str]] = []
    for claim in claims:
        attribution = attributor.attribute(claim.text)
        confusion[(claim.kind, attribution.kind)] += 1
        predicted_type = source_type_of(attribution)
        if predicted_type is not None:
            type_confusion[(claim.source_type, predicted_type)] += 1
        if attribution.kind != claim.kind:
            wrong.append((claim.id, claim.kind, attribution.kind, claim.text))
    total = sum(confusion.values())
    typed = sum(type_confusion.values())
    return {
        "kind_agreement": sum(n for (g, p), n in confusion.items() if g == p) / total if total else 0.0,
        "source_type_agreement": (
            sum(n for (g, p), n in type_confusion.items() if g == p) / typed if typed else None
        ),
        "claims": total,
        "confusion": {f"{g}->{p}": n for (g, p), n in sorted(confusion.items()) if g != p},
        "source_type_confusion": {f"{g}->{p}": n for (g, p), n in sorted(type_confusion.items()) if g != p},
        "wrong": wrong,
    }


def main(argv: Sequence[str] | None = None, attributor: Attributor | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "test"))
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument(
        "--no-parser", action="store_true", help="the token rules alone, as without a spaCy pipeline"
    )
    args = parser.parse_args(argv)
    attributor = attributor or service_attributor(use_parser=not args.no_parser)
    result = evaluate(attributor, load(args.split))
    print(f"Attribution set {args.split} ({result['claims']} claims)")
    print(f"kind agreement: {result['kind_agreement']:.3f} (target {KIND_TARGET})")
    if result["source_type_agreement"] is not None:
        print(f"source type agreement: {result['source_type_agreement']:.3f}")
    print("kind errors (gold->predicted):", result["confusion"])
    print("source type errors (gold->predicted):", result["source_type_confusion"])
    if args.show_errors:
        for row in result["wrong"]:  # type: ignore[attr-defined]
            print("  ", *row)
    return result


if __name__ == "__main__":
    main()
