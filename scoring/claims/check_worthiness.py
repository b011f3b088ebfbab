"""Whether a sentence is a factual claim worth checking, or a question, opinion, heading or fragment."""

from __future__ import annotations

import re
from typing import Literal

from scoring.text.words import word_count

ClaimReason = Literal["factual", "question", "opinion", "heading", "quoted_opinion", "too_short"]

_TERMINAL = ".!?…"
_CLOSERS = "\"'”’»)]"
# Fewer words than this cannot carry a checkable claim ("Mosul.", "Thank you.").
MIN_CLAIM_WORDS = 4
# An unpunctuated line this short reads as a heading, caption or slug, not as a sentence.
MAX_HEADING_WORDS = 14
_OPINION_MARKERS = re.compile(
    r"\b(?:I|we)\s+(?:think|believe|feel|hope|fear|suspect|guess|reckon)\b"
    r"|\bin\s+(?:my|our)\s+(?:view|opinion)\b"
    r"|\b(?:we|you|they|government|everyone)\s+(?:should|must|ought\s+to|need\s+to)\b"
    r"|\bit\s+is\s+time\s+(?:to|for)\b"
    r"|\b(?:shameful|disgraceful|outrageous|wonderful|terrible|awful|great)\b",
    re.IGNORECASE,
)
# Case-sensitive on purpose: "US" is a country, "us" a pronoun.
_FIRST_OR_SECOND_PERSON = re.compile(
    r"\b(?:I|I'm|I’m|[Mm]e|[Mm]y|[Ww]e|[Ww]e're|[Ww]e’re|us|[Oo]ur|[Yy]ou|[Yy]our)\b"
)
_DIGIT = re.compile(r"\d")
_QUOTATION = re.compile(r"[\"“«]([^\"“”«»]+)[\"”»]")
_REPORTING_CLAUSE = re.compile(r"\b(?:said|says|told|reported|according)\b", re.IGNORECASE)
# A sentence that is mostly quotation ("…," she said) is judged by what the quotation says.
QUOTE_SHARE_FOR_QUOTATION = 0.6


def classify_sentence(text: str) -> ClaimReason:
    """Why a sentence is, or is not, a factual claim worth checking; rules, cheapest first."""
    body = text.strip()
    words = word_count(body)
    if words < MIN_CLAIM_WORDS:
        return "too_short"
    unquoted = body.rstrip(_CLOSERS + " ")
    if unquoted.endswith("?"):
        return "question"
    if not unquoted or unquoted[-1] not in _TERMINAL + ":;":
        if words <= MAX_HEADING_WORDS and not _REPORTING_CLAUSE.search(body):
            return "heading"
    quoted = _quoted_text(body)
    if quoted and len(quoted) >= QUOTE_SHARE_FOR_QUOTATION * len(body):
        if _OPINION_MARKERS.search(quoted) or (
            _FIRST_OR_SECOND_PERSON.search(quoted) and not _DIGIT.search(quoted)
        ):
            return "quoted_opinion"
    elif _OPINION_MARKERS.search(body) and not _DIGIT.search(body):
        return "opinion"
    return "factual"


def _quoted_text(text: str) -> str:
    """The text inside double quotation marks (straight, curly or guillemets), joined."""
    return " ".join(m.group(1) for m in _QUOTATION.finditer(text))
