"""Passage attributions kept between starts: per document, parser, outlet aliases and rules version."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from scoring.atomic_files import write_file_atomically
from scoring.attribution import Attribution, Attributor, attribution_from_record, attribution_record
from scoring.corpus.documents import Document
from scoring.corpus.passages import PASSAGE_RULES_VERSION, Passage, rows_by_document


def cached_attributions(
    cache_dir: Path | None, attributor: Attributor, passages: Sequence[tuple[Passage, Document]]
) -> list[Attribution]:
    """Attributions persisted per (``Attributor.cache_key``, document content, passage rules): parsing a
    large corpus takes minutes (about 3 ms a passage here), reading it back a fraction of a second."""
    texts = [p.text for p, _ in passages]
    if cache_dir is None:
        return attributor.attribute_many(texts)  # one parser batch for the whole corpus
    key_dir = cache_dir / attributor.cache_key
    found: dict[int, Attribution] = {}
    missing: list[tuple[Document, range | list[int]]] = []
    for document, rows in rows_by_document(passages):
        cached = _load(_path(key_dir, document), len(rows))
        if cached is None:
            missing.append((document, rows))
        else:
            found.update(zip(rows, cached, strict=True))
    if missing:
        missing_rows = [row for _, rows in missing for row in rows]
        found.update(
            zip(missing_rows, attributor.attribute_many([texts[r] for r in missing_rows]), strict=True)
        )
        key_dir.mkdir(parents=True, exist_ok=True)
        for document, rows in missing:
            records = [attribution_record(found[row]) for row in rows]
            write_file_atomically(_path(key_dir, document), json.dumps(records).encode())
    return [found[row] for row in range(len(texts))]


def _path(key_dir: Path, document: Document) -> Path:
    return key_dir / f"{document.content_hash[:40]}-p{PASSAGE_RULES_VERSION}.json"


def _load(path: Path, count: int) -> list[Attribution] | None:
    try:
        attributions = [attribution_from_record(r) for r in json.loads(path.read_bytes())]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # absent, torn or foreign: attribute again and overwrite
    return attributions if len(attributions) == count else None
