"""Documents' passages kept between starts, with their near-duplicate band hashes, per document content.

Why: cutting an article into passages and hashing each passage for near-duplicate search are the costliest
per-document steps a start repeats (pysbd's sentence boundaries took 59 of the 71 s a 100,000-passage
corpus needed to load with its vectors and attributions cached, MinHash most of the rest, on two cores;
bench/ingest_bench.py). Both depend only on the document's text and their rules, so they are stored once
per document content and read back: one small array per document, each row a passage's offsets (its text
is its document's text between them) and its MinHash band hashes. Which pairs are copies depends on the
whole corpus, so it is kept as one file beside them, the latest version's (`store_checked`): which passage
keys were compared with one another and which of them are copies, so a start compares only the passages that
version did not hold instead of computing the MinHash of every passage sharing a band (scoring/corpus/
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
from scoring.corpus.duplicates import BAND_RULES, CheckedPairs, band_count
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


def store_checked(cache_dir: Path, checked: CheckedPairs) -> None:
    """Keep `checked` as the one a start reads; any version's is true of every other, so the last write wins."""
    header = np.asarray([len(checked.keys), len(checked.pairs)], dtype=np.int64)
    path = _rules_dir(cache_dir) / "checked-pairs.bin"
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = (header, checked.keys.astype(np.int64), checked.pairs.astype(np.int64).ravel())
    write_file_atomically(path, b"".join(part.tobytes() for part in parts))


def read_checked(cache_dir: Path) -> CheckedPairs | None:
    """The pairs `store_checked` kept, or None where there are none (or the file is torn)."""
    try:
        raw = np.frombuffer((_rules_dir(cache_dir) / "checked-pairs.bin").read_bytes(), dtype=np.int64)
    except (OSError, ValueError):
        return None
    if raw.size < 2 or raw[0] < 0 or raw[1] < 0 or raw.size != 2 + raw[0] + 2 * raw[1]:
        return None
    keys = raw[2 : 2 + raw[0]].copy()
    return CheckedPairs(keys, raw[2 + raw[0] :].reshape(-1, 2).copy())


def _rules_dir(cache_dir: Path) -> Path:
    return cache_dir / f"p{PASSAGE_RULES_VERSION}-{BAND_RULES}"


def _path(cache_dir: Path, document: Document) -> Path:
    return _rules_dir(cache_dir) / f"{document.content_hash[:40]}.bin"


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
