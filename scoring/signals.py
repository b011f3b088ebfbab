"""From findings to what combine.py weighs: how closely a passage matches, how the claim's own attribution
counts, and the verdict the supporting origins and the contradiction strength give."""

from __future__ import annotations

from scoring.attribution import Attribution
from scoring.combine import HIGH_BAND_MIN
from scoring.evidence import Origin
from scoring.outlets import OutletTable
from scoring.report import Verdict

# A passage this similar (cosine) or more counts as a full-strength match; between the related
# threshold and this, strength rises linearly. MiniLM paraphrases of one fact sit around 0.8-0.9.
FULL_MATCH_SIMILARITY = 0.85
# The claim's own attribution. On-record sourcing lends some weight; an unnamed source or a bare
# "reportedly" takes some away. Kept modest: attribution says how a claim is sourced, not whether it is true.
ON_RECORD_STRENGTH = 0.7
ANONYMOUS_STRENGTH = 0.35
HEDGED_STRENGTH = 0.3


def match_strength(similarity: float, related_similarity: float) -> float:
    """0-1: how closely a passage matches the claim, from the related threshold up to a full match."""
    strength = (similarity - related_similarity) / max(1e-6, FULL_MATCH_SIMILARITY - related_similarity)
    return min(1.0, max(0.0, strength))


def attribution_strength(attribution: Attribution, outlets: OutletTable) -> float:
    """The claim's own attribution on 0-1; 0.5 is neutral."""
    match attribution.kind:
        case "on_record":
            return ON_RECORD_STRENGTH
        case "media_report":
            cited = outlets.rate(attribution.cited_outlet_domain) if attribution.cited_outlet_domain else None
            # A report from a well-rated outlet is nearly as good as on the record; an unrated one sits just
            # above neutral (a named outlet is still a source).
            return 0.5 + (ON_RECORD_STRENGTH - 0.5) * 2 * ((cited.prior if cited else 0.5) - 0.5) + 0.05
        case "anonymous":
            return ANONYMOUS_STRENGTH
        case "hedged":
            return HEDGED_STRENGTH
        case _:
            return 0.5


def verdict_of(supporting: tuple[Origin, ...], contradiction: float, min_contradiction: float) -> Verdict:
    """Any real contradiction makes a claim contested, even when other origins support it.

    Corroboration takes two origins that state the claim; hearsay (a report of it) is at most one source.
    """
    if contradiction >= min_contradiction:
        return "contested"
    if sum(1 for origin in supporting if not origin.is_report) >= 2:
        return "corroborated"
    if supporting:
        return "single_source"
    return "unverified"


def band_ceiling(verdict: Verdict) -> float | None:
    """The highest score a claim may reach, or None: `high` promises corroboration.

    Only a corroborated claim (two independent origins state it, nothing contradicts it) may be `high`. One
    origin, however well rated, is a single account that a wrong reading or a wrong report can make; a
    claim nothing supports, one the corpus contradicts, and one only hearsay repeats stay below the band too.
    """
    return None if verdict == "corroborated" else HIGH_BAND_MIN
