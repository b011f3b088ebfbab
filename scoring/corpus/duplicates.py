"""Near-duplicate grouping (syndicated or copied text) with MinHash, so copies count as one origin."""

from __future__ import annotations

from collections.abc import Sequence

from scoring.text.canonical import normalise_text
from scoring.text.words import WORD_CHAR_RUN

# Word 3-shingles are the usual unit for news near-duplicate detection: robust to light edits,
# but two different sentences on the same topic rarely share many.
SHINGLE_WORDS = 3
# Jaccard similarity of shingle sets at which two passages are treated as copies of one text.
NEAR_DUPLICATE_JACCARD = 0.6
# 128 permutations put the standard error of the Jaccard estimate near 0.04.
NUM_PERM = 128


def shingles(text: str) -> set[bytes]:
    tokens = WORD_CHAR_RUN.findall(normalise_text(text).lower())
    if len(tokens) < SHINGLE_WORDS:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE_WORDS]).encode() for i in range(len(tokens) - SHINGLE_WORDS + 1)}


def near_duplicate_groups(texts: Sequence[str], threshold: float = NEAR_DUPLICATE_JACCARD) -> list[int]:
    """Group id per text: texts whose estimated Jaccard similarity reaches the threshold share an id.

    Group ids are the index of the group's first member, so they are stable for a given input order.
    """
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    signatures = []
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, text in enumerate(texts):
        signature = MinHash(num_perm=NUM_PERM)
        signature.update_batch(list(shingles(text)) or [b""])
        signatures.append(signature)
        for candidate in lsh.query(signature):
            j = int(candidate)
            # LSH candidates are probabilistic; confirm with the signature estimate.
            if signature.jaccard(signatures[j]) >= threshold:
                root_i, root_j = find(i), find(j)
                if root_i != root_j:
                    parent[max(root_i, root_j)] = min(root_i, root_j)
        lsh.insert(str(i), signature)
    return [find(i) for i in range(len(texts))]
