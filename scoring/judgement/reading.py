"""One text as conflict finding reads it: tokens with lemmas and sentences, dates, figures, negations, and
the slot sequence paraphrases are aligned on; each part extracted once, and only when asked for."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from types import MappingProxyType

from scoring.judgement import dates, negation, quantities
from scoring.judgement.lemmas import key_of
from scoring.text.words import LATIN_WORD_OR_NUMBER, SLOT_TOKEN

# Alignment reads punctuation too (SLOT_TOKEN): "in _ ," and "in _ ." are the same slot, "in _ report" is
# not. Words that come and go between paraphrases of one statement are skipped: articles, auxiliaries,
# negation cues (so "did not attend" and "attended" line up) and hedging adverbs.
_SLOT_SKIP = frozenset(
    """a an the of be do have will would shall should can could may might must not never no cannot that
    also just only still even reportedly allegedly""".split()
)
_SENTENCE_END_RE = re.compile(r"[.!?;]\s+(?=[A-Z\"'“(])|\n")


@dataclass(frozen=True, slots=True)
class Side:
    """One text with its tokens, lemmas and sentence boundaries, read once."""

    text: str
    token_spans: tuple[tuple[int, int], ...]
    lemmas: tuple[str, ...]
    sentence_of: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Slots:
    """One text as a sequence of keys to align: canonical lemmas, punctuation, and one key per mention
    ("<q:$>" for an amount of dollars, "<d>" for a date) so that differing values still line up."""

    keys: tuple[str, ...]
    index_at: MappingProxyType[int, int]  # character offset of a mention or word -> its key's index


class Reading:
    """What conflict finding needs from one text, each part extracted once and only when asked for.

    A claim is read once and compared with every retrieved passage. A passage part is read only when the
    claim could conflict through it: its dates only if the claim has dates, its figures only if the claim
    has figures, its words and slots only when two mentions are to be paired. Most passages of a miss
    never need the costly parts.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    @functools.cached_property
    def side(self) -> Side:
        return read_side(self.text)

    @functools.cached_property
    def dates(self) -> tuple[dates.DateMention, ...]:
        return dates.find_dates(self.text)

    @functools.cached_property
    def quantities(self) -> tuple[quantities.Quantity, ...]:
        return outside_dates(quantities.find_quantities(self.text), self.dates)

    @functools.cached_property
    def slots(self) -> Slots:
        return slots_of(self.text, self.quantities, self.dates)

    @functools.cached_property
    def negations(self) -> tuple[negation.Negation, ...]:
        return negation.find_negations(self.text)


def read_side(text: str) -> Side:
    spans = tuple((m.start(), m.end()) for m in LATIN_WORD_OR_NUMBER.finditer(text))
    lemmas = tuple(key_of(text[s:e]) for s, e in spans)
    boundaries = [m.end() for m in _SENTENCE_END_RE.finditer(text)]
    sentence_of = tuple(sum(1 for b in boundaries if b <= s) for s, _ in spans)
    return Side(text=text, token_spans=spans, lemmas=lemmas, sentence_of=sentence_of)


def slots_of(
    text: str, found: tuple[quantities.Quantity, ...], mentions: tuple[dates.DateMention, ...]
) -> Slots:
    marks = sorted(
        [(q.start, q.end, f"<q:{q.unit}>") for q in found] + [(d.start, d.end, "<d>") for d in mentions]
    )
    keys: list[str] = []
    index_at: dict[int, int] = {}
    mark = 0
    for match in SLOT_TOKEN.finditer(text):
        start, end = match.span()
        while mark < len(marks) and marks[mark][1] <= start:
            mark += 1
        if mark < len(marks) and marks[mark][0] < end:
            mark_start, _, key = marks[mark]
            if mark_start not in index_at:
                index_at[mark_start] = len(keys)
                keys.append(key)
            continue
        word = match.group(0)
        key = key_of(word) if word[0].isalnum() else word[0]
        if key in _SLOT_SKIP or key.endswith(("n't", "n’t")):
            continue
        index_at[start] = len(keys)
        keys.append(key)
    return Slots(keys=tuple(keys), index_at=MappingProxyType(index_at))


def outside_dates(
    found: tuple[quantities.Quantity, ...], mentions: tuple[dates.DateMention, ...]
) -> tuple[quantities.Quantity, ...]:
    return tuple(q for q in found if not any(m.start < q.end and q.start < m.end for m in mentions))
