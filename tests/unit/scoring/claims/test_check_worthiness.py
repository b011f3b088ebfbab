"""Which sentences are factual claims worth checking, and why the others are not."""

from scoring.claims import classify_sentence


def test_classification_of_non_claims() -> None:
    assert classify_sentence("Did the council approve the budget?") == "question"
    assert classify_sentence("Council budget row deepens") == "heading"
    assert classify_sentence("I think the plan is a disaster for the town.") == "opinion"
    assert classify_sentence("“I believe we deserve better than this,” she said.") == "quoted_opinion"
    assert classify_sentence("“We deserve better than this.”") == "quoted_opinion"
    assert classify_sentence("Thanks.") == "too_short"


def test_classification_of_factual_claims() -> None:
    assert classify_sentence("The council approved a budget of 4.2 million euros on Tuesday.") == "factual"
    assert classify_sentence("“The bridge carried 20,000 cars a day,” the engineer said.") == "factual"
    assert classify_sentence("Police said three people were arrested after the match.") == "factual"
