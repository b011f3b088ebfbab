"""Independent origins: an outlet counts once, shared citations and copies collapse, weights follow priors."""

from __future__ import annotations

from scoring.attribution import Attribution, Attributor
from scoring.corpus import IndexedPassage
from scoring.corpus.documents import Document
from scoring.corpus.passages import Passage
from scoring.evidence import EvidenceItem, group_origins
from scoring.judgement import Stance
from tests.fakes import outlet_table

OUTLETS = outlet_table()
ATTRIBUTOR = Attributor(OUTLETS.aliases)


def _item(
    doc_id: str, domain: str | None, text: str, *, group: int, duplicate_of: str | None = None
) -> EvidenceItem:
    document = Document(
        doc_id=doc_id, text=text, outlet_domain=domain, outlet_name=None, duplicate_of=duplicate_of
    )
    passage = Passage(doc_id=doc_id, index=0, text=text, start=0, end=len(text))
    attribution: Attribution = ATTRIBUTOR.attribute(text)
    entry = IndexedPassage(passage=passage, document=document, attribution=attribution, duplicate_group=group)
    return EvidenceItem(entry=entry, similarity=0.8, stance=Stance("supports", ()), match_strength=0.9)


def test_one_outlet_counts_once_whatever_it_cites() -> None:
    items = [
        _item("a", "inquisitr.com", "Iraqi News reported that snipers killed 15 children.", group=0),
        _item(
            "a", "inquisitr.com", "The source told Alsumaria News that snipers killed 15 children.", group=1
        ),
        _item("a", "inquisitr.com", "Snipers killed 15 children, a security source said.", group=2),
    ]
    origins = group_origins(items, OUTLETS)
    assert len(origins) == 1
    assert origins[0].label.startswith("inquisitr.com, citing")


def test_outlets_citing_the_same_origin_are_one_origin() -> None:
    items = [
        _item("a", "reuters.com", "Human Rights Watch said militias recruited seven children.", group=0),
        _item(
            "b", "theguardian.com", "According to Human Rights Watch, militias recruited seven boys.", group=1
        ),
        _item("c", "bbc.co.uk", "Militias recruited seven children from the camp, reporters saw.", group=2),
    ]
    origins = group_origins(items, OUTLETS)
    assert len(origins) == 2
    assert sorted(len(o.outlets) for o in origins) == [1, 2]


def test_copied_text_and_syndicated_documents_are_one_origin() -> None:
    text = "The central bank raised its main rate by half a point to 4.5 percent on Thursday."
    copied = [_item("a", "reuters.com", text, group=0), _item("b", "dailymail.co.uk", text, group=0)]
    assert len(group_origins(copied, OUTLETS)) == 1
    syndicated = [
        _item("a", "reuters.com", text, group=0),
        _item("b", "theguardian.com", "Rates rose by half a point on Thursday.", group=1, duplicate_of="a"),
    ]
    assert len(group_origins(syndicated, OUTLETS)) == 1


def test_weights_follow_outlet_priors_and_attribution() -> None:
    reliable = group_origins(
        [_item("a", "reuters.com", "Floods killed 12 people on Monday.", group=0)], OUTLETS
    )
    weak = group_origins(
        [_item("b", "dailymail.co.uk", "Floods killed 12 people on Monday.", group=1)], OUTLETS
    )
    anonymous = group_origins(
        [
            _item(
                "c",
                "reuters.com",
                "Floods killed 12 people, officials who asked not to be named said.",
                group=2,
            )
        ],
        OUTLETS,
    )
    assert reliable[0].weight > weak[0].weight
    assert reliable[0].weight > anonymous[0].weight
    assert group_origins([], OUTLETS) == []


def test_hearsay_is_one_origin_but_never_joins_independent_stated_accounts() -> None:
    stated_a = "The central bank raised its main rate to 4.5 percent on Thursday."
    stated_b = "Rates went up to 4.5 percent on Thursday, the bank's governor told parliament."
    items = [
        _item("a", "reuters.com", stated_a, group=0),
        _item("b", "theguardian.com", stated_b, group=1),
        # A hedged near-copy of each stated account, in two other outlets.
        _item("c", "dailymail.co.uk", "The central bank reportedly raised its rate to 4.5 percent.", group=0),
        _item("d", "bbc.co.uk", "Rates reportedly went up to 4.5 percent on Thursday.", group=1),
    ]
    assert all(item.is_report for item in items[2:])
    origins = group_origins(items, OUTLETS)
    assert len([o for o in origins if not o.is_report]) == 2
    # Report-only outlets with no stated account behind them are one origin, the report.
    reports = group_origins(
        [
            _item("e", "dailymail.co.uk", "Snow reportedly closed the airport on Friday.", group=5),
            _item("f", "bbc.co.uk", "The airport was reportedly shut by snow on Friday.", group=6),
        ],
        OUTLETS,
    )
    assert len(reports) == 1 and reports[0].is_report
