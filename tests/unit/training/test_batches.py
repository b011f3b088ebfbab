"""Length-bucketed training batches: every pair once per epoch, little padding, the order still random."""

from __future__ import annotations

import random

from training.judge.train import batches


def _pairs(count: int, seed: int) -> list[tuple[str, str, int, str, str]]:
    rng = random.Random(seed)
    return [
        ("p" * rng.randint(5, 400), "h" * rng.randint(5, 80), i % 3, "kind", "source") for i in range(count)
    ]


def _padding(groups: list[list[tuple[str, str, int, str, str]]]) -> int:
    return sum(
        max(len(p[0]) + len(p[1]) for p in g) * len(g) - sum(len(p[0]) + len(p[1]) for p in g) for g in groups
    )


def test_bucketed_batches_hold_every_pair_once() -> None:
    pairs = _pairs(2_000, seed=1)
    groups = batches(pairs, 32, random.Random(3), length_buckets=True)
    seen = [id(p) for g in groups for p in g]
    assert len(seen) == len(pairs) == len(set(seen))
    assert all(len(g) <= 32 for g in groups)


def test_bucketed_batches_pad_far_less_than_random_ones() -> None:
    pairs = _pairs(2_000, seed=2)
    bucketed = _padding(batches(pairs, 32, random.Random(3), length_buckets=True))
    shuffled = _padding(batches(pairs, 32, random.Random(3)))
    assert bucketed < shuffled / 5


def test_bucketed_batch_order_is_not_sorted_by_length() -> None:
    pairs = _pairs(2_000, seed=4)
    groups = batches(pairs, 32, random.Random(5), length_buckets=True)
    longest = [max(len(p[0]) + len(p[1]) for p in g) for g in groups]
    assert longest != sorted(longest) and longest != sorted(longest, reverse=True)
    # Two epochs see different batches.
    again = batches(pairs, 32, random.Random(6), length_buckets=True)
    assert [id(p) for p in groups[0]] != [id(p) for p in again[0]]
