"""How one text is sourced, as the classifier reads it: the ``Attribution`` value every stage passes on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
