"""Outlet reliability priors: host normalisation, the pooling rule, and lookups in the shipped table."""

from __future__ import annotations

import csv
import functools
import hashlib
import ipaddress
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from urllib.parse import parse_qs, urlsplit

import idna
import tldextract

# The pooling constants of outlet-priors.md §4.2; starting values until they are fitted on claim outcomes.
NEUTRAL_P = 0.5
SCALE_NOISE_SD = 0.10  # source disagreement below this is read as scale noise
DISAGREEMENT_SPAN_SD = 0.20  # disagreement this far above the noise floor drives confidence to 0
# §4.4 step 4: a rating inherited from the registrable domain counts 0.9 as much as an exact-host rating.
PARENT_WEIGHT_FACTOR = 0.9

UNKNOWN_SOURCE_TYPE = "unknown"

# §4.4 step 1: prefixes that name the same site, not a different publisher.
SAME_SITE_PREFIXES = frozenset({"www", "www2", "www3", "m", "mobile", "amp"})
# §4.4 step 2: a subdomain or path on these platforms is a different publisher, so nothing is inherited.
# (PSL private suffixes such as blogspot.com and github.io are already split off by tldextract.)
USER_CONTENT_PLATFORMS = frozenset(
    {
        "blogspot.com",
        "github.io",
        "wordpress.com",
        "substack.com",
        "tumblr.com",
        "wixsite.com",
        "medium.com",
        "youtube.com",
        "facebook.com",
        "x.com",
        "twitter.com",
        "t.me",
        "telegra.ph",
        "google.com",
        "sites.google.com",
    }
)
ARCHIVE_HOSTS = frozenset(
    {"archive.ph", "archive.today", "archive.is", "archive.li", "archive.md", "archive.vn"}
)
AMP_CACHE_SUFFIX = ".cdn.ampproject.org"
MAX_UNWRAP_DEPTH = 4  # an archive of an AMP page of a redirect is the deepest nesting seen in practice
MAX_HOST_LENGTH = 253  # RFC 1035 limit on a full domain name
_HOST_RE = re.compile(
    r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)+$"
)
_DOTTED_NUMBER_RE = re.compile(r"^[0-9.]+$")
_WAYBACK_RE = re.compile(r"^/web/[0-9]{1,14}[a-z_]*/(.+)$")
_ARCHIVE_RE = re.compile(r"^/[0-9]{4,14}/(.+)$")
_AMP_RE = re.compile(r"^/[cv]/(?:s/)?(.+)$")
_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# "mailto:", "javascript:", "data:" ... name no publisher; "host:8080" is a host with a port.
_OPAQUE_URI_RE = re.compile(r"^[a-z][a-z0-9+.-]*:(?!//)(?![0-9]+(?:[/?#]|$))", re.IGNORECASE)
_ARTICLES = frozenset({"the"})


@dataclass(frozen=True, slots=True)
class SourceRating:
    source: str  # "lin2023", "idiap2024", "cred1", "override", "source_type_default"
    label: str  # the upstream label or value as text, e.g. "unreliable", "0.38"
    value: float  # mapped onto 0-1
    weight: float  # after the recency factor


@dataclass(frozen=True, slots=True)
class OutletRating:
    domain: str | None  # registrable domain, None when no source was given
    name: str | None  # display name when known (from aliases), else None
    prior: float  # 0.5 + confidence * (p - 0.5)
    confidence: float  # 0 for unknown
    p: float  # weighted mean, 0.5 for unknown
    rated: bool
    sources: tuple[SourceRating, ...]
    flags: tuple[str, ...]  # e.g. "state_affiliated", "satire", "advocacy; attribute"
    source_type: str  # "news", "wire", "igo", "ngo_advocacy", ... or "unknown"


def pool_ratings(ratings: Iterable[SourceRating]) -> tuple[float, float]:
    """Return (p, confidence) for the ratings by the rule of outlet-priors.md §4.2; (0.5, 0) for none."""
    pairs = [(r.weight, r.value) for r in ratings if r.weight > 0]
    total = sum(w for w, _ in pairs)
    if total <= 0:
        return NEUTRAL_P, 0.0
    p = sum(w * s for w, s in pairs) / total
    sd = math.sqrt(sum(w * (s - p) ** 2 for w, s in pairs) / total)
    evidence = 1.0 - math.exp(-total)
    agreement = 1.0 - min(1.0, max(0.0, sd - SCALE_NOISE_SD) / DISAGREEMENT_SPAN_SD)
    return p, evidence * agreement


