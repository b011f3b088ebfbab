"""Group evidence passages into independent origins and weigh each origin.

Ten reprints of one report are one confirmation, not ten. An origin is where a fact comes from:
the outlet that reported it itself, or the outlet, organisation or person it cites. Passages that
are near-copies of each other (syndication, wire copy) collapse into one origin whatever they cite.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from scoring.attribution import Attribution
from scoring.combine import noisy_or
from scoring.corpus import IndexedPassage
from scoring.outlets import OutletRating, OutletTable
from scoring.stance import Stance

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


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    entry: IndexedPassage
    similarity: float
    stance: Stance
    match_strength: float  # 0-1: how closely the passage matches the claim


@dataclass(frozen=True, slots=True)
class Origin:
    key: str
    label: str  # plain words for the chain: "The Inquisitr, citing Iraqi News"
    outlets: tuple[str, ...]  # carrying outlets (domains, or doc ids where the outlet is unknown)
    weight: float  # 0-1: outlet prior along the chain times attribution quality
    strength: float  # 0-1: weight times the best match strength among its passages
    items: tuple[EvidenceItem, ...]


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


def _origin_of(item: EvidenceItem, outlets: OutletTable) -> tuple[str, str, float]:
    """(key, label, weight) of one passage's origin."""
    entry = item.entry
    attribution = entry.attribution
    carrier_rating = outlets.rate(entry.document.outlet_domain)
    carrier_name = entry.document.display_outlet
    quality = ATTRIBUTION_QUALITY.get(attribution.kind, ATTRIBUTION_QUALITY["unattributed"])
    cited_key, cited_rating = _cited(attribution, outlets)
    if cited_key is not None:
        cited_name = attribution.attributed_to or cited_key.split(":", 1)[1]
        # A chain is only as reliable as its weakest rated link.
        prior = min(carrier_rating.prior, cited_rating.prior) if cited_rating else carrier_rating.prior
        return cited_key, f"{carrier_name}, citing {cited_name}", prior * quality
    if attribution.kind == "anonymous":
        # Two unnamed sources in one outlet cannot be told apart, so they are one origin.
        who = f"'{attribution.attributed_to}'" if attribution.attributed_to else "an unnamed source"
        key = f"anonymous:{_carrier(entry)}"
        return key, f"{carrier_name}, citing an unnamed source ({who})", carrier_rating.prior * quality
    label = carrier_name if attribution.kind != "hedged" else f"{carrier_name} (hedged: 'reportedly' or similar)"
    return f"carrier:{_carrier(entry)}", label, carrier_rating.prior * quality


def group_origins(items: Sequence[EvidenceItem], outlets: OutletTable) -> list[Origin]:
    """Independent origins among the items, strongest first."""
    if not items:
        return []
    keys: list[str] = []
    labels: dict[str, str] = {}
    weights: dict[str, float] = {}
    for item in items:
        key, label, weight = _origin_of(item, outlets)
        keys.append(key)
        labels.setdefault(key, label)
        weights[key] = max(weights.get(key, 0.0), weight)
    # Union origins that share a near-duplicate passage: copied text is one origin.
    parent = {key: key for key in keys}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    first_key_of_group: dict[int, str] = {}
    for item, key in zip(items, keys, strict=True):
        group = item.entry.duplicate_group
        other = first_key_of_group.setdefault(group, key)
        root_a, root_b = find(key), find(other)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    members: dict[str, list[tuple[EvidenceItem, str]]] = {}
    for item, key in zip(items, keys, strict=True):
        members.setdefault(find(key), []).append((item, key))
    origins = []
    for root, grouped in members.items():
        weight = max(weights[key] for _, key in grouped)
        strength = max(weights[key] * item.match_strength for item, key in grouped)
        carriers = tuple(dict.fromkeys(_carrier(item.entry) for item, _ in grouped))
        origins.append(
            Origin(
                key=root,
                label=labels[root],
                outlets=carriers,
                weight=weight,
                strength=strength,
                items=tuple(item for item, _ in grouped),
            )
        )
    origins.sort(key=lambda o: o.strength, reverse=True)
    return origins


def noisy_or_strength(origins: Sequence[Origin]) -> float:
    """Combined strength of independent origins: more origins, more confidence, never above 1."""
    return noisy_or([origin.strength for origin in origins])
