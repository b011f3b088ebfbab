"""URL -> registrable domain and table key: wrappers unwrapped, same-site prefixes stripped, non-hosts refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.outlets import (
    OutletTable,
    registrable_domain,
    table_key,
)
from tests.conftest import REPO_ROOT

SHIPPED = REPO_ROOT / "scoring" / "data" / "outlets"


def _load(folder: Path) -> OutletTable:
    return OutletTable.from_csv(folder / "outlet_priors.csv", folder / "aliases.csv")


@pytest.fixture(scope="module")
def table() -> OutletTable:
    return _load(SHIPPED)


@pytest.mark.parametrize("source", [None, "", "not a url", "http://", "http://10.0.0.1/a", "localhost"])
def test_no_usable_source_gives_no_domain(table: OutletTable, source: str | None) -> None:
    rating = table.rate(source)
    assert rating.domain is None and not rating.rated and rating.prior == 0.5


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
