"""How one text is sourced, as the classifier reads it: the ``Attribution`` value every stage passes on."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from scoring.attribution.relations import Cue
from scoring.attribution.source_types import SourceType

AttributionKind = Literal["on_record", "media_report", "anonymous", "hedged", "unattributed"]


@dataclass(frozen=True, slots=True)
class Attribution:
    kind: AttributionKind
    attributed_to: str | None
    source_start: int | None
    source_end: int | None
    cues: tuple[Cue, ...]
    cited_outlet_domain: str | None
    # Read from the dependency parse when the Attributor has a parser; None or empty without one.
    source_type: SourceType | None = None  # who the source is, as an editor would say it
    role: str | None = None  # "chief hydrologist", "spokeswoman": the source's role when given
    anonymity_reason: str | None = None  # "on condition of anonymity because he was not authorised ..."
    cue: Cue | None = None  # the reporting cue the claim rests on
    hedges: tuple[Cue, ...] = ()  # "reportedly", "is believed to": how the claim is hedged


def attribution_record(attribution: Attribution) -> dict[str, object]:
    """A JSON-ready form of an attribution, for the per-document cache (``attribution_from_record`` reads it)."""
    return dataclasses.asdict(attribution)


def attribution_from_record(record: Mapping[str, Any]) -> Attribution:
    def cue(value: Mapping[str, Any]) -> Cue:
        return Cue(str(value["text"]), int(value["start"]), int(value["end"]), str(value["category"]))

    return Attribution(
        kind=record["kind"],
        attributed_to=record["attributed_to"],
        source_start=record["source_start"],
        source_end=record["source_end"],
        cues=tuple(cue(c) for c in record["cues"]),
        cited_outlet_domain=record["cited_outlet_domain"],
        source_type=record["source_type"],
        role=record["role"],
        anonymity_reason=record["anonymity_reason"],
        cue=cue(record["cue"]) if record["cue"] is not None else None,
        hedges=tuple(cue(c) for c in record["hedges"]),
    )
