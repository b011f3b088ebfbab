"""One month and weekday table: every spelling maps to its number, and the patterns match each spelling."""

from __future__ import annotations

import re

from scoring.text.calendar import (
    MONTH_ABBREVIATION_PATTERN,
    MONTH_NAME_PATTERN,
    MONTH_NUMBERS,
    MONTH_PREFIX_PATTERN,
    WEEKDAY_NUMBERS,
    WEEKDAY_PATTERN,
)


def test_every_spelling_maps_to_its_month() -> None:
    assert MONTH_NUMBERS["january"] == MONTH_NUMBERS["jan"] == 1
    assert MONTH_NUMBERS["september"] == MONTH_NUMBERS["sept"] == MONTH_NUMBERS["sep"] == 9
    assert "may" in MONTH_NUMBERS and sorted(set(MONTH_NUMBERS.values())) == list(range(1, 13))
    assert WEEKDAY_NUMBERS["monday"] == 0 and WEEKDAY_NUMBERS["sunday"] == 6


def test_patterns_match_whole_spellings_and_sept_before_sep() -> None:
    months = re.compile(rf"(?:{MONTH_NAME_PATTERN}|{MONTH_ABBREVIATION_PATTERN})")
    assert months.match("Sept.").group() == "Sept"
    assert months.match("September").group() == "September"
    assert re.fullmatch(WEEKDAY_PATTERN, "Wednesday")
    assert MONTH_PREFIX_PATTERN == "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
