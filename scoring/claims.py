"""Sentence segmentation with exact character offsets, and which sentences are check-worthy claims."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

ClaimReason = Literal["factual", "question", "opinion", "heading", "quoted_opinion", "too_short"]

# pysbd, like most sentence splitters, does not treat a bare line break as a boundary; headlines,
# captions and list items in scraped text and drafts are separated by line breaks alone.
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
_TERMINAL = ".!?…"
_CLOSERS = "\"'”’»)]"
# Fewer words than this cannot carry a checkable claim ("Mosul.", "Thank you.").
MIN_CLAIM_WORDS = 4
# An unpunctuated line this short reads as a heading, caption or slug, not as a sentence.
MAX_HEADING_WORDS = 14
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*", re.UNICODE)
_OPEN_QUOTES = "\"“«‘'"
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
# A sentence that is mostly quotation ("…," she said) is judged by what the quotation says.
QUOTE_SHARE_FOR_QUOTATION = 0.6


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence and where it sits: ``source_text[start:end] == text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Claim:
    text: str
    start: int
    end: int
    is_check_worthy: bool
    reason: ClaimReason


@cache
def _segmenter() -> object:
    # pysbd builds its rule tables on construction; one per process is enough and it is read-only.
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str) -> list[Sentence]:
    """Split on line breaks, then on sentence boundaries; offsets index the original string."""
    sentences: list[Sentence] = []
    line_start = 0
    for match in [*_LINE_BREAK.finditer(text), None]:
        line_end = match.start() if match else len(text)
        line = text[line_start:line_end]
        if line.strip():
            sentences.extend(_split_line(line, line_start))
        if match is not None:
            line_start = match.end()
    return sentences


def _split_line(line: str, offset: int) -> list[Sentence]:
    segmenter = _segmenter()
    # The segmenter's sentences, before its own span search: that search compiles a regex per sentence
    # and scans the line from its start each time (a third of the time to segment a 1,000-word draft:
    # 36 ms against 25 ms without it), and its spans include trailing whitespace and are occasionally off
    # after odd characters. Each sentence is re-found from the cursor here instead, so offsets are exact.
    pieces = segmenter.processor(line).process()  # type: ignore[attr-defined]
    result: list[Sentence] = []
    cursor = 0
    for sentence in pieces:
        piece = sentence.strip()
        if not piece:
            continue
        found = line.find(piece, cursor)
        if found < 0:
            continue
        cursor = found + len(piece)
        result.append(Sentence(text=piece, start=offset + found, end=offset + cursor))
    if not result and line.strip():
        stripped = line.strip()
        found = line.find(stripped)
        result.append(Sentence(text=stripped, start=offset + found, end=offset + found + len(stripped)))
    return result


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


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
        if words <= MAX_HEADING_WORDS and not _has_reporting_clause(body):
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


def _has_reporting_clause(text: str) -> bool:
    return bool(re.search(r"\b(?:said|says|told|reported|according)\b", text, re.IGNORECASE))


def _quoted_text(text: str) -> str:
    """The text inside double quotation marks (straight, curly or guillemets), joined."""
    return " ".join(m.group(1) for m in _QUOTATION.finditer(text))


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


def normalise_text(text: str) -> str:
    """Canonical form for hashing and comparison: NFC, collapsed whitespace."""
    return " ".join(unicodedata.normalize("NFC", text).split())
