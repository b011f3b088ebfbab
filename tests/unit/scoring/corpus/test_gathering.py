"""Evidence by document: which retrieved passages the judge reads, in what order, and with what context."""

from __future__ import annotations

import pytest

from scoring.corpus import CorpusHit, IndexedPassage
from scoring.corpus.gathering import GatheringConfig, context_of, gather
from tests.fakes import tiny_corpus

MIN_SIMILARITY = 0.4


def entry(doc_id: str, index: int) -> IndexedPassage:
    return next(e for e in tiny_corpus().entries if e.document.doc_id == doc_id and e.passage.index == index)


def hit(doc_id: str, index: int, similarity: float) -> CorpusHit:
    return CorpusHit(entry(doc_id, index), similarity, rank_score=similarity)


def keys(hits: list[CorpusHit]) -> list[tuple[str, int]]:
    return [(h.entry.document.doc_id, h.entry.passage.index) for h in hits]


# One claim's retrieval, best first: the wire story's three sentences outrank everything else.
RETRIEVED = [
    hit("wire-1", 0, 0.9),
    hit("wire-1", 2, 0.85),
    hit("wire-1", 1, 0.8),
    hit("tabloid-1", 0, 0.75),
    hit("daily-1", 0, 0.7),
    hit("tabloid-1", 1, 0.5),
    hit("daily-1", 1, 0.3),
]


def test_every_article_s_best_passage_is_read_before_any_second_one() -> None:
    gathered = gather(RETRIEVED, MIN_SIMILARITY, GatheringConfig())
    assert keys(gathered) == [
        ("wire-1", 0),
        ("tabloid-1", 0),
        ("daily-1", 0),
        ("wire-1", 2),
        ("tabloid-1", 1),
    ]


def test_passages_below_the_evidence_threshold_are_never_read() -> None:
    gathered = gather(RETRIEVED, MIN_SIMILARITY, GatheringConfig())
    assert ("daily-1", 1) not in keys(gathered)
    assert all(h.similarity >= MIN_SIMILARITY for h in gathered)
    assert gather(RETRIEVED, 0.95, GatheringConfig()) == []


def test_one_article_gives_at_most_passages_per_document() -> None:
    one = gather(RETRIEVED, MIN_SIMILARITY, GatheringConfig(passages_per_document=1))
    assert keys(one) == [("wire-1", 0), ("tabloid-1", 0), ("daily-1", 0)]
    three = gather(RETRIEVED, MIN_SIMILARITY, GatheringConfig(passages_per_document=3))
    assert [k for k in keys(three) if k[0] == "wire-1"] == [("wire-1", 0), ("wire-1", 2), ("wire-1", 1)]


def test_every_article_up_to_max_documents_is_read_by_its_best_passage() -> None:
    assert keys(gather(RETRIEVED, MIN_SIMILARITY, GatheringConfig(max_documents=2))) == [
        ("wire-1", 0),
        ("tabloid-1", 0),
        ("wire-1", 2),
        ("tabloid-1", 1),
    ]
    # max_judged bounds the second-best passages only: no article goes unheard for them.
    assert keys(gather(RETRIEVED, MIN_SIMILARITY, GatheringConfig(max_judged=2))) == [
        ("wire-1", 0),
        ("tabloid-1", 0),
        ("daily-1", 0),
    ]


def test_second_best_passages_are_read_while_the_total_stays_within_max_judged() -> None:
    assert keys(gather(RETRIEVED, MIN_SIMILARITY, GatheringConfig(max_judged=4))) == [
        ("wire-1", 0),
        ("tabloid-1", 0),
        ("daily-1", 0),
        ("wire-1", 2),
    ]


@pytest.mark.parametrize(
    "overrides",
    [
        {"depth": 0},
        {"passages_per_document": 0},
        {"max_documents": 0},
        {"max_judged": 0},
        {"context_chars": -1},
    ],
)
def test_config_refuses_nonsense(overrides: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        GatheringConfig(**overrides)


def test_context_adds_the_previous_and_next_sentence_where_they_fit() -> None:
    corpus = tiny_corpus()
    middle = entry("wire-1", 1)
    before, after = entry("wire-1", 0).passage.text, entry("wire-1", 2).passage.text
    assert context_of(corpus, middle, 1_000) == f"{before} {middle.passage.text} {after}"
    # Room for the previous sentence only: the next one is left out rather than cut.
    room = len(middle.passage.text) + len(before) + 1
    assert context_of(corpus, middle, room) == f"{before} {middle.passage.text}"
    assert context_of(corpus, middle, 0) == middle.passage.text


def test_context_stays_inside_the_passage_s_own_article() -> None:
    corpus = tiny_corpus()
    first, last = entry("daily-1", 0), entry("daily-1", 1)
    assert context_of(corpus, first, 1_000) == f"{first.passage.text} {last.passage.text}"
    assert context_of(corpus, last, 1_000) == f"{first.passage.text} {last.passage.text}"
