"""Each stage's word pattern reads text the way its table in scoring/text/words.py says."""

from __future__ import annotations

import pytest

from scoring.text.words import (
    INDEX_WORD,
    LATIN_WORD,
    LATIN_WORD_OR_NUMBER,
    NUMBER,
    SLOT_TOKEN,
    SOURCE_TOKEN,
    WORD,
    WORD_CHAR_RUN,
    word_count,
)

TEXT = "The U.S. well-known envoy's 3,000 troops (1.5 million) didn't leave.\nNext"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (WORD, ["The", "U", "S", "well-known", "envoy's", "3", "000", "troops", "1", "5", "million", "didn't", "leave", "Next"]),
        (WORD_CHAR_RUN, ["The", "U", "S", "well", "known", "envoy", "s", "3", "000", "troops", "1", "5", "million", "didn", "t", "leave", "Next"]),
        (LATIN_WORD, ["The", "U", "S", "well-known", "envoy's", "troops", "million", "didn't", "leave", "Next"]),
        (LATIN_WORD_OR_NUMBER, ["The", "U", "S", "well", "known", "envoy's", "3,000", "troops", "1.5", "million", "didn't", "leave", "Next"]),
        (INDEX_WORD, ["The", "U.S", "well", "known", "envoy's", "3", "000", "troops", "1.5", "million", "didn't", "leave", "Next"]),
        (NUMBER, ["3,000", "1.5"]),
    ],
)  # fmt: skip
def test_each_pattern_splits_as_documented(pattern: object, expected: list[str]) -> None:
    assert pattern.findall(TEXT) == expected  # type: ignore[attr-defined]


def test_slot_and_source_tokens_keep_punctuation_and_line_breaks() -> None:
    assert SLOT_TOKEN.findall("in 2016, (the) report.") == ["in", "2016", ",", "(", "the", ")", "report", "."]
    tokens = SOURCE_TOKEN.findall("U.S. officials said:\nSmith & Co.")
    assert tokens == ["U.S.", "officials", "said", ":", "\n", "Smith", "&", "Co", "."]


def test_word_count_counts_contracted_and_hyphenated_words_once() -> None:
    assert word_count("The well-known envoy didn't leave.") == 5
