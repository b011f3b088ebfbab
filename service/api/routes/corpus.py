"""/corpus: read the serving corpus, and (with an API key) add, replace or delete documents."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from scoring.corpus import Document
from scoring.corpus.ingest import document_from_record
from scoring.errors import DocumentNotFound, InvalidDocument
from service.adapters.corpus_store import CorpusStore, IngestSummary
from service.adapters.corpus_sync import refresh_corpus
from service.api.auth import RequireReadKey, RequireWriteKey
from service.api.dependencies import ScorerDep, StateDep
from service.api.errors import ServiceError
from service.api.schemas.corpus import DocId, DocumentsIn
from service.api.schemas.errors import error_responses
from service.api.state import AppState

router = APIRouter(prefix="/corpus", tags=["corpus"])

_ERRORS = error_responses(400, 401, 403, 404, 409, 413, 422, 503)


async def get_store(state: StateDep) -> CorpusStore:
    if state.corpus_store is None:
        raise ServiceError(409, "corpus_read_only", "this deployment serves a fixed corpus")
    return state.corpus_store


StoreDep = Annotated[CorpusStore, Depends(get_store)]


def _document_out(document: Document, *, with_text: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": document.doc_id,
        "outlet": document.outlet_domain,
        "outlet_name": document.outlet_name,
        "outlet_basis": document.outlet_basis,
        "title": document.title,
        "published_at": document.published_at,
        "url": document.url,
        "characters": len(document.text),
    }
    if with_text:
        out["text"] = document.text
    return out


def _summary_out(summary: IngestSummary) -> dict[str, Any]:
    return {
        "version": summary.version,
        "previous_version": summary.previous_version,
        "added": summary.added,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "deleted": summary.deleted,
        "near_duplicates": summary.near_duplicates,
        "rejected": [{"where": w, "reason": r} for w, r in summary.rejected],
    }


@router.get("", responses=_ERRORS)
async def corpus_stats(scorer: ScorerDep, _: RequireReadKey) -> dict[str, Any]:
    """The serving corpus: version, size, and documents per outlet."""
    corpus = scorer.corpus
    outlets = Counter(d.outlet_domain or "unknown" for d in corpus.documents)
    return {
        "version": corpus.version,
        "documents": len(corpus.documents),
        "passages": len(corpus.entries),
        "outlets": dict(outlets.most_common()),
    }


@router.get("/documents/{doc_id}", responses=_ERRORS)
async def get_document(doc_id: DocId, scorer: ScorerDep, _: RequireReadKey) -> dict[str, Any]:
    document = scorer.corpus.document(doc_id)
    if document is None:
        raise DocumentNotFound(f"no document {doc_id!r} in the serving corpus")
    return _document_out(document, with_text=True)


@router.post("/documents", responses=_ERRORS, status_code=200)
async def add_documents(
    body: DocumentsIn, state: StateDep, store: StoreDep, scorer: ScorerDep, _: RequireWriteKey
) -> dict[str, Any]:
    """Add or replace documents (upsert by id). Idempotent; the answer names the new corpus version."""
    documents = []
    for item in body.documents:
        try:
            documents.append(document_from_record(item.model_dump()))
        except InvalidDocument as exc:
            raise InvalidDocument(f"document {item.id!r}: {exc}") from exc
    summary = await run_in_threadpool(store.apply, documents)
    await _serve_latest(state)
    return _summary_out(summary)


@router.delete("/documents/{doc_id}", responses=_ERRORS)
async def delete_document(
    doc_id: DocId, state: StateDep, store: StoreDep, scorer: ScorerDep, _: RequireWriteKey
) -> dict[str, Any]:
    summary = await run_in_threadpool(store.apply, (), [doc_id])
    await _serve_latest(state)
    return _summary_out(summary)


async def _serve_latest(state: AppState) -> None:
    # Answer only once this replica serves the version just written; others follow by polling.
    await refresh_corpus(state)
