"""Finds the calendar dates a text states (day, month, year, weekday) and tells whether two can agree."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from scoring.text.calendar import (
    MONTH_ABBREVIATION_PATTERN,
    MONTH_NAME_PATTERN,
    MONTH_NUMBERS,
    WEEKDAY_NUMBERS,
    WEEKDAY_PATTERN,
)

DateBound = Literal["on", "since", "before", "range"]

# Month names are capitalised in news copy; "may", "march" and "august" in lower case are other words.
_MONTH = rf"(?P<{{g}}>{MONTH_NAME_PATTERN}|(?:{MONTH_ABBREVIATION_PATTERN})\.?)"
_WEEKDAY = rf"(?P<wd>{WEEKDAY_PATTERN})"
# Years read as dates, 1600 to 2100: news covers history from the early modern period to the near future.
_YEAR = r"(?:1[6-9]\d\d|20\d\d|2100)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"

_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 2016-08-14
    re.compile(rf"\b(?P<y>{_YEAR})-(?P<mn>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"),
    # 14/08/2016, 8/14/2016
    re.compile(rf"\b(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>{_YEAR})\b"),
    # (Monday,) Aug. 14(th)(, 2016); tweets also space the comma ("November 25 , 2002")
    re.compile(
        rf"(?:{_WEEKDAY},?\s+)?\b{_MONTH.format(g='m')}\s+(?P<d>{_DAY}){_ORD}\b(?!:)(?:\s?,?\s+(?P<y>{_YEAR})\b)?"
    ),
    # (Monday,) 14(th) (of) August( 2016)
    re.compile(
        rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?\b(?P<d>{_DAY}){_ORD}\s+(?:of\s+)?{_MONTH.format(g='m')}(?![a-z])"
        rf"(?:,?\s+(?P<y>{_YEAR})\b)?"
    ),
    # August 2016, May of 2016
    re.compile(rf"\b{_MONTH.format(g='m')}\s+(?:of\s+)?(?P<y>{_YEAR})\b"),
    # the 1990s
    re.compile(r"\b(?P<decade>1[6-9]\d0|20\d0)'?s\b"),
    # 2015-16, 2015–2017
    re.compile(rf"\b(?P<y>{_YEAR})\s?[-–]\s?(?P<y2>\d\d|{_YEAR})\b(?![-–/]\d)"),
    # a lone year, not followed by a counted noun ("2000 people")
    re.compile(rf"(?<![\d,.$£€-])\b(?P<y>{_YEAR})\b(?![,.]\d|%|\s+(?:per\s?cent|percent)\b)"),
    # a month alone after a preposition ("in May", "since March")
    re.compile(
        rf"(?P<cue>(?i:\b(?:in|since|until|till|by|from|through|during|before|after|early|late|mid|of|last|next|"
        rf"this|on)\s+(?:-\s*)?)){_MONTH.format(g='m')}(?![a-z])"
    ),
    # a weekday
    re.compile(rf"\b{_WEEKDAY}\b"),
)
_SINCE_RE = re.compile(
    r"\b(?:since|after|from|as\s+of|starting|beginning)\s+(?:the\s+)?(?:(?:early|late|mid|middle)\s+)?$", re.I
)
_BEFORE_RE = re.compile(r"\b(?:before|until|till|by|prior\s+to|through|up\s+to)\s+(?:the\s+)?$", re.I)
_RANGE_JOIN_RE = re.compile(r"\s*(?:and|to|until|till|through|-|–|—)\s*", re.I)
_BETWEEN_RE = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)
# "2000 people", "1500 troops": a number in the year range followed by a plural noun counts something.
_COUNTED_NOUN_AFTER_RE = re.compile(
    r"^\s+(?:(?!(?:was|has|is|as|its|this|his|thus|plus|levels|figures|results|elections|games|olympics|"
    r"standards|emissions|rates|prices|estimates|numbers|data|statistics)\b)[a-z]+s|people|children|men|women|"
    r"police|staff|personnel|cattle|sheep|fish|feet|mi|km|kg)\b"
)
_YEAR_CUE_BEFORE_RE = re.compile(
    r"\b(?:in|since|until|till|by|from|through|during|before|after|of|year|the|early|late|mid|between|and|"
    r"spring|summer|autumn|fall|winter|circa|c\.)\s*-?\s*$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date as far as the text pins it down; unknown parts are None."""

    start: int
    end: int
    text: str
    year_low: int | None
    year_high: int | None  # equal to year_low for one year; a decade or "2015-17" spans several
    month: int | None
    day: int | None
    weekday: int | None  # Monday = 0
    bound: DateBound  # "since 2015" and "before May" are open on one side

    def describe(self) -> str:
        prefix = {"on": "", "since": "since ", "before": "before ", "range": ""}[self.bound]
        return prefix + self.text


