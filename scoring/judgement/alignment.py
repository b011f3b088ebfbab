"""Which mention on the other side is the counterpart of a claim's mention: the words around each (its
context), and word-by-word slot alignment of paraphrases ("fined _ for", "killed _ kids")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from scoring.judgement.lemmas import MEASURE_UNIT_KEYS, STOPWORDS
from scoring.judgement.reading import Side, Slots

# Words either side of a mention that describe what it is about, within its sentence. Twelve covers a news
# clause with its attribution ("... died at the age of 94, his office said on Friday").
CONTEXT_WINDOW_WORDS = 12
# A mention whose neighbouring words match the other side's word for word ("fined _ for", "killed _ kids")
# sits in the same slot of a paraphrase: it outranks any pairing by counted noun or loose context.
ALIGNED_SLOT_WEIGHT = 10
# How many matching content words next to the slot make it aligned; one already ties the slot to its verb
# or noun ("killed _", "_ children") once function words and mentions are matched around it too.
ALIGNED_MIN_CONTENT = 1
# Words matching only after the slot must be this many: one is the counted noun itself ("_ soldiers"), which
# does not say which of a story's figures is meant.
ALIGNED_AFTER_ONLY_MIN = 2

_T = TypeVar("_T")
_CLAUSE_BREAK_RE = re.compile(r"[;()]")
_CLAUSE_WORDS = frozenset({"and", "but", "while", "whereas", "although"})
# Matching these next to two figures does not make them the same figure: function words, and units and
# scale words, which say how a figure is measured ("400 parts per million", "313 parts per million").
_NOT_SLOT_EVIDENCE = STOPWORDS | MEASURE_UNIT_KEYS | {"part", "hundred", "thousand", "million", "billion"}


def aligned_words(mine: Slots, my_start: int, theirs: Slots, their_start: int) -> int:
    """Content words that match, in order, on both sides of two slots and next to them ("killed _ children"
    against "killed _ kids" gives 2); 0 when that is only the words after the slot, which for a figure are
    the noun it counts (judged by `number_conflicts._quantity_score`), or when either offset starts no key."""
    i, j = mine.index_at.get(my_start), theirs.index_at.get(their_start)
    if i is None or j is None:
        return 0
    counts = []
    for step in (-1, 1):
        count = 0
        a, b = i + step, j + step
        while 0 <= a < len(mine.keys) and 0 <= b < len(theirs.keys) and mine.keys[a] == theirs.keys[b]:
            key = mine.keys[a]
            count += key[0].isalpha() and len(key) >= 2 and key not in _NOT_SLOT_EVIDENCE
            a, b = a + step, b + step
        counts.append(count)
    before, after = counts
    return before + after if before or after >= ALIGNED_AFTER_ONLY_MIN else 0


def mention_context(
    side: Side,
    start: int,
    end: int,
    others: Sequence[tuple[int, int]] = (),
    *,
    is_clause_bounded: bool = False,
) -> frozenset[str]:
    """Content lemmas within CONTEXT_WINDOW_WORDS of [start, end), reading outwards and stopping at the
    sentence's end, at another mention and, if clause-bounded, at the clause's end: in "15 killed and 40
    injured" each figure keeps its verb. Dates and negations read past clauses: on dev pairs bounding them
    lost more recall than it saved false contradictions."""
    spans = side.token_spans
    inside = [i for i, (s, e) in enumerate(spans) if s < end and start < e]
    if inside:
        first, last = inside[0], inside[-1]
    else:
        following = [i for i, (s, _) in enumerate(spans) if s >= end]
        if not spans:
            return frozenset()
        first = last = following[0] if following else len(spans) - 1
    sentence = side.sentence_of[first]
    picked: set[str] = set()
    for indices in (
        range(first - 1, max(-1, first - 1 - CONTEXT_WINDOW_WORDS), -1),
        range(last + 1, min(len(spans), last + 1 + CONTEXT_WINDOW_WORDS)),
    ):
        previous = first if indices.step < 0 else last
        for i in indices:
            s, e = spans[i]
            gap = side.text[min(e, spans[previous][1]) : max(s, spans[previous][0])]
            if side.sentence_of[i] != sentence or any(
                os < e and s < oe and not (os < end and start < oe) for os, oe in others
            ):
                break
            # A comma or a coordinating conjunction ends the clause ("15 killed and 40 injured").
            if is_clause_bounded and (_CLAUSE_BREAK_RE.search(gap) or side.lemmas[i] in _CLAUSE_WORDS):
                break
            previous = i
            lemma = side.lemmas[i]
            if lemma not in STOPWORDS and not lemma[0].isdigit() and len(lemma) >= 2:
                picked.add(lemma)
    return frozenset(picked)


def best_aligned(scored: Sequence[tuple[int, _T, bool]], min_score: int) -> _T | None:
    """Given (alignment score, candidate, is compatible) triples: the counterpart that contradicts, if the
    best-aligned candidates all disagree; else None."""
    kept = [(score, candidate, ok) for score, candidate, ok in scored if score >= min_score]
    if not kept:
        return None
    best = max(score for score, _, _ in kept)
    top = [(candidate, ok) for score, candidate, ok in kept if score == best]
    if any(ok for _, ok in top):
        return None
    return top[0][0]


def paired_score(score: int, aligned_words: int) -> int:
    """A pairing score raised by slot alignment: an aligned slot pairs mentions that no shared noun or
    context would ("fined $276,000" and "Fined $138,000"), and outranks those that only share context."""
    if aligned_words < ALIGNED_MIN_CONTENT:
        return score
    return max(score, 0) + ALIGNED_SLOT_WEIGHT * aligned_words


def lemma_after(side: Side, position: int) -> str:
    """The lemma of the first content word at or after `position`, or "" at the end of its sentence."""
    for (start, _), lemma in zip(side.token_spans, side.lemmas, strict=True):
        if start >= position and lemma not in STOPWORDS:
            return lemma
    return ""
