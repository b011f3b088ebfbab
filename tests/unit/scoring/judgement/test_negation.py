"""Negation cues and the predicate each one denies."""

from __future__ import annotations

from scoring.judgement.negation import find_negations


def test_negation_cues() -> None:
    predicates = {
        n.predicate for n in find_negations("He didn't vote. She never voted. They denied meeting him.")
    }
    assert predicates == {"vote", "voted", "meeting"}
    assert find_negations("not only the price but also the size") == ()
    assert find_negations("whether or not it rains") == ()
