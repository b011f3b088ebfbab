"""Finds the quantities a text states: value, qualifier, unit and the noun each one counts.

One piece at about 300 lines: reading a quantity's qualifier and deciding when two quantities are
compatible are one definition of what a qualifier allows; its patterns are in quantity_patterns.py."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from text_to_num import text2num

from scoring.judgement.counted import counted_after, unit_of
from scoring.judgement.quantity_patterns import (
    ABOVE_ONLY,
    BELOW_ONLY,
    CODE_AFTER_RE,
    CODE_BEFORE_RE,
    FRACTION_AFTER_RE,
    ORDINAL_AFTER_RE,
    QUALIFIERS,
    QUANTITY_RE,
    SCALE_WORDS,
    SCALES,
    VAGUE_HIGH_FACTOR,
    VAGUE_LOW_FACTOR,
    VAGUE_RE,
    VAGUE_UNITS,
    Qualifier,
)

# Wire copy rounds: "2,000 people" or "1.5 million" usually stands for a count within a few percent of it,
# while "1,523" is meant exactly. AP style rounds large figures to two or three significant digits, so a
# 5% band covers the rounding of round numbers without absorbing a changed leading digit.
ROUND_NUMBER_TOLERANCE = 0.05
# Smallest figure read as rounded: two trailing zeros.
ROUND_NUMBER_MIN = 100
# "about 15", "roughly 2,000": news hedges of this kind rarely stray more than a tenth from the figure.
APPROXIMATE_TOLERANCE = 0.10


@dataclass(frozen=True, slots=True)
class Quantity:
    """A stated amount; [low, high] is the set of true values the wording allows."""

    start: int
    end: int
    text: str
    value: float
    low: float
    high: float
    is_low_open: bool
    is_high_open: bool
    qualifier: Qualifier
    unit: str  # "", "percent", or a currency sign
    counted: tuple[str, ...]  # lower-case words after the number: what it counts

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    def describe(self) -> str:
        """The quantity in plain words, with what it counts."""
        return " ".join((self.text, *self.counted))


# Two bounds in the same direction ("more than 900", "more than 9,000") both admit any larger figure, but a
# reporter's bound sits near the figure it stands for: bounds this far apart state different figures.
SAME_BOUND_SPREAD_MAX = 2.0
_LOWER_BOUNDS = frozenset({"at_least", "more_than"})
_UPPER_BOUNDS = frozenset({"at_most", "less_than"})


def are_compatible(a: Quantity, b: Quantity) -> bool:
    """True when some true value satisfies both wordings ("at least 15" and "20" do; "15" and "20" do not;
    nor do "more than 900" and "more than 9,000", which state figures ten times apart)."""
    if _same_direction_bounds(a, b):
        small, large = sorted((abs(a.value), abs(b.value)))
        return small > 0 and large / small < SAME_BOUND_SPREAD_MAX
    low = max(a.low, b.low)
    high = min(a.high, b.high)
    if low < high:
        return True
    if low > high:
        return False
    # They touch at one value: only closed ends share it ("at least 15" and "at most 15" do, "more than 15"
    # and "fewer than 15" do not). Plain figures have open ends half a unit out, so "15" and "16" do not.
    if a.is_point or b.is_point:
        return True
    low_open = any(q.low == low and q.is_low_open for q in (a, b))
    high_open = any(q.high == high and q.is_high_open for q in (a, b))
    return not (low_open or high_open)


def _same_direction_bounds(a: Quantity, b: Quantity) -> bool:
    return {a.qualifier, b.qualifier} <= _LOWER_BOUNDS or {a.qualifier, b.qualifier} <= _UPPER_BOUNDS


def find_quantities(text: str) -> tuple[Quantity, ...]:
    """All quantities in `text`, in order; spans slice `text` exactly."""
    found: list[Quantity] = []
    position = 0
    while (match := QUANTITY_RE.search(text, position)) is not None:
        quantity = _quantity_from(text, match)
        if quantity is None:
            position = match.end()
            continue
        found.append(quantity)
        position = max(quantity.end, match.start() + 1)
    for match in VAGUE_RE.finditer(text):
        if any(q.start < match.end() and match.start() < q.end for q in found):
            continue
        unit = VAGUE_UNITS[match.group("vague").lower()]
        if match.group("outer"):
            unit *= VAGUE_UNITS[match.group("outer").lower()]
        low, high = unit * VAGUE_LOW_FACTOR, unit * VAGUE_HIGH_FACTOR
        end = match.end("vague")
        found.append(
            Quantity(
                start=match.start(),
                end=end,
                text=text[match.start() : end],
                value=low,
                low=low,
                high=high,
                is_low_open=False,
                is_high_open=True,
                qualifier="vague",
                unit="",
                counted=counted_after(text, match.end()),
            )
        )
    found.sort(key=lambda q: q.start)
    return tuple(found)


def _quantity_from(text: str, match: re.Match[str]) -> Quantity | None:
    value = _core_value(match)
    if value is None or not math.isfinite(value):
        return None
    core_start = match.start("cur") if match.group("cur") else _core_start(match)
    if _is_not_a_figure(text, match, core_start):
        return None
    qualifier_text = " ".join((match.group("qual") or "").lower().split())
    qualifier = _qualifier_kind(qualifier_text)
    high = value
    hi_text = match.group("hi")
    if hi_text is not None:
        # "10-15", "between 10 and 15": a range, unless "and" joins a list ("15 and 20 children") or
        # "from ... to" reports a change ("rose from 10 to 15").
        joined_by_and = re.search(r"\band\b", match.group(0)[_core_end(match) - match.start() :], re.I)
        if (match.group("between") is None and joined_by_and) or _follows_from(text, match.start()):
            return _quantity_from_truncated(text, match)
        scale = SCALES.get((match.group("dscale") or "").lower(), 1.0)
        high = float(hi_text.replace(",", "")) * scale
        if high <= value:
            return _quantity_from_truncated(text, match)
        qualifier = "range"
    elif match.group("between") is not None and match.group("between").lower() == "between":
        return None
    qualifier, low, high, is_low_open, is_high_open = _bounds(match, value, high, qualifier, qualifier_text)
    start = match.start("qual") if match.group("qual") else core_start
    if match.group("between"):
        start = match.start("between")
    end = match.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        low=low,
        high=high,
        is_low_open=is_low_open,
        is_high_open=is_high_open,
        qualifier=qualifier,
        unit=unit_of(match, text),
        counted=counted_after(text, match.end()),
    )


def _is_not_a_figure(text: str, match: re.Match[str], core_start: int) -> bool:
    """Digits that name a code, an ordinal or a fraction ("F-16", "5G", "21st", "two thirds"), not an amount."""
    core_end = _core_end(match)
    if match.group("dig"):
        if CODE_BEFORE_RE.search(text[max(0, core_start - 2) : core_start]) and not match.group("cur"):
            return True
        after = text[core_end : core_end + 4]
        if not match.group("dscale") and not match.group("pct") and not match.group("suffix"):
            if CODE_AFTER_RE.match(after) or ORDINAL_AFTER_RE.match(after):
                return True
        if match.group("dscale") and match.group("dscale").lower() in {"m", "b"} and not match.group("cur"):
            return True
    elif match.group("words") and _is_not_a_count(match.group("words")):
        return True
    return FRACTION_AFTER_RE.match(text, core_end) is not None


def _bounds(
    match: re.Match[str], value: float, high: float, qualifier: Qualifier, qualifier_text: str
) -> tuple[Qualifier, float, float, bool, bool]:
    """(qualifier, low, high, is_low_open, is_high_open): the true values the wording allows."""
    suffix = (match.group("suffix") or "").strip().lower()
    low = value
    is_low_open = is_high_open = False
    if qualifier == "at_least" or suffix in {"or more", "+", "-plus"}:
        qualifier, high = "at_least", math.inf
    elif qualifier == "more_than":
        high, is_low_open = math.inf, True
    elif qualifier == "at_most":
        low = 0.0
    elif qualifier == "less_than":
        low, is_high_open = 0.0, True
    elif qualifier == "approximate" or suffix == "or so":
        qualifier = "approximate"
        band = value * APPROXIMATE_TOLERANCE
        low = value if qualifier_text in ABOVE_ONLY else value - band
        high = value if qualifier_text in BELOW_ONLY else value + band
    elif qualifier == "exact":
        # A figure stands for every value that rounds to it ("123.8" and "124" agree); round figures
        # ("2,000") stand for a wider band.
        band = value * ROUND_NUMBER_TOLERANCE if _is_round(match, value) else 0.0
        band = max(band, _half_last_digit(match))
        low, high = value - band, value + band
        is_low_open = is_high_open = True
    return qualifier, low, high, is_low_open, is_high_open


def _quantity_from_truncated(text: str, match: re.Match[str]) -> Quantity | None:
    """Reads only the first number of a match whose second part turned out not to be a range end."""
    prefix = text[: _core_end(match)]
    sub = QUANTITY_RE.match(prefix, match.start())
    if sub is None or sub.group("hi") is not None:
        return None
    quantity = _quantity_from(prefix, sub)
    if quantity is None:
        return None
    return replace(quantity, counted=counted_after(text, quantity.end))


def _core_start(match: re.Match[str]) -> int:
    for group in ("dig", "words", "dozen"):
        if match.group(group):
            return match.start(group)
    return match.start()


def _core_end(match: re.Match[str]) -> int:
    if match.group("dig"):
        return match.end("dscale") if match.group("dscale") else match.end("dig")
    if match.group("words"):
        return match.end("words")
    return match.end("dozen")


def _core_value(match: re.Match[str]) -> float | None:
    if match.group("dig"):
        value = float(match.group("dig").replace(",", ""))
        scale = match.group("dscale")
        return value * SCALES[scale.lower()] if scale else value
    if match.group("dozen"):
        head = match.group("dozen").split()[0].lower()
        return 12.0 * (1.0 if head in {"a", "one"} else float(text2num(head, "en")))
    words = match.group("words").lower().split()
    if words[0] in {"a", "an"}:
        words = ["one", *words[1:]]
    try:
        return float(text2num(" ".join(words), "en"))
    except ValueError:
        return None


def _is_not_a_count(words: str) -> bool:
    # "one" and "a" are mostly pronouns and articles ("one of the", "no one"); a scale word alone is part
    # of a unit ("parts per million"); only "one hundred" or "a million" count.
    tokens = words.lower().replace("-", " ").split()
    return all(t in {"one", "a", "an"} for t in tokens) or all(re.fullmatch(SCALE_WORDS, t) for t in tokens)


def _half_last_digit(match: re.Match[str]) -> float:
    digits = match.group("dig") or ""
    if match.group("dscale") or "." not in digits:
        return 0.5 if not match.group("dscale") else 0.0
    return 0.5 * 10.0 ** -len(digits.split(".")[1])


def _is_round(match: re.Match[str], value: float) -> bool:
    """A figure with a scale word or two trailing zeros ("1.5 million", "2,000", "two thousand")."""
    if match.group("dscale") or re.search(rf"\b(?:{SCALE_WORDS})\b", match.group("words") or "", re.I):
        return True
    return value.is_integer() and value >= ROUND_NUMBER_MIN and int(value) % ROUND_NUMBER_MIN == 0


def _qualifier_kind(qualifier_text: str) -> Qualifier:
    if not qualifier_text:
        return "exact"
    for pattern, kind in QUALIFIERS:
        if re.fullmatch(pattern, qualifier_text, re.IGNORECASE):
            return kind
    return "exact"


def _follows_from(text: str, position: int) -> bool:
    return re.search(r"\bfrom\s*$", text[max(0, position - 6) : position], re.IGNORECASE) is not None
