"""Group evidence passages into independent origins and weigh each origin.

Ten reprints of one report are one confirmation, not ten. An origin is where a fact comes from:
the outlet that reported it itself, or the outlet, organisation or person it cites. Passages that
are near-copies of each other (syndication, wire copy) collapse into one origin whatever they cite.
Hearsay is not corroboration: a passage that only repeats the claim as a rumour, a "reportedly" or an
unnamed source's word is a report of it, and outlets repeating the same hearsay trace back to one origin
(an outlet that also states the fact in its own right counts by that statement instead).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from scoring.attribution import Attribution
from scoring.combine import noisy_or
from scoring.corpus import IndexedPassage
from scoring.judgement import Stance
from scoring.outlets import OutletRating, OutletTable

# How much an origin's own attribution is worth, relative to a named on-record source. An outlet's
# unattributed statement is its own reporting, so it rests on the outlet's prior alone.
ATTRIBUTION_QUALITY = {
    "on_record": 1.0,
    "media_report": 0.85,
    "unattributed": 0.8,
    "anonymous": 0.55,
    "hedged": 0.45,
}
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# Attributions that make a passage a report of the claim rather than a statement of it.
REPORT_KINDS = frozenset({"hedged", "anonymous"})
_HEARSAY_KEY = "report:unconfirmed"


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    entry: IndexedPassage
    similarity: float
    stance: Stance
    match_strength: float  # 0-1: how closely the passage matches the claim

    @property
    def is_report(self) -> bool:
        """Whether the passage only repeats what it says as hearsay (hedged, or from an unnamed source)."""
        return self.entry.attribution.kind in REPORT_KINDS


@dataclass(frozen=True, slots=True)
class Origin:
    key: str
    label: str  # plain words for the chain: "The Inquisitr, citing Iraqi News"
    outlets: tuple[str, ...]  # carrying outlets (domains, or doc ids where the outlet is unknown)
    weight: float  # 0-1: outlet prior along the chain times attribution quality
    strength: float  # 0-1: weight times the best match strength among its passages
    items: tuple[EvidenceItem, ...]
    is_report: bool = False  # every passage of it is hearsay: a report of the claim, not a confirmation


def _normalise_name(name: str) -> str:
    return " ".join(_ARTICLE.sub("", name.strip()).lower().split())


def _carrier(entry: IndexedPassage) -> str:
    return entry.document.outlet_domain or f"doc:{entry.document.doc_id}"


def _cited(attribution: Attribution, outlets: OutletTable) -> tuple[str | None, OutletRating | None]:
    """The origin a passage cites, as a key, with the rating of that origin when it is a rated domain."""
    if attribution.kind == "media_report" and attribution.cited_outlet_domain:
        return f"domain:{attribution.cited_outlet_domain}", outlets.rate(attribution.cited_outlet_domain)
    if attribution.attributed_to and attribution.kind in ("on_record", "media_report"):
        domain = outlets.domain_for_name(attribution.attributed_to)
        if domain:
            return f"domain:{domain}", outlets.rate(domain)
        return f"name:{_normalise_name(attribution.attributed_to)}", None
    return None, None


@dataclass(frozen=True, slots=True)
class _Link:
    """One passage's place in a chain: who carries it, whom it cites, and how much that is worth."""

    carrier: str
    carrier_name: str
    cited_key: str | None  # shared across outlets: two outlets citing one origin are one origin
    cited_name: str | None
    weight: float


