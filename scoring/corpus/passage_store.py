"""Documents' passages kept between starts, per document content and passage rules.

Why: cutting an article into passages is the costliest per-document step a start repeats (pysbd's
sentence boundaries: 59 of the 71 s a 100,000-passage corpus took to load with its vectors and
attributions cached, on two cores; bench/ingest_bench.py), and its result depends only on the document's
text and the passage rules. So it is stored once per document content, as the attributions are, and read
back: the offsets alone, since each passage's text is its document's text between them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from scoring.atomic_files import write_file_atomically
from scoring.corpus.documents import Document
from scoring.corpus.passages import PASSAGE_RULES_VERSION, Passage, split_passages


def cached_passages(cache_dir: Path | None, documents: Sequence[Document]) -> list[list[Passage]]:
    """Each document's passages, read from `cache_dir` where a document with the same content was cut by
    the same rules before, else cut now and stored there."""
    out = []
    for document in documents:
        path = None if cache_dir is None else _path(cache_dir, document)
        passages = _load(path, document) if path is not None else None
        if passages is None:
            passages = split_passages(document)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                spans = [[p.start, p.end] for p in passages]
                write_file_atomically(path, json.dumps(spans, separators=(",", ":")).encode())
        out.append(passages)
    return out


def _path(cache_dir: Path, document: Document) -> Path:
    return cache_dir / f"p{PASSAGE_RULES_VERSION}" / f"{document.content_hash[:40]}.json"


def _load(path: Path, document: Document) -> list[Passage] | None:
    try:
        spans = json.loads(path.read_bytes())
        text = document.text
        passages = [
            Passage(doc_id=document.doc_id, index=index, text=text[start:end], start=start, end=end)
            for index, (start, end) in enumerate(spans)
            if 0 <= start < end <= len(text)
        ]
    except (OSError, ValueError, TypeError):
        return None  # absent, torn or foreign: cut again and overwrite
    return passages if len(passages) == len(spans) else None
