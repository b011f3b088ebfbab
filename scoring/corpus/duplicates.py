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
    return list(duplicate_groups(texts, np.arange(len(texts), dtype=np.int64), threshold=threshold).groups)


@dataclass(frozen=True, slots=True)
class DuplicateGroups:
    """One corpus version's near-duplicate groups, and what the next version needs to extend them without
    re-reading every passage: a hash per LSH band of each passage's MinHash, and the confirmed pairs.

    Candidates are the passages sharing an LSH band with a new one (datasketch's bands for this threshold
    and permutation count), confirmed by their MinHash estimate, so extending gives the groups a pass over
    the whole new version would, at the cost of the passages that are new.
    """

    groups: tuple[int, ...]  # per row: the row of its group's first member
    keys: NDArray[np.int64]  # per row: the passage key (scoring.corpus.vector_store.passage_keys)
    bands: NDArray[np.uint64]  # (rows, bands)
    pairs: frozenset[tuple[int, int]]  # confirmed near-duplicates, as (smaller key, larger key)


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
) -> DuplicateGroups:
    """Near-duplicate groups of `texts` (one per passage key), reusing `previous` for the keys it holds.

    `stored_bands` (which rows, and their band hashes) spares hashing those passages again; unlike the
    rows `previous` holds, they are still compared with every other row, since no pair of them was checked
    in this corpus, but only the rows that share a band with another need their MinHash computed.
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
    known = np.zeros(n, dtype=bool)
    if previous is not None and len(previous.keys):
        order = np.argsort(previous.keys)
        places = np.minimum(np.searchsorted(previous.keys, keys, sorter=order), len(order) - 1)
        known = previous.keys[order[places]] == keys
        bands[known] = previous.bands[order[places[known]]]
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
    kept = set(keys[known].tolist())
    pairs = {pair for pair in (previous.pairs if previous else ()) if pair[0] in kept and pair[1] in kept}
    for i, j in _candidate_pairs(bands, ~known):
        if np.count_nonzero(signature(i) == signature(j)) / NUM_PERM >= threshold:
            a, b = int(keys[i]), int(keys[j])
            pairs.add((min(a, b), max(a, b)))
    return DuplicateGroups(_components(keys, pairs), keys, bands, frozenset(pairs))


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


def _candidate_pairs(bands: NDArray[np.uint64], fresh: NDArray[np.bool_]) -> set[tuple[int, int]]:
    """Row pairs sharing a band hash where at least one row is fresh (pairs of kept rows were checked)."""
    pairs: set[tuple[int, int]] = set()
    if not fresh.any():
        return pairs
    for band in bands.T:
        order = np.argsort(band, kind="stable")
        sorted_band = band[order]
        starts = np.flatnonzero(np.r_[True, sorted_band[1:] != sorted_band[:-1]])
        ends = np.r_[starts[1:], len(order)]
        for start, end in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
            members = order[start:end]
            new = members[fresh[members]]
            for i in new.tolist():
                for j in members.tolist():
                    if i != j and not (fresh[j] and j < i):  # a pair of two fresh rows is tried once
                        pairs.add((min(i, j), max(i, j)))
    return pairs


def _components(
    keys: NDArray[np.int64], pairs: frozenset[tuple[int, int]] | set[tuple[int, int]]
) -> tuple[int, ...]:
    row_of = {int(key): row for row, key in enumerate(keys.tolist())}
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        root_a, root_b = find(row_of[a]), find(row_of[b])
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    return tuple(find(i) for i in range(len(keys)))
