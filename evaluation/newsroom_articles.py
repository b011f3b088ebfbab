"""The newsroom set's articles: OneStopEnglish's Guardian texts, copied once from a pinned snapshot.

The claims of the newsroom set (`evaluation/data/newsroom/`) are written against these texts, so the texts
are committed beside them (CC BY-SA 4.0 allows it, with attribution) and this module only rebuilds that
file from the mirror, for anyone who wants to check it. Each article keeps two of its three versions: the
advanced text (closest to the Guardian original) and the intermediate rewrite, which the evaluation treats
as a second outlet's report of the same story written in other words. The split is by article, fixed by a
hash of its name, so no article's sentences are in two splits.

    python -m evaluation.newsroom_articles --mirrors /work/.mirror
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path

from scoring.text.sentences import split_sentences
from training.judge.sources import TRAINING_SOURCES, Mirror

ARTICLES_FILE = Path(__file__).parent / "data" / "newsroom" / "articles.jsonl"
_LEVELS = {"adv": "Adv-Txt", "int": "Int-Txt"}


def split_of(name: str) -> str:
    """60 / 20 / 20 by a hash of the article's name: stable, and blind to its content."""
    bucket = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % 10
    return "train" if bucket < 6 else "dev" if bucket < 8 else "test"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _clean(text: str) -> str:
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.replace("\ufeff", "").splitlines()]
    return "\n".join(line for line in lines if line)


def build(mirrors: Path) -> list[dict[str, object]]:
    source = next(s for s in TRAINING_SOURCES if s.name == "onestopenglish")
    mirror = Mirror(mirrors, source)
    texts: dict[str, dict[str, str]] = {}
    for level, folder in _LEVELS.items():
        for path in mirror.list(f"Texts-SeparatedByReadingLevel/{folder}"):
            file = Path(path).name
            suffix = f"-{level}.txt"
            if not file.endswith(suffix) or path.count("/") != 2:
                continue
            texts.setdefault(file[: -len(suffix)], {})[level] = _clean(mirror.read(path))
    articles: list[dict[str, object]] = []
    for name in sorted(texts):
        versions = texts[name]
        if set(versions) != set(_LEVELS):
            continue
        article: dict[str, object] = {"id": slug(name), "name": name, "split": split_of(name)}
        for level, text in versions.items():
            article[level] = text
            article[f"{level}_sentences"] = [s.text for s in split_sentences(text)]
        articles.append(article)
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mirrors", type=Path, required=True)
    args = parser.parse_args()
    articles = build(args.mirrors)
    ARTICLES_FILE.parent.mkdir(parents=True, exist_ok=True)
    with ARTICLES_FILE.open("w", encoding="utf-8") as out:
        for article in articles:
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    counts = {split: sum(1 for a in articles if a["split"] == split) for split in ("train", "dev", "test")}
    print(f"{len(articles)} articles -> {ARTICLES_FILE}: {counts}")


if __name__ == "__main__":
    main()
