"""Passage attributions are stored per document and reused, so a restart parses only new documents."""

from __future__ import annotations

from pathlib import Path

from scoring import Attributor, CorpusIndex
from tests.fakes import CountingParser, FakeEmbedder, outlet_table, tiny_documents


def test_a_second_build_reads_the_stored_attributions(tmp_path: Path) -> None:
    parser = CountingParser()
    attributor = Attributor(outlet_table().media_aliases(), parser=parser)
    first = CorpusIndex.build(tiny_documents(), FakeEmbedder(), attributor, attribution_cache_dir=tmp_path)
    parsed_once = len(parser.parsed)
    assert parsed_once > 0
    second = CorpusIndex.build(tiny_documents(), FakeEmbedder(), attributor, attribution_cache_dir=tmp_path)
    assert len(parser.parsed) == parsed_once
    assert [e.attribution for e in second.entries] == [e.attribution for e in first.entries]


def test_another_attributor_or_a_torn_file_attributes_again(tmp_path: Path) -> None:
    parser = CountingParser()
    attributor = Attributor(outlet_table().media_aliases(), parser=parser)
    CorpusIndex.build(tiny_documents(), FakeEmbedder(), attributor, attribution_cache_dir=tmp_path)
    parsed_once = len(parser.parsed)
    other = Attributor(outlet_table().aliases, parser=parser)  # other aliases: another key
    assert other.cache_key != attributor.cache_key
    CorpusIndex.build(tiny_documents(), FakeEmbedder(), other, attribution_cache_dir=tmp_path)
    assert len(parser.parsed) == 2 * parsed_once
    for stored in (tmp_path / attributor.cache_key).iterdir():
        stored.write_text("[{")
    rebuilt = CorpusIndex.build(tiny_documents(), FakeEmbedder(), attributor, attribution_cache_dir=tmp_path)
    assert len(parser.parsed) == 3 * parsed_once
    assert any(e.attribution.kind == "anonymous" for e in rebuilt.entries)
