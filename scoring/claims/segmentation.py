"""A draft as sentences with exact offsets, each marked check-worthy or not."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.claims.check_worthiness import ClaimReason, classify_sentence
from scoring.text.sentences import split_sentences


@dataclass(frozen=True, slots=True)
class Claim:
    text: str
    start: int
    end: int
    is_check_worthy: bool
    reason: ClaimReason


def segment_claims(text: str) -> list[Claim]:
    """Every sentence of a draft with its offsets and whether it should be scored."""
    claims = []
    for sentence in split_sentences(text):
        reason = classify_sentence(sentence.text)
        claims.append(
            Claim(
                text=sentence.text,
                start=sentence.start,
                end=sentence.end,
                is_check_worthy=reason == "factual",
                reason=reason,
            )
        )
    return claims
