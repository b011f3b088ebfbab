"""The parse the rules read: the spaCy adapter's offsets and tree, and the caching parser."""

from __future__ import annotations

from scoring.text.parse import CachingParser
from tests.fakes import CountingParser, real_parser


def test_tokens_index_the_text_and_the_tree_is_whole() -> None:
    text = "The Pentagon said in a statement that two soldiers died.\nResidents fled."
    parse = real_parser().parse_many([text])[0]
    assert all(text[t.start : t.end] == t.text for t in parse.tokens)
    roots = [t for t in parse.tokens if t.head == t.i]
    assert len(roots) == len({t.sent for t in parse.tokens}) >= 2
    said = next(t for t in parse.tokens if t.text == "said")
    first, last = parse.subtree(said.i)
    assert parse.tokens[first].text == "The" and parse.tokens[last].text.strip() in (".", "")


def test_caching_parser_parses_each_text_once_and_keeps_order() -> None:
    counting = CountingParser()
    parser = CachingParser(counting, max_entries=2)
    first = parser.parse_many(["Officials said it rained.", "Prices rose."])
    again = parser.parse_many(["Prices rose.", "Officials said it rained.", "Prices rose."])
    assert counting.parsed == ["Officials said it rained.", "Prices rose."]
    assert [p.text for p in again] == ["Prices rose.", "Officials said it rained.", "Prices rose."]
    assert again[1] is first[0]
    parser.parse_many(["A third text arrived."])  # evicts the least recently used
    parser.parse_many(["Officials said it rained."])
    assert counting.parsed.count("Officials said it rained.") == 2
