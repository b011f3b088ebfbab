"""Tests for claim text normalisation (sentences composed for these tests, not taken from any corpus)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.claims.normalise import normalise_claim


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Embedded-tweet signature: the speaker's name stays, handle and date go.
        (
            "The bridge closes on Monday. pic.twitter.com/Ab12Cd34 — Harbour Council (@harbourcouncil) May 3, 2019",
            "The bridge closes on Monday. Harbour Council",
        ),
        ("Rates rise again — Jo Bloggs (@jbloggs) Sept 9, 2020", "Rates rise again Jo Bloggs"),
        # Retweet prefix and reply chain.
        ("RT @newsdesk: Flooding reported downtown", "Flooding reported downtown"),
        ("@alice @bob_smith: that map is doctored", "that map is doctored"),
        (".@CityMayor says parking will be free", "City Mayor says parking will be free"),
        # URLs, including one glued to a hashtag and a truncated one.
        ("Read this https://t.co/AbCdEf1234#ClimateStrike now", "Read this Climate Strike now"),
        ("Full story: https://example.org/a/b…", "Full story:"),
        ("see www.example.com/page today", "see today"),
        # Photo link glued to the previous word.
        ("Look at the crowdspic.twitter.com/XyZ123 wow", "Look at the crowds wow"),
        # Hashtags and inline handles become words; digits stay attached.
        ("Protest over #GunControl and #2A", "Protest over Gun Control and 2A"),
        ("Thanks to @StateHealthDept for the update", "Thanks to State Health Dept for the update"),
        ("Story via @Aggregator today", "Story today"),
        # Entities and whitespace.
        ("Tom &amp; Jerry\n\n  were   there", "Tom & Jerry were there"),
    ],
)
def test_normalise_claim(raw: str, expected: str) -> None:
    assert normalise_claim(raw) == expected


def test_plain_sentence_is_unchanged() -> None:
    sentence = "Unemployment fell to 3.5% in September, the lowest rate since 1969."
    assert normalise_claim(sentence) == sentence


def test_dash_inside_a_sentence_is_not_a_signature() -> None:
    sentence = "The vote — held in secret — passed 52-48."
    assert normalise_claim(sentence) == sentence


@given(st.text(max_size=200))
def test_idempotent_and_trimmed(text: str) -> None:
    once = normalise_claim(text)
    assert normalise_claim(once) == once
    assert once == once.strip()
    assert "  " not in once
