"""Where passage embeddings and dense indexes persist between starts: per model and document content, so
neither a restart nor a new corpus version re-embeds or re-indexes what did not change."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from scoring.atomic_files import staged_directory, write_file_atomically
from scoring.corpus.documents import Document
from scoring.corpus.passages import PASSAGE_RULES_VERSION, Passage, rows_by_document
from scoring.embedding import Embedder
from scoring.retrieval.vector_index import VectorIndex, build_index, load_index


def cached_vectors(
    cache_dir: Path | None,
    embedder: Embedder,
    passages: Sequence[tuple[Passage, Document]],
) -> NDArray[np.float32]:
    """Embeddings persisted per (model, document content, passage rules), so neither a restart nor a new
    corpus version re-embeds documents that did not change."""
    texts = [p.text for p, _ in passages]
    if cache_dir is None:
        return embedder.encode(texts)
    model_dir = cache_dir / model_key(embedder)
    vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    missing: list[tuple[Document, range | list[int]]] = []
    for document, rows in rows_by_document(passages):
        cached = _load_vectors(_vector_path(model_dir, document), (len(rows), embedder.dimension))
        if cached is None:
            missing.append((document, rows))
        else:
            vectors[_block(rows)] = cached
    if missing:
        missing_rows = [row for _, rows in missing for row in rows]
        vectors[missing_rows] = embedder.encode([texts[row] for row in missing_rows])
        model_dir.mkdir(parents=True, exist_ok=True)
        for document, rows in missing:
            _save_vectors(_vector_path(model_dir, document), vectors[_block(rows)])
    return vectors


def _block(rows: range | list[int]) -> slice | list[int]:
    """A run of rows as a slice, so numpy copies it as a block (it would read a range as a list of rows)."""
    return slice(rows.start, rows.stop) if isinstance(rows, range) else rows


def passage_keys(passages: Sequence[tuple[Passage, Document]]) -> NDArray[np.int64]:
    """A stable 64-bit key per passage (its document's content, the passage rules, its place in the
    document), so an engine can tell the passages a new corpus version shares with the last one."""
    keys = np.empty(len(passages), dtype=np.int64)
    hashes: dict[str, str] = {}  # one content hash per document, not per passage
    for row, (passage, document) in enumerate(passages):
        content = hashes.get(document.doc_id)
        if content is None:
            content = hashes[document.doc_id] = document.content_hash
        name = f"{content}-p{PASSAGE_RULES_VERSION}:{passage.index}".encode()
        keys[row] = int.from_bytes(hashlib.blake2b(name, digest_size=8).digest(), "little", signed=True)
    return keys


def model_key(embedder: Embedder) -> str:
    """The model id as one safe path component."""
    return re.sub(r"[^A-Za-z0-9_.@-]+", "_", embedder.model_id)


def saved_index(directory: Path, vectors: NDArray[np.float32], ann_threshold: int) -> VectorIndex:
    """The index saved under `directory` if it matches `vectors`, else a new one saved there; memory-mapped."""
    try:
        saved = load_index(directory)
    except (OSError, ValueError):
        saved = None  # absent, torn or foreign: build and overwrite
    if saved is not None and len(saved) == vectors.shape[0] and saved.dimension == vectors.shape[1]:
        return saved
    try:
        with staged_directory(directory) as staged:
            build_index(vectors, ann_threshold=ann_threshold).save(staged.path)
    except OSError:
        pass  # another process renamed the same build into place first; a real failure fails the load
    return load_index(directory)


def _vector_path(model_dir: Path, document: Document) -> Path:
    return model_dir / f"{document.content_hash[:40]}-p{PASSAGE_RULES_VERSION}.npy"


def _load_vectors(path: Path, shape: tuple[int, int]) -> NDArray[np.float32] | None:
    try:
        cached = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None  # absent, torn or foreign: re-embed and overwrite
    if cached.shape != shape or cached.dtype != np.float32:
        return None
    return np.asarray(cached, dtype=np.float32)


def _save_vectors(path: Path, vectors: NDArray[np.float32]) -> None:
    write_file_atomically(path, lambda handle: np.save(handle, vectors, allow_pickle=False))
