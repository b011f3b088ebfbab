"""Quantities: values, qualifiers, units and counted nouns, on sentences composed for these tests."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.judgement.quantities import Quantity, are_compatible, find_quantities


def only(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Officials counted 2,000 ballots.", 2000.0),
        ("The fund holds 1.5 million dollars.", 1_500_000.0),
        ("A crowd of 2k fans waited.", 2000.0),
        ("The ship carried $5m in cargo.", 5_000_000.0),
        ("Seven sailors were rescued.", 7.0),
        ("About two thousand residents left.", 2000.0),
        ("She bought a dozen eggs.", 12.0),
        ("They fired twenty-one guns.", 21.0),
        ("Turnout reached 64.5 percent.", 64.5),
    ],
)
def test_reads_the_value(text: str, value: float) -> None:
    assert only(text).value == pytest.approx(value)


def test_qualifiers_set_bounds() -> None:
    assert only("at least 15 children").low == 15 and math.isinf(only("at least 15 children").high)
    more = only("more than 900 people")
    assert more.qualifier == "more_than" and more.is_low_open
    fewer = only("fewer than 90 people")
    assert fewer.qualifier == "less_than" and fewer.high == 90 and fewer.is_high_open
    assert only("up to 40 trucks").qualifier == "at_most"
    assert only("nearly 300 homes").high == 300


def test_ranges() -> None:
    dash = only("10-15 injured")
    assert (dash.qualifier, dash.low, dash.high) == ("range", 10.0, 15.0)
    between = only("between 10 and 15 injured")
    assert (between.low, between.high) == (10.0, 15.0)


def test_a_change_is_not_a_range() -> None:
    values = [q.value for q in find_quantities("Prices rose from 10 to 15 dollars.")]
    assert values == [10.0, 15.0]


def test_counted_noun_and_units() -> None:
    assert only("15 young children were hurt").counted == ("young", "children")
    assert only("The petition has 31,000 signatures").counted == ("signatures",)
    assert only("15% of voters").unit == "percent"
    assert only("15 per cent of voters").unit == "percent"
    assert only("a 17-year war").counted == ("year", "war")
    assert only("rose 0.2 °C per decade").counted == ("degrees", "celsius", "per:decade")
    assert only("rose 0.2\u00a0°C per decade").counted == ("degrees", "celsius", "per:decade")
    assert only("the crack grew 11 mi").counted == ("miles",)


@pytest.mark.parametrize(
    "text",
    [
        "COVID-19 spread.",
        "An F-16 crashed.",
        "One of the ships sank.",
        "No one knows.",
        "at 10:30 today",
        "the 15th",
    ],
)
def test_codes_pronouns_times_and_ordinals_are_not_counts(text: str) -> None:
    assert find_quantities(text) == ()


def test_compatibility() -> None:
    def compatible(a: str, b: str) -> bool:
        return are_compatible(only(a), only(b))

    assert compatible("at least 15 children", "20 children")
    assert compatible("at least 15 children", "15 children")
    assert compatible("more than 15 children", "15 children")  # two reports of one count
    assert not compatible("15 children", "20 children")
    assert not compatible("15 children", "16 children")
    assert not compatible("more than 900 people", "fewer than 90 people")
    assert not compatible("more than 15 people", "fewer than 15 people")
    assert compatible("fifteen children", "15 children")
    assert compatible("1.5 million people", "1,500,000 people")
    assert compatible("123.8 degrees", "124 degrees")  # rounding
    assert compatible("2,000 people", "1,980 people")  # a round figure
    assert not compatible("2,000 people", "3,000 people")
    assert compatible("about 1,000 people", "1,080 people")
    assert not compatible("about 15 people", "20 people")
    assert compatible("hundreds of people", "300 people")
    assert not compatible("hundreds of people", "a dozen people")


@given(st.text())
def test_spans_slice_the_text(text: str) -> None:
    for quantity in find_quantities(text):
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.low <= quantity.high
