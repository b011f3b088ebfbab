"""A claim's attribution read from its parse: which relation the claim rests on, and what follows from it.

The relation nearest the main clause decides (dependency.py finds them all); a pronoun takes the nearest
earlier named source; a subject that is itself a hedge ("unconfirmed reports say") leaves no source; an
anonymity phrase with no source found still makes the claim anonymous. The source type decides the kind:
person, organisation, document -> on_record; outlet -> media_report; unnamed, collective -> anonymous.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from scoring.attribution.dependency import ParsedRelation, RelationReader, quoted_spans
from scoring.attribution.lexicon import ANONYMITY, CUE_WORDS, HEDGE
from scoring.attribution.reading import Attribution, AttributionKind
from scoring.attribution.relations import Cue
from scoring.attribution.source_types import MORE_ANONYMITY, SourceType
from scoring.text.parse import Parse

_WORDS = re.compile(r"[a-z]+")

SOURCE_KIND: Mapping[SourceType, AttributionKind] = {
    "person": "on_record",
    "organisation": "on_record",
    "document": "on_record",
    "outlet": "media_report",
    "unnamed": "anonymous",
    "collective": "anonymous",
}


class ParseAttributor:
    """A text's attribution from its parse: the relation its main clause rests on, typed, with cues and hedges."""

    __slots__ = ("_reader",)

    def __init__(self, aliases: Mapping[str, str]) -> None:
        self._reader = RelationReader(aliases)

    def outlet_domain(self, name: str) -> str | None:
        return self._reader.sources.outlet_domain(name)

    def relations(self, parse: Parse) -> list[ParsedRelation]:
        return self._reader.relations(parse)

    def may_hold_source(self, text: str) -> bool:
        """False when no rule could find a source in ``text``: no cue word, anonymity phrase or clause.

        Lets a caller skip the parser for most sentences of a corpus, which state facts with no cue.
        """
        if ANONYMITY.search(text) or MORE_ANONYMITY.search(text):
            return True
        return not CUE_WORDS.isdisjoint(_WORDS.findall(text.lower()))

    def without_source(self, text: str) -> Attribution:
        """The attribution of a text with no source: hedged or not at all."""
        hedge_cues = _hedge_cues(text)
        kind: AttributionKind = "hedged" if hedge_cues else "unattributed"
        return Attribution(kind, None, None, None, hedge_cues, None, hedges=hedge_cues)

    def attribution(self, parse: Parse) -> Attribution:
        """The claim's attribution: the source its main clause rests on, typed, with cues and hedges."""
        text = parse.text
        relations = self.relations(parse)
        hedge_cues = _hedge_cues(text)
        anonymity = [
            Cue(m.group(), m.start(), m.end(), "anonymous_source")
            for pattern in (ANONYMITY, MORE_ANONYMITY)
            for m in pattern.finditer(text)
        ]
        quotes = [Cue(text[a - 1 : b + 1], a - 1, b + 1, "quote") for a, b in quoted_spans(text) if b > a]
        relation_cues = [Cue(r.cue_text, r.cue_start, r.cue_end, r.category) for r in relations]
        cues = tuple(
            sorted(
                set(relation_cues + anonymity + quotes) | set(hedge_cues),
                key=lambda c: (c.start, c.end, c.category, c.text),
            )
        )
        main = main_relation(relations)
        if main is not None and main.source_start is not None and main.source_end is not None:
            # "Unconfirmed reports say": the subject is itself the hedge, so there is no source.
            if any(h.start <= main.source_start and main.source_end <= h.end + 1 for h in hedge_cues):
                main = None
        if main is None:
            if anonymity:
                first = anonymity[0]
                return Attribution(
                    "anonymous", None, None, None, cues, None, "unnamed", None, first.text, None, hedge_cues
                )
            kind: AttributionKind = "hedged" if hedge_cues else "unattributed"
            return Attribution(kind, None, None, None, cues, None, hedges=hedge_cues)
        source_type, name, start, end = self._resolved(relations, main)
        domain = self.outlet_domain(name or "") if source_type == "outlet" else None
        return Attribution(
            kind=SOURCE_KIND[source_type],
            attributed_to=name,
            source_start=start,
            source_end=end,
            cues=cues,
            cited_outlet_domain=domain,
            source_type=source_type,
            role=main.role,
            anonymity_reason=main.anonymity_reason,
            cue=Cue(main.cue_text, main.cue_start, main.cue_end, main.category),
            hedges=hedge_cues,
        )

    def _resolved(
        self, relations: Sequence[ParsedRelation], main: ParsedRelation
    ) -> tuple[SourceType, str | None, int | None, int | None]:
        """A pronoun source takes the nearest earlier named source; alone, "he said" is a person on record."""
        if main.source_type is not None:
            return main.source_type, main.name, main.name_start, main.name_end
        for previous in reversed([r for r in relations if r.cue_start < main.cue_start]):
            if previous.source_type is not None:
                return previous.source_type, previous.name, previous.name_start, previous.name_end
        pronoun = (main.name or "").lower()
        source_type: SourceType = "collective" if pronoun == "they" else "person"
        return source_type, main.name, main.name_start, main.name_end


def _hedge_cues(text: str) -> tuple[Cue, ...]:
    return tuple(Cue(m.group(), m.start(), m.end(), "hedge") for m in HEDGE.finditer(text))


def main_relation(relations: Sequence[ParsedRelation]) -> ParsedRelation | None:
    """The relation a claim rests on: reported speech, nearest its sentence's root, first in the text."""
    speech = [r for r in relations if r.is_reported_speech]
    if not speech:
        return None
    return min(speech, key=lambda r: (r.depth, r.cue_start))
