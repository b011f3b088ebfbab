"""Month and weekday names, the one table every date-reading rule is built from.

News copy writes months in full or as these abbreviations ("Sept." as well as "Sep."); the order of the
abbreviations matters where they are joined into a regular expression: "Sept" is tried before "Sep".
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Abbreviation -> month number (1-12); "May" has none.
MONTH_ABBREVIATIONS: Mapping[str, int] = MappingProxyType(
    {
        "Jan": 1,
        "Feb": 2,
        "Mar": 3,
        "Apr": 4,
        "Jun": 6,
        "Jul": 7,
        "Aug": 8,
        "Sept": 9,
        "Sep": 9,
        "Oct": 10,
        "Nov": 11,
        "Dec": 12,
    }
)
WEEKDAY_NAMES: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)

# Lower-case full name or abbreviation -> month number.
MONTH_NUMBERS: Mapping[str, int] = MappingProxyType(
    {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
    | {abbreviation.lower(): number for abbreviation, number in MONTH_ABBREVIATIONS.items()}
)
# Lower-case weekday -> its number, Monday = 0 (as datetime.date.weekday counts).
WEEKDAY_NUMBERS: Mapping[str, int] = MappingProxyType(
    {name.lower(): number for number, name in enumerate(WEEKDAY_NAMES)}
)
LOWER_MONTH_NAMES: frozenset[str] = frozenset(name.lower() for name in MONTH_NAMES)
LOWER_WEEKDAY_NAMES: frozenset[str] = frozenset(name.lower() for name in WEEKDAY_NAMES)

# Regular-expression alternations (no group): full names first, then abbreviations.
MONTH_NAME_PATTERN = "|".join(MONTH_NAMES)
MONTH_ABBREVIATION_PATTERN = "|".join(MONTH_ABBREVIATIONS)
WEEKDAY_PATTERN = "|".join(WEEKDAY_NAMES)
# The first three letters of every month, lower case ("jan" ... "dec"), as timestamps write them.
MONTH_PREFIX_PATTERN = "|".join(name[:3].lower() for name in MONTH_NAMES)
