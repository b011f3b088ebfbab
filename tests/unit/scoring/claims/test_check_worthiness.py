"""Which sentences are factual claims worth checking, and why the others are not."""

import pytest

from scoring.claims import classify_sentence, classify_sentences, segment_claims
from tests.fakes import real_parser


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


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("It is a disgrace that the world has looked away for so long.", "opinion"),
        ("Will the council ever admit its mistake?", "question"),
        ("The new stadium will attract millions of visitors.", "prediction"),
        ("Thank you for reading our coverage of the election.", "greeting"),
        ("Remember the victims and demand answers from the council.", "rhetoric"),
        ("Never again!", "too_short"),
        ("Enough is enough, we will not be silenced!", "rhetoric"),
        ("The ministry said it will open 12 new clinics in March.", "factual"),
        ("Floods killed 12 people in the valley on Monday.", "factual"),
        ("The fire may have started in the kitchen of the third-floor flat.", "factual"),
        # Written for these tests: "It was a <noun> that ..." states a fact unless the noun judges.
        ("It was a bakery that the inspectors closed on Tuesday.", "factual"),
        ("It is a tragedy that the bridge was never repaired.", "opinion"),
        # A passive "expected to" names nobody who expects it: a prediction, as "likely to" is.
        ("Ticket prices are expected to rise by a fifth next season.", "prediction"),
        ("Ticket prices are likely to rise by a fifth next season.", "prediction"),
        ("The club expects ticket prices to rise by a fifth next season.", "factual"),
    ],
)
def test_check_worthiness_with_the_parser(text: str, reason: str) -> None:
    assert classify_sentences([text], real_parser()) == [reason]


def test_segment_claims_gives_each_skipped_sentence_a_reason() -> None:
    draft = "Floods killed 12 people on Monday. Thank you for reading. The city will surely recover."
    claims = segment_claims(draft, real_parser())
    assert [(c.is_check_worthy, c.reason) for c in claims] == [
        (True, "factual"),
        (False, "greeting"),
        (False, "prediction"),
    ]
