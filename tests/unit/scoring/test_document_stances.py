"""Every article read for a claim, one row each, by stance; the items are the test corpus's passages."""

from __future__ import annotations

from scoring.document_stances import document_stances
from scoring.evidence import EvidenceItem
from scoring.judgement import Stance
from scoring.judgement.stance import StanceLabel
from tests.fakes import tiny_corpus


def item(
    doc_id: str, index: int, label: StanceLabel, confidence: float | None, similarity: float = 0.8
) -> EvidenceItem:
    entry = next(e for e in tiny_corpus().entries if e.document.doc_id == doc_id and e.passage.index == index)
    return EvidenceItem(entry, similarity, Stance(label, (), (0.3, 0.3, 0.4), confidence), 0.5)


def test_one_row_per_article_contradicting_first_then_supporting_then_related() -> None:
    rows = document_stances(
        [
            item("daily-1", 0, "related", 0.7),
            item("wire-1", 0, "supports", 0.6),
            item("wire-1", 1, "supports", 0.9),
            item("daily-1", 1, "related", 0.8),
            item("tabloid-1", 0, "contradicts", 0.55),
        ]
    )
    assert [(r.document.doc_id, r.stance) for r in rows] == [
        ("tabloid-1", "contradicts"),
        ("wire-1", "supports"),
        ("daily-1", "related"),
    ]
    wire = rows[1]
    assert wire.passages_read == 2
    assert wire.probability == 0.9 and wire.passage.entry.passage.index == 1  # the surer passage decides


def test_an_article_that_also_contradicts_is_listed_as_contradicting_with_that_passage() -> None:
    (row,) = document_stances([item("wire-1", 0, "supports", 0.95), item("wire-1", 1, "contradicts", 0.6)])
    assert row.stance == "contradicts"
    assert row.passage.entry.passage.index == 1
    assert row.probability == 0.6


def test_without_a_decision_probability_the_rules_strength_stands_in() -> None:
    (row,) = document_stances([item("wire-1", 0, "supports", None)])
    assert row.probability == 0.5


def test_no_passages_no_rows() -> None:
    assert document_stances([]) == []
