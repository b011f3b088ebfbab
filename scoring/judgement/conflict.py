"""A conflict between a claim and a passage: its kind, the clashing span on each side, and plain words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ConflictKind = Literal["number", "date", "negation", "actor"]


@dataclass(frozen=True, slots=True)
class TextSpan:
    start: int
    end: int
    text: str  # text[start:end] of the side it belongs to


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: ConflictKind
    claim_span: TextSpan
    passage_span: TextSpan
    explanation: str  # plain words: "the claim says 20 children; the passage says at least 15 children"


def span_of(text: str, start: int, end: int) -> TextSpan:
    return TextSpan(start=start, end=end, text=text[start:end])
