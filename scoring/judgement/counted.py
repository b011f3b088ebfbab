"""What a figure counts and in what unit: the few words after it (units spelled one way), a rate ("per
year"), and the percent or currency it is stated in."""

from __future__ import annotations

import re

from scoring.judgement.quantity_patterns import (
    COUNT_BOUNDARY,
    COUNT_SKIP_LEADING,
    CURRENCY,
    CURRENCY_WORDS,
    INLINE_SPACES,
    RATE_RE,
    UNIT_SPELLINGS,
    UNIT_SYMBOL_RE,
    UNIT_SYMBOLS,
)
from scoring.text.words import LATIN_WORD

# How many words after a number are read as the thing it counts ("15 young children" -> young, children).
COUNTED_WORDS_MAX = 3


def skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in INLINE_SPACES:
        position += 1
    return position


def counted_after(text: str, position: int) -> tuple[str, ...]:
    """What a number counts: up to COUNTED_WORDS_MAX words after it (units spelled one way), and a rate."""
    words: list[str] = []
    cursor = position
    leading = True
    if text[cursor : cursor + 1] == "-":  # "a 17-year war", "a 10-metre wall"
        cursor += 1
    while len(words) < COUNTED_WORDS_MAX:
        cursor = skip_space(text, cursor)
        symbol = UNIT_SYMBOL_RE.match(text, cursor)
        if symbol is not None:
            words.extend(UNIT_SYMBOLS[symbol.group(0).replace(" ", "")])
            cursor = symbol.end()
            leading = False
            continue
        word = LATIN_WORD.match(text, cursor)
        if word is None:
            break
        lowered = word.group(0).lower().strip("'’-")
        cursor = word.end()
        if lowered in CURRENCY_WORDS:
            continue
        if leading and lowered in COUNT_SKIP_LEADING:
            continue
        # After the first word a past tense or participle starts the predicate ("15 people attended").
        if lowered in COUNT_BOUNDARY or not lowered or (not leading and lowered.endswith(("ed", "ing"))):
            cursor = word.start()
            break
        leading = False
        words.extend(UNIT_SPELLINGS.get(lowered, (lowered,)))
    rate = RATE_RE.match(text, cursor)
    if rate is not None:
        words.append("per:" + (rate.group("per") or "year").lower())
    return tuple(words)


def unit_of(match: re.Match[str], text: str) -> str:
    """ "percent", a currency sign, or "" for a plain count."""
    if match.group("pct"):
        return "percent"
    currency = match.group("cur")
    if currency:
        return CURRENCY[currency.lower()]
    next_word = LATIN_WORD.match(text, skip_space(text, match.end()))
    if next_word is not None and next_word.group(0).lower() in CURRENCY_WORDS:
        return CURRENCY_WORDS[next_word.group(0).lower()]
    return ""