def _link_of(item: EvidenceItem, outlets: OutletTable) -> _Link:
    entry = item.entry
    attribution = entry.attribution
    carrier_rating = outlets.rate(entry.document.outlet_domain)
    quality = ATTRIBUTION_QUALITY.get(attribution.kind, ATTRIBUTION_QUALITY["unattributed"])
    cited_key, cited_rating = _cited(attribution, outlets)
    if cited_key is not None:
        # A chain is only as reliable as its weakest rated link.
        prior = min(carrier_rating.prior, cited_rating.prior) if cited_rating else carrier_rating.prior
        name = attribution.attributed_to or cited_key.split(":", 1)[1]
        return _Link(_carrier(entry), entry.document.display_outlet, cited_key, name, prior * quality)
    if attribution.kind == "anonymous":
        who = f"'{attribution.attributed_to}'" if attribution.attributed_to else "unnamed"
        # Hearsay: outlets repeating unnamed sources cannot show they heard different people, so they are
        # one origin, the report.
        name = f"an unnamed source ({who})"
        return _Link(
            _carrier(entry), entry.document.display_outlet, _HEARSAY_KEY, name, carrier_rating.prior * quality
        )
    if attribution.kind == "hedged":
        return _Link(
            _carrier(entry),
            entry.document.display_outlet,
            _HEARSAY_KEY,
            "unconfirmed reports",
            carrier_rating.prior * quality,
        )
    return _Link(_carrier(entry), entry.document.display_outlet, None, None, carrier_rating.prior * quality)


def group_origins(items: Sequence[EvidenceItem], outlets: OutletTable) -> list[Origin]:
    """Independent origins among the items, strongest first.

    An outlet's account counts once, whatever it cites. Two outlets are one origin when they cite the
    same origin or carry near-copies of the same text.
    """
    stated = {_carrier(item.entry) for item in items if not item.is_report}
    # An outlet that states the fact itself counts by that statement; its hearsay adds nothing.
    items = [item for item in items if not item.is_report or _carrier(item.entry) not in stated]
    if not items:
        return []
    links = [_link_of(item, outlets) for item in items]
    parent = {link.carrier: link.carrier for link in links}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(a: str, b: str) -> None:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)

    first_carrier: dict[str, str] = {}
    hearsay: list[str] = []
    for item, link in zip(items, links, strict=True):
        if link.cited_key == _HEARSAY_KEY:
            hearsay.append(link.carrier)
        elif link.cited_key is not None:
            union(link.carrier, first_carrier.setdefault(link.cited_key, link.carrier))
        union(link.carrier, first_carrier.setdefault(f"copy:{item.entry.duplicate_group}", link.carrier))
        document = item.entry.document
        original = document.duplicate_of or document.doc_id
        union(link.carrier, first_carrier.setdefault(f"copy-of:{original}", link.carrier))
    # Outlets repeating hearsay are one origin, the report; but hearsay never joins accounts that are
    # stated independently (a hedged copy of each of two stated accounts must not make them one).
    stated_roots = {find(link.carrier) for item, link in zip(items, links, strict=True) if not item.is_report}
    report_only = [carrier for carrier in hearsay if find(carrier) not in stated_roots]
    for carrier in report_only[1:]:
        union(report_only[0], carrier)
    members: dict[str, list[tuple[EvidenceItem, _Link]]] = {}
    for item, link in zip(items, links, strict=True):
        members.setdefault(find(link.carrier), []).append((item, link))
    origins = []
    for root, grouped in members.items():
        carriers = tuple(dict.fromkeys(link.carrier for _, link in grouped))
        carrier_names = list(dict.fromkeys(link.carrier_name for _, link in grouped))
        cited_names = list(dict.fromkeys(link.cited_name for _, link in grouped if link.cited_name))
        label = " and ".join(carrier_names)
        if cited_names:
            label += ", citing " + ", ".join(cited_names)
        origins.append(
            Origin(
                key=root,
                label=label,
                outlets=carriers,
                weight=max(link.weight for _, link in grouped),
                strength=max(link.weight * item.match_strength for item, link in grouped),
                items=tuple(item for item, _ in grouped),
                is_report=all(item.is_report for item, _ in grouped),
            )
        )
    origins.sort(key=lambda o: o.strength, reverse=True)
    return origins


def noisy_or_strength(origins: Sequence[Origin]) -> float:
    """Combined strength of independent origins: more origins, more confidence, never above 1."""
    return noisy_or([origin.strength for origin in origins])
