"""Tests for scoring.outlets against the shipped priors, and for the build script that makes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.outlets import (
    PARENT_WEIGHT_FACTOR,
    OutletTable,
    normalise_name,
)
from tests.conftest import REPO_ROOT

SHIPPED = REPO_ROOT / "scoring" / "data" / "outlets"


def _load(folder: Path) -> OutletTable:
    return OutletTable.from_csv(folder / "outlet_priors.csv", folder / "aliases.csv")


@pytest.fixture(scope="module")
def table() -> OutletTable:
    return _load(SHIPPED)


def test_shipped_seed_outlets_order(table: OutletTable) -> None:
    prior = {
        d: table.rate(d).prior for d in ("reuters.com", "chicagotribune.com", "dailystar.co.uk", "rt.com")
    }
    assert prior["reuters.com"] > prior["chicagotribune.com"] > 0.6
    assert prior["dailystar.co.uk"] < 0.45 and prior["rt.com"] < 0.35
    disputed = table.rate("ibtimes.com")  # RSP says unreliable, Lin says fine: low confidence, not averaged
    assert disputed.confidence < 0.35 and abs(disputed.prior - 0.5) < 0.02


def test_unknown_domain_is_neutral(table: OutletTable) -> None:
    for source in ("alsumaria.tv", "https://www.iraqinews.com/iraq-war/x", "zz-unrated-outlet-qq.com"):
        rating = table.rate(source)
        assert (rating.p, rating.confidence, rating.prior, rating.rated, rating.sources) == (
            0.5,
            0.0,
            0.5,
            False,
            (),
        )
    assert table.rate("alsumaria.tv").name == "Alsumaria News"  # known outlet, no rating
    assert table.rate("zz-unrated-outlet-qq.com").source_type == "unknown"


def test_parent_domain_fallback_counts_less(table: OutletTable) -> None:
    parent, child = table.rate("reuters.com"), table.rate("https://uk.reuters.com/world/x")
    assert child.domain == "reuters.com" and child.rated
    assert child.p == pytest.approx(parent.p, abs=1e-3)  # the table stores p to 4 decimals
    assert child.confidence < parent.confidence
    for c, p in zip(child.sources, parent.sources, strict=True):
        assert c.weight == pytest.approx(p.weight * PARENT_WEIGHT_FACTOR)
    assert table.rate("https://edition.cnn.com/2026/x").domain == "cnn.com"


def test_same_site_prefixes_are_not_a_parent_fallback(table: OutletTable) -> None:
    plain = table.rate("reuters.com")
    for source in (
        "https://www.reuters.com/a",
        "http://m.reuters.com",
        "amp.reuters.com:443/b",
        "REUTERS.COM.",
    ):
        assert table.rate(source) == plain


def test_exact_host_and_path_rows_win_over_the_parent(table: OutletTable) -> None:
    satire = table.rate("https://www.newyorker.com/humor/daily-shouts/x")
    assert "satire" in satire.flags and satire.domain == "newyorker.com"
    news = table.rate("https://www.newyorker.com/news/x")
    assert "satire" not in news.flags and news.prior > satire.prior
    assert table.rate("abcnews.go.com").name == "ABC News"


def test_user_content_platforms_are_not_inherited(table: OutletTable) -> None:
    for source in (
        "https://medium.com/@someone/post",
        "someone.blogspot.com",
        "https://someone.substack.com/p/x",
    ):
        assert not table.rate(source).rated, source


def test_flags_and_source_types(table: OutletTable) -> None:
    rt = table.rate("https://www.rt.com/news/1")
    assert "state_affiliated" in rt.flags and "state_country:RU" in rt.flags
    assert "state_affiliated" in table.rate("de.rt.com").flags  # subdomain row inherits the curated flag
    assert "state_affiliated" not in table.rate("bbc.co.uk").flags
    assert table.rate("hrw.org").source_type == "ngo_advocacy"
    assert "advocacy; attribute" in table.rate("hrw.org").flags
    assert table.rate("reuters.com").source_type == "wire"
    assert table.rate("un.org").source_type == "igo"


def test_unrated_igo_gets_the_type_default(table: OutletTable) -> None:
    rating = table.rate("unocha.org")
    assert [s.source for s in rating.sources] == ["source_type_default"]
    assert rating.p == pytest.approx(0.75) and rating.confidence == pytest.approx(0.4, abs=1e-3)


ALIASES = {
    "the Daily Mail": "dailymail.co.uk",
    "Mail Online": "dailymail.co.uk",
    "MailOnline": "dailymail.co.uk",
    "Reuters": "reuters.com",
    "AP": "apnews.com",
    "the Associated Press": "apnews.com",
    "AFP": "afp.com",
    "Iraqi News": "iraqinews.com",
    "Alsumaria News": "alsumaria.tv",
    "ALSUMARIA": "alsumaria.tv",
    "Al-Masdar News": "almasdarnews.com",
    "Middle East Monitor": "middleeastmonitor.com",
    "MEMO": "middleeastmonitor.com",
    "RT": "rt.com",
    "Russia Today": "rt.com",
    "the Chicago Tribune": "chicagotribune.com",
    "Human Rights Watch": "hrw.org",
    "HRW": "hrw.org",
    "Amnesty International": "amnesty.org",
    "the United Nations": "un.org",
    "U.N.": "un.org",
    "UNICEF": "unicef.org",
    "BBC": "bbc.com",
    "CNN": "cnn.com",
    "The New York Times": "nytimes.com",
    "Medecins Sans Frontieres": "msf.org",
    "Reuters'": "reuters.com",
}


@pytest.mark.parametrize(("name", "domain"), sorted(ALIASES.items()))
def test_alias_resolution(table: OutletTable, name: str, domain: str) -> None:
    assert table.domain_for_name(name) == domain


def test_rate_name(table: OutletTable) -> None:
    rating = table.rate_name("the Daily Mail")
    assert rating == table.rate("dailymail.co.uk") and rating.name == "Daily Mail"
    assert rating.prior < 0.4
    unknown = table.rate_name("The Fictional Gazette of Nowhere")
    assert unknown.domain is None and not unknown.rated and unknown.prior == 0.5
    assert table.domain_for_name("") is None and table.domain_for_name("The") is None


def test_aliases_mapping_is_read_only_and_large(table: OutletTable) -> None:
    assert len(set(table.aliases.values())) >= 150
    assert table.aliases["dailymail"] == "dailymail.co.uk"
    with pytest.raises(TypeError):
        table.aliases["x"] = "y"  # type: ignore[index]


def test_version_hashes_the_loaded_files(table: OutletTable) -> None:
    assert len(table.version) == 12 and int(table.version, 16) >= 0
    assert OutletTable.from_csv(SHIPPED / "outlet_priors.csv").version != table.version


def test_normalise_name() -> None:
    assert normalise_name("The  Daily-Mail!") == normalise_name("daily mail") == "dailymail"
    assert normalise_name("El País") == "elpais"
    assert normalise_name("the") == "the"
