"""Tests for scoring.outlets against the shipped priors, and for the build script that makes them."""

from __future__ import annotations

import csv
import importlib.util
import math
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from scoring.outlets import (
    PARENT_WEIGHT_FACTOR,
    OutletTable,
    SourceRating,
    normalise_name,
    pool_ratings,
    registrable_domain,
    table_key,
)

REPO = Path(__file__).resolve().parents[3]
SHIPPED = REPO / "scoring" / "data" / "outlets"
DATA = REPO / "data" / "outlets"
BUILD_SCRIPT = REPO / "scripts" / "build_outlet_priors.py"
TOLERANCE = 0.02

# outlet-priors.md §4.2 worked examples (computed without the recency factor): domain -> (p, conf, prior).
WORKED_EXAMPLES = {
    "reuters.com": (0.91, 0.83, 0.84),
    "uk.reuters.com": (0.91, 0.80, 0.83),
    "theguardian.com": (0.77, 0.83, 0.73),
    "cnn.com": (0.72, 0.83, 0.68),
    "businessinsider.com": (0.80, 0.83, 0.75),
    "hrw.org": (0.82, 0.83, 0.77),
    "amnesty.org": (0.83, 0.83, 0.78),
    "chicagotribune.com": (0.84, 0.83, 0.78),
    "un.org": (0.80, 0.55, 0.67),
    "news.un.org": (0.80, 0.51, 0.65),
    "washingtoninstitute.org": (0.65, 0.69, 0.60),
    "middleeastmonitor.com": (0.57, 0.83, 0.56),
    "thesun.co.uk": (0.43, 0.59, 0.46),
    "almasdarnews.com": (0.41, 0.83, 0.43),
    "dailystar.co.uk": (0.36, 0.83, 0.38),
    "ibtimes.com": (0.51, 0.29, 0.50),
    "inquisitr.com": (0.50, 0.33, 0.50),
    "dailymail.co.uk": (0.31, 0.91, 0.32),
    "rt.com": (0.27, 0.91, 0.29),
    "iraqinews.com": (0.50, 0.00, 0.50),
    "alsumaria.tv": (0.50, 0.00, 0.50),
}


def _load(folder: Path) -> OutletTable:
    return OutletTable.from_csv(folder / "outlet_priors.csv", folder / "aliases.csv")


@pytest.fixture(scope="module")
def table() -> OutletTable:
    return _load(SHIPPED)


@pytest.fixture(scope="module")
def build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_outlet_priors", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build(build_module: ModuleType) -> Callable[..., Path]:
    def run(out_dir: Path, **options: object) -> Path:
        options.setdefault("as_of", build_module.DEFAULT_AS_OF.isoformat())
        options.setdefault("recency", True)
        options.setdefault("data_dir", DATA)
        build_module.main(out_dir=out_dir, **options)
        return out_dir

    return run


@pytest.fixture(scope="module")
def unaged(build: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory) -> OutletTable:
    return _load(build(tmp_path_factory.mktemp("unaged"), recency=False))


# --- the build -------------------------------------------------------------------------------------------


def test_rebuild_reproduces_shipped_files_byte_for_byte(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--out-dir", str(tmp_path)], check=True, capture_output=True
    )
    for name in ("outlet_priors.csv", "aliases.csv", "README.md", "NOTICE.md", "LICENSE-Apache-2.0.txt"):
        assert (tmp_path / name).read_bytes() == (SHIPPED / name).read_bytes(), name


@pytest.mark.parametrize("domain", sorted(WORKED_EXAMPLES))
def test_worked_examples_without_recency(unaged: OutletTable, domain: str) -> None:
    p, confidence, prior = WORKED_EXAMPLES[domain]
    rating = unaged.rate(domain)
    assert rating.p == pytest.approx(p, abs=TOLERANCE)
    assert rating.confidence == pytest.approx(confidence, abs=TOLERANCE)
    assert rating.prior == pytest.approx(prior, abs=TOLERANCE)


def test_shipped_table_ages_the_snapshots(table: OutletTable, unaged: OutletTable) -> None:
    for domain in ("reuters.com", "rt.com", "chicagotribune.com"):
        shipped, fresh = table.rate(domain), unaged.rate(domain)
        assert shipped.p == pytest.approx(fresh.p, abs=0.03)
        assert shipped.confidence < fresh.confidence
        assert all(s.weight < f.weight for s, f in zip(shipped.sources, fresh.sources, strict=True))


def test_shipped_seed_outlets_order(table: OutletTable) -> None:
    prior = {
        d: table.rate(d).prior for d in ("reuters.com", "chicagotribune.com", "dailystar.co.uk", "rt.com")
    }
    assert prior["reuters.com"] > prior["chicagotribune.com"] > 0.6
    assert prior["dailystar.co.uk"] < 0.45 and prior["rt.com"] < 0.35
    disputed = table.rate("ibtimes.com")  # RSP says unreliable, Lin says fine: low confidence, not averaged
    assert disputed.confidence < 0.35 and abs(disputed.prior - 0.5) < 0.02


