"""Attribution kinds, source spans, cue offsets and outlet alias resolution on composed sentences."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.attribution import Attribution, Attributor, Cue, normalise_outlet

ALIASES = {
    "the metro herald": "metroherald.example",
    "wire service": "wire.example",
    "reuters": "reuters.com",
}


@pytest.fixture(scope="module")
def attributor() -> Attributor:
    return Attributor(ALIASES)


def _check_span(text: str, result: Attribution) -> None:
    if result.attributed_to is None:
        assert result.source_start is None and result.source_end is None
    else:
        assert result.source_start is not None and result.source_end is not None
        assert text[result.source_start : result.source_end] == result.attributed_to
    for cue in result.cues:
        assert text[cue.start : cue.end] == cue.text


# --- on the record ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "The Federation of Small Farmers said grain prices would rise by autumn.",
            "The Federation of Small Farmers",
        ),
        (
            "According to the Coastal Research Institute, sea levels rose 4 mm last year.",
            "the Coastal Research Institute",
        ),
        ("Maria Okafor, a spokeswoman for the port authority, said the cranes were idle.", "Maria Okafor"),
        ("“The cranes are idle,” said Maria Okafor, who runs the port authority.", "Maria Okafor"),
        ("'The cranes are idle,' Maria Okafor said on Tuesday.", "Maria Okafor"),
        ("The cranes were idle, Dr. Tomas Lindqvist told reporters.", "Dr. Tomas Lindqvist"),
        (
            "A study by the Nordic Health Council found that clinic waits doubled.",
            "A study by the Nordic Health Council",
        ),
        ("the ministry's chief engineer, Amal Haddad, said the dam was sound.", "Amal Haddad"),
        ("The ministry said the dam was sound.", "The ministry"),
    ],
)
def test_named_sources_are_on_record(attributor: Attributor, text: str, source: str) -> None:
    result = attributor.attribute(text)
    assert result.kind == "on_record"
    assert result.attributed_to == source
    _check_span(text, result)


def test_a_document_source_carries_a_document_cue(attributor: Attributor) -> None:
    text = "A report by the Nordic Health Council found that clinic waits doubled."
    result = attributor.attribute(text)
    assert result.kind == "on_record"
    assert any(c.category == "document" and c.text == "report" for c in result.cues)


def test_a_pronoun_takes_the_earlier_named_source(attributor: Attributor) -> None:
    text = "Maria Okafor said the cranes were idle. She said the strike would last a week."
    assert attributor.attribute(text).attributed_to == "Maria Okafor"


def test_a_lone_pronoun_source_is_on_record(attributor: Attributor) -> None:
    result = attributor.attribute("He said the strike would last a week.")
    assert (result.kind, result.attributed_to) == ("on_record", "He")


# --- media reports ---------------------------------------------------------------------------------


def test_outlet_resolved_through_the_alias_map(attributor: Attributor) -> None:
    text = "The Metro Herald reported that the tunnel would close in May."
    result = attributor.attribute(text)
    assert result.kind == "media_report"
    assert result.attributed_to == "The Metro Herald"
    assert result.cited_outlet_domain == "metroherald.example"
    assert any(c.category == "media_outlet" for c in result.cues)


def test_outlet_resolved_through_the_tables_key_form() -> None:
    # The shipped alias table keys names without spaces ("metroherald"); a sentence spaces them out.
    attributor = Attributor({"metroherald": "metroherald.example"})
    for text in (
        "The Metro Herald reported that the tunnel would close in May.",
        "According to a report by the Metro Herald, the tunnel will close in May.",
    ):
        assert attributor.attribute(text).cited_outlet_domain == "metroherald.example", text


def test_alias_map_decides_an_outlet_that_no_name_pattern_would(attributor: Attributor) -> None:
    text = "Wire Service reported the tunnel would close in May."
    assert attributor.attribute(text).cited_outlet_domain == "wire.example"
    assert Attributor().attribute(text).kind == "on_record"  # without the map it reads as an organisation


def test_outlet_named_like_a_newspaper_without_a_domain(attributor: Attributor) -> None:
    result = attributor.attribute("According to the Lakeside Gazette, the mayor will resign.")
    assert result.kind == "media_report"
    assert result.attributed_to == "the Lakeside Gazette"
    assert result.cited_outlet_domain is None


def test_an_anonymous_source_speaking_to_an_outlet_is_a_media_report(attributor: Attributor) -> None:
    text = "An official told the Metro Herald that the tunnel would close."
    result = attributor.attribute(text)
    assert result.kind == "media_report"
    assert result.cited_outlet_domain == "metroherald.example"


def test_a_named_source_outranks_the_outlet_it_spoke_to(attributor: Attributor) -> None:
    result = attributor.attribute("Transport minister Ines Baptiste told Reuters the tunnel would close.")
    assert result.kind == "on_record"
    assert result.attributed_to == "Transport minister Ines Baptiste"
    assert any(c.category == "media_outlet" and c.text == "Reuters" for c in result.cues)


def test_first_reported_by(attributor: Attributor) -> None:
    result = attributor.attribute("The merger, as first reported by Reuters, was approved on Friday.")
    assert (result.kind, result.cited_outlet_domain) == ("media_report", "reuters.com")


def test_lowercase_outlet_still_resolves(attributor: Attributor) -> None:
    result = attributor.attribute("the metro herald reported that the tunnel would close.")
    assert (result.kind, result.cited_outlet_domain) == ("media_report", "metroherald.example")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("The Metro Herald", "metro herald"),
        ("Reuters’s", "reuters"),
        ("  the   Wire  Service ", "wire service"),
    ],
)
def test_normalise_outlet(name: str, key: str) -> None:
    assert normalise_outlet(name) == key


# --- anonymous -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The convoy was ambushed near the border, a military source said.",
        "Two officials, speaking on condition of anonymity, said the talks had collapsed.",
        "People familiar with the negotiations said a deal was close.",
        "Sources close to the coach say he will step down.",
        "Residents said the water had been cut off for three days.",
        "A senior diplomat said the embassy would reopen.",
        "Officials who asked not to be named said the budget would be cut.",
    ],
)
def test_unnamed_sources_are_anonymous(attributor: Attributor, text: str) -> None:
    result = attributor.attribute(text)
    assert result.kind == "anonymous"
    _check_span(text, result)


def test_anonymity_phrase_is_a_cue(attributor: Attributor) -> None:
    text = "Two officials, speaking on condition of anonymity, said the talks had collapsed."
    cues = attributor.attribute(text).cues
    assert any(c.category == "anonymous_source" and "anonymity" in c.text for c in cues)


# --- hedged and unattributed ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The striker reportedly wants a transfer.",
        "The factory is believed to have closed last month.",
        "It is understood that the contract was never signed.",
        "The singer is rumoured to be planning a comeback tour.",
        "Claims circulated online that the bridge had been sold.",
        "The company allegedly hid the losses from auditors.",
    ],
)
def test_hedges_without_a_source_are_hedged(attributor: Attributor, text: str) -> None:
    result = attributor.attribute(text)
    assert result.kind == "hedged"
    assert result.attributed_to is None
    assert any(c.category == "hedge" for c in result.cues)


def test_a_named_source_outranks_a_hedge_but_the_hedge_cue_is_kept(attributor: Attributor) -> None:
    result = attributor.attribute("The striker reportedly wants a transfer, his agent Paolo Ricci said.")
    assert result.kind == "on_record"
    assert any(c.category == "hedge" for c in result.cues)


@pytest.mark.parametrize(
    "text",
    [
        "The bridge reopened to traffic on Monday.",
        "Grain prices rose 4 percent in March.",
        "The United States exports more soybeans than any other country.",
        "",
    ],
)
def test_plain_statements_are_unattributed(attributor: Attributor, text: str) -> None:
    result = attributor.attribute(text)
    assert result == Attribution("unattributed", None, None, None, (), None)


def test_a_stance_verb_does_not_make_a_claim_attributed(attributor: Attributor) -> None:
    text = "The senator opposed the bill in committee."
    assert attributor.attribute(text).kind == "unattributed"
    assert [r.cue.text for r in attributor.relations(text)] == ["opposed"]


# --- quotes, offsets and relations -------------------------------------------------------------------


def test_straight_and_curly_quotes_are_cues(attributor: Attributor) -> None:
    text = 'He said "we will rebuild" and she said “never again”.'
    quotes = [c.text for c in attributor.attribute(text).cues if c.category == "quote"]
    assert quotes == ['"we will rebuild"', "“never again”"]


def test_relations_keep_every_source_in_order(attributor: Attributor) -> None:
    text = (
        "Grain prices rose, the Federation of Small Farmers said. "
        "A trader who asked not to be named said stocks were low. "
        "According to the Lakeside Gazette, exports fell."
    )
    relations = attributor.relations(text)
    assert [(r.source, r.kind) for r in relations] == [
        ("the Federation of Small Farmers", "on_record"),
        ("A trader", "anonymous"),
        ("the Lakeside Gazette", "media_report"),
    ]
    for relation in relations:
        assert relation.source_start is not None and relation.source_end is not None
        assert text[relation.source_start : relation.source_end] == relation.source


def test_results_are_frozen(attributor: Attributor) -> None:
    result = attributor.attribute("The ministry said the dam was sound.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.kind = "anonymous"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.cues[0].start = 3  # type: ignore[misc]
    assert isinstance(result.cues[0], Cue)


_NEWSY = st.lists(
    st.sampled_from(
        [
            "said", "Smith", "the", "ministry", "according", "to", "reportedly", ",", ".", "“", "”", '"',
            "told", "Reuters", "a", "source", "on", "condition", "of", "anonymity", "(", ")", "—", "\n",
            "who", "he", "is", "believed", "Ms.", "U.S.", "adding", "and", ":", "Herald", "’s", "it",
        ]
    ),
    max_size=40,
).map(" ".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), _NEWSY))
def test_never_raises_and_offsets_always_slice(text: str) -> None:
    attributor = Attributor(ALIASES)
    result = attributor.attribute(text)
    _check_span(text, result)
    for relation in attributor.relations(text):
        assert text[relation.cue.start : relation.cue.end] == relation.cue.text
        if relation.source is not None:
            assert text[relation.source_start : relation.source_end] == relation.source
