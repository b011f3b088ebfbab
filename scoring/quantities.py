"""Finds the quantities a text states: value, qualifier, unit and the noun each one counts."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from text_to_num import text2num

Qualifier = Literal["exact", "approximate", "at_least", "more_than", "at_most", "less_than", "range", "vague"]

# Wire copy rounds: "2,000 people" or "1.5 million" usually stands for a count within a few percent of it,
# while "1,523" is meant exactly. AP style rounds large figures to two or three significant digits, so a
# 5% band covers the rounding of round numbers without absorbing a changed leading digit.
ROUND_NUMBER_TOLERANCE = 0.05
# Smallest figure read as rounded: two trailing zeros.
ROUND_NUMBER_MIN = 100
# "about 15", "roughly 2,000": news hedges of this kind rarely stray more than a tenth from the figure.
APPROXIMATE_TOLERANCE = 0.10
# How many words after a number are read as the thing it counts ("15 young children" -> young, children).
COUNTED_WORDS_MAX = 3

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_CURRENCY = {"$": "$", "us$": "$", "£": "£", "€": "€", "¥": "¥", "₹": "₹"}
_CURRENCY_WORDS = {
    "dollar": "$",
    "dollars": "$",
    "pound": "£",
    "pounds": "£",
    "euro": "€",
    "euros": "€",
    "yen": "¥",
    "rupees": "₹",
}

_UNIT_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen"
)
_TENS_WORDS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SCALE_WORDS = "hundred|thousand|million|billion|trillion"
_NUMBER_WORD = rf"(?:(?:{_TENS_WORDS})(?:-(?:{_UNIT_WORDS}))?|{_UNIT_WORDS}|{_SCALE_WORDS})"

_QUALIFIERS: tuple[tuple[str, Qualifier], ...] = (
    (r"at\s+least|no\s+(?:fewer|less)\s+than|a\s+minimum\s+of", "at_least"),
    (r"more\s+than|over|above|in\s+excess\s+of|upwards\s+of|exceeding|greater\s+than", "more_than"),
    (
        r"at\s+most|up\s+to|no\s+more\s+than|as\s+(?:many|much)\s+as|a\s+maximum\s+of|not\s+more\s+than",
        "at_most",
    ),
    (r"fewer\s+than|less\s+than|under|below", "less_than"),
    (
        r"about|around|approximately|approx\.|roughly|some|nearly|almost|close\s+to|an\s+estimated|"
        r"estimated|circa|just\s+under|just\s+over|more\s+or\s+less",
        "approximate",
    ),
)
_BELOW_ONLY = frozenset({"nearly", "almost", "close to", "just under"})
_ABOVE_ONLY = frozenset({"just over"})

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER_CORE = (
    rf"(?P<cur>US\$|[$£€¥₹])?\s?(?:(?P<dig>{_DIGITS})(?:\s?(?P<dscale>thousand|million|billion|trillion|"
    rf"mn|mln|bn|tn|k|m|b)\b)?"
    rf"|(?P<words>\b(?:an?\s+)?{_NUMBER_WORD}(?:(?:\s+and\s+|\s+|-){_NUMBER_WORD})*\b)"
    rf"|(?P<dozen>\b(?:a|one|two|three|four|five|six)\s+dozen\b))"
)
_QUALIFIER_RE = "|".join(f"(?:{p})" for p, _ in _QUALIFIERS)
_QUANTITY_RE = re.compile(
    rf"(?<![\w.,])(?:(?P<between>between)\s+)?(?:(?P<qual>{_QUALIFIER_RE})\s+)?{_NUMBER_CORE}"
    rf"(?:\s?(?:-|–|—|to|and)\s?(?P<hi>{_DIGITS})(?=\b))?"
    rf"(?P<pct>\s?%|\s+per\s?cent\b|\s+percent\b|\s+percentage\s+points?\b)?"
    rf"(?P<suffix>\s+or\s+more\b|\s+or\s+so\b|\s*\+|-plus\b)?",
    re.IGNORECASE,
)
_VAGUE_RE = re.compile(
    r"\b(?:(?P<outer>tens|hundreds)\s+of\s+)?(?P<vague>dozens|hundreds|thousands|millions|billions)\s+(?:of\s+)?"
    r"(?=[a-z])",
    re.IGNORECASE,
)
# "hundreds of people": from two of the unit up to well past the next unit, so that vague figures only clash
# with figures an order of magnitude away ("hundreds" and "a dozen"), not with each other.
_VAGUE_UNITS = MappingProxyType(
    {"tens": 10.0, "dozens": 12.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
)
VAGUE_LOW_FACTOR = 2.0
VAGUE_HIGH_FACTOR = 1_000.0

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Spaces within a line, including the no-break and thin spaces typeset copy puts between a figure and its
# unit ("0.2\u00a0°C").
_INLINE_SPACES = frozenset(" \t\u00a0\u2009\u202f")
# Unit symbols and abbreviations, spelled one way so "11 mi" and "11 miles" count the same thing.
_UNIT_SYMBOLS = MappingProxyType(
    {
        "°C": ("degrees", "celsius"),
        "°F": ("degrees", "fahrenheit"),
        "°": ("degrees",),
        "℃": ("degrees", "celsius"),
        "partspermillion": ("ppm",),
    }
)
_UNIT_SYMBOL_RE = re.compile(r"°\s?[CF]\b|°|℃|parts\s+per\s+million\b")
_UNIT_SPELLINGS = MappingProxyType(
    {
        "c": ("celsius",),
        "f": ("fahrenheit",),
        "km": ("kilometres",),
        "kilometers": ("kilometres",),
        "mi": ("miles",),
        "m": ("metres",),
        "meters": ("metres",),
        "ft": ("feet",),
        "kg": ("kilograms",),
        "t": ("tonnes",),
        "tons": ("tonnes",),
        "cm": ("centimetres",),
        "centimeters": ("centimetres",),
        "mm": ("millimetres",),
        "millimeters": ("millimetres",),
        "ppm": ("ppm",),
        "gt": ("gigatonnes",),
        "gigatons": ("gigatonnes",),
        "yrs": ("years",),
    }
)
# "0.2 °C per decade", "5% a year": a rate is a different figure from a total.
_RATE_RE = re.compile(
    r"\s*(?:per|a|an|each|every)\s+(?P<per>second|minute|hour|day|week|month|year|decade|century|capita|person)s?\b"
    r"|\s*(?P<per2>annually|yearly)\b",
    re.IGNORECASE,
)
# Words that end the run of words naming what a number counts.
_COUNT_BOUNDARY = frozenset(
    """a an the and or but nor of in on at to for from by with as than that which who whom whose this these
    those it its is are was were be been being has have had do does did will would can could should may
    might must shall said says say according per each every after before since during while when where
    into onto over under about around out up down off if then so just only also not no never vs versus
    still already now today yesterday tomorrow last ago later earlier again respectively alone""".split()
)
_COUNT_SKIP_LEADING = frozenset({"of", "the", "their", "his", "her", "its", "our", "those", "these"})
# Glued letters that mark a model or code ("COVID-19", "F-16", "G7", "5G"): not counts.
_CODE_BEFORE_RE = re.compile(r"[A-Za-z]-?$|[#/:.]$")
_CODE_AFTER_RE = re.compile(r"^(?:(?!(?:mm|cm|km|m|kg|ft|mi|ppm|mph|gt|t|yrs)\b)[A-Za-z]|:\d|/\d|\.\d|-\d+-)")
_FRACTION_AFTER_RE = re.compile(
    r"[-\s](?:halves|half|thirds?|quarters?|fourths?|fifths?|sixths?|tenths?|hundredths?)\b", re.IGNORECASE
)
_ORDINAL_AFTER_RE = re.compile(r"^(?:st|nd|rd|th)\b", re.IGNORECASE)


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


def are_compatible(a: Quantity, b: Quantity) -> bool:
    """True when some true value satisfies both wordings ("at least 15" and "20" do; "15" and "20" do not)."""
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


def find_quantities(text: str) -> tuple[Quantity, ...]:
    """All quantities in `text`, in order; spans slice `text` exactly."""
    found: list[Quantity] = []
    position = 0
    while (match := _QUANTITY_RE.search(text, position)) is not None:
        quantity = _quantity_from(text, match)
        if quantity is None:
            position = match.end()
            continue
        found.append(quantity)
        position = max(quantity.end, match.start() + 1)
    for match in _VAGUE_RE.finditer(text):
        if any(q.start < match.end() and match.start() < q.end for q in found):
            continue
        unit = _VAGUE_UNITS[match.group("vague").lower()]
        if match.group("outer"):
            unit *= _VAGUE_UNITS[match.group("outer").lower()]
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
                counted=_counted_after(text, match.end()),
            )
        )
    found.sort(key=lambda q: q.start)
    return tuple(found)


def _quantity_from(text: str, match: re.Match[str]) -> Quantity | None:
    value = _core_value(match)
    if value is None or not math.isfinite(value):
        return None
    core_start = match.start("cur") if match.group("cur") else _core_start(match)
    core_end = _core_end(match)
    if match.group("dig"):
        if _CODE_BEFORE_RE.search(text[max(0, core_start - 2) : core_start]) and not match.group("cur"):
            return None
        after = text[core_end : core_end + 4]
        if not match.group("dscale") and not match.group("pct") and not match.group("suffix"):
            if _CODE_AFTER_RE.match(after) or _ORDINAL_AFTER_RE.match(after):
                return None
        if match.group("dscale") and match.group("dscale").lower() in {"m", "b"} and not match.group("cur"):
            return None
    elif match.group("words") and _is_not_a_count(match.group("words")):
        return None
    if _FRACTION_AFTER_RE.match(text, _core_end(match)):
        return None
    unit = _unit_of(match, text)
    qualifier_text = " ".join((match.group("qual") or "").lower().split())
    qualifier = _qualifier_kind(qualifier_text)
    suffix = (match.group("suffix") or "").strip().lower()
    low = high = value
    is_low_open = is_high_open = False
    hi_text = match.group("hi")
    if hi_text is not None:
        # "10-15", "between 10 and 15": a range, unless "and" joins a list ("15 and 20 children") or
        # "from ... to" reports a change ("rose from 10 to 15").
        joined_by_and = re.search(r"\band\b", match.group(0)[_core_end(match) - match.start() :], re.I)
        if (match.group("between") is None and joined_by_and) or _follows_from(text, match.start()):
            return _quantity_from_truncated(text, match)
        scale = _SCALES.get((match.group("dscale") or "").lower(), 1.0)
        high = float(hi_text.replace(",", "")) * scale
        if high <= value:
            return _quantity_from_truncated(text, match)
        qualifier = "range"
    elif match.group("between") is not None and match.group("between").lower() == "between":
        return None
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
        low = value if qualifier_text in _ABOVE_ONLY else value - band
        high = value if qualifier_text in _BELOW_ONLY else value + band
    elif qualifier == "exact":
        # A figure stands for every value that rounds to it ("123.8" and "124" agree); round figures
        # ("2,000") stand for a wider band.
        band = value * ROUND_NUMBER_TOLERANCE if _is_round(match, value) else 0.0
        band = max(band, _half_last_digit(match))
        low, high = value - band, value + band
        is_low_open = is_high_open = True
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
        unit=unit,
        counted=_counted_after(text, match.end()),
    )


def _quantity_from_truncated(text: str, match: re.Match[str]) -> Quantity | None:
    """Reads only the first number of a match whose second part turned out not to be a range end."""
    prefix = text[: _core_end(match)]
    sub = _QUANTITY_RE.match(prefix, match.start())
    if sub is None or sub.group("hi") is not None:
        return None
    quantity = _quantity_from(prefix, sub)
    if quantity is None:
        return None
    return Quantity(
        start=quantity.start,
        end=quantity.end,
        text=quantity.text,
        value=quantity.value,
        low=quantity.low,
        high=quantity.high,
        is_low_open=quantity.is_low_open,
        is_high_open=quantity.is_high_open,
        qualifier=quantity.qualifier,
        unit=quantity.unit,
        counted=_counted_after(text, quantity.end),
    )


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
        return value * _SCALES[scale.lower()] if scale else value
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
    return all(t in {"one", "a", "an"} for t in tokens) or all(re.fullmatch(_SCALE_WORDS, t) for t in tokens)


def _half_last_digit(match: re.Match[str]) -> float:
    digits = match.group("dig") or ""
    if match.group("dscale") or "." not in digits:
        return 0.5 if not match.group("dscale") else 0.0
    return 0.5 * 10.0 ** -len(digits.split(".")[1])


def _is_round(match: re.Match[str], value: float) -> bool:
    """A figure with a scale word or two trailing zeros ("1.5 million", "2,000", "two thousand")."""
    if match.group("dscale") or re.search(rf"\b(?:{_SCALE_WORDS})\b", match.group("words") or "", re.I):
        return True
    return value.is_integer() and value >= ROUND_NUMBER_MIN and int(value) % ROUND_NUMBER_MIN == 0


def _unit_of(match: re.Match[str], text: str) -> str:
    if match.group("pct"):
        return "percent"
    currency = match.group("cur")
    if currency:
        return _CURRENCY[currency.lower()]
    next_word = _WORD_RE.match(text, _skip_space(text, match.end()))
    if next_word is not None and next_word.group(0).lower() in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[next_word.group(0).lower()]
    return ""


def _qualifier_kind(qualifier_text: str) -> Qualifier:
    if not qualifier_text:
        return "exact"
    for pattern, kind in _QUALIFIERS:
        if re.fullmatch(pattern, qualifier_text, re.IGNORECASE):
            return kind
    return "exact"


def _follows_from(text: str, position: int) -> bool:
    return re.search(r"\bfrom\s*$", text[max(0, position - 6) : position], re.IGNORECASE) is not None


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in _INLINE_SPACES:
        position += 1
    return position


def _counted_after(text: str, position: int) -> tuple[str, ...]:
    """What a number counts: up to COUNTED_WORDS_MAX words after it (units spelled one way), and a rate."""
    words: list[str] = []
    cursor = position
    leading = True
    if text[cursor : cursor + 1] == "-":  # "a 17-year war", "a 10-metre wall"
        cursor += 1
    while len(words) < COUNTED_WORDS_MAX:
        cursor = _skip_space(text, cursor)
        symbol = _UNIT_SYMBOL_RE.match(text, cursor)
        if symbol is not None:
            words.extend(_UNIT_SYMBOLS[symbol.group(0).replace(" ", "")])
            cursor = symbol.end()
            leading = False
            continue
        word = _WORD_RE.match(text, cursor)
        if word is None:
            break
        lowered = word.group(0).lower().strip("'’-")
        cursor = word.end()
        if lowered in _CURRENCY_WORDS:
            continue
        if leading and lowered in _COUNT_SKIP_LEADING:
            continue
        # After the first word a past tense or participle starts the predicate ("15 people attended").
        if lowered in _COUNT_BOUNDARY or not lowered or (not leading and lowered.endswith(("ed", "ing"))):
            cursor = word.start()
            break
        leading = False
        words.extend(_UNIT_SPELLINGS.get(lowered, (lowered,)))
    rate = _RATE_RE.match(text, cursor)
    if rate is not None:
        words.append("per:" + (rate.group("per") or "year").lower())
    return tuple(words)
