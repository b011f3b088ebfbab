"""A draft becomes every sentence with exact offsets, each marked check-worthy or not."""

from hypothesis import given
from hypothesis import strategies as st

from scoring.claims import segment_claims
from scoring.text.sentences import split_sentences


def _check_offsets(text: str) -> None:
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()


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
