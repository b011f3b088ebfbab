"""The words and patterns quantities are read with: number words and scales, currencies, qualifiers
("at least", "about"), units and their spellings, rates, and what ends the noun a figure counts."""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Literal

Qualifier = Literal["exact", "approximate", "at_least", "more_than", "at_most", "less_than", "range", "vague"]

SCALES = {
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
CURRENCY = {"$": "$", "us$": "$", "£": "£", "€": "€", "¥": "¥", "₹": "₹"}
CURRENCY_WORDS = {
    "dollar": "$",
    "dollars": "$",
    "pound": "£",
    "pounds": "£",
    "euro": "€",
    "euros": "€",
    "yen": "¥",
    "rupees": "₹",
}

UNIT_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen"
)
TENS_WORDS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
SCALE_WORDS = "hundred|thousand|million|billion|trillion"
NUMBER_WORD = rf"(?:(?:{TENS_WORDS})(?:-(?:{UNIT_WORDS}))?|{UNIT_WORDS}|{SCALE_WORDS})"

QUALIFIERS: tuple[tuple[str, Qualifier], ...] = (
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
BELOW_ONLY = frozenset({"nearly", "almost", "close to", "just under"})
ABOVE_ONLY = frozenset({"just over"})

DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER_CORE = (
    rf"(?P<cur>US\$|[$£€¥₹])?\s?(?:(?P<dig>{DIGITS})(?:\s?(?P<dscale>thousand|million|billion|trillion|"
    rf"mn|mln|bn|tn|k|m|b)\b)?"
    rf"|(?P<words>\b(?:an?\s+)?{NUMBER_WORD}(?:(?:\s+and\s+|\s+|-){NUMBER_WORD})*\b)"
    rf"|(?P<dozen>\b(?:a|one|two|three|four|five|six)\s+dozen\b))"
)
QUALIFIER_RE = "|".join(f"(?:{p})" for p, _ in QUALIFIERS)
QUANTITY_RE = re.compile(
    rf"(?<![\w.,])(?:(?P<between>between)\s+)?(?:(?P<qual>{QUALIFIER_RE})\s+)?{NUMBER_CORE}"
    rf"(?:\s?(?:-|–|—|to|and)\s?(?P<hi>{DIGITS})(?=\b))?"
    rf"(?P<pct>\s?%|\s+per\s?cent\b|\s+percent\b|\s+percentage\s+points?\b)?"
    rf"(?P<suffix>\s+or\s+more\b|\s+or\s+so\b|\s*\+|-plus\b)?",
    re.IGNORECASE,
)
VAGUE_RE = re.compile(
    r"\b(?:(?P<outer>tens|hundreds)\s+of\s+)?(?P<vague>dozens|hundreds|thousands|millions|billions)\s+(?:of\s+)?"
    r"(?=[a-z])",
    re.IGNORECASE,
)
# "hundreds of people": from two of the unit up to well past the next unit, so that vague figures only clash
# with figures an order of magnitude away ("hundreds" and "a dozen"), not with each other.
VAGUE_UNITS = MappingProxyType(
    {"tens": 10.0, "dozens": 12.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
)
VAGUE_LOW_FACTOR = 2.0
VAGUE_HIGH_FACTOR = 1_000.0

# Spaces within a line, including the no-break and thin spaces typeset copy puts between a figure and its
# unit ("0.2\u00a0°C").
INLINE_SPACES = frozenset(" \t\u00a0\u2009\u202f")
# Unit symbols and abbreviations, spelled one way so "11 mi" and "11 miles" count the same thing.
UNIT_SYMBOLS = MappingProxyType(
    {
        "°C": ("degrees", "celsius"),
        "°F": ("degrees", "fahrenheit"),
        "°": ("degrees",),
        "℃": ("degrees", "celsius"),
        "partspermillion": ("ppm",),
    }
)
UNIT_SYMBOL_RE = re.compile(r"°\s?[CF]\b|°|℃|parts\s+per\s+million\b")
UNIT_SPELLINGS = MappingProxyType(
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
RATE_RE = re.compile(
    r"\s*(?:per|a|an|each|every)\s+(?P<per>second|minute|hour|day|week|month|year|decade|century|capita|person)s?\b"
    r"|\s*(?P<per2>annually|yearly)\b",
    re.IGNORECASE,
)
# Words that end the run of words naming what a number counts.
COUNT_BOUNDARY = frozenset(
    """a an the and or but nor of in on at to for from by with as than that which who whom whose this these
    those it its is are was were be been being has have had do does did will would can could should may
    might must shall said says say according per each every after before since during while when where
    into onto over under about around out up down off if then so just only also not no never vs versus
    still already now today yesterday tomorrow last ago later earlier again respectively alone""".split()
)
COUNT_SKIP_LEADING = frozenset({"of", "the", "their", "his", "her", "its", "our", "those", "these"})
# Glued letters that mark a model or code ("COVID-19", "F-16", "G7", "5G"): not counts.
CODE_BEFORE_RE = re.compile(r"[A-Za-z]-?$|[#/:.]$")
CODE_AFTER_RE = re.compile(r"^(?:(?!(?:mm|cm|km|m|kg|ft|mi|ppm|mph|gt|t|yrs)\b)[A-Za-z]|:\d|/\d|\.\d|-\d+-)")
FRACTION_AFTER_RE = re.compile(
    r"[-\s](?:halves|half|thirds?|quarters?|fourths?|fifths?|sixths?|tenths?|hundredths?)\b", re.IGNORECASE
)
ORDINAL_AFTER_RE = re.compile(r"^(?:st|nd|rd|th)\b", re.IGNORECASE)
