"""Attribution read from the real spaCy parse: who the source is, the cue, anonymity, hedges, offsets.

The sentences are written for these tests (not the evaluation sets) and cover one layout each.
"""

from __future__ import annotations

import pytest

from scoring import Attributor
from tests.fakes import CountingParser, outlet_table, real_parser


@pytest.fixture(scope="module")
def attributor() -> Attributor:
    return Attributor(outlet_table().media_aliases(), parser=real_parser())


REPORTED = (
    "A security official, who spoke on condition of anonymity because he was not authorised to talk "
    "to the press, said the militants had also planted roadside bombs along the main escape routes."
)


def test_an_anonymity_condition_overrides_the_speech_verb(attributor: Attributor) -> None:
    attribution = attributor.attribute(REPORTED)
    assert attribution.kind == "anonymous"
    assert attribution.source_type == "unnamed"
    assert attribution.attributed_to is not None and "official" in attribution.attributed_to
    assert attribution.attributed_to.lower() != "who"
    assert attribution.anonymity_reason is not None
    assert "condition of anonymity" in attribution.anonymity_reason
    assert "not authorised" in attribution.anonymity_reason


@pytest.mark.parametrize(
    ("text", "kind", "source_type", "name_part"),
    [
        (
            '"The canal will reopen in May," said Ilse Brandt, the port authority\'s director.',
            "on_record",
            "person",
            "Brandt",
        ),
        ('"We saw no fire," the captain said, "only smoke from the hold."', "on_record", "person", "captain"),
        (
            "Trade Minister Joao Lima told reporters that exports rose 8 percent.",
            "on_record",
            "person",
            "Lima",
        ),
        (
            "The Pentagon said in a statement that three drones were shot down.",
            "on_record",
            "organisation",
            "Pentagon",
        ),
        (
            "According to a report by Amnesty International, 61 people were detained.",
            "on_record",
            "document",
            "Amnesty International",
        ),
        ("People with knowledge of the talks said the merger was off.", "anonymous", "unnamed", "People"),
        (
            "A diplomat who was briefed on the plan said the vote would be delayed.",
            "anonymous",
            "unnamed",
            "diplomat",
        ),
        ("Residents said the bridge collapsed before dawn.", "anonymous", "collective", "Residents"),
        ("Reuters reported that the refinery had shut down.", "media_report", "outlet", "Reuters"),
        ("UNICEF said 40 schools had been damaged.", "on_record", "organisation", "UNICEF"),
        (
            "A survey by the National Audit Office found that 12 percent of grants were misused.",
            "on_record",
            "document",
            "National Audit Office",
        ),
        (
            "A report by the BBC found that 12 percent of grants were misused.",
            "media_report",
            "outlet",
            "BBC",
        ),
    ],
)
def test_layouts_newsrooms_write(
    attributor: Attributor, text: str, kind: str, source_type: str, name_part: str
) -> None:
    attribution = attributor.attribute(text)
    assert (attribution.kind, attribution.source_type) == (kind, source_type)
    assert attribution.attributed_to is not None and name_part in attribution.attributed_to


def test_a_media_report_names_the_outlet_domain(attributor: Attributor) -> None:
    assert attributor.attribute("Reuters reported that the refinery had shut down.").cited_outlet_domain == (
        "reuters.com"
    )


def test_spans_index_the_text(attributor: Attributor) -> None:
    text = '"Turnout passed 70 percent," election chief Vera Holm told a news conference.'
    attribution = attributor.attribute(text)
    assert attribution.cue is not None and text[attribution.cue.start : attribution.cue.end] == "told"
    assert attribution.source_start is not None and attribution.source_end is not None
    assert "Holm" in text[attribution.source_start : attribution.source_end]
    assert attribution.role is not None and "election chief" in attribution.role
    for cue in attribution.cues:
        assert text[cue.start : cue.end] == cue.text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The minister reportedly resigned on Friday.", "hedged"),
        ("Unconfirmed reports say the border has closed.", "hedged"),
        ("The ferry sank in calm water, killing 23 passengers.", "unattributed"),
        # A comma splice: the first clause hangs on the second's verb, which reports nothing.
        (
            "In March 2020, rebel forces began their siege of the northern city, some 90,000 people were "
            "living under the self-declared governor's control.",
            "unattributed",
        ),
    ],
)
def test_no_source(attributor: Attributor, text: str, kind: str) -> None:
    attribution = attributor.attribute(text)
    assert attribution.kind == kind
    assert attribution.source_type is None
    assert bool(attribution.hedges) == (kind == "hedged")


def test_sentences_with_no_cue_word_are_not_parsed() -> None:
    parser = CountingParser()
    attributor = Attributor(outlet_table().media_aliases(), parser=parser)
    texts = ["The ferry sank in calm water.", "Officials said the ferry sank.", "Prices rose 4 percent."]
    kinds = [a.kind for a in attributor.attribute_many(texts)]
    assert kinds == ["unattributed", "anonymous", "unattributed"]
    assert parser.parsed == ["Officials said the ferry sank."]


def test_without_a_parser_the_token_rules_answer() -> None:
    attribution = Attributor(outlet_table().media_aliases()).attribute(
        "Reuters reported that the plant shut."
    )
    assert attribution.kind == "media_report"
    assert attribution.source_type is None  # only the parse types sources
