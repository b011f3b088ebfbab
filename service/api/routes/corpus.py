"""/corpus: read the serving corpus, and (with an API key) add, replace or delete documents."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from scoring.corpus.ingest import document_from_record
from scoring.errors import DocumentNotFound, InvalidDocument
from service.adapters.corpus_store import CorpusStore
from service.adapters.corpus_sync import refresh_corpus
from service.api.auth import RequireReadKey, RequireWriteKey
from service.api.dependencies import ScorerDep, StateDep
from service.api.errors import ServiceError
from service.api.mapping import corpus_stats_response, document_response, ingest_response
from service.api.schemas.corpus import (
    CorpusStatsResponse,
    DocId,
    DocumentResponse,
    DocumentsIn,
    IngestResponse,
)
from service.api.schemas.errors import error_responses
from service.api.state import AppState

router = APIRouter(prefix="/corpus", tags=["corpus"])

_ERRORS = error_responses(400, 401, 403, 404, 409, 413, 422, 503)


async def get_store(state: StateDep) -> CorpusStore:
    if state.corpus_store is None:
        raise ServiceError(409, "corpus_read_only", "this deployment serves a fixed corpus")
    return state.corpus_store


StoreDep = Annotated[CorpusStore, Depends(get_store)]


@router.get("", response_model=CorpusStatsResponse, responses=_ERRORS)
async def corpus_stats(scorer: ScorerDep, _: RequireReadKey) -> CorpusStatsResponse:
    """The serving corpus: version, size, and documents per outlet."""
    return corpus_stats_response(scorer.corpus)


@router.get("/documents/{doc_id}", response_model=DocumentResponse, responses=_ERRORS)
async def get_document(doc_id: DocId, scorer: ScorerDep, _: RequireReadKey) -> DocumentResponse:
    """One document of the serving corpus, with its text and provenance."""
    document = scorer.corpus.document(doc_id)
    if document is None:
        raise DocumentNotFound(f"no document {doc_id!r} in the serving corpus")
    return document_response(document)


@router.post("/documents", response_model=IngestResponse, responses=_ERRORS, status_code=200)
async def add_documents(
    body: DocumentsIn, state: StateDep, store: StoreDep, scorer: ScorerDep, _: RequireWriteKey
) -> IngestResponse:
    """Add or replace documents (upsert by id). Idempotent; the answer names the new corpus version."""
    documents = []
    for item in body.documents:
        try:
            documents.append(document_from_record(item.model_dump()))
        except InvalidDocument as exc:
            raise InvalidDocument(f"document {item.id!r}: {exc}") from exc
    summary = await run_in_threadpool(store.apply, documents)
    await _serve_latest(state)
    return ingest_response(summary)


@router.delete("/documents/{doc_id}", response_model=IngestResponse, responses=_ERRORS)
async def delete_document(
    doc_id: DocId, state: StateDep, store: StoreDep, scorer: ScorerDep, _: RequireWriteKey
) -> IngestResponse:
    """Remove a document: a new corpus version without it."""
    summary = await run_in_threadpool(store.apply, (), [doc_id])
    await _serve_latest(state)
    return ingest_response(summary)


async def _serve_latest(state: AppState) -> None:
    # Answer only once this replica serves the version just written; others follow by polling.
    await refresh_corpus(state)
