"""FNC-1 labels from the documents of the service's answer, and the FNC-1 score; the evidence items are the test corpus's."""

from __future__ import annotations

import dataclasses

import pytest

from evaluation.fnc import DEPTH_PER_DOCUMENT, DOC_PREFIX, body_labels, fnc_score, label_of, reading_config
from scoring import ScorerConfig
from scoring.document_stances import DocumentStance, document_stances
from scoring.evidence import EvidenceItem
from scoring.judgement import Stance
from scoring.judgement.stance import StanceLabel
from tests.fakes import tiny_corpus


def item(doc_id: str, index: int, label: StanceLabel) -> EvidenceItem:
    entry = next(e for e in tiny_corpus().entries if e.document.doc_id == doc_id and e.passage.index == index)
    return EvidenceItem(entry, 0.8, Stance(label, ()), 0.5)


def row(*items: EvidenceItem) -> DocumentStance:
    """The answer's row for one article, as the scorer builds it from the passages it read."""
    (only,) = document_stances(items)
    return only


def test_a_body_not_in_the_answer_is_unrelated() -> None:
    assert label_of(None) == "unrelated"


def test_a_contradicting_passage_makes_the_body_disagree_whatever_else_it_says() -> None:
    assert label_of(row(item("wire-1", 0, "supports"), item("wire-1", 1, "contradicts"))) == "disagree"


def test_support_on_the_record_agrees_and_support_as_hearsay_discusses() -> None:
    on_record, anonymous = item("wire-1", 0, "supports"), item("wire-1", 2, "supports")
    assert not on_record.is_report and anonymous.is_report
    assert label_of(row(on_record)) == "agree"
    assert label_of(row(anonymous)) == "discuss"
    assert label_of(row(anonymous, on_record)) == "agree"


def test_a_related_body_discusses() -> None:
    assert label_of(row(item("daily-1", 0, "related"), item("daily-1", 1, "related"))) == "discuss"


def as_body(evidence: EvidenceItem, body_id: str) -> EvidenceItem:
    """The item as if its article were FNC-1 body `body_id`."""
    document = dataclasses.replace(evidence.entry.document, doc_id=f"{DOC_PREFIX}{body_id}")
    return dataclasses.replace(evidence, entry=dataclasses.replace(evidence.entry, document=document))


def test_body_labels_read_one_row_per_body() -> None:
    documents = document_stances(
        [
            as_body(item("wire-1", 0, "supports"), "7"),
            as_body(item("wire-1", 1, "related"), "7"),
            as_body(item("tabloid-1", 0, "related"), "12"),
            as_body(item("tabloid-1", 1, "contradicts"), "12"),
        ]
    )
    assert body_labels(documents) == {"7": "agree", "12": "disagree"}


def test_fnc_score_weighs_relatedness_and_the_exact_label() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated", "unrelated"]
    predicted = ["agree", "discuss", "unrelated", "unrelated", "agree"]
    # agree exact 1.0; disagree called discuss 0.25; discuss missed 0; unrelated right 0.25; wrong 0.
    score, best = fnc_score(gold, predicted)
    assert best == pytest.approx(3 * 1.0 + 2 * 0.25)
    assert score == pytest.approx(1.0 + 0.25 + 0.25)


def test_the_reading_config_returns_every_passage_the_service_reads() -> None:
    config = ScorerConfig()
    shipped = reading_config(config)
    assert shipped.gathering == config.gathering
    assert shipped.max_documents_shown >= config.gathering.max_documents
    assert shipped.max_documents_shown >= config.gathering.max_judged
    deeper = reading_config(config, 40)
    assert deeper.gathering.max_documents == 40
    assert deeper.gathering.depth == max(config.gathering.depth, 40 * DEPTH_PER_DOCUMENT)
    assert deeper.max_documents_shown >= 40
    assert deeper.judge == config.judge and deeper.stance == config.stance
