"""Near-duplicate grouping (syndicated or copied text) with MinHash, so copies count as one origin."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from scoring.text.canonical import normalise_text
from scoring.text.words import WORD_CHAR_RUN

# Word 3-shingles are the usual unit for news near-duplicate detection: robust to light edits,
# but two different sentences on the same topic rarely share many.
SHINGLE_WORDS = 3
# Jaccard similarity of shingle sets at which two passages are treated as copies of one text.
NEAR_DUPLICATE_JACCARD = 0.6
# 128 permutations put the standard error of the Jaccard estimate near 0.04.
NUM_PERM = 128
# What a passage's band hashes depend on, so stored ones (scoring/corpus/passage_store.py) are read back
# only under the same rules; the number ends a change to the hashing itself.
BAND_RULES = f"w{SHINGLE_WORDS}-p{NUM_PERM}-j{NEAR_DUPLICATE_JACCARD}-1"


def shingles(text: str) -> set[bytes]:
    tokens = WORD_CHAR_RUN.findall(normalise_text(text).lower())
    if len(tokens) < SHINGLE_WORDS:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE_WORDS]).encode() for i in range(len(tokens) - SHINGLE_WORDS + 1)}


def near_duplicate_groups(texts: Sequence[str], threshold: float = NEAR_DUPLICATE_JACCARD) -> list[int]:
    """Group id per text: texts whose estimated Jaccard similarity reaches the threshold share an id.

    Group ids are the index of the group's first member, so they are stable for a given input order.
    """
    keys = np.arange(len(texts), dtype=np.int64)
    groups: list[int] = duplicate_groups(texts, keys, threshold=threshold).groups.tolist()
    return groups


@dataclass(frozen=True, slots=True)
class DuplicateGroups:
    """One corpus version's near-duplicate groups, and what the next version needs to extend them without
    re-reading or re-sorting every passage: a hash per LSH band of each passage's MinHash, each band's rows
    in the order of their hashes, and the confirmed pairs.

    Candidates are the passages sharing an LSH band with a new one (datasketch's bands for this threshold
    and permutation count), confirmed by their MinHash estimate, so extending gives the groups a pass over
    the whole new version would, at the cost of the passages that are new: the kept rows' band order is
    carried over and the new rows merged into it, not sorted again.
    """

    # Per row: the passage key of its group's first member (the member with the lowest row), so a group's
    # id survives rows moving when other documents are added or deleted.
    groups: NDArray[np.int64]
    keys: NDArray[np.int64]  # per row: the passage key (scoring.corpus.vector_store.passage_keys)
    bands: NDArray[np.uint64]  # (rows, bands)
    order: NDArray[np.int32]  # (bands, rows): each band's rows, sorted by their hash in that band
    pairs: NDArray[np.int64]  # (pairs, 2): confirmed near-duplicates, as rows of this version

    def checked(self) -> CheckedPairs:
        """What this grouping settled, by passage key: what a later start needs to skip the comparisons."""
        return CheckedPairs(self.keys, self.keys[self.pairs])


@dataclass(frozen=True, slots=True)
class CheckedPairs:
    """Passages already compared with one another, by passage key, and the pairs of them that are copies.

    A passage key names a passage's text (its document's content and place), so whether two keys are copies
    holds in every corpus version: a start can take the pairs a previous version confirmed and compare only
    the passages that version did not hold (scoring/corpus/passage_store.py keeps the latest).
    """

    keys: NDArray[np.int64]
    pairs: NDArray[np.int64]  # (pairs, 2) of keys


def band_count(threshold: float = NEAR_DUPLICATE_JACCARD) -> int:
    """LSH bands per passage at this threshold (datasketch's choice for NUM_PERM permutations)."""
    from datasketch import MinHashLSH

    return int(MinHashLSH(threshold=threshold, num_perm=NUM_PERM).b)


def duplicate_groups(
    texts: Sequence[str],
    keys: NDArray[np.int64],
    previous: DuplicateGroups | None = None,
    threshold: float = NEAR_DUPLICATE_JACCARD,
    stored_bands: tuple[NDArray[np.bool_], NDArray[np.uint64]] | None = None,
    old_rows: NDArray[np.int64] | None = None,
    checked: CheckedPairs | None = None,
) -> DuplicateGroups:
    """Near-duplicate groups of `texts` (one per passage key), reusing `previous` for the keys it holds.

    `old_rows` (each row's row in `previous`, else -1) spares finding them by key. `stored_bands` (which
    rows, and their band hashes) spares hashing those passages again; unlike the rows `previous` holds,
    they are still compared with every other row, since no pair of them was checked in this corpus, but
    only the rows that share a band with another need their MinHash computed. `checked` (without
    `previous`: a start) names rows already compared with one another, and their copies, by key.
    """
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    n = len(texts)
    bands = np.zeros((n, lsh.b), dtype=np.uint64)
    hashed = np.zeros(n, dtype=bool)
    if stored_bands is not None:
        rows, stored = stored_bands
        bands[rows] = stored
        hashed[rows] = True
    if previous is None or not len(previous.keys):
        previous, old_rows = None, np.full(n, -1, dtype=np.int64)
    elif old_rows is None:
        old_rows = _rows_in(previous.keys, keys)
    known = old_rows >= 0
    if previous is not None:
        bands[known] = previous.bands[old_rows[known]]
    settled = known
    # Checked pairs stand in for `previous` only at a start (with `previous`, its rows are what is known).
    start_from = checked if previous is None and checked is not None and len(checked.keys) else None
    if start_from is not None:
        # A key held twice (one text under two document ids) has two rows that must meet each other.
        _, index, counts = np.unique(keys, return_index=True, return_counts=True)
        once = np.zeros(n, dtype=bool)
        once[index[counts == 1]] = True
        settled = (_rows_in(start_from.keys, keys) >= 0) & once
    signatures: dict[int, NDArray[np.uint64]] = {}
    first = MinHash(num_perm=NUM_PERM)  # its permutations, drawn once, are the same for every MinHash
    permutations, scheme = first.permutations, first.scheme

    def signature(row: int) -> NDArray[np.uint64]:
        if row not in signatures:
            minhash = MinHash(num_perm=NUM_PERM, permutations=permutations, scheme=scheme)
            minhash.update_batch(list(shingles(texts[row])) or [b""])
            signatures[row] = np.asarray(minhash.hashvalues, dtype=np.uint64)
        return signatures[row]

    weights = _band_weights(lsh.r)
    for row in np.flatnonzero(~known & ~hashed):
        bands[row] = _band_hashes(signature(int(row)), lsh.b, weights)
    # Each previous row's row now (-1 once gone): what carries the band order and the pairs over.
    moved = np.full(len(previous.keys) if previous is not None else 0, -1, dtype=np.int64)
    moved[old_rows[known]] = np.flatnonzero(known)
    order = _band_order(bands, ~known, None if previous is None else moved[previous.order])
    pairs = {tuple(pair) for pair in moved[previous.pairs].tolist() if min(pair) >= 0} if previous else set()
    if start_from is not None and len(start_from.pairs):
        ends = _rows_in(keys, start_from.pairs.ravel()).reshape(-1, 2)
        ends = np.sort(ends[(ends >= 0).all(axis=1) & (ends[:, 0] != ends[:, 1])], axis=1)
        pairs |= {(int(i), int(j)) for i, j in ends.tolist()}
    for i, j in _candidate_pairs(bands, order, ~settled):
        if np.count_nonzero(signature(i) == signature(j)) / NUM_PERM >= threshold:
            pairs.add((i, j))
    pair_rows = np.asarray(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    return DuplicateGroups(_components(keys, pair_rows), keys, bands, order, pair_rows)


def _rows_in(previous_keys: NDArray[np.int64], keys: NDArray[np.int64]) -> NDArray[np.int64]:
    """Each key's row among `previous_keys`, else -1."""
    order = np.argsort(previous_keys)
    places = np.minimum(np.searchsorted(previous_keys, keys, sorter=order), len(order) - 1)
    return np.where(previous_keys[order[places]] == keys, order[places], -1).astype(np.int64)


def _band_order(
    bands: NDArray[np.uint64], fresh: NDArray[np.bool_], carried: NDArray[np.int64] | None
) -> NDArray[np.int32]:
    """Each band's rows sorted by hash: the kept rows in the order `carried` (the previous version's order,
    as rows of this one, -1 where gone) already gives them, the fresh rows sorted and merged in."""
    n, width = bands.shape
    if carried is None:
        return np.argsort(bands.T, axis=1, kind="stable").astype(np.int32)
    fresh_rows = np.flatnonzero(fresh)
    order = np.empty((width, n), dtype=np.int32)
    for band in range(width):
        kept = carried[band][carried[band] >= 0]
        values = bands[fresh_rows, band]
        sort = np.argsort(values, kind="stable")
        places = np.searchsorted(bands[kept, band], values[sort], side="right")
        order[band] = np.insert(kept, places, fresh_rows[sort])
    return order


def _band_weights(rows: int) -> NDArray[np.uint64]:
    return np.asarray([_MIX**k % 2**64 for k in range(rows)], dtype=np.uint64)


def _band_hashes(
    hashvalues: NDArray[np.uint64], bands: int, weights: NDArray[np.uint64]
) -> NDArray[np.uint64]:
    """One 64-bit hash per band; equal bands always hash equal, and the rare unequal collision only adds a
    candidate that the signature check then rejects."""
    blocks = hashvalues[: bands * len(weights)].reshape(bands, len(weights))
    with np.errstate(over="ignore"):
        return np.asarray((blocks * weights).sum(axis=1, dtype=np.uint64), dtype=np.uint64)


_MIX = 0x9E3779B97F4A7C15  # an odd 64-bit constant (the golden ratio's), so distinct blocks spread


def _candidate_pairs(
    bands: NDArray[np.uint64], order: NDArray[np.int32], fresh: NDArray[np.bool_]
) -> set[tuple[int, int]]:
    """Row pairs (smaller row first) sharing a band hash where at least one row is fresh (pairs of kept
    rows were checked when the later of them was new)."""
    pairs: set[tuple[int, int]] = set()
    if not fresh.any():
        return pairs
    for band, rows in enumerate(order):
        sorted_band = bands[rows, band]
        starts = np.flatnonzero(np.r_[True, sorted_band[1:] != sorted_band[:-1]])
        ends = np.r_[starts[1:], len(rows)]
        shared = (ends - starts > 1) & (np.add.reduceat(fresh[rows], starts) > 0)
        for start, end in zip(starts[shared], ends[shared], strict=True):
            members = rows[start:end]
            new = members[fresh[members]]
            for i in new.tolist():
                for j in members.tolist():
                    if i != j:
                        pairs.add((min(i, j), max(i, j)))
    return pairs


def _components(keys: NDArray[np.int64], pairs: NDArray[np.int64]) -> NDArray[np.int64]:
    """Per row, the key of its group's first member; only rows in a pair are walked, the rest are alone."""
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        root = parent.setdefault(i, i)
        while root != parent[root]:
            parent[root] = parent[parent[root]]
            root = parent[root]
        parent[i] = root
        return root

    for a, b in pairs.tolist():
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    groups = keys.copy()
    members = np.asarray(sorted(parent), dtype=np.int64)
    if len(members):
        groups[members] = keys[np.asarray([find(int(m)) for m in members], dtype=np.int64)]
    return groups
