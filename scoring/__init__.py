"""The scoring core: claim text (and its source) in, a ClaimAssessment or DraftReport out.

No web, no cache, no environment: settings and models are passed in. This module is the public surface;
the README's layout section says which sub-package holds which decision.
"""

from scoring.attribution import Attribution, Attributor, Cue
from scoring.claims import Claim, segment_claims
from scoring.combine import ScoreWeights
from scoring.corpus import CorpusIndex, Document, document_from_mapping, load_manifest
from scoring.corpus.gathering import GatheringConfig
from scoring.embedding import Embedder
from scoring.embedding.onnx_runtime import OnnxEmbedder
from scoring.embedding.sentence_transformer import SentenceTransformerEmbedder
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
from scoring.judgement import StanceThresholds
from scoring.judgement.decision import DecisionModel
from scoring.judgement.judge import Judge, OnnxJudge
from scoring.judgement.judged_stance import JudgeReading
from scoring.outlets import OutletRating, OutletTable
from scoring.report import ClaimAssessment, DraftReport, Versions
from scoring.scorer import (
    MAX_BATCH_ITEMS,
    MAX_CLAIM_CHARS,
    MAX_DRAFT_CHARS,
    ClaimRequest,
    ReliabilityScorer,
    ScorerConfig,
    SourceRef,
)
from scoring.text.parse import CachingParser, Parser
from scoring.text.spacy_parser import SpacyParser

__all__ = [
    "MAX_BATCH_ITEMS",
    "MAX_CLAIM_CHARS",
    "MAX_DRAFT_CHARS",
    "Attribution",
    "Attributor",
    "BatchTooLarge",
    "CachingParser",
    "Claim",
    "ClaimAssessment",
    "ClaimRequest",
    "CorpusError",
    "CorpusIndex",
    "CorpusUnavailable",
    "Cue",
    "Document",
    "DocumentNotFound",
    "DraftReport",
    "Embedder",
    "GatheringConfig",
    "EmptyText",
    "InvalidDocument",
    "InvalidInput",
    "InvalidSource",
    "Judge",
    "DecisionModel",
    "JudgeReading",
    "ModelUnavailable",
    "OnnxEmbedder",
    "OnnxJudge",
    "OutletRating",
    "OutletTable",
    "Parser",
    "ReliabilityScorer",
    "ScoreWeights",
    "ScorerConfig",
    "ScoringError",
    "SentenceTransformerEmbedder",
    "SourceRef",
    "SpacyParser",
    "StanceThresholds",
    "TextTooLong",
    "Versions",
    "document_from_mapping",
    "load_manifest",
    "segment_claims",
]
