"""Corpus documents and their provenance: what each article is and who published it."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scoring.errors import CorpusUnavailable, InvalidDocument

# Guards against accidental binary or runaway input; the longest real news features are ~100k chars.
MAX_DOCUMENT_CHARS = 500_000
# A document id is any text a file name or a JSON "id" can be (spaces, slashes and all), within this
# length and without control characters or lone surrogates, so that every stored id can be named in a URL.
MAX_DOCUMENT_ID_CHARS = 200
DOCUMENT_ID_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Document:
    doc_id: str
    text: str
    outlet_domain: str | None  # registrable domain of the publisher, None when it cannot be established
    outlet_name: str | None
    title: str | None = None
    published_at: str | None = None  # ISO 8601 date as given by the source, None when the text gives none
    url: str | None = None
    outlet_basis: str = "unknown"  # how the outlet was established, in words
    # Set at ingest when the text copies a stored document (syndication); derived, so not in the hash.
    duplicate_of: str | None = None
    # The content hash, computed on first use: a build asks it of every document several times (version,
    # stores, reuse map), and at a million passages hashing each text again cost seconds per write.
    _content_hash: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def content_hash(self) -> str:
        """Changes whenever any field given for the document changes: the text or any of its provenance
        (every stored field but the derived ``duplicate_of``), so that an upsert changing only the title or
        the outlet's name is a change, never "unchanged"."""
        known = self._content_hash
        if known is None:
            known = self._hash_fields()
            object.__setattr__(self, "_content_hash", known)
        return known

    def _hash_fields(self) -> str:
        digest = hashlib.sha256()
        for part in (
            self.doc_id,
            self.text,
            self.outlet_domain,
            self.outlet_name,
            self.title,
            self.published_at,
            self.url,
            self.outlet_basis,
        ):
            # None and "" differ: \x01 marks a missing field, \x00 ends every field.
            digest.update(b"\x01" if part is None else part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x00")
        return digest.hexdigest()

    @property
    def display_outlet(self) -> str:
        return self.outlet_name or self.outlet_domain or "an unidentified outlet"


def document_from_mapping(data: Mapping[str, Any], *, text: str | None = None) -> Document:
    """Validate one record (a manifest entry or an ingested JSON line) into a Document."""
    doc_id = data.get("id") or data.get("doc_id")
    body = text if text is not None else data.get("text")
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise InvalidDocument("document needs a non-empty string 'id'")
    if len(doc_id.strip()) > MAX_DOCUMENT_ID_CHARS or DOCUMENT_ID_FORBIDDEN.search(doc_id):
        raise InvalidDocument(
            f"document id {doc_id[:40]!r}: at most {MAX_DOCUMENT_ID_CHARS} characters, no control characters"
        )
    if not isinstance(body, str) or not body.strip():
        raise InvalidDocument(f"document {doc_id!r} has no text")
    if len(body) > MAX_DOCUMENT_CHARS:
        raise InvalidDocument(f"document {doc_id!r} is longer than {MAX_DOCUMENT_CHARS} characters")

    def optional(key: str) -> str | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise InvalidDocument(f"document {doc_id!r}: {key!r} must be a string")
        return value

    outlet = data.get("outlet")
    outlet_domain = optional("outlet_domain")
    outlet_name = optional("outlet_name")
    if isinstance(outlet, Mapping):
        outlet_domain = outlet_domain or _str_or_none(outlet.get("domain"))
        outlet_name = outlet_name or _str_or_none(outlet.get("name"))
        basis = _str_or_none(outlet.get("basis")) or "unknown"
    else:
        if isinstance(outlet, str) and outlet:
            outlet_name = outlet_name or outlet
        basis = optional("outlet_basis") or (
            "given by the submitter" if outlet_domain or outlet_name else "unknown"
        )
    if outlet_domain == "unknown":
        outlet_domain = None
    if outlet_name == "unknown":
        outlet_name = None
    return Document(
        doc_id=doc_id.strip(),
        text=body,
        outlet_domain=outlet_domain.lower() if outlet_domain else None,
        outlet_name=outlet_name,
        title=optional("title"),
        published_at=optional("published_at"),
        url=optional("url"),
        outlet_basis=basis,
        duplicate_of=optional("duplicate_of"),
    )


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def load_manifest(path: Path) -> tuple[Document, ...]:
    """Read a corpus manifest (JSON with a 'documents' list; each entry names its text file)."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusUnavailable(f"cannot read corpus manifest {path}: {exc}") from exc
    entries = manifest.get("documents") if isinstance(manifest, dict) else None
    if not isinstance(entries, list):
        raise CorpusUnavailable(f"corpus manifest {path} has no 'documents' list")
    documents = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise CorpusUnavailable(f"corpus manifest {path}: every document needs a 'file'")
        try:
            text = (path.parent / entry["file"]).read_text(encoding="utf-8")
        except OSError as exc:
            raise CorpusUnavailable(f"corpus manifest {path}: {exc}") from exc
        documents.append(document_from_mapping(entry, text=text))
    ids = [d.doc_id for d in documents]
    if len(set(ids)) != len(ids):
        raise CorpusUnavailable(f"corpus manifest {path} repeats a document id")
    return tuple(documents)
