from scoring.corpus.documents import Document
from scoring.corpus.passages import clean_span, is_furniture_line, passage_context, split_passages


def _doc(text: str) -> Document:
    return Document(doc_id="d", text=text, outlet_domain=None, outlet_name=None)


def test_menus_urls_timestamps_and_related_links_are_furniture() -> None:
    menu = " ".join(f"icon{i} share{i}" for i in range(20))
    assert is_furniture_line(menu)
    assert is_furniture_line("https://example.org/watch?v=abc")
    assert is_furniture_line("04 Jun, 2021 09:15")
    assert is_furniture_line("Updated: 2021-06-04 09:15 GMT")
    assert is_furniture_line("READ MORE: Ten things to know about the vote")
    assert not is_furniture_line("The vote was held on 4 June 2021 and 61 percent backed the plan.")


def test_photo_credits_are_cut_from_the_sentence_they_end() -> None:
    text = "Residents wade through water in the old town. AFP/Jane Doe"
    start, end = clean_span(text, 0, len(text))
    assert text[start:end] == "Residents wade through water in the old town."
    text = "Rescuers search the rubble on Tuesday. [Image by John Smith/Getty Images]"
    start, end = clean_span(text, 0, len(text))
    assert text[start:end] == "Rescuers search the rubble on Tuesday."


def test_passages_keep_offsets_into_the_original_text() -> None:
    text = (
        "home news sport weather " * 8
        + "\nFerry capsizes off the coast\n"
        + "At least 20 passengers were rescued, the coastguard said. (Photo: Coastguard)\n"
        + "https://video.example.com/123\n"
        + "Tags\n"
        + "The ferry was carrying 85 people when it overturned in heavy seas."
    )
    passages = split_passages(_doc(text))
    assert [p.text for p in passages] == [
        "Ferry capsizes off the coast",
        "At least 20 passengers were rescued, the coastguard said.",
        "The ferry was carrying 85 people when it overturned in heavy seas.",
    ]
    for p in passages:
        assert text[p.start : p.end] == p.text


def test_context_is_the_neighbouring_sentences_without_furniture() -> None:
    text = (
        "The long preamble of the article goes on for a while about the weather. "
        "Aid groups counted the families in the camps.\n"
        "https://example.org/share\n"
        "Snipers killed 15 children as they fled the city. "
        "The United Nations confirmed the figure on Tuesday. "
        "Talks resumed in Geneva after a week of delays and much back and forth between the sides."
    )
    passage = "Snipers killed 15 children as they fled the city."
    start = text.index(passage)
    before, after = passage_context(text, start, start + len(passage), max_chars=90)
    assert before == "Aid groups counted the families in the camps."
    assert after == "The United Nations confirmed the figure on Tuesday."


def test_context_at_the_edges_of_the_article_and_inside_a_long_sentence() -> None:
    text = "Snipers killed 15 children as they fled the city."
    assert passage_context(text, 0, len(text)) == ("", "")
    words = " ".join(f"word{i}" for i in range(60))
    text = f"{words} Snipers killed 15 children. {words}"
    start = text.index("Snipers")
    end = start + len("Snipers killed 15 children.")
    before, after = passage_context(text, start, end, max_chars=40)
    assert before.startswith("…") and before.endswith("word59")
    assert after.startswith("word0") and after.endswith("…")
    assert len(before) <= 41 and len(after) <= 41
