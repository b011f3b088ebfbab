"""The re-ranker's features of a (query, candidate passage) pair, each computed and read by its name.

Scores (cosines, BM25, reciprocal ranks) come from the two rankers; the overlaps compare cheap facts of
the texts: capitalised names, numbers, dates (years and month names), title words and all words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from scoring.text.calendar import LOWER_MONTH_NAMES
from scoring.text.words import INDEX_WORD, NUMBER

_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# Words that are capitalised only because they open a sentence or are titles, not because they name anything.
_NOT_NAMES = frozenset(
    "a an the this that these those it its i we you he she they my our your his her their is are was were be "
    "breaking news new just now watch video photo look why how what when who where here there and but or so "
    "if not no yes mr mrs ms dr sen rep president".split()
)

Column = NDArray[np.floating]


@dataclass(frozen=True, slots=True)
class RankFeatures:
    """Every feature of one query's candidate rows, one array of shape (rows,) per name."""

    cosine: Column  # dense similarity of query and passage
    cosine_gap: Column  # the cosine minus the best candidate's
    title_cosine: Column  # similarity to the passage's title (the cosine where there are no titles)
    bm25_norm: Column  # BM25 over the query's best BM25
    bm25_log: Column  # log(1 + BM25)
    dense_rr: Column  # 1 / (1 + dense rank), capped at RANK_DEPTH
    bm25_rr: Column  # 1 / (1 + BM25 rank); 0 without a shared term
    fused: Column  # reciprocal-rank fusion of the two, over its maximum
    name_overlap: Column  # share of the query's names found in passage or title
    number_overlap: Column  # share of the query's numbers found in the passage
    date_overlap: Column  # share of the query's years and months found in the passage
    title_overlap: Column  # share of the title's words found in the query
    word_overlap: Column  # share of the query's words found in passage or title

    def matrix(self) -> NDArray[np.float64]:
        """The features as a (rows, len(FEATURE_NAMES)) matrix, columns in FEATURE_NAMES order: what the
        re-ranker and its training read."""
        columns = [np.asarray(getattr(self, name), dtype=np.float64) for name in FEATURE_NAMES]
        return np.column_stack(columns) if columns[0].size else np.zeros((0, len(FEATURE_NAMES)))


FEATURE_NAMES: tuple[str, ...] = tuple(field.name for field in fields(RankFeatures))


@dataclass(frozen=True, slots=True)
class TextOverlaps:
    """The fact-overlap features of one query against each candidate, shape (rows,) each."""

    names: NDArray[np.float64]
    numbers: NDArray[np.float64]
    dates: NDArray[np.float64]
    title_words: NDArray[np.float64]
    words: NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _Facts:
    words: frozenset[str]
    numbers: frozenset[str]
    dates: frozenset[str]
    title_words: frozenset[str]


def text_overlaps(query: str, texts: Sequence[str], titles: Sequence[str]) -> TextOverlaps:
    """How much of each fact of `query` each candidate (texts[i] with titles[i]) repeats."""
    # Facts are extracted per candidate at query time: ~50 regex passes per query cost less than holding
    # four word sets for every one of a million passages.
    query_facts = _facts(query, "")
    query_names = _names(query)
    rows = len(texts)
    overlaps = {
        key: np.zeros(rows, dtype=np.float64) for key in ("names", "numbers", "dates", "title", "words")
    }
    for row, (text, title) in enumerate(zip(texts, titles, strict=True)):
        passage = _facts(text, title)
        overlaps["names"][row] = _coverage(query_names, passage.words | passage.title_words)
        overlaps["numbers"][row] = _coverage(query_facts.numbers, passage.numbers)
        overlaps["dates"][row] = _coverage(query_facts.dates, passage.dates)
        overlaps["title"][row] = _coverage(passage.title_words, query_facts.words)
        overlaps["words"][row] = _coverage(query_facts.words, passage.words | passage.title_words)
    return TextOverlaps(
        names=overlaps["names"],
        numbers=overlaps["numbers"],
        dates=overlaps["dates"],
        title_words=overlaps["title"],
        words=overlaps["words"],
    )


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in INDEX_WORD.findall(text))


def _names(text: str) -> frozenset[str]:
    """Lower-cased capitalised words that are not sentence furniture: a cheap stand-in for named entities."""
    names = set()
    for word in INDEX_WORD.findall(text):
        lower = word.lower()
        if (
            word[:1].isupper()
            and lower not in _NOT_NAMES
            and lower not in LOWER_MONTH_NAMES
            and len(word) > 1
        ):
            names.add(lower)
    return frozenset(names)


def _facts(text: str, title: str) -> _Facts:
    both = f"{text} {title}"
    words = _words(text)
    all_words = words | _words(title)
    numbers = frozenset(n.replace(",", "") for n in NUMBER.findall(both))
    dates = frozenset(_YEAR.findall(both)) | (all_words & LOWER_MONTH_NAMES)
    return _Facts(words=words, numbers=numbers, dates=dates, title_words=_words(title))


def _coverage(wanted: frozenset[str], present: frozenset[str]) -> float:
    """Share of `wanted` found in `present`; 0 when nothing is wanted."""
    if not wanted:
        return 0.0
    return len(wanted & present) / len(wanted)
