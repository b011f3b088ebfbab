"""A draft as sentences with exact offsets, each marked check-worthy or not."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.claims.check_worthiness import ClaimReason, classify_sentences
from scoring.text.parse import Parser
from scoring.text.sentences import split_sentences


@dataclass(frozen=True, slots=True)
class Claim:
    text: str
    start: int
    end: int
    is_check_worthy: bool
    reason: ClaimReason


def segment_claims(text: str, parser: Parser | None = None) -> list[Claim]:
    """Every sentence of a draft with its offsets, whether it should be scored, and why not."""
    claims = []
    sentences = split_sentences(text)
    for sentence, reason in zip(
        sentences, classify_sentences([s.text for s in sentences], parser), strict=True
    ):
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
