"""Who is the source of a text, with what cue, and how hedged: on record, media report, anonymous, hedged.

lexicon.py (the word lists) -> tokens.py (words with offsets) -> phrases.py (source noun phrases) ->
sources.py (what kind of source) -> relations.py (source-cue pairs) -> classifier.py (the text's
attribution: the strongest source wins).
"""

from scoring.attribution.classifier import Attribution, AttributionKind, Attributor
from scoring.attribution.relations import AttributionRelation, Cue
from scoring.attribution.sources import SourceKind, normalise_outlet

__all__ = [
    "Attribution",
    "AttributionKind",
    "AttributionRelation",
    "Attributor",
    "Cue",
    "SourceKind",
    "normalise_outlet",
]