def test_as_of_date_and_overrides(build: Callable[..., Path], tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "overrides.csv").open("a", encoding="utf-8") as handle:
        handle.write("inquisitr.com,0.3,0.7,https://example.org/review,2026-11-01,editor\n")
    later = _load(build(tmp_path / "out", data_dir=data, as_of="2032-01-01"))
    assert "2032-01-01" in (tmp_path / "out" / "README.md").read_text()
    assert later.rate("reuters.com").confidence < _load(SHIPPED).rate("reuters.com").confidence
    overridden = later.rate("inquisitr.com")
    assert [s.source for s in overridden.sources] == ["override"]
    assert overridden.p == pytest.approx(0.3) and overridden.confidence == pytest.approx(0.7, abs=1e-3)


def test_newsguard_scores_are_not_shipped() -> None:
    text = (SHIPPED / "outlet_priors.csv").read_text()
    assert "newsguard_score" not in text
    with (SHIPPED / "outlet_priors.csv").open(newline="") as handle:
        rows = {row["domain"]: row for row in csv.DictReader(handle)}
    assert "32.5" not in rows["rt.com"]["sources"]  # rt.com's NewsGuard score upstream
    assert "15.0" not in rows["dailymail.co.uk"]["sources"]


# --- lookups ---------------------------------------------------------------------------------------------


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


@pytest.mark.parametrize("source", [None, "", "not a url", "http://", "http://10.0.0.1/a", "localhost"])
def test_no_usable_source_gives_no_domain(table: OutletTable, source: str | None) -> None:
    rating = table.rate(source)
    assert rating.domain is None and not rating.rated and rating.prior == 0.5


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


# --- names -----------------------------------------------------------------------------------------------

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


# --- registrable_domain ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("https://uk.reuters.com/x", "reuters.com"),
        ("reuters.com", "reuters.com"),
        ("HTTPS://WWW.BBC.CO.UK/news", "bbc.co.uk"),
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("reuters.com.", "reuters.com"),
        ("reuters.com:8080/path?q=1", "reuters.com"),
        ("https://user:pw@www.reuters.com:443/a", "reuters.com"),
        ("https://bücher.de/x", "xn--bcher-kva.de"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de"),
        ("http://موقع.وزارة-الاتصالات.مصر/", "xn----ymcbaaajlc6dj7bxne2c.xn--wgbh1c"),
        ("someone.blogspot.com", "someone.blogspot.com"),
        ("https://web.archive.org/web/20200101000000/https://www.dailymail.co.uk/x", "dailymail.co.uk"),
        ("https://archive.ph/20240101120000/https://www.rt.com/news/1", "rt.com"),
        ("https://www-reuters-com.cdn.ampproject.org/c/s/www.reuters.com/a", "reuters.com"),
        ("https://www.google.com/url?q=https://www.hrw.org/news&sa=D", "hrw.org"),
        ("192.168.1.1", None),
        ("http://192.168.1.1:8080/x", None),
        ("http://[2001:db8::1]/x", None),
        ("localhost", None),
        ("reuters.com:notaport", None),
        ("not a domain", None),
        ("", None),
        ("http://", None),
        ("mailto:someone@reuters.com", None),
        ("javascript:alert(1)", None),
        ("..", None),
        ("-bad-.com", None),
        ("a" * 300 + ".com", None),
    ],
)
def test_registrable_domain(source: str, expected: str | None) -> None:
    assert registrable_domain(source) == expected


def test_table_key_keeps_paths_and_strips_same_site_prefixes() -> None:
    assert table_key("https://www.NewYorker.com/Humor/") == "newyorker.com/humor"
    assert table_key("www.gov.uk") == "www.gov.uk"  # gov.uk is a public suffix, so www is the registrant


# --- pooling ---------------------------------------------------------------------------------------------


def test_pool_ratings() -> None:
    assert pool_ratings([]) == (0.5, 0.0)
    p, confidence = pool_ratings([SourceRating("lin2023", "0.9", 0.9, 1.0)])
    assert p == pytest.approx(0.9) and confidence == pytest.approx(1 - math.exp(-1))
    agree = pool_ratings([SourceRating("a", "", 0.8, 1.0), SourceRating("b", "", 0.8, 0.8)])
    disagree = pool_ratings([SourceRating("a", "", 0.8, 1.0), SourceRating("b", "", 0.2, 0.8)])
    assert agree[1] > 0.8 > disagree[1]
    assert pool_ratings([SourceRating("a", "", 0.9, 1.0), SourceRating("b", "", 0.1, 1.0)])[1] == 0.0
