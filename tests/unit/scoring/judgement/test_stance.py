"""Stance: conflicts between a claim and a passage, and the label; sentences composed for these tests."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scoring.judgement import Conflict, StanceThresholds, find_conflicts, stance_of


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


def test_aligned_slots_pair_figures_whose_nouns_differ() -> None:
    passage = "Police arrested 25 demonstrators outside parliament on Sunday."
    assert kinds("Police arrested 40 protesters outside parliament.", passage) == ["number"]
    assert kinds("Police arrested 25 protesters outside parliament.", passage) == []
    # Two function words alone ("of", "in") are no slot; nor is a different verb.
    assert kinds("Police counted 40 protesters in the square.", passage) == []


def test_aligned_slots_pair_bare_figures_dates_and_negations() -> None:
    assert kinds("He died at age 88.", "The former president died on Friday at the age of 94.") == ["number"]
    assert kinds("The law was passed in 2005.", "Read the law. It was passed in 2002 by Congress.") == [
        "date"
    ]
    assert kinds("Voters did not approve it.", "Voters approved it in 2019.") == ["negation"]
    assert kinds("Voters did not approve it.", "Lawmakers approved it in 2019.") == []


def test_aligned_slots_keep_units_apart() -> None:
    # 3.3 metres is about 11 feet: the same slot in different units is not compared.
    assert (
        kinds("The ice could raise sea level by 10 feet.", "The ice could raise sea level by 3.3 metres.")
        == []
    )
    assert kinds("Warming will reach 6 degrees Celsius.", "Warming will reach 0.2\u00a0°C per decade.") == []


def test_units_of_measure_are_not_shared_nouns() -> None:
    # Two temperatures are not the same figure because both are in degrees.
    assert (
        kinds(
            "The treaty aims to limit warming to 2 degrees Celsius.",
            "Models project up to 4 degrees Celsius of sea surface change by 2100.",
        )
        == []
    )
    assert kinds("The river rose 3 metres overnight.", "The river rose 5 metres overnight.") == ["number"]


def test_synonymous_counted_nouns() -> None:
    assert kinds("Gunmen killed 12 kids in the village.", "Gunmen killed 20 children in the village.") == [
        "number"
    ]
    assert kinds("Gunmen killed 20 kids in the village.", "Gunmen killed 20 children in the village.") == []
    # Synonyms need the context a bare figure needs; a subset ("boys") is not a synonym.
    assert kinds("Nine troops were wounded.", "The army sent 400 soldiers to the border.") == []
    assert kinds("Two boys were hurt in the crash.", "15 children were hurt in the crash.") == []


def test_a_generic_counted_noun_needs_context() -> None:
    assert (
        kinds("930 people were wounded in November.", "Some 6 million people lived under the group's rule.")
        == []
    )
    assert kinds(
        "930 people were wounded in November.", "Officials said 2,000 people were wounded in November."
    ) == ["number"]


def test_a_sum_that_matches_none_of_the_passage_sums() -> None:
    assert kinds("Visitors face a $500 penalty.", "Tourists who litter will now pay $250.") == ["number"]
    assert kinds("Visitors face a $500 penalty.", "Tourists pay $250 for litter and $500 for graffiti.") == []
    # The passage's only sum is another figure of the claim's.
    assert kinds("He took $1 million and was fined $138,000.", "He was fined $138,000 on Friday.") == []
    # Percentages are not treated so: copy cites several shares that answer different questions.
    assert kinds("Coal makes up 40% of the grid.", "Wind output grew 12% last year.") == []


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
