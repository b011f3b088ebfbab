from scoring.corpus.documents import Document
from scoring.corpus.passages import clean_span, is_furniture_line, split_passages


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
