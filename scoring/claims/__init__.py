"""Which sentences of a text are claims worth checking, and a claim's words without social-media furniture."""

from scoring.claims.check_worthiness import ClaimReason, classify_sentence, classify_sentences
from scoring.claims.normalise import normalise_claim
from scoring.claims.segmentation import Claim, segment_claims

__all__ = [
    "Claim",
    "ClaimReason",
    "classify_sentence",
    "classify_sentences",
    "normalise_claim",
    "segment_claims",
]
