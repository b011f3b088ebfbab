"""Dates: formats, bounds and compatibility, on sentences composed for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.judgement.dates import DateMention, are_compatible, find_dates


def only(text: str) -> DateMention:
    found = find_dates(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "year", "month", "day"),
    [
        ("The bridge opened on Aug. 14.", None, 8, 14),
        ("The bridge opened on August 14, 2016.", 2016, 8, 14),
        ("The bridge opened on 14 August 2016.", 2016, 8, 14),
        ("The bridge opened on the 14th of August.", None, 8, 14),
        ("The bridge opened on 2016-08-14.", 2016, 8, 14),
        ("The bridge opened on 14/08/2016.", 2016, 8, 14),
        ("The bridge opened in October 2016.", 2016, 10, None),
        ("The bridge opened in 2016.", 2016, None, None),
        ("The bridge opened in May.", None, 5, None),
        ("The bridge opened on November 25 , 2002.", 2002, 11, 25),
    ],
)
def test_formats(text: str, year: int | None, month: int | None, day: int | None) -> None:
    mention = only(text)
    assert (mention.year_low, mention.month, mention.day) == (year, month, day)
    assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    "text",
    [
        "It happened last week.",
        "Yesterday the council met.",
        "2000 people marched.",
        "You may leave now.",
        "Troops march at dawn.",
        "The score was 12-10.",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == ()


def test_weekday_and_full_date() -> None:
    mention = only("The vote was held on Monday, Aug. 14, 2017.")
    assert mention.weekday == 0
    assert not are_compatible(only("on Tuesday"), only("on Aug. 14, 2017"))  # 14 August 2017 was a Monday
    assert are_compatible(only("on Monday"), only("on Aug. 14, 2017"))


def test_compatibility() -> None:
    def compatible(a: str, b: str) -> bool:
        return are_compatible(only(a), only(b))

    assert not compatible("on Aug. 14", "on August 15")
    assert compatible("on Aug. 14", "on August 14, 2016")
    assert compatible("in 2016", "in October 2016")
    assert not compatible("in 2016", "in 2017")
    assert not compatible("in October 2016", "in November 2016")
    assert compatible("in the 1990s", "in 1995")
    assert compatible("since 2015", "in 2018")
    assert not compatible("since 2015", "in 2012")
    assert not compatible("before 2010", "in 2012")


def test_ranges_merge() -> None:
    mention = only("Sea level surged between November 2014 and February 2016.")
    assert (mention.year_low, mention.year_high, mention.bound) == (2014, 2016, "range")
    assert are_compatible(mention, only("in 2015"))


@given(st.text())
def test_spans_slice_the_text(text: str) -> None:
    for mention in find_dates(text):
        assert text[mention.start : mention.end] == mention.text