def find_dates(text: str) -> tuple[DateMention, ...]:
    """All date mentions in `text`, longest reading first at each place; spans slice `text` exactly."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            mention = _mention_from(text, match)
            if mention is not None:
                taken.append((mention.start, mention.end))
                found.append(mention)
    found.sort(key=lambda m: m.start)
    return _merge_ranges(text, found)


def are_compatible(a: DateMention, b: DateMention) -> bool:
    """True when one calendar day could satisfy both mentions ("2016" and "October 2016" can)."""
    if "since" in (a.bound, b.bound) or "before" in (a.bound, b.bound):
        return _intervals_overlap(a, b)
    if (
        a.year_low is not None
        and b.year_low is not None
        and a.year_high is not None
        and b.year_high is not None
    ):
        if a.year_high < b.year_low or b.year_high < a.year_low:
            return False
    if a.month is not None and b.month is not None and a.month != b.month:
        return False
    if a.day is not None and b.day is not None and a.day != b.day:
        return False
    weekday_a, weekday_b = _weekday_of(a), _weekday_of(b)
    return weekday_a is None or weekday_b is None or weekday_a == weekday_b


def are_comparable(a: DateMention, b: DateMention) -> bool:
    """True when the two mentions pin down at least one common part (year, month, day or weekday)."""
    has_year = a.year_low is not None and b.year_low is not None
    has_month = a.month is not None and b.month is not None
    has_weekday = _weekday_of(a) is not None and _weekday_of(b) is not None
    return has_year or has_month or has_weekday


def _merge_ranges(text: str, found: list[DateMention]) -> tuple[DateMention, ...]:
    """Joins "between November 2014 and February 2016" or "from 1901 to 2010" into one span of years."""
    merged: list[DateMention] = []
    index = 0
    while index < len(found):
        first = found[index]
        second = found[index + 1] if index + 1 < len(found) else None
        if (
            second is not None
            and first.year_low is not None
            and second.year_high is not None
            and first.year_low <= second.year_high
            and _RANGE_JOIN_RE.fullmatch(text[first.end : second.start])
            and (
                not text[first.end : second.start].strip().lower() == "and"
                or _BETWEEN_RE.search(text[: first.start])
            )
        ):
            merged.append(
                DateMention(
                    start=first.start,
                    end=second.end,
                    text=text[first.start : second.end],
                    year_low=first.year_low,
                    year_high=second.year_high,
                    month=None,
                    day=None,
                    weekday=None,
                    bound="range",
                )
            )
            index += 2
            continue
        merged.append(first)
        index += 1
    return tuple(merged)


def _weekday_of(mention: DateMention) -> int | None:
    if mention.weekday is not None:
        return mention.weekday
    if mention.year_low is None or mention.year_low != mention.year_high or mention.month is None:
        return None
    if mention.day is None:
        return None
    try:
        return dt.date(mention.year_low, mention.month, mention.day).weekday()
    except ValueError:
        return None


def _intervals_overlap(a: DateMention, b: DateMention) -> bool:
    interval_a, interval_b = _interval_of(a), _interval_of(b)
    if interval_a is None or interval_b is None:
        return True
    return interval_a[0] <= interval_b[1] and interval_b[0] <= interval_a[1]


def _interval_of(mention: DateMention) -> tuple[int, int] | None:
    """First and last possible day (proleptic ordinals), or None without a year."""
    if mention.year_low is None or mention.year_high is None:
        return None
    first_month = mention.month or 1
    last_month = mention.month or 12
    first = dt.date(mention.year_low, first_month, mention.day or 1).toordinal()
    last_day = mention.day or _days_in_month(mention.year_high, last_month)
    last = dt.date(mention.year_high, last_month, last_day).toordinal()
    if mention.bound == "since":
        return first, dt.date.max.toordinal()
    if mention.bound == "before":
        return dt.date.min.toordinal(), last
    return first, last


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _mention_from(text: str, match: re.Match[str]) -> DateMention | None:
    groups = match.groupdict()
    year_low: int | None = None
    year_high: int | None = None
    weekday = WEEKDAY_NUMBERS[groups["wd"].lower()] if groups.get("wd") else None
    # The span starts at the first date part, leaving out a leading "the" or preposition.
    start = min(match.start(name) for name, value in groups.items() if value is not None and name != "cue")
    before = text[max(0, start - 24) : start]
    if groups.get("decade"):
        year_low = int(groups["decade"])
        # "the 1990s" is a decade; "the 1900s" is usually the century.
        year_high = year_low + (99 if year_low % 100 == 0 else 9)
    elif groups.get("y"):
        year_low = year_high = int(groups["y"])
        if groups.get("y2"):
            tail = groups["y2"]
            year_high = int(tail) if len(tail) == 4 else year_low // 100 * 100 + int(tail)
            if year_high <= year_low:
                return None
        elif not groups.get("m") and groups.get("a") is None and groups.get("mn") is None:
            # A lone number in the year range is a year after a date word, or before a non-noun.
            after = text[match.end() : match.end() + 20]
            if not _YEAR_CUE_BEFORE_RE.search(before) and _COUNTED_NOUN_AFTER_RE.match(after):
                return None
    month_and_day = _month_and_day(groups)
    if month_and_day is None:
        return None
    month, day = month_and_day
    if month is not None and day is not None and not _is_valid_day(month, day, year_low):
        return None
    bound: DateBound = "range" if year_high != year_low else "on"
    if _SINCE_RE.search(before):
        bound = "since"
    elif _BEFORE_RE.search(before):
        bound = "before"
    return DateMention(
        start=start,
        end=match.end(),
        text=text[start : match.end()],
        year_low=year_low,
        year_high=year_high,
        month=month,
        day=day,
        weekday=weekday,
        bound=bound,
    )


def _month_and_day(groups: dict[str, Any]) -> tuple[int | None, int | None] | None:
    """(month, day) as far as the match gives them; None when the numbers cannot be a date."""
    month: int | None = None
    day: int | None = None
    if groups.get("mn"):
        month = int(groups["mn"])
        day = int(groups["d"])
    elif groups.get("a") is not None:
        first, second = int(groups["a"]), int(groups["b"])
        # 14/08 is day-first, 08/14 month-first; 03/04 is ambiguous and keeps only its year.
        if first > 12 and 1 <= second <= 12:
            day, month = first, second
        elif second > 12 and 1 <= first <= 12:
            month, day = first, second
        elif first > 12 or second > 31:
            return None
    elif groups.get("m"):
        month = MONTH_NUMBERS[groups["m"].lower().rstrip(".")]
        if groups.get("d"):
            day = int(groups["d"])
    return month, day


def _is_valid_day(month: int, day: int, year: int | None) -> bool:
    try:
        dt.date(year if year is not None else 2000, month, day)  # 2000 is a leap year: allows 29 February
    except ValueError:
        return False
    return True
