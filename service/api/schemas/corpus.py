"""The corpus endpoints' JSON: documents sent to be added or replaced, and what the endpoints answer."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator

from scoring.corpus import MAX_DOCUMENT_CHARS
from scoring.corpus.documents import MAX_DOCUMENT_ID_CHARS
from service.api.schemas.requests import MAX_OUTLET_CHARS, HttpUrlText, clean_text, http_url

MAX_DOCUMENTS_PER_REQUEST = 100
# Every id the store can hold (scoring.corpus.documents): spaces and slashes included, so an id that
# `reliability ingest` took from a file name ("my article") can be read and deleted here too.
# Surrounding whitespace is refused rather than stripped: a stripped id would be stored under another id
# than the one sent, and a GET or DELETE with the sent one would then find nothing.


def _no_surrounding_whitespace(value: str) -> str:
    if value != value.strip():
        raise ValueError("a document id must not begin or end with whitespace")
    return value


DocId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_DOCUMENT_ID_CHARS, pattern=r"^[^\x00-\x1f\x7f]+$"),
    AfterValidator(_no_surrounding_whitespace),
]


class DocumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: DocId
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_DOCUMENT_CHARS)]
    url: HttpUrlText | None = None
    outlet: Annotated[str, StringConstraints(max_length=MAX_OUTLET_CHARS)] | None = None
    title: Annotated[str, StringConstraints(max_length=1000)] | None = None
    published_at: Annotated[str, StringConstraints(max_length=40)] | None = None

    @field_validator("text", "outlet", "title", "published_at")
    @classmethod
    def _clean(cls, value: str | None) -> str | None:
        return clean_text(value) if value is not None else None

    @field_validator("url")
    @classmethod
    def _valid_url(cls, value: str | None) -> str | None:
        return http_url(value)


class DocumentsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[DocumentIn] = Field(min_length=1, max_length=MAX_DOCUMENTS_PER_REQUEST)


class CorpusStatsResponse(BaseModel):
    version: str
    documents: int
    passages: int
    dense_index: str  # what serves dense search: "lancedb" (the engine), or the in-house "exact" / "hnsw"
    outlets: dict[str, int]  # documents per outlet domain ("unknown" where none was established)


class DocumentResponse(BaseModel):
    id: str
    outlet: str | None
    outlet_name: str | None
    outlet_basis: str  # how the outlet was established from the text, in words
    title: str | None
    published_at: str | None
    url: str | None
    characters: int
    text: str


class RejectionOut(BaseModel):
    where: str
    reason: str


class IngestResponse(BaseModel):
    version: str
    previous_version: str
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    deleted: list[str]
    near_duplicates: dict[str, str]  # new document id -> the stored document it copies
    rejected: list[RejectionOut]
    # The version this replica serves once the write is answered: `version` (200), or an older one, or none
    # while it is not ready (202: committed, and switched to as soon as it can be indexed here).
    serving_version: str | None
