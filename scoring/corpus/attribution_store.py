"""Passage attributions kept between starts: per document, parser, outlet aliases and rules version."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from scoring.atomic_files import write_file_atomically
from scoring.attribution import Attribution, Attributor, attribution_from_record, attribution_record
from scoring.corpus.documents import Document
from scoring.corpus.passages import PASSAGE_RULES_VERSION, Passage


def cached_attributions(
    cache_dir: Path | None, attributor: Attributor, passages: Sequence[tuple[Passage, Document]]
) -> list[Attribution]:
    """Attributions persisted per (``Attributor.cache_key``, document content, passage rules): parsing a
    large corpus takes minutes (about 3 ms a passage here), reading it back a fraction of a second."""
    texts = [p.text for p, _ in passages]
    if cache_dir is None:
        return attributor.attribute_many(texts)  # one parser batch for the whole corpus
    key_dir = cache_dir / attributor.cache_key
    rows_by_doc: dict[str, list[int]] = {}
    documents: dict[str, Document] = {}
    for row, (_, document) in enumerate(passages):
        rows_by_doc.setdefault(document.doc_id, []).append(row)
        documents[document.doc_id] = document
    found: dict[int, Attribution] = {}
    missing: list[str] = []
    for doc_id, rows in rows_by_doc.items():
        cached = _load(_path(key_dir, documents[doc_id]), len(rows))
        if cached is None:
            missing.append(doc_id)
        else:
            found.update(zip(rows, cached, strict=True))
    if missing:
        missing_rows = [row for doc_id in missing for row in rows_by_doc[doc_id]]
        found.update(
            zip(missing_rows, attributor.attribute_many([texts[r] for r in missing_rows]), strict=True)
        )
        key_dir.mkdir(parents=True, exist_ok=True)
        for doc_id in missing:
            records = [attribution_record(found[row]) for row in rows_by_doc[doc_id]]
            write_file_atomically(_path(key_dir, documents[doc_id]), json.dumps(records).encode())
    return [found[row] for row in range(len(texts))]


def _path(key_dir: Path, document: Document) -> Path:
    return key_dir / f"{document.content_hash[:40]}-p{PASSAGE_RULES_VERSION}.json"


def _load(path: Path, count: int) -> list[Attribution] | None:
    try:
        attributions = [attribution_from_record(r) for r in json.loads(path.read_bytes())]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # absent, torn or foreign: attribute again and overwrite
    return attributions if len(attributions) == count else None
