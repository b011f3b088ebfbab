"""Turn a scraped article into evidence passages (sentences) with offsets, leaving page furniture out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from scoring.corpus.documents import Document
from scoring.text.calendar import MONTH_PREFIX_PATTERN
from scoring.text.sentences import Sentence, split_sentences
from scoring.text.words import word_count

# Bumped whenever the rules below change, because it changes every passage and so the corpus version.
PASSAGE_RULES_VERSION = "2"

# A line made of this many words with no sentence punctuation at all is a menu, tag cloud or
# share bar, never a sentence (real headlines are shorter; see MAX_HEADLINE_WORDS).
MIN_MENU_WORDS = 25
# Headlines and sub-headings carry claims worth matching; anything shorter than this is a slug,
# section label or caption title ("mosul", "Iraq security forces secure house").
MIN_PASSAGE_WORDS = 5
_URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
_TIMESTAMP_ONLY = re.compile(
    r"^\s*(?:(?:updated|published|posted)[:\s]+)?"
    rf"[\d\s,:./\-]*(?:{MONTH_PREFIX_PATTERN})?[a-z]*[\d\s,:./\-]*"
    r"(?:am|pm|gmt|utc|[ap]\.m\.)?\s*$",
    re.IGNORECASE,
)
# "[Image by X/Getty Images]", "[Featured Image by X/Shutterstock]", "(Photo: X)", "(AP Photo/X)".
_BRACKETED_CREDIT = re.compile(
    r"\s*[\[(](?:featured\s+)?(?:image|photo|picture|video|file\s+photo|ap\s+photo|credit)\b[^\])]*[\])]",
    re.IGNORECASE,
)
# Trailing wire photo credits: "... northern city. REUTERS/Ahmed Jadallah", "AFP/Getty Images".
_TRAILING_CREDIT = re.compile(
    r"\s+(?:REUTERS|AFP|AP|EPA|GETTY(?:\s+IMAGES)?|ANADOLU|XINHUA)(?:\s*/\s*[\w.\-]+(?:\s+[\w.\-]+){0,3})?\s*$"
)
_RELATED_LINK = re.compile(r"^\s*(?:read\s+more|related|see\s+also|watch|more\s*:)\s*:", re.IGNORECASE)
_SENTENCE_PUNCT = re.compile(r"[.!?…:;]")
# About one news sentence (20-25 words) either side of a passage: enough to read it in context.
CONTEXT_CHARS = 200
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Passage:
    """One evidence sentence: ``document.text[start:end] == text``."""

    doc_id: str
    index: int
    text: str
    start: int
    end: int


def rows_by_document(
    passages: Sequence[tuple[Passage, Document]],
) -> list[tuple[Document, range | list[int]]]:
    """Each document with its rows in `passages`, for the per-document caches: a range where they are one
    run (as a corpus lists them, so a start over a million passages handles a run per document, not a list
    of rows), else the list of rows."""
    starts = [
        row
        for row in range(len(passages))
        if not row or passages[row][1].doc_id != passages[row - 1][1].doc_id
    ]
    runs = [(passages[a][1], range(a, b)) for a, b in zip(starts, [*starts[1:], len(passages)], strict=True)]
    if len({document.doc_id for document, _ in runs}) == len(runs):
        return list(runs)
    rows: dict[str, list[int]] = {}
    documents: dict[str, Document] = {}
    for row, (_, document) in enumerate(passages):
        rows.setdefault(document.doc_id, []).append(row)
        documents[document.doc_id] = document
    return [(documents[doc_id], doc_rows) for doc_id, doc_rows in rows.items()]


def is_furniture_line(line: str) -> bool:
    """Whole lines that are page furniture rather than article text."""
    stripped = line.strip()
    if not stripped:
        return True
    if _URL_ONLY.match(stripped) or _RELATED_LINK.match(stripped):
        return True
    if _TIMESTAMP_ONLY.match(stripped) and any(ch.isdigit() for ch in stripped):
        return True
    return word_count(stripped) >= MIN_MENU_WORDS and not _SENTENCE_PUNCT.search(stripped)


def clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a sentence span so that embedded photo credits at its end fall outside it."""
    piece = text[start:end]
    for pattern in (_BRACKETED_CREDIT, _TRAILING_CREDIT):
        matches = list(pattern.finditer(piece))
        match = matches[-1] if matches else None
        if match is not None and match.end() >= len(piece.rstrip()):
            piece = piece[: match.start()]
    piece = piece.rstrip()
    return start, start + len(piece)


