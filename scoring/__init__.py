"""The scoring core: claim text (and its source) in, a ReliabilityReport out. No web, no cache, no env."""

from scoring.attribution import Attribution, Attributor
from scoring.claims import Claim, segment_claims
from scoring.combine import ScoreWeights
from scoring.corpus import CorpusIndex
from scoring.documents import Document, document_from_mapping, load_manifest
from scoring.embedding import Embedder
from scoring.errors import (
    BatchTooLarge,
    CorpusError,
    CorpusUnavailable,
    DocumentNotFound,
    EmptyText,
    InvalidDocument,
    InvalidInput,
    InvalidSource,
    ModelUnavailable,
    ScoringError,
    TextTooLong,
)
from scoring.outlets import OutletRating, OutletTable
from scoring.report import ClaimAssessment, DraftReport, Versions
from scoring.scorer import ClaimRequest, ReliabilityScorer, ScorerConfig, SourceRef
from scoring.stance import StanceThresholds
from scoring.transformer_embedder import SentenceTransformerEmbedder

__all__ = [
    "Attribution",
    "Attributor",
    "BatchTooLarge",
    "Claim",
    "ClaimAssessment",
    "ClaimRequest",
    "CorpusError",
    "CorpusIndex",
    "CorpusUnavailable",
    "Document",
    "DocumentNotFound",
    "DraftReport",
    "Embedder",
    "EmptyText",
    "InvalidDocument",
    "InvalidInput",
    "InvalidSource",
    "ModelUnavailable",
    "OutletRating",
    "OutletTable",
    "ReliabilityScorer",
    "ScoreWeights",
    "ScorerConfig",
    "ScoringError",
    "SentenceTransformerEmbedder",
    "SourceRef",
    "StanceThresholds",
    "TextTooLong",
    "Versions",
    "document_from_mapping",
    "load_manifest",
    "segment_claims",
]
