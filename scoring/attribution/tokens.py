"""Attribution's tokens: words with character offsets, and the word-class tests the chunker asks of them."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.attribution.lexicon import (
    ABBREVIATIONS,
    ANONYMOUS_HEADS,
    BOUNDARY_WORDS,
    DOCUMENT_HEADS,
    INSTITUTION_HEADS,
    MODIFIER_WORDS,
    PLURALISABLE_HEADS,
    REPORTING_VERBS,
    ROLE_HEADS,
    SENTENCE_ENDS,
)
from scoring.text.words import SOURCE_TOKEN


@dataclass(frozen=True, slots=True)
class Tokens:
    text: str
    words: tuple[str, ...]
    lower: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    is_caseless: bool

    def __len__(self) -> int:
        return len(self.words)

    def span(self, first: int, last: int) -> tuple[int, int]:
        return self.starts[first], self.ends[last]


def tokenise(text: str) -> Tokens:
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in SOURCE_TOKEN.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        # "Mr." and "D." keep their dot so that it is not read as a sentence end.
        if word == "." and words and ends[-1] == start:
            previous = words[-1]
            if previous.lower() in ABBREVIATIONS or (len(previous) == 1 and previous.isupper()):
                words[-1] = text[starts[-1] : end]
                ends[-1] = end
                continue
        words.append(word)
        starts.append(start)
        ends.append(end)
    lower = tuple(w.lower() for w in words)
    return Tokens(
        text=text,
        words=tuple(words),
        lower=lower,
        starts=tuple(starts),
        ends=tuple(ends),
        is_caseless=not any(c.isupper() for c in text),
    )


def bare(word: str) -> str:
    """The word without a possessive ending or abbreviation dot."""
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word.rstrip(".")


def is_word(word: str) -> bool:
    return word[:1].isalnum()


def is_capitalised(tokens: Tokens, i: int) -> bool:
    word = tokens.words[i]
    if not is_word(word):
        return False
    if tokens.is_caseless:
        return tokens.lower[i] not in BOUNDARY_WORDS and tokens.lower[i] not in REPORTING_VERBS
    return (word[0].isupper() or word[0].isdigit()) and bare(tokens.lower[i]) not in BOUNDARY_WORDS


def is_known_noun(lower: str) -> bool:
    stem = bare(lower)
    if stem.endswith("s") and len(stem) > 3 and stem[:-1] in PLURALISABLE_HEADS:
        stem = stem[:-1]  # "attorneys", "governors", "campaigns"
    return (
        stem in ANONYMOUS_HEADS
        or stem in ROLE_HEADS
        or stem in INSTITUTION_HEADS
        or stem in DOCUMENT_HEADS
        or stem in MODIFIER_WORDS
    )


def is_verb_position(tokens: Tokens, i: int) -> bool:
    """False for a capitalised verb form inside a sentence: "the United States", "Fox News Reports"."""
    word = tokens.words[i]
    if tokens.is_caseless or word[:1].islower():
        return True
    return i == 0 or tokens.words[i - 1] in SENTENCE_ENDS


def sentence_start(tokens: Tokens, i: int) -> int:
    k = i
    while k > 0 and tokens.words[k - 1] not in SENTENCE_ENDS:
        k -= 1
    return k
