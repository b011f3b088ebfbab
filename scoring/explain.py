"""Plain-language explanation of an assessment, written for a standards editor."""

from __future__ import annotations

from scoring.attribution import Attribution
from scoring.combine import Band, Contribution
from scoring.evidence import Origin
from scoring.outlets import OutletRating

_SIGNAL_WORDS = {
    "outlet": "the outlet's reliability rating",
    "attribution": "how the claim is attributed",
    "corroboration": "support in the corpus",
    "contradiction": "contradiction in the corpus",
}
# Contributions smaller than this (in log-odds) barely move the score and are not worth a sentence.
_NOTABLE_LOG_ODDS = 0.15


def _source_names(rating: OutletRating) -> str:
    names = {"lin2023": "Lin et al. 2023", "idiap2024": "Burdisso et al. 2024", "cred1": "CRED-1"}
    parts = [f"{names.get(s.source, s.source)}: {s.label}" for s in rating.sources]
    return "; ".join(parts)


def outlet_sentence(rating: OutletRating) -> str:
    if rating.domain is None:
        return "No source outlet was given, so the outlet signal is neutral."
    if not rating.rated:
        return f"The source outlet {rating.domain} is not in our rating tables, so its signal is neutral."
    level = "high" if rating.prior >= 0.7 else "low" if rating.prior < 0.45 else "middling"
    confidence = "low" if rating.confidence < 0.5 else "reasonable"
    flags = f" Flags: {', '.join(rating.flags)}." if rating.flags else ""
    return (
        f"The source outlet {rating.name or rating.domain} has a {level} reliability prior of {rating.prior:.2f} "
        f"({confidence} confidence {rating.confidence:.2f}; {_source_names(rating)}).{flags}"
    )


def attribution_sentence(attribution: Attribution) -> str:
    who = attribution.attributed_to
    match attribution.kind:
        case "on_record":
            return (
                f"The claim is attributed on the record to {who}."
                if who
                else "The claim is attributed on the record."
            )
        case "media_report":
            return (
                f"The claim rests on another outlet's report ({who})."
                if who
                else "The claim cites a media report."
            )
        case "anonymous":
            return (
                f"The claim rests on an unnamed source ('{who}'), which weighs against it."
                if who
                else "The claim rests on an unnamed source, which weighs against it."
            )
        case "hedged":
            cue = attribution.cues[0].text if attribution.cues else "reportedly"
            return f"The claim is hedged ('{cue}') with no named source, which weighs against it."
        case _:
            return "The claim names no source."


def evidence_sentences(
    supporting: tuple[Origin, ...],
    contradicting: tuple[Origin, ...],
    outlets: int,
    related: tuple[str, ...] = (),
) -> list[str]:
    """Which articles agree, which only repeat a report, which conflict and on what, which only discuss it."""
    sentences: list[str] = []
    stated = tuple(o for o in supporting if not o.is_report)
    reports = tuple(o for o in supporting if o.is_report)
    if not supporting and not contradicting:
        sentences.append("Nothing in the corpus supports or contradicts this claim, so it is unverified.")
    if stated:
        chains = "; ".join(o.label for o in stated[:4])
        noun = "origin" if len(stated) == 1 else "independent origins"
        sentences.append(
            f"Supported by {len(stated)} {noun} carried by {outlets} outlet{'s' if outlets != 1 else ''}: {chains}."
        )
        if len(stated) == 1 and len(stated[0].outlets) > 1:
            sentences.append("Those outlets cite the same origin or copy the same text, so they count once.")
    for origin in reports[:1]:
        sentences.append(
            f"{origin.label} only repeat{'s' if len(origin.outlets) == 1 else ''} it as a report "
            "(hedged, or from an unnamed source): it counts once, and weakly, not as corroboration."
        )
    for origin in contradicting[:3]:
        conflicts = [c for item in origin.items for c in item.stance.conflicts]
        detail = conflicts[0].explanation if conflicts else "it says otherwise about the same event"
        sentences.append(f"Contradicted by {origin.label}: {detail}.")
    if related:
        names = ", ".join(related[:4])
        sentences.append(f"Discussed, but neither confirmed nor contradicted, by: {names}.")
    return sentences


def cap_sentence(verdict: str) -> str:
    """Why a score was held below the high band."""
    reason = {
        "unverified": "nothing in the corpus supports the claim",
        "contested": "the corpus contradicts the claim",
    }.get(verdict, "only hearsay in the corpus supports the claim")
    return f"The score is held below 'high' because {reason}; 'high' needs support from the corpus."


def score_sentence(score: float, band: Band, contributions: tuple[Contribution, ...]) -> str:
    notable = sorted(
        (c for c in contributions if abs(c.log_odds) >= _NOTABLE_LOG_ODDS), key=lambda c: -abs(c.log_odds)
    )
    if not notable:
        return f"Score {score:.2f} ({band}): no signal moved it far from even."
    raised = [_SIGNAL_WORDS[c.signal] for c in notable if c.log_odds > 0]
    lowered = [_SIGNAL_WORDS[c.signal] for c in notable if c.log_odds < 0]
    parts = []
    if raised:
        parts.append("raised by " + " and ".join(raised))
    if lowered:
        parts.append("lowered by " + " and ".join(lowered))
    return f"Score {score:.2f} ({band}): " + "; ".join(parts) + "."
