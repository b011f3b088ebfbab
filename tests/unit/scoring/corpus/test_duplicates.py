from scoring.corpus.duplicates import near_duplicate_groups


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
