"""Versioned corpus storage on disk: every change is a new version, switched in atomically.

Layout under the store's root (a shared volume when several replicas serve one corpus):

    versions/<version>/documents.jsonl   every document of that version, one JSON object per line
    versions/<version>/COMPLETE          written last: a version without it is an interrupted write
    CURRENT                              the serving version's id, replaced with os.replace()
    .lock                                serialises writers (flock), across processes and replicas

A writer builds the new version in a temporary directory, fsyncs it, renames it into place, then
replaces CURRENT (both with scoring/atomic_files.py). A crash at any point leaves CURRENT naming the previous, complete version, and a
re-run of the same ingest produces the same version id (content hash), so it is safe to repeat.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from scoring import Document, load_manifest
from scoring.atomic_files import staged_directory, write_file_atomically
from scoring.corpus import corpus_version
from scoring.corpus.documents import document_from_mapping
from scoring.corpus.duplicates import near_duplicate_groups
from scoring.errors import CorpusUnavailable, DocumentNotFound, InvalidDocument

# Old versions kept for rollback and for replicas still serving them; older ones are removed.
KEEP_VERSIONS = 3


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # identical to what is stored: nothing to do
    near_duplicates: dict[str, str] = field(default_factory=dict)  # new doc id -> stored doc it copies
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (where, why)
    deleted: list[str] = field(default_factory=list)
    version: str = ""
    previous_version: str = ""

    @property
    def changed(self) -> bool:
        return self.version != self.previous_version


def _document_record(document: Document) -> dict[str, object]:
    record = asdict(document)
    record["id"] = record.pop("doc_id")
    return record


class CorpusStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.versions_dir = root / "versions"

    @classmethod
    def open(cls, root: Path, *, seed_manifest: Path | None = None) -> CorpusStore:
        """Open (creating if needed) a store; an empty store starts from the seed manifest."""
        store = cls(root)
        store.versions_dir.mkdir(parents=True, exist_ok=True)
        if store.current_version() is None and seed_manifest is not None:
            with store._lock():
                if store.current_version() is None:
                    store._write_version(list(load_manifest(seed_manifest)))
        return store

    def current_version(self) -> str | None:
        try:
            version = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return version or None

    def versions(self) -> set[str]:
        """The complete versions kept on disk (the current one and up to KEEP_VERSIONS - 1 before it)."""
        return {p.name for p in self.versions_dir.iterdir() if (p / "COMPLETE").exists()}

    def documents(self, version: str | None = None) -> list[Document]:
        version = version or self.current_version()
        if version is None:
            raise CorpusUnavailable(f"corpus store {self.root} has no current version")
        directory = self.versions_dir / version
        if not (directory / "COMPLETE").exists():
            raise CorpusUnavailable(f"corpus version {version} is incomplete")
        with (directory / "documents.jsonl").open(encoding="utf-8") as handle:
            return [document_from_mapping(json.loads(line)) for line in handle if line.strip()]

    def document(self, doc_id: str) -> Document:
        for document in self.documents():
            if document.doc_id == doc_id:
                return document
        raise DocumentNotFound(f"no document {doc_id!r} in the current corpus")

    def apply(
        self,
        upserts: Sequence[Document] = (),
        deletes: Sequence[str] = (),
        rejected: Sequence[tuple[str, str]] = (),
    ) -> IngestSummary:
        """Upsert and delete documents as one new version. Idempotent: the same input changes nothing."""
        with self._lock():
            current = self.current_version()
            stored = {d.doc_id: d for d in (self.documents(current) if current else [])}
            summary = IngestSummary(rejected=list(rejected), previous_version=current or "")
            merged = dict(stored)
            for doc_id in deletes:
                if merged.pop(doc_id, None) is None:
                    raise DocumentNotFound(f"no document {doc_id!r} in the current corpus")
                summary.deleted.append(doc_id)
            incoming: dict[str, Document] = {}
            for document in upserts:
                incoming[document.doc_id] = document  # a later copy of one id in one batch wins
            for doc_id, document in incoming.items():
                existing = merged.get(doc_id)
                if existing is not None and existing.content_hash == document.content_hash:
                    summary.unchanged.append(doc_id)
                    continue
                (summary.updated if existing is not None else summary.added).append(doc_id)
                merged[doc_id] = document
            summary.near_duplicates = _near_duplicates(
                list(stored.values()), [incoming[i] for i in summary.added]
            )
            for doc_id, original in summary.near_duplicates.items():
                merged[doc_id] = replace(merged[doc_id], duplicate_of=original)
            if summary.added or summary.updated or summary.deleted:
                summary.version = self._write_version(list(merged.values()))
            else:
                summary.version = current or ""
            return summary

    def _write_version(self, documents: list[Document]) -> str:
        """Write a complete version, then point CURRENT at it. Caller holds the lock."""
        if not documents:
            raise InvalidDocument("a corpus needs at least one document; the last one cannot be deleted")
        documents.sort(key=lambda d: d.doc_id)
        version = corpus_version(documents)
        target = self.versions_dir / version
        if not (target / "COMPLETE").exists():
            with staged_directory(target) as staged:
                with (staged.path / "documents.jsonl").open("w", encoding="utf-8") as handle:
                    for document in documents:
                        handle.write(json.dumps(_document_record(document), ensure_ascii=False) + "\n")
                    handle.flush()
                    os.fsync(handle.fileno())
                _write_synced(staged.path / "COMPLETE", version)
        write_file_atomically(self.root / "CURRENT", version.encode("utf-8"), is_durable=True)
        self._collect_garbage(keep=version)
        return version

    def _collect_garbage(self, keep: str) -> None:
        complete = sorted(
            (p for p in self.versions_dir.iterdir() if (p / "COMPLETE").exists() and p.name != keep),
            key=lambda p: (p / "COMPLETE").stat().st_mtime,
        )
        for old in complete[: max(0, len(complete) - (KEEP_VERSIONS - 1))]:
            shutil.rmtree(old, ignore_errors=True)
        for stale in self.versions_dir.glob(".*-*"):
            shutil.rmtree(stale, ignore_errors=True)  # staging dirs of interrupted writes

    @contextmanager
    def _lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _write_synced(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _near_duplicates(stored: list[Document], added: list[Document]) -> dict[str, str]:
    """New documents whose text copies a stored one (syndication), by document-level MinHash."""
    if not added or not stored:
        return {}
    texts = [d.text for d in stored] + [d.text for d in added]
    groups = near_duplicate_groups(texts)
    found = {}
    for offset, document in enumerate(added, start=len(stored)):
        group = groups[offset]
        if group < len(stored):
            found[document.doc_id] = stored[group].doc_id
    return found
