"""Stance: conflicts between a claim and a passage, and the label; sentences composed for these tests."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scoring.negation import find_negations
from scoring.stance import Conflict, StanceThresholds, find_conflicts, lemma_of, stance_of


def kinds(claim: str, passage: str) -> list[str]:
    return [c.kind for c in find_conflicts(claim, passage)]


def test_number_conflicts_need_the_same_noun() -> None:
    assert kinds("15 children were killed in the strike.", "20 children were killed in the strike.") == [
        "number"
    ]
    assert kinds("At least 15 children were killed.", "20 children were killed.") == []
    assert kinds("At least 15 children were killed.", "15 children were killed.") == []
    assert kinds("More than 900 people attended the rally.", "Fewer than 90 people attended the rally.") == [
        "number"
    ]
    assert kinds("15 children were killed.", "The army lost 250 recruits.") == []
    assert kinds("Fifteen people were arrested at the port.", "15 people were arrested at the port.") == []


def test_number_conflict_spans_and_explanation() -> None:
    claim, passage = "Rescuers found 12 children alive.", "Rescuers found at least 15 children alive."
    (conflict,) = find_conflicts(claim, passage)
    assert conflict.claim_span.text == "12" == claim[conflict.claim_span.start : conflict.claim_span.end]
    assert conflict.passage_span.text == "at least 15"
    assert (
        conflict.explanation
        == "the claim says 12 children alive; the passage says at least 15 children alive"
    )


def test_the_best_aligned_figure_is_compared() -> None:
    passage = "Police said 15 people were killed and 40 people were injured in the blast."
    assert kinds("Police said 40 people were killed in the blast.", passage) == ["number"]
    assert kinds("The blast killed 15 people, police said.", passage) == []


def test_bare_figures_need_shared_context() -> None:
    assert kinds("The death toll rose to 15.", "The death toll stood at 20 on Friday.") == ["number"]
    assert kinds("The index rose to 15.", "Turnout fell to 20.") == []


def test_date_conflicts() -> None:
    assert kinds("The factory closed on Aug. 14.", "The factory closed on August 15.") == ["date"]
    assert kinds("The factory closed in 2016.", "The factory closed in October 2016.") == []
    assert kinds("The factory closed in 2016.", "The factory closed in 2017.") == ["date"]
    assert kinds("The factory closed in 2016.", "The mayor was elected in 2012.") == []
    assert kinds("The factory closed last week.", "The factory closed on August 15.") == []


def test_negation_conflicts() -> None:
    assert kinds("The senator did not attend the meeting.", "The senator attended the meeting.") == [
        "negation"
    ]
    assert kinds("The senator attended the meeting.", "The senator never attended the meeting.") == [
        "negation"
    ]
    assert kinds("The minister refused to sign the treaty.", "The minister signed the treaty.") == [
        "negation"
    ]
    assert kinds("The senator did not attend the meeting.", "The senator didn't attend the meeting.") == []
    assert kinds("The senator failed to attend the meeting.", "The senator did not attend the meeting.") == []
    # The negated predicate must be the shared one.
    assert kinds("The senator did not attend the meeting.", "The senator spoke to reporters.") == []
    assert (
        kinds("Volcanoes melt the glaciers, not global warming.", "Global warming melts the glaciers.") == []
    )


def test_negation_cues() -> None:
    predicates = {
        n.predicate for n in find_negations("He didn't vote. She never voted. They denied meeting him.")
    }
    assert predicates == {"vote", "voted", "meeting"}
    assert find_negations("not only the price but also the size") == ()
    assert find_negations("whether or not it rains") == ()


def test_lemmas_meet() -> None:
    assert lemma_of("attended") == lemma_of("attend") == lemma_of("attends") == lemma_of("attending")
    assert lemma_of("children") == lemma_of("child")
    assert lemma_of("moved") == lemma_of("move")


def test_stance_labels() -> None:
    thresholds = StanceThresholds()
    claim, same = "The bridge opened in 2016.", "The bridge opened in 2016."
    assert stance_of(claim, same, 0.9).label == "supports"
    assert stance_of(claim, same, 0.5).label == "related"
    contradiction = stance_of(claim, "The bridge opened in 2018.", 0.9)
    assert contradiction.label == "contradicts" and contradiction.conflicts[0].kind == "date"
    assert (
        stance_of(claim, "The bridge opened in 2018.", thresholds.related_similarity - 0.01).label
        == "related"
    )
    assert stance_of(claim, "The bridge opened in 2018.", 0.5).label == "contradicts"


def _spans_slice(conflict: Conflict, claim: str, passage: str) -> bool:
    return (
        claim[conflict.claim_span.start : conflict.claim_span.end] == conflict.claim_span.text
        and passage[conflict.passage_span.start : conflict.passage_span.end] == conflict.passage_span.text
    )


_NEWSY = st.lists(
    st.sampled_from(
        "15 20 fifteen at least more than fewer than children people killed were not never did 2016 2017 "
        "Aug. 14 August 15 May in on the police said attended meeting , . 1.5 million $ % between and".split()
    ),
    max_size=25,
).map(" ".join)


@given(st.text(), st.text())
def test_arbitrary_text_never_raises_and_spans_slice(claim: str, passage: str) -> None:
    for conflict in find_conflicts(claim, passage):
        assert _spans_slice(conflict, claim, passage)


@given(_NEWSY, _NEWSY)
def test_newsy_text_spans_slice(claim: str, passage: str) -> None:
    for conflict in find_conflicts(claim, passage):
        assert _spans_slice(conflict, claim, passage)


@given(st.one_of(st.text(), _NEWSY))
def test_a_sentence_never_conflicts_with_itself(text: str) -> None:
    assert find_conflicts(text, text) == ()
