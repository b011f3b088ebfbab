from hypothesis import given
from hypothesis import strategies as st

from scoring.claims import classify_sentence, segment_claims
from scoring.text.sentences import split_sentences


def _check_offsets(text: str) -> None:
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()


def test_abbreviations_do_not_split_sentences() -> None:
    text = "Lt. Col. Ahmed Karim told reporters that 40 soldiers were hurt. The U.S. embassy declined to comment."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Lt. Col. Ahmed Karim told reporters that 40 soldiers were hurt.",
        "The U.S. embassy declined to comment.",
    ]
    _check_offsets(text)


def test_windows_newlines_emoji_and_non_latin_script_keep_exact_offsets() -> None:
    text = "Breaking 🚨 floods hit the north.\r\nСильные дожди затопили город.\r\n\r\n大雨导致三人死亡。 The mayor said 3 died."
    sentences = split_sentences(text)
    _check_offsets(text)
    assert any(s.text.startswith("Сильные") for s in sentences)
    assert all("\r" not in s.text and "\n" not in s.text for s in sentences)


def test_line_breaks_separate_headlines_from_body() -> None:
    text = (
        "Minister resigns over budget row\nThe finance minister resigned on Friday after a row over spending."
    )
    assert [s.text for s in split_sentences(text)] == [
        "Minister resigns over budget row",
        "The finance minister resigned on Friday after a row over spending.",
    ]


def test_curly_quotes_stay_inside_their_sentence() -> None:
    text = "“We will rebuild the bridge by June,” the mayor said. Work starts next week."
    sentences = split_sentences(text)
    assert sentences[0].text == "“We will rebuild the bridge by June,” the mayor said."
    _check_offsets(text)


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


def test_segment_claims_marks_check_worthiness() -> None:
    claims = segment_claims(
        "Flood death toll rises sharply\nFloods killed 12 people on Monday. Why did the dam fail?"
    )
    assert [(c.reason, c.is_check_worthy) for c in claims] == [
        ("heading", False),
        ("factual", True),
        ("question", False),
    ]


@given(st.text(max_size=300))
def test_offsets_are_exact_for_any_text(text: str) -> None:
    _check_offsets(text)
    for claim in segment_claims(text):
        assert text[claim.start : claim.end] == claim.text
