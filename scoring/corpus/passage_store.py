"""Documents' passages kept between starts, with their near-duplicate band hashes, per document content.

Why: cutting an article into passages and hashing each passage for near-duplicate search are the costliest
per-document steps a start repeats (pysbd's sentence boundaries took 59 of the 71 s a 100,000-passage
corpus needed to load with its vectors and attributions cached, MinHash most of the rest, on two cores;
bench/ingest_bench.py). Both depend only on the document's text and their rules, so they are stored once
per document content and read back: one small array per document, each row a passage's offsets (its text
is its document's text between them) and its MinHash band hashes. Which pairs are copies is not stored:
that depends on the whole corpus, and the bands find the candidates again at once (scoring/corpus/
duplicates.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from scoring.atomic_files import write_file_atomically
from scoring.corpus.documents import Document
from scoring.corpus.duplicates import BAND_RULES, band_count
from scoring.corpus.passages import PASSAGE_RULES_VERSION, Passage, split_passages


@dataclass(frozen=True, slots=True)
class StoredPassages:
    passages: list[Passage]
    bands: NDArray[np.uint64] | None  # (passages, bands) as stored, None when cut now
    stored: bool  # read from the store (else cut now, and to be stored once its bands are known)


def read_passages(cache_dir: Path | None, documents: Sequence[Document]) -> list[StoredPassages]:
    """Each document's passages, read from `cache_dir` where a document with the same content was cut by
    the same rules before, else cut now (`store_passages` keeps them once their bands are hashed)."""
    out = []
    width = 0  # offsets and bands per row: asked of datasketch (~30 ms) only once a stored file is found
    for document in documents:
        loaded = None
        raw = _read(_path(cache_dir, document)) if cache_dir is not None else None
        if raw is not None:
            width = width or 2 + band_count()
            loaded = _parse(raw, document, width)
        out.append(loaded or StoredPassages(split_passages(document), None, False))
    return out


def store_passages(
    cache_dir: Path, document: Document, passages: Sequence[Passage], bands: NDArray[np.uint64]
) -> None:
    rows = np.zeros((len(passages), 2 + bands.shape[1]), dtype=np.uint64)
    rows[:, 0] = [p.start for p in passages]
    rows[:, 1] = [p.end for p in passages]
    rows[:, 2:] = bands
    path = _path(cache_dir, document)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file_atomically(path, rows.tobytes())


def _path(cache_dir: Path, document: Document) -> Path:
    return cache_dir / f"p{PASSAGE_RULES_VERSION}-{BAND_RULES}" / f"{document.content_hash[:40]}.bin"


def _read(path: Path) -> NDArray[np.uint64] | None:
    try:
        return np.frombuffer(path.read_bytes(), dtype=np.uint64)
    except (OSError, ValueError):
        return None  # absent or torn: cut again and overwrite


def _parse(raw: NDArray[np.uint64], document: Document, width: int) -> StoredPassages | None:
    if raw.size % width:
        return None
    rows = raw.reshape(-1, width)
    text = document.text
    starts, ends = rows[:, 0].tolist(), rows[:, 1].tolist()
    if any(not 0 <= s < e <= len(text) for s, e in zip(starts, ends, strict=True)):
        return None
    passages = [
        Passage(doc_id=document.doc_id, index=i, text=text[s:e], start=s, end=e)
        for i, (s, e) in enumerate(zip(starts, ends, strict=True))
    ]
    return StoredPassages(passages, rows[:, 2:].copy(), True)
