"""Versioned corpus storage on disk: every change is a new version, switched in atomically.

Layout under the store's root (a shared volume when several replicas serve one corpus):

    versions/<version>/documents.jsonl   every document of that version, one JSON object per line
    versions/<version>/COMPLETE          written last: the version id and the sha256 and count of
                                         documents.jsonl; a version without it is an interrupted write
    CURRENT                              the serving version's id, replaced with os.replace()
    .lock                                serialises writers (flock), across processes and replicas

A writer first checks that the new version can be indexed (every new document yields a passage), then
builds it in a temporary directory, fsyncs it, renames it into place, and replaces CURRENT (both with
scoring/atomic_files.py). A crash at any
point leaves CURRENT naming the previous, complete version, and a re-run of the same ingest produces the
same version id (content hash), so it is safe to repeat. COMPLETE alone is never trusted: a version is
served or reused only when its documents.jsonl matches what COMPLETE recorded (older markers, which hold
only the id, are checked by recomputing the id from the documents). Old versions are renamed out of the
way before they are deleted, so a clean-up that dies midway never leaves a half-deleted version under its
own name.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from scoring import Document, load_manifest
from scoring.atomic_files import staged_directory, write_file_atomically
from scoring.corpus import corpus_version
from scoring.corpus.documents import document_from_mapping
from scoring.corpus.duplicates import near_duplicate_groups
from scoring.corpus.passages import PASSAGE_RULES_VERSION, why_unindexable
from scoring.errors import CorpusUnavailable, DocumentNotFound, InvalidDocument

logger = logging.getLogger(__name__)

# Old versions kept for rollback and for replicas still serving them; older ones are removed.
KEEP_VERSIONS = 3
# Named in an error message at most; a batch of 100 bad documents need not list them all.
MAX_NAMED_DOCUMENTS = 5


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
    record.pop("_content_hash")  # a memo of the other fields, not a field of the document
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
        """The versions kept on disk whose files verify (the current one and up to KEEP_VERSIONS - 1 before it)."""
        return {
            p.name for p in self.versions_dir.iterdir() if not p.name.startswith(".") and self._verifies(p)
        }

    def documents(self, version: str | None = None) -> list[Document]:
        version = version or self.current_version()
        if version is None:
            raise CorpusUnavailable(f"corpus store {self.root} has no current version")
        return _verified_documents(self.versions_dir / version)

    def _verifies(self, directory: Path) -> bool:
        try:
            _verify(directory, parse=False)
        except CorpusUnavailable:
            return False
        return True

    def apply(
        self,
        upserts: Sequence[Document] = (),
        deletes: Sequence[str] = (),
        rejected: Sequence[tuple[str, str]] = (),
    ) -> IngestSummary:
        """Upsert and delete documents as one new version. Idempotent: the same input changes nothing."""
        with self._lock():
            current = self.current_version()
            base, base_documents = self._base_for_write(current)
            stored = {d.doc_id: d for d in base_documents}
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
            if summary.added or summary.updated or summary.deleted or base != current:
                _refuse_unindexable(
                    [merged[i] for i in summary.added + summary.updated], list(merged.values())
                )
                summary.version = self._write_version(list(merged.values()))
            else:
                summary.version = current or ""
            return summary

    def _base_for_write(self, current: str | None) -> tuple[str | None, list[Document]]:
        """The version a write starts from and its documents: the current one, or, when CURRENT names a
        version that is missing or does not verify, the newest kept version that does (so that a write
        repairs the store; it loses what only the damaged version held). CorpusUnavailable when none does."""
        if current is None:
            return None, []
        try:
            return current, self.documents(current)
        except CorpusUnavailable as exc:
            damage = str(exc)
        fallbacks = sorted(
            (p for p in self.versions_dir.iterdir() if not p.name.startswith(".") and p.name != current),
            key=_marker_mtime,
            reverse=True,
        )
        for directory in fallbacks:
            try:
                documents = _verified_documents(directory)
            except CorpusUnavailable:
                continue
            logger.warning(
                "%s; this write starts from %s, the newest version that verifies", damage, directory.name
            )
            return directory.name, documents
        raise CorpusUnavailable(
            f"{damage}, and no other kept version of the corpus store {self.root} verifies: "
            "restore the volume, or remove its CURRENT file and ingest the corpus again"
        )

    def _write_version(self, documents: list[Document]) -> str:
        """Write a complete version, then point CURRENT at it. Caller holds the lock."""
        if not documents:
            raise InvalidDocument("a corpus needs at least one document; the last one cannot be deleted")
        documents.sort(key=lambda d: d.doc_id)
        version = corpus_version(documents)
        target = self.versions_dir / version
        content = "".join(
            json.dumps(_document_record(document), ensure_ascii=False) + "\n" for document in documents
        ).encode("utf-8")
        # A directory of this id is reused only when it holds exactly these documents: absent, damaged,
        # half-deleted or different content (written under other hashing rules) is rewritten, never trusted.
        if _recorded_sha256(target) != _sha256(content) or not self._verifies(target):
            marker = {"version": version, "documents_sha256": _sha256(content), "documents": len(documents)}
            with staged_directory(target, is_durable=True) as staged:
                _write_synced(staged.path / "documents.jsonl", content)
                _write_synced(staged.path / "COMPLETE", json.dumps(marker).encode())
        write_file_atomically(self.root / "CURRENT", version.encode("utf-8"), is_durable=True)
        self._collect_garbage(keep=version)
        return version

    def _collect_garbage(self, keep: str) -> None:
        kept = [p for p in self.versions_dir.iterdir() if not p.name.startswith(".") and p.name != keep]
        complete = sorted(
            (p for p in kept if (p / "COMPLETE").exists()), key=lambda p: (p / "COMPLETE").stat().st_mtime
        )
        unmarked = [p for p in kept if not (p / "COMPLETE").exists()]  # left half-deleted by older code
        for old in complete[: max(0, len(complete) - (KEEP_VERSIONS - 1))] + unmarked:
            self._discard(old)
        for stale in self.versions_dir.glob(".*-*"):
            shutil.rmtree(stale, ignore_errors=True)  # staging dirs of interrupted writes, discarded versions

    def _discard(self, directory: Path) -> None:
        """Rename out of the version namespace, then delete: a crash midway leaves only a dot-directory."""
        trash = self.versions_dir / f".discarded-{directory.name}-{uuid.uuid4().hex[:8]}"
        try:
            os.replace(directory, trash)
        except FileNotFoundError:
            return
        shutil.rmtree(trash, ignore_errors=True)

    @contextmanager
    def _lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _write_synced(path: Path, content: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _marker_mtime(directory: Path) -> float:
    try:
        return (directory / "COMPLETE").stat().st_mtime
    except OSError:
        return 0.0


def _recorded_sha256(directory: Path) -> str | None:
    """The documents' checksum that a version's COMPLETE marker records; None for none or an older marker."""
    try:
        recorded = json.loads((directory / "COMPLETE").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    checksum = recorded.get("documents_sha256") if isinstance(recorded, dict) else None
    return checksum if isinstance(checksum, str) else None


def _legacy_version(documents: Sequence[Document]) -> str:
    """A version id as stores before checksummed markers computed it (fewer fields, no duplicate links),
    so the versions they wrote still verify."""
    digest = hashlib.sha256(f"passages-v{PASSAGE_RULES_VERSION}".encode())
    for document in sorted(documents, key=lambda d: d.doc_id):
        fields = hashlib.sha256()
        for part in (
            document.doc_id,
            document.text,
            document.outlet_domain,
            document.published_at,
            document.url,
        ):
            fields.update((part or "").encode("utf-8", "surrogatepass"))
            fields.update(b"\x00")
        digest.update(fields.hexdigest().encode())
    return digest.hexdigest()[:16]


def _verified_documents(directory: Path) -> list[Document]:
    """The documents of one version, if its files match its COMPLETE marker; CorpusUnavailable if not."""
    documents = _verify(directory, parse=True)
    assert documents is not None
    return documents


def _verify(directory: Path, *, parse: bool) -> list[Document] | None:
    """Check one version's files against its COMPLETE marker; the parsed documents when `parse` (or when
    a marker from before checksums leaves no other check)."""
    version = directory.name
    try:
        marker = (directory / "COMPLETE").read_text(encoding="utf-8").strip()
        content = (directory / "documents.jsonl").read_bytes()
    except FileNotFoundError as exc:
        missing = Path(str(exc.filename)).name
        raise CorpusUnavailable(f"corpus version {version} is incomplete: {missing} is missing") from exc
    try:
        recorded = json.loads(marker) if marker.startswith("{") else None
        if isinstance(recorded, dict):
            if recorded.get("version") != version or recorded.get("documents_sha256") != _sha256(content):
                raise ValueError("documents.jsonl differs from what COMPLETE recorded")
            if not parse:
                return None
        documents = [document_from_mapping(json.loads(line)) for line in content.splitlines() if line.strip()]
    except (ValueError, InvalidDocument) as exc:
        raise CorpusUnavailable(f"corpus version {version} does not verify: {exc}") from exc
    if isinstance(recorded, dict):
        intact = recorded.get("documents") == len(documents)
    else:  # a marker from before checksums: the version id is itself a hash of the documents
        intact = (
            marker == version
            and bool(documents)
            and version in (corpus_version(documents), _legacy_version(documents))
        )
    if not intact:
        raise CorpusUnavailable(f"corpus version {version} does not verify against its COMPLETE marker")
    return documents


def _refuse_unindexable(incoming: list[Document], merged: list[Document]) -> None:
    """InvalidDocument unless every new document yields a passage and the version has at least one."""
    problems = [(d.doc_id, reason) for d in incoming if (reason := why_unindexable(d)) is not None]
    if problems:
        named = "; ".join(
            f"document {doc_id!r}: {reason}" for doc_id, reason in problems[:MAX_NAMED_DOCUMENTS]
        )
        more = len(problems) - MAX_NAMED_DOCUMENTS
        raise InvalidDocument(f"{named}{f' (and {more} more)' if more > 0 else ''}; nothing was changed")
    # Stored documents were checked on their way in, but a store written before that check may hold
    # unindexable ones; the first document with a passage ends the search.
    if not any(why_unindexable(d) is None for d in merged):
        raise InvalidDocument("the corpus would have no passage to index; nothing was changed")


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
