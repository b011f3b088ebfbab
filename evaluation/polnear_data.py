"""PolNeAR as this evaluation reads it: each article's text and its annotators' attributions (brat
standoff: ``<split>/text/*.txt`` and ``<split>/attributions/<stem>_<annotator>.ann``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    cue_text: str
    source_text: str


@dataclass(frozen=True, slots=True)
class Article:
    stem: str
    text: str
    annotations: tuple[tuple[GoldAttribution, ...], ...]  # one tuple per annotator, first is gold


def _contiguous(offsets: str) -> tuple[int, int] | None:
    # Discontinuous brat spans ("10 20;25 30") are reduced to their outer bounds.
    parts = [p.split() for p in offsets.split(";")]
    try:
        return int(parts[0][0]), int(parts[-1][-1])
    except (ValueError, IndexError):
        return None


def read_ann(path: Path) -> tuple[GoldAttribution, ...]:
    spans: dict[str, tuple[str, tuple[int, int] | None, str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 3:
            kind, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = (kind, _contiguous(offsets), fields[2])
        elif line.startswith("E") and len(fields) >= 2:
            events.append(dict(part.split(":", 1) for part in fields[1].split() if ":" in part))
    gold = []
    for event in events:
        source = spans.get(event.get("Source", ""))
        cue = spans.get(event.get("Cue", ""))
        gold.append(
            GoldAttribution(
                source=source[1] if source else None,
                cue=cue[1] if cue else None,
                cue_text=cue[2] if cue else "",
                source_text=source[2] if source else "",
            )
        )
    return tuple(gold)


def load_split(polnear_dir: Path, split: str) -> list[Article]:
    base = polnear_dir / split
    by_stem: dict[str, list[Path]] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        by_stem.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    articles = []
    for stem, anns in sorted(by_stem.items()):
        text = (base / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        articles.append(Article(stem, text, tuple(read_ann(a) for a in anns)))
    return articles
