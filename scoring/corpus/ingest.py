"""Turn incoming files (plain text, JSON Lines, HTML) into validated Documents, with reasons for rejects."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from scoring.corpus.documents import Document, document_from_mapping
from scoring.errors import InvalidDocument
from scoring.outlets.domains import registrable_domain


@dataclass(frozen=True, slots=True)
class Rejection:
    source: str  # "file.jsonl:12" or a document id
    reason: str


@dataclass(frozen=True, slots=True)
class Parsed:
    documents: tuple[Document, ...]
    rejections: tuple[Rejection, ...]


def document_from_record(record: dict[str, Any]) -> Document:
    """A JSON record ({"id", "text", "url", "outlet", "title", "published_at"}) as a Document.

    The outlet's domain comes from the record, or else from its URL; the basis says which.
    """
    data = dict(record)
    url = data.get("url")
    outlet = data.get("outlet")
    if isinstance(outlet, str) and "." in outlet and " " not in outlet.strip():
        domain = registrable_domain(outlet)
        data.setdefault("outlet_domain", domain)
        data["outlet"] = None
        data.setdefault("outlet_basis", "outlet domain given by the submitter")
    elif isinstance(url, str) and url and not data.get("outlet_domain"):
        domain = registrable_domain(url)
        if domain is None:
            raise InvalidDocument(f"document {data.get('id')!r}: cannot find a domain in url {url!r}")
        data["outlet_domain"] = domain
        data.setdefault("outlet_basis", "domain of the document's URL")
    return document_from_mapping(data)


def parse_jsonl(lines: Iterable[str], source: str) -> Iterator[Document | Rejection]:
    """One Document or Rejection per non-blank line, in order; a bad line never stops the rest."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(where, f"not valid JSON: {exc.msg}")
            continue
        if not isinstance(record, dict):
            yield Rejection(where, "each line must be a JSON object")
            continue
        try:
            yield document_from_record(record)
        except InvalidDocument as exc:
            yield Rejection(where, str(exc))


def parse_text(text: str, doc_id: str) -> Document:
    """A plain-text article; its publisher is unknown unless given elsewhere."""
    return document_from_mapping({"id": doc_id, "text": text, "outlet_basis": "unknown: plain text file"})


def parse_html(html: str, doc_id: str, url: str | None = None) -> Document:
    """Extract the article body and metadata from an HTML page (trafilatura), dropping page furniture."""
    import trafilatura

    result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    extracted: dict[str, Any] = {}
    if isinstance(result, dict):
        extracted = result
    elif result is not None:
        extracted = result.as_dict()
    if not extracted.get("text"):
        raise InvalidDocument(f"document {doc_id!r}: no article text found in the HTML")
    page_url = url or extracted.get("url")
    record: dict[str, Any] = {
        "id": doc_id,
        "text": extracted["text"],
        "title": extracted.get("title") or None,
        "published_at": extracted.get("date") or None,
        "url": page_url or None,
    }
    sitename = extracted.get("sitename")
    if isinstance(sitename, str) and sitename and " " in sitename.strip():
        record["outlet_name"] = sitename
    if page_url:
        return document_from_record(record)
    record["outlet_basis"] = "unknown: HTML page without a URL"
    return document_from_mapping(record)


def parse_file(name: str, content: str) -> Parsed:
    """Parse one file by its extension: .jsonl/.ndjson, .html/.htm, anything else as plain text."""
    path = PurePath(name)
    suffix = path.suffix.lower()
    documents: list[Document] = []
    rejections: list[Rejection] = []
    try:
        if suffix in (".jsonl", ".ndjson"):
            for item in parse_jsonl(content.splitlines(), name):
                if isinstance(item, Document):
                    documents.append(item)
                else:
                    rejections.append(item)
        elif suffix in (".html", ".htm"):
            documents.append(parse_html(content, path.stem))
        else:
            documents.append(parse_text(content, path.stem))
    except InvalidDocument as exc:
        rejections.append(Rejection(name, str(exc)))
    return Parsed(tuple(documents), tuple(rejections))
