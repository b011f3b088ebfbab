"""Who is the source of a text, with what cue, and how hedged: on record, media report, anonymous, hedged.

With a dependency parse (the service's way): dependency.py (cues and their sources over the parse),
source_types.py (person, organisation, document, outlet, unnamed, collective; role; anonymity reason),
claim_source.py (the relation a claim rests on, and its kind).
Without one, the token rules: lexicon.py (the word lists) -> tokens.py (words with offsets) ->
phrases.py (source noun phrases) -> sources.py (what kind of source) -> relations.py (source-cue pairs).
classifier.py chooses the text's attribution either way; reading.py is the value it returns.
"""

from scoring.attribution.classifier import ATTRIBUTION_RULES_VERSION, Attributor
from scoring.attribution.reading import (
    Attribution,
    AttributionKind,
    attribution_from_record,
    attribution_record,
)
from scoring.attribution.relations import AttributionRelation, Cue
from scoring.attribution.source_types import SourceType
from scoring.attribution.sources import SourceKind, normalise_outlet

__all__ = [
    "ATTRIBUTION_RULES_VERSION",
    "Attribution",
    "AttributionKind",
    "AttributionRelation",
    "Attributor",
    "Cue",
    "SourceKind",
    "SourceType",
    "attribution_from_record",
    "attribution_record",
    "normalise_outlet",
]
