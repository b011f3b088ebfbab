"""Classifies how a text is attributed: on the record, another outlet, anonymous, hedged or not at all.

The relation finder (relations.py) gives every (source, cue) pair; hedges ("reportedly", "is believed
to", "it is understood") and anonymity phrases ("on condition of anonymity", "sources close to") are
found by the lexicon's regular expressions. When several sources apply, the strongest explicit one wins:
on_record > media_report > anonymous; a hedge alone gives ``hedged``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType

from scoring.attribution.claim_source import ParseAttributor
from scoring.attribution.dependency import ParsedRelation
from scoring.attribution.lexicon import ANONYMITY, HEDGE, QUOTE_CHARS
from scoring.attribution.reading import Attribution
from scoring.attribution.relations import AttributionRelation, Cue, RelationFinder
from scoring.attribution.sources import SourceKind, normalise_outlet, outlet_domain
from scoring.attribution.tokens import tokenise
from scoring.text.parse import Parser

# Strength order used when several sources apply to one text: an explicit named source is the most
# checkable, another outlet's report can be traced, an anonymous one cannot.
_KIND_RANK: Mapping[str, int] = MappingProxyType({"on_record": 3, "media_report": 2, "anonymous": 1})


def relation_of(parsed: ParsedRelation) -> AttributionRelation:
    """A parse relation in the shape the token rules give."""
    kind: SourceKind = "on_record"
    if parsed.source_type == "outlet":
        kind = "media_report"
    elif parsed.source_type in ("unnamed", "collective"):
        kind = "anonymous"
    return AttributionRelation(
        cue=Cue(parsed.cue_text, parsed.cue_start, parsed.cue_end, parsed.category),
        source=parsed.source_text,
        source_start=parsed.source_start,
        source_end=parsed.source_end,
        kind=kind,
        is_pronoun=parsed.is_pronoun,
        is_reported_speech=parsed.is_reported_speech,
        name=parsed.name,
        name_start=parsed.name_start,
        name_end=parsed.name_end,
    )


# Bump when the attribution rules change results for the same text, so stored attributions are redone.
ATTRIBUTION_RULES_VERSION = "2"


class Attributor:
    """Finds attribution relations in text and classifies the text by its source.

    With a ``parser`` (the service passes spaCy's), sources are read from the dependency parse
    (dependency.py, source_types.py) and typed as an editor would; without one, the token rules
    classify by the strongest source, which is what callers with no parser (unit tests of other
    stages, tools that must not load a model) get.
    """

    __slots__ = ("_aliases", "_finder", "_parser", "_reader")

    def __init__(self, outlet_aliases: Mapping[str, str] | None = None, parser: Parser | None = None) -> None:
        self._aliases: Mapping[str, str] = MappingProxyType(
            {normalise_outlet(k): v for k, v in (outlet_aliases or {}).items()}
        )
        self._finder = RelationFinder(self._aliases)
        self._parser = parser
        self._reader = ParseAttributor(self._aliases) if parser is not None else None

    @property
    def parser(self) -> Parser | None:
        return self._parser

    @property
    def cache_key(self) -> str:
        """Names what decides an attribution (rules version, parser model, outlet aliases): a stored
        attribution made under another key is not reused."""
        model = self._parser.model_id if self._parser is not None else "token-rules"
        digest = hashlib.sha256(f"rules-{ATTRIBUTION_RULES_VERSION}|{model}".encode())
        for alias, domain in sorted(self._aliases.items()):
            digest.update(f"|{alias}={domain}".encode())
        return digest.hexdigest()[:16]

    def attribute(self, text: str) -> Attribution:
        """The attribution of ``text`` (a claim or passage; several sentences are fine)."""
        return self.attribute_many([text])[0]

    def attribute_many(self, texts: Sequence[str]) -> list[Attribution]:
        """Attributions of many texts; with a parser, the texts that could hold a source are parsed in one batch."""
        if self._parser is None or self._reader is None:
            return [self._attribute_by_tokens(text) for text in texts]
        reader = self._reader
        wanted = [i for i, text in enumerate(texts) if reader.may_hold_source(text)]
        parses = dict(zip(wanted, self._parser.parse_many([texts[i] for i in wanted]), strict=True))
        return [
            reader.attribution(parses[i]) if i in parses else reader.without_source(text)
            for i, text in enumerate(texts)
        ]

    def _attribute_by_tokens(self, text: str) -> Attribution:
        tokens = tokenise(text)
        relations = [r for r in self._finder.find(tokens) if r.is_reported_speech]
        cues: list[Cue] = [r.cue for r in relations]
        candidates: list[tuple[SourceKind, str | None, int | None, int | None, str | None]] = []
        for index, relation in enumerate(relations):
            kind: SourceKind = relation.kind
            name, start, end = relation.name, relation.name_start, relation.name_end
            if relation.is_pronoun:
                kind, name, start, end = self._resolve_pronoun(relations[:index], relation)
            if relation.kind == "media_report" or kind == "media_report":
                domain = outlet_domain(self._aliases, name or "")[1]
            else:
                domain = None
            candidates.append((kind, name, start, end, domain))
            if (
                relation.source is not None
                and relation.source_start is not None
                and relation.kind != "media_report"
            ):
                head = self._finder.document_cue(tokens, relation)
                if head is not None:
                    cues.append(head)
        for outlet, start, end, domain in self._finder.recipient_outlets(tokens):
            cues.append(Cue(outlet, start, end, "media_outlet"))
            candidates.append(("media_report", outlet, start, end, domain))
        for relation in relations:
            if relation.kind == "media_report" and relation.source_start is not None and relation.source:
                cues.append(
                    Cue(relation.source, relation.source_start, relation.source_end or 0, "media_outlet")
                )
        for match in ANONYMITY.finditer(text):
            cues.append(Cue(match.group(), match.start(), match.end(), "anonymous_source"))
            if not any(c[0] == "anonymous" for c in candidates):
                candidates.append(("anonymous", match.group(), match.start(), match.end(), None))
        hedges = [Cue(m.group(), m.start(), m.end(), "hedge") for m in HEDGE.finditer(text)]
        cues.extend(hedges)
        cues.extend(self._quotes(text))
        ordered = tuple(sorted(set(cues), key=lambda c: (c.start, c.end, c.category)))
        if candidates:
            best = max(candidates, key=lambda c: _KIND_RANK[c[0]])
            return Attribution(best[0], best[1], best[2], best[3], ordered, best[4], hedges=tuple(hedges))
        if hedges:
            return Attribution("hedged", None, None, None, ordered, None, hedges=tuple(hedges))
        return Attribution("unattributed", None, None, None, ordered, None)

    def relations(self, text: str) -> tuple[AttributionRelation, ...]:
        """Every (source, cue) relation in ``text``, in text order; pronoun sources are left unresolved.

        With a parser, the parse's relations, plus the signed-quote and headline-colon conventions
        ('"..." ― Jane Doe', "Sanders: ...") that only the token rules read.
        """
        tokens = tokenise(text)
        if self._parser is None or self._reader is None:
            return tuple(self._finder.find(tokens))
        parsed = self._reader.relations(self._parser.parse_many([text])[0])
        found = [relation_of(r) for r in parsed]
        found += [r for r in self._finder.find(tokens) if r.cue.category == "quote"]
        return tuple(sorted(found, key=lambda r: r.cue.start))

    def _resolve_pronoun(
        self,
        earlier: tuple[AttributionRelation, ...] | list[AttributionRelation],
        relation: AttributionRelation,
    ) -> tuple[SourceKind, str | None, int | None, int | None]:
        """A pronoun takes the nearest earlier non-pronoun source; alone, "he said" is on the record."""
        for previous in reversed(earlier):
            if not previous.is_pronoun:
                return previous.kind, previous.name, previous.name_start, previous.name_end
        pronoun = (relation.source or "").lower()
        kind: SourceKind = "anonymous" if pronoun == "they" else "on_record"
        return kind, relation.source, relation.source_start, relation.source_end

    def _quotes(self, text: str) -> Iterator[Cue]:
        opened: int | None = None
        for index, char in enumerate(text):
            if char not in QUOTE_CHARS:
                continue
            closing = char in "”»" or (char == '"' and opened is not None)
            if opened is not None and closing:
                if index - opened > 1:
                    yield Cue(text[opened : index + 1], opened, index + 1, "quote")
                opened = None
            elif char in '“«„"':
                opened = index
