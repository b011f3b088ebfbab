"""Plain-language explanation of an assessment, written for a standards editor."""

from __future__ import annotations

from scoring.attribution import Attribution
from scoring.combine import Band, Contribution
from scoring.evidence import Origin
from scoring.outlets import OutletRating
from scoring.report import STRONG_OUTLET_PRIOR, WEAK_OUTLET_PRIOR

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
    level = (
        "high"
        if rating.prior >= STRONG_OUTLET_PRIOR
        else "low"
        if rating.prior < WEAK_OUTLET_PRIOR
        else "middling"
    )
    confidence = "low" if rating.confidence < 0.5 else "reasonable"
    flags = f" Flags: {', '.join(rating.flags)}." if rating.flags else ""
    return (
        f"The source outlet {rating.name or rating.domain} has a {level} reliability prior of {rating.prior:.2f} "
        f"({confidence} confidence {rating.confidence:.2f}; {_source_names(rating)}).{flags}"
    )


def attribution_sentence(attribution: Attribution) -> str:
    """How the claim is sourced, in an editor's words: who, in what role, why unnamed, how hedged."""
    who = _source_words(attribution)
    hedge = f" It is hedged ('{attribution.hedges[0].text}')." if attribution.hedges else ""
    match attribution.kind:
        case "on_record":
            if who:
                return f"The claim is attributed on the record to {who}.{hedge}"
            return f"The claim is attributed on the record.{hedge}"
        case "media_report":
            if who:
                return f"The claim rests on another outlet's report ({who}).{hedge}"
            return f"The claim cites a media report.{hedge}"
        case "anonymous":
            unnamed = "unnamed sources" if attribution.source_type == "collective" else "an unnamed source"
            named = f"{unnamed} ('{attribution.attributed_to}')" if attribution.attributed_to else unnamed
            reason = attribution.anonymity_reason
            given = reason and not reason.lower().startswith(("unnamed", "unidentified", "anonymous"))
            because = f", not named ({reason})" if given else ""
            return f"The claim rests on {named}{because}, which weighs against it.{hedge}"
        case "hedged":
            cues = attribution.hedges or attribution.cues
            cue = cues[0].text if cues else "reportedly"
            return f"The claim is hedged ('{cue}') with no named source, which weighs against it."
        case _:
            return "The claim names no source."


def _source_words(attribution: Attribution) -> str | None:
    """ "Marta Ilves (the utility's chief hydrologist)", "the Pentagon (the organisation's own statement)"."""
    who = attribution.attributed_to
    if not who:
        return None
    match attribution.source_type:
        case "person" if attribution.role and attribution.role.lower() not in who.lower():
            return f"{who} ({attribution.role})"
        case "organisation":
            return f"{who} (the organisation's own statement)"
        case "document":
            return f"{who} (a document)"
        case _:
            return who


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


def cap_sentence(verdict: str, *, hearsay_only: bool) -> str:
    """Why a score was held below the high band."""
    if verdict == "unverified":
        reason = "nothing in the corpus supports the claim"
    elif verdict == "contested":
        reason = "the corpus contradicts the claim"
    elif hearsay_only:
        reason = "only hearsay in the corpus supports the claim"
    else:
        reason = "only one independent origin in the corpus states the claim"
    return (
        f"The score is held below 'high' because {reason}; 'high' needs two independent origins that"
        " state it and nothing that contradicts it."
    )


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
