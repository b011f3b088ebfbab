"""Inflections, irregular forms and news synonyms meet at one lemma."""

from __future__ import annotations

from scoring.judgement.lemmas import lemma_of


def test_lemmas_meet() -> None:
    assert lemma_of("attended") == lemma_of("attend") == lemma_of("attends") == lemma_of("attending")
    assert lemma_of("children") == lemma_of("child")
    assert lemma_of("moved") == lemma_of("move")
