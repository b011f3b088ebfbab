"""Sentence splitting keeps exact offsets through abbreviations, line breaks, quotes and any script."""

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
