"""The scoring error tree; the core knows no HTTP status codes.

ScoringError
├── InvalidInput            the caller's fault
│   ├── EmptyText
│   ├── TextTooLong
│   ├── BatchTooLarge
│   ├── InvalidSource
│   └── InvalidDocument
├── DocumentNotFound        a lookup of something that is not there
├── CorpusError             our data
│   └── CorpusUnavailable
└── ModelUnavailable        the embedding model could not be loaded
"""

from __future__ import annotations

from typing import ClassVar


class ScoringError(Exception):
    code: ClassVar[str] = "scoring_error"


class InvalidInput(ScoringError):
    code: ClassVar[str] = "invalid_input"


class EmptyText(InvalidInput):
    code: ClassVar[str] = "empty_text"


class TextTooLong(InvalidInput):
    code: ClassVar[str] = "text_too_long"


class BatchTooLarge(InvalidInput):
    code: ClassVar[str] = "batch_too_large"


class InvalidSource(InvalidInput):
    code: ClassVar[str] = "invalid_source"


class CorpusError(ScoringError):
    code: ClassVar[str] = "corpus_error"


class CorpusUnavailable(CorpusError):
    code: ClassVar[str] = "corpus_unavailable"


class InvalidDocument(InvalidInput):
    code: ClassVar[str] = "invalid_document"


class DocumentNotFound(ScoringError):
    code: ClassVar[str] = "document_not_found"


class ModelUnavailable(ScoringError):
    code: ClassVar[str] = "model_unavailable"