def split_passages(document: Document) -> list[Passage]:
    """Sentences of the article body, each mapped back to its exact place in the original text."""
    passages: list[Passage] = []
    text = document.text
    for sentence in _body_sentences(text):
        start, end = clean_span(text, sentence.start, sentence.end)
        piece = text[start:end]
        if word_count(piece) < MIN_PASSAGE_WORDS:
            continue
        passages.append(
            Passage(doc_id=document.doc_id, index=len(passages), text=piece, start=start, end=end)
        )
    return passages


# A cheap stand-in for sentence segmentation: text up to the next run of sentence punctuation.
_ROUGH_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


def why_unindexable(document: Document) -> str | None:
    """Why a document would add nothing a claim can match (no passage survives cleaning), else None.

    A corpus version is written only when this is None for every new document: a version with no
    passages cannot be indexed, and the store must not make one current. Segmenting a whole article is
    slow (pysbd, about 0.5 ms a sentence), so rough sentence-sized pieces of its body lines are tried
    first and the first passage found ends the check; only a document where none yields one is
    segmented whole, which is the exact test.
    """
    for line in document.text.splitlines():
        if word_count(line) < MIN_PASSAGE_WORDS or is_furniture_line(line):
            continue
        for piece in _ROUGH_SENTENCE.findall(line):
            if word_count(piece) >= MIN_PASSAGE_WORDS and split_passages(replace(document, text=piece)):
                return None
    if split_passages(document):
        return None
    return f"no passage to index: no sentence of {MIN_PASSAGE_WORDS} or more words survives cleaning"


def _body_sentences(text: str) -> list[Sentence]:
    sentences = []
    for sentence in split_sentences(text):
        line_start = text.rfind("\n", 0, sentence.start) + 1
        line_end = text.find("\n", sentence.end)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        if is_furniture_line(line):
            continue
        if _BRACKETED_CREDIT.fullmatch(sentence.text):
            continue
        sentences.append(sentence)
    return sentences


def passage_context(text: str, start: int, end: int, max_chars: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The article text just before and after ``text[start:end]``, page furniture left out.

    A reader judges a passage by its neighbours ("15 children" of what, where). Each side is at most
    ``max_chars`` long and is cut at a sentence boundary where one falls inside it, else at a word
    boundary, with an ellipsis where a sentence is cut.
    """
    window_start = max(0, start - max_chars)
    before = text[window_start:start]
    if window_start > 0:
        boundaries = [m.end() for m in _SENTENCE_END.finditer(before)]
        if boundaries:
            before = before[boundaries[0] :]
        else:
            space = before.find(" ")
            before = ELLIPSIS + before[space + 1 :] if space >= 0 else ""
    window_end = min(len(text), end + max_chars)
    after = text[end:window_end]
    if window_end < len(text):
        boundaries = [m.end() for m in _SENTENCE_END.finditer(after)]
        if boundaries:
            after = after[: boundaries[-1]]
        else:
            space = after.rfind(" ")
            after = after[:space] + ELLIPSIS if space > 0 else ""
    return _without_furniture(before), _without_furniture(after)


def _without_furniture(piece: str) -> str:
    lines = [line.strip() for line in piece.split("\n")]
    return " ".join(line for line in lines if line and not is_furniture_line(line))
