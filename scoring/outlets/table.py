"""The outlet table: ratings by URL, host or outlet name, with a neutral prior for outlets no source rates."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from scoring.errors import InvalidSource
from scoring.outlets.domains import USER_CONTENT_PLATFORMS, host_and_path, registrable_of_host
from scoring.outlets.priors import NEUTRAL_P, SourceRating, pool_ratings, prior_of
from scoring.text.canonical import name_key as normalise_name

# §4.4 step 4: a rating inherited from the registrable domain counts 0.9 as much as an exact-host rating.
PARENT_WEIGHT_FACTOR = 0.9

UNKNOWN_SOURCE_TYPE = "unknown"


# Source types of the table (its source_type column) that are news media rather than the bodies they cover.
MEDIA_SOURCE_TYPES = frozenset({"news", "wire"})


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

    def media_aliases(self) -> Mapping[str, str]:
        """The aliases of news outlets and wires only: "UNICEF" and "the State Department" have domains
        in the table, but a claim they make is an organisation's statement, not a media report."""
        return MappingProxyType(
            {
                alias: domain
                for alias, domain in self._aliases.items()
                if (row := self._rows.get(domain)) is not None and row.source_type in MEDIA_SOURCE_TYPES
            }
        )

    def rate(self, url_or_domain: str | None) -> OutletRating:
        """Rating of a URL or host: path row, then exact host, then the registrable domain (weights x 0.9)."""
        if not url_or_domain:
            return _unknown(None)
        found = host_and_path(url_or_domain)
        if found is None:
            return _unknown(None)
        host, segments = found
        domain = registrable_of_host(host)
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

    def rate_source(self, url: str | None, outlet: str | None) -> OutletRating:
        """The rating of a claim's source, given as a URL or as an outlet (a domain or a name); the URL wins.

        A URL without a registrable domain is refused (InvalidSource); an outlet name no alias knows keeps
        its name on a neutral rating, so the explanation can say who it was.
        """
        if not url and not outlet:
            return self.rate(None)
        # A rating has a domain exactly when the text holds a registrable domain: one URL parse, not two.
        if url:
            rating = self.rate(url)
            if rating.domain is None:
                raise InvalidSource(f"cannot find a domain in source url {url!r}")
            return rating
        name = (outlet or "").strip()
        if "." in name and " " not in name:
            rating = self.rate(name)
            if rating.domain is not None:
                return rating
        rating = self.rate_name(name)
        if rating.domain is None:
            return replace(rating, name=name)
        return rating

    def domain_for_name(self, name: str) -> str | None:
        """The domain of an outlet named in running text ("the Daily Mail" -> "dailymail.co.uk"), or None."""
        key = normalise_name(name)
        return self._aliases.get(key) if key else None

    def rate_name(self, name: str) -> OutletRating:
        """Rating of an outlet named in running text; unknown names get the neutral prior."""
        domain = self.domain_for_name(name)
        return _unknown(None) if domain is None else self.rate(domain)