def prior_of(p: float, confidence: float) -> float:
    """Shrink p toward neutral by the confidence: the single number used downstream."""
    return NEUTRAL_P + confidence * (p - NEUTRAL_P)


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    # Offline: no suffix-list download and no disk cache; the bundled PSL snapshot is used.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def _ascii_host(raw: str) -> str | None:
    host = raw.strip().rstrip(".").lower()
    if not host or len(host) > MAX_HOST_LENGTH:
        return None
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            return None
    if not _HOST_RE.match(host):
        return None  # IPv6 literals end here too: ':' is not a host-name character
    if _DOTTED_NUMBER_RE.match(host):
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return host
        return None  # an IP address names a machine, not a publisher
    return host


def _unwrapped(host: str, path: str, query: str) -> str | None:
    """The URL that an archive, AMP cache or redirect wraps, or None when the URL wraps nothing."""
    if host == "web.archive.org" and (m := _WAYBACK_RE.match(path)):
        return m.group(1) + (f"?{query}" if query else "")
    if host in ARCHIVE_HOSTS and (m := _ARCHIVE_RE.match(path)):
        return m.group(1) + (f"?{query}" if query else "")
    if host.endswith(AMP_CACHE_SUFFIX) and (m := _AMP_RE.match(path)):
        return m.group(1) + (f"?{query}" if query else "")
    bare = host.removeprefix("www.")
    is_google = bare.startswith("google.") and bare.count(".") <= 2  # google.com, google.co.uk, ...
    if is_google and path == "/url":
        params = parse_qs(query)
        for key in ("q", "url"):
            if params.get(key):
                return params[key][0]
    return None


def _host_and_path(url_or_host: str, depth: int = 0) -> tuple[str, tuple[str, ...]] | None:
    """Normalised host (punycode, no port, no same-site prefix) and lowercased path segments."""
    text = url_or_host.strip()
    if not text or len(text.split(maxsplit=1)) > 1:  # whitespace inside: running text, not a URL
        return None
    if _OPAQUE_URI_RE.match(text):
        return None
    if not _SCHEME_RE.match(text):
        text = "//" + text
    try:
        parts = urlsplit(text)
        _ = parts.port  # a malformed port means a malformed URL
    except ValueError:
        return None
    if parts.hostname is None:
        return None
    host = _ascii_host(parts.hostname)
    if host is None:
        return None
    if depth < MAX_UNWRAP_DEPTH and (inner := _unwrapped(host, parts.path, parts.query)) is not None:
        return _host_and_path(inner, depth + 1)
    labels = host.split(".")
    while len(labels) > 2 and labels[0] in SAME_SITE_PREFIXES:
        stripped = ".".join(labels[1:])
        if _registrable(stripped) is None:
            break
        labels = labels[1:]
    segments = tuple(s for s in parts.path.lower().split("/") if s)
    return ".".join(labels), segments


def _registrable(host: str) -> str | None:
    found: str = _extractor()(host).top_domain_under_public_suffix
    return found or None


def registrable_domain(url_or_host: str) -> str | None:
    """The registrable domain (eTLD+1) of a URL or host name: "https://uk.reuters.com/x" -> "reuters.com".

    Returns None for text that is not a URL or host name, for IP addresses and for hosts without a public
    suffix. Internationalised names come back in punycode; archive and AMP-cache wrappers are unwrapped.
    """
    found = _host_and_path(url_or_host)
    return None if found is None else _registrable(found[0])


def table_key(url_or_host: str) -> str | None:
    """The key under which the table stores a host or host/path row ("www.X.com/News/" -> "x.com/news")."""
    found = _host_and_path(url_or_host)
    if found is None:
        return None
    host, segments = found
    return "/".join((host, *segments))


def normalise_name(name: str) -> str:
    """Case-, accent-, article- and punctuation-insensitive key for an outlet name.

    "The Daily Mail" -> "dailymail"; "Mail Online" and "MailOnline" -> "mailonline"; "U.N." -> "un".
    """
    decomposed = unicodedata.normalize("NFKD", name)
    folded = (
        "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().replace("&", " and ")
    )
    words = "".join(
        ch if ch.isalnum() else " " for ch in folded.replace("'", "").replace("\u2019", "")
    ).split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return "".join(words)


@dataclass(frozen=True, slots=True)
class _Row:
    name: str | None
    p: float
    confidence: float
    sources: tuple[SourceRating, ...]
    flags: tuple[str, ...]
    source_type: str


def _parse_sources(field: str) -> tuple[SourceRating, ...]:
    ratings = []
    for item in filter(None, field.split("|")):
        source, rest = item.split(":", 1)
        label, value, weight = rest.rsplit(":", 2)
        ratings.append(SourceRating(source=source, label=label, value=float(value), weight=float(weight)))
    return tuple(ratings)


