import random

import numpy as np

from scoring.corpus.duplicates import NUM_PERM, duplicate_groups, near_duplicate_groups, shingles


def test_syndicated_copies_share_a_group_and_distinct_texts_do_not() -> None:
    wire = "The central bank raised its main interest rate by half a point to 4.5 percent on Thursday, citing inflation."
    copy = "The central bank raised its main interest rate by half a point to 4.5 percent on Thursday, citing stubborn inflation."
    other = "Farmers blocked the motorway with tractors for a second day in protest at fuel prices."
    groups = near_duplicate_groups([wire, other, copy])
    assert groups[0] == groups[2]
    assert groups[1] != groups[0]


def test_group_ids_are_first_member_indexes() -> None:
    assert near_duplicate_groups(["alpha beta gamma delta", "one two three four"]) == [0, 1]
    assert near_duplicate_groups([]) == []


def lsh_groups(texts: list[str], threshold: float = 0.6) -> list[int]:
    """The reference: datasketch's own MinHashLSH, queried and filled one text at a time, each candidate
    confirmed by its Jaccard estimate, groups as the first member's index."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    signatures: list[MinHash] = []
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, text in enumerate(texts):
        signature = MinHash(num_perm=NUM_PERM)
        signature.update_batch(list(shingles(text)) or [b""])
        signatures.append(signature)
        for candidate in lsh.query(signature):
            j = int(candidate)
            if signature.jaccard(signatures[j]) >= threshold:
                root_i, root_j = find(i), find(j)
                parent[max(root_i, root_j)] = min(root_i, root_j)
        lsh.insert(str(i), signature)
    return [find(i) for i in range(len(texts))]


def sentences_with_copies(count: int, copies: int, seed: int) -> list[str]:
    """Random sentences, and lightly edited copies of some of them (one word changed), shuffled in."""
    rng = random.Random(seed)
    words = [f"w{n}" for n in range(400)]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(8, 20))) for _ in range(count)]
    for _ in range(copies):
        tokens = rng.choice(texts).split()
        tokens[rng.randrange(len(tokens))] = "edited"
        texts.insert(rng.randrange(len(texts) + 1), " ".join(tokens))
    return texts


def test_grouping_extended_from_an_earlier_version_equals_grouping_from_scratch() -> None:
    texts = sentences_with_copies(600, 120, seed=3)
    keys = np.arange(len(texts), dtype=np.int64) * 7919 - 10**9  # any unique keys
    expected = lsh_groups(texts)
    assert len(set(expected)) < len(texts)  # the copies group
    assert near_duplicate_groups(texts) == expected
    as_keys = keys[expected].tolist()  # an engine's groups are named by their first member's key
    assert duplicate_groups(texts, keys).groups.tolist() == as_keys
    earlier = duplicate_groups(texts[:500], keys[:500])
    assert duplicate_groups(texts, keys, earlier).groups.tolist() == as_keys
    kept = [row for row in range(len(texts)) if not 200 <= row < 260]  # a version that drops 60 passages
    smaller = [texts[row] for row in kept]
    extended = duplicate_groups(smaller, keys[kept], duplicate_groups(texts, keys))
    assert extended.groups.tolist() == keys[kept][lsh_groups(smaller)].tolist()


def test_grouping_carried_into_reordered_rows_with_new_ones_between_equals_grouping_from_scratch() -> None:
    texts = sentences_with_copies(500, 100, seed=5)
    keys = np.arange(len(texts), dtype=np.int64) * 104729 + 17
    earlier = duplicate_groups(texts[:400], keys[:400])
    rows = np.random.default_rng(2).permutation(len(texts))  # kept rows move, new ones land among them
    rows = rows[rows != 7]  # and one earlier passage is gone
    shuffled = [texts[row] for row in rows]
    old_rows = np.where(rows < 400, rows, -1)
    carried = duplicate_groups(shuffled, keys[rows], earlier, old_rows=old_rows)
    assert carried.groups.tolist() == keys[rows][lsh_groups(shuffled)].tolist()
    assert carried.groups.tolist() == duplicate_groups(shuffled, keys[rows]).groups.tolist()
    for band, order in enumerate(carried.order):  # the band order carried over is the order of the hashes
        assert np.all(np.diff(carried.bands[order, band].astype(np.float64)) >= 0)


def test_a_start_from_checked_pairs_equals_grouping_from_scratch() -> None:
    texts = sentences_with_copies(500, 100, seed=11)
    keys = np.arange(len(texts), dtype=np.int64) * 15485863 + 3
    checked = duplicate_groups(texts[:400], keys[:400]).checked()
    rows = np.random.default_rng(4).permutation(len(texts))
    rows = rows[(rows != 9) & (rows != 250)]  # two passages the checked version held are gone
    texts_now = [texts[row] for row in rows] + [texts[rows[0]]]  # and one text is held twice
    keys_now = np.r_[keys[rows], keys[rows[0]]]
    started = duplicate_groups(texts_now, keys_now, checked=checked)
    assert started.groups.tolist() == duplicate_groups(texts_now, keys_now).groups.tolist()
    assert started.groups[-1] == started.groups[0]  # the text held twice is one group
    assert started.groups.tolist() == keys_now[lsh_groups(texts_now)].tolist()
