"""Pooling rating sources: agreement raises confidence, disagreement lowers it."""

from __future__ import annotations

import math

import pytest

from scoring.outlets import (
    SourceRating,
    pool_ratings,
)


def test_pool_ratings() -> None:
    assert pool_ratings([]) == (0.5, 0.0)
    p, confidence = pool_ratings([SourceRating("lin2023", "0.9", 0.9, 1.0)])
    assert p == pytest.approx(0.9) and confidence == pytest.approx(1 - math.exp(-1))
    agree = pool_ratings([SourceRating("a", "", 0.8, 1.0), SourceRating("b", "", 0.8, 0.8)])
    disagree = pool_ratings([SourceRating("a", "", 0.8, 1.0), SourceRating("b", "", 0.2, 0.8)])
    assert agree[1] > 0.8 > disagree[1]
    assert pool_ratings([SourceRating("a", "", 0.9, 1.0), SourceRating("b", "", 0.1, 1.0)])[1] == 0.0
