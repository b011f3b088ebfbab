"""/corpus: read the serving corpus, and (with an API key) add, replace or delete documents."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from scoring.corpus.ingest import document_from_record
from scoring.errors import DocumentNotFound, InvalidDocument
from service.adapters.corpus_store import CorpusStore, IngestSummary
from service.adapters.corpus_sync import refresh_corpus
from service.api.admission import RequireReadKey, RequireWriteKey
from service.api.dependencies import ScorerDep, StateDep
from service.api.errors import ServiceError
from service.api.json_response import model_json
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

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/corpus", tags=["corpus"])

_ERRORS = error_responses(400, 401, 403, 404, 409, 413, 422, 503)


async def get_store(state: StateDep) -> CorpusStore:
    """The corpus store, also while the scorer is not ready: a write is how a bad corpus gets repaired."""
    if state.corpus_store is not None:
        return state.corpus_store
    if not state.corpus_store_pending:
        raise ServiceError(409, "corpus_read_only", "this deployment serves a fixed corpus")
    raise ServiceError(
        503, "not_ready", "the corpus store is not open yet; retry shortly", {"Retry-After": "5"}
    )


StoreDep = Annotated[CorpusStore, Depends(get_store)]


@router.get("", response_model=CorpusStatsResponse, responses=_ERRORS)
async def corpus_stats(scorer: ScorerDep, _: RequireReadKey) -> CorpusStatsResponse:
    """The serving corpus: version, size, and documents per outlet."""
    return corpus_stats_response(scorer.corpus)


@router.get("/documents/{doc_id:path}", response_model=DocumentResponse, responses=_ERRORS)
async def get_document(doc_id: DocId, scorer: ScorerDep, _: RequireReadKey) -> DocumentResponse:
    """One document of the serving corpus, with its text and provenance."""
    document = scorer.corpus.document(doc_id)
    if document is None:
        raise DocumentNotFound(f"no document {doc_id!r} in the serving corpus")
    return document_response(document)


_WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    202: {
        "model": IngestResponse,
        "description": "Committed as the store's current version, but this replica does not serve it yet "
        "(it is not ready, or indexing failed and is retried); `serving_version` says what it serves.",
    },
}


@router.post("/documents", response_model=IngestResponse, responses=_WRITE_RESPONSES, status_code=200)
async def add_documents(body: DocumentsIn, state: StateDep, store: StoreDep, _: RequireWriteKey) -> Response:
    """Add or replace documents (upsert by id). Idempotent; the answer names the new corpus version.

    Each document must yield at least one passage (a sentence of five or more words), or the whole write
    is refused with 422 and nothing changes: a corpus version that cannot be indexed is never committed.
    """
    documents = []
    for item in body.documents:
        try:
            documents.append(document_from_record(item.model_dump()))
        except InvalidDocument as exc:
            raise InvalidDocument(f"document {item.id!r}: {exc}") from exc
    summary = await run_in_threadpool(store.apply, documents)
    return await _answer(state, summary)


@router.delete("/documents/{doc_id:path}", response_model=IngestResponse, responses=_WRITE_RESPONSES)
async def delete_document(doc_id: DocId, state: StateDep, store: StoreDep, _: RequireWriteKey) -> Response:
    """Remove a document as a new corpus version; the last document with a passage cannot be removed."""
    summary = await run_in_threadpool(store.apply, (), [doc_id])
    return await _answer(state, summary)


async def _answer(state: AppState, summary: IngestSummary) -> Response:
    """200 once this replica serves the version just written (others follow by polling), else 202."""
    state.corpus_changed.set()  # a replica still loading retries at once
    if state.scorer is not None:
        try:
            await refresh_corpus(state)
        except Exception:  # committed all the same: the watcher retries, the old index keeps serving
            logger.exception("corpus version %s is committed but could not be indexed yet", summary.version)
    serving = state.scorer.versions.corpus if state.scorer is not None else None
    status = 200 if serving == summary.version else 202
    return model_json(ingest_response(summary, serving), status_code=status)