def _unknown(domain: str | None, row: _Row | None = None) -> OutletRating:
    return OutletRating(
        domain=domain,
        name=row.name if row else None,
        prior=NEUTRAL_P,
        confidence=0.0,
        p=NEUTRAL_P,
        rated=False,
        sources=(),
        flags=row.flags if row else (),
        source_type=row.source_type if row else UNKNOWN_SOURCE_TYPE,
    )


def _rating(domain: str, row: _Row, weight_factor: float = 1.0) -> OutletRating:
    if not row.sources:
        return _unknown(domain, row)
    sources = row.sources
    p, confidence = row.p, row.confidence
    if weight_factor != 1.0:
        sources = tuple(replace(s, weight=s.weight * weight_factor) for s in sources)
        p, confidence = pool_ratings(sources)
    return OutletRating(
        domain=domain,
        name=row.name,
        prior=prior_of(p, confidence),
        confidence=confidence,
        p=p,
        rated=confidence > 0,
        sources=sources,
        flags=row.flags,
        source_type=row.source_type,
    )


class OutletTable:
    """The outlet priors built by scripts/build_outlet_priors.py, with host and name lookups."""

    __slots__ = ("_rows", "_aliases", "version")

    version: str  # content hash of the loaded files (first 12 hex of sha256)

    def __init__(self, rows: Mapping[str, _Row], aliases: Mapping[str, str], version: str) -> None:
        self._rows: Mapping[str, _Row] = MappingProxyType(dict(rows))
        self._aliases: Mapping[str, str] = MappingProxyType(dict(aliases))
        self.version = version

    @classmethod
    def from_csv(cls, priors_path: Path, aliases_path: Path | None = None) -> OutletTable:
        """Load outlet_priors.csv and, optionally, aliases.csv (alias,domain)."""
        digest = hashlib.sha256()
        priors_bytes = priors_path.read_bytes()
        digest.update(priors_bytes)
        rows: dict[str, _Row] = {}
        for rec in csv.DictReader(priors_bytes.decode("utf-8").splitlines()):
            rows[rec["domain"]] = _Row(
                name=rec["name"] or None,
                p=float(rec["p"]),
                confidence=float(rec["confidence"]),
                sources=_parse_sources(rec["sources"]),
                flags=tuple(filter(None, rec["flags"].split("|"))),
                source_type=rec["source_type"] or UNKNOWN_SOURCE_TYPE,
            )
        aliases: dict[str, str] = {}
        if aliases_path is not None:
            aliases_bytes = aliases_path.read_bytes()
            digest.update(b"\0")
            digest.update(aliases_bytes)
            for rec in csv.DictReader(aliases_bytes.decode("utf-8").splitlines()):
                key = normalise_name(rec["alias"])
                if key:
                    aliases.setdefault(key, rec["domain"])
        return cls(rows, aliases, digest.hexdigest()[:12])

    @property
    def aliases(self) -> Mapping[str, str]:
        """Normalised alias -> domain (read-only)."""
        return self._aliases

    def rate(self, url_or_domain: str | None) -> OutletRating:
        """Rating of a URL or host: path row, then exact host, then the registrable domain (weights x 0.9)."""
        if not url_or_domain:
            return _unknown(None)
        found = _host_and_path(url_or_domain)
        if found is None:
            return _unknown(None)
        host, segments = found
        domain = _registrable(host)
        if domain is None:
            return _unknown(None)
        for depth in range(len(segments), 0, -1):
            row = self._rows.get("/".join((host, *segments[:depth])))
            if row is not None:
                return _rating(domain, row)
        is_platform = domain in USER_CONTENT_PLATFORMS or host in USER_CONTENT_PLATFORMS
        if is_platform and segments:
            return _unknown(domain)  # a page on a platform belongs to whoever posted it
        row = self._rows.get(host)
        if row is not None:
            return _rating(domain, row)
        if is_platform or host == domain:
            return _unknown(domain)
        row = self._rows.get(domain)
        if row is not None:
            return _rating(domain, row, PARENT_WEIGHT_FACTOR)
        return _unknown(domain)

    def domain_for_name(self, name: str) -> str | None:
        """The domain of an outlet named in running text ("the Daily Mail" -> "dailymail.co.uk"), or None."""
        key = normalise_name(name)
        return self._aliases.get(key) if key else None

    def rate_name(self, name: str) -> OutletRating:
        """Rating of an outlet named in running text; unknown names get the neutral prior."""
        domain = self.domain_for_name(name)
        return _unknown(None) if domain is None else self.rate(domain)
