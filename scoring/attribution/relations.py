"""Finds (source, cue) relations in a text: who is said to say what, and through which cue.

Cues are a closed list of reporting verbs ("said", "told", "found", "wrote" ...) and the phrases
"according to" and "(as) reported by"; the source of each cue is the noun phrase left of the verb
("Human Rights Watch said"), right of it after a quotation or comma ("..., said the source"), or after
"according to". Each source is typed: an outlet (alias map, then outlet-like name words), anonymous
(generic heads such as "source", "official", "residents" with no name), or on the record (a name, an
institution, a document, or a personal pronoun standing for an earlier name).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from scoring.attribution.lexicon import (
    ANONYMITY,
    BE_VERBS,
    COLON_LABELS,
    CONJUNCTIONS,
    DOCUMENT_HEADS,
    INVERTIBLE_VERBS,
    NOUN_MARKERS,
    PARTICIPLE_CUES,
    PERSONAL_PRONOUNS,
    QUOTE_CHARS,
    QUOTE_DASHES,
    RECIPIENT_OPENERS,
    RELATIVE_PRONOUNS,
    REPORTING_VERBS,
    STANCE_VERBS,
)
from scoring.attribution.phrases import (
    Phrase,
    before_relative_clause,
    clause_subject,
    phrase_left,
    phrase_right,
    skip_adverbials_left,
)
from scoring.attribution.sources import SourceKind, looks_like_outlet, outlet_domain, source_kind
from scoring.attribution.tokens import (
    Tokens,
    bare,
    is_capitalised,
    is_known_noun,
    is_verb_position,
    is_word,
    sentence_start,
)

HEADLINE_NAME_TOKENS = 4  # "Sanders:", "Sen. Elizabeth Warren:" -- a speaker label is a short name


@dataclass(frozen=True, slots=True)
class Cue:
    text: str
    start: int  # character offsets into the analysed text; text[start:end] == cue.text
    end: int
    category: str  # reporting_verb, according_to, anonymous_source, hedge, media_outlet, quote, document


@dataclass(frozen=True, slots=True)
class AttributionRelation:
    """One (source, cue) pair found in a text; the source span keeps appositives and modifiers."""

    cue: Cue
    source: str | None
    source_start: int | None
    source_end: int | None
    kind: SourceKind
    is_pronoun: bool
    is_reported_speech: bool  # False for stance verbs ("X opposed"), which do not decide Attribution.kind
    name: str | None  # the name inside the source ("Smith" in "Smith, a spokesman for Y"), else the source
    name_start: int | None
    name_end: int | None


class RelationFinder:
    """Every (source, cue) relation of a tokenised text; outlets are recognised through the alias map."""

    __slots__ = ("_aliases",)

    def __init__(self, aliases: Mapping[str, str]) -> None:
        """`aliases` maps outlet names, already in `normalise_outlet` form, to domains."""
        self._aliases = aliases

    def find(self, tokens: Tokens) -> list[AttributionRelation]:
        found: list[AttributionRelation] = []
        n = len(tokens)
        # Verbs inside "asked not to be named" or "declined to be identified" are not reporting acts.
        shielded = [(m.start(), m.end()) for m in ANONYMITY.finditer(tokens.text)]
        i = 0
        while i < n:
            low = tokens.lower[i]
            if low == "according" and i + 2 < n and tokens.lower[i + 1] == "to":
                phrase = phrase_right(tokens, i + 2, with_tails=True)
                if phrase is not None:
                    cue = self._cue(tokens, i, i + 1, "according_to")
                    found.append(self._relation(tokens, cue, phrase, is_reported_speech=True))
                i += 2
                continue
            if low == "reported" and i + 2 < n and tokens.lower[i + 1] == "by":
                phrase = phrase_right(tokens, i + 2, with_tails=False)
                if phrase is not None:
                    cue = self._cue(tokens, i, i + 1, "reporting_verb")
                    found.append(self._relation(tokens, cue, phrase, is_reported_speech=True))
                    i += 2
                    continue
            if low in QUOTE_DASHES and i > 0 and tokens.words[i - 1] in QUOTE_CHARS and i + 1 < n:
                # '"..." ― Jane Doe': the signed-quote convention of reader comments and epigraphs.
                phrase = phrase_right(tokens, i + 1, with_tails=False)
                if phrase is not None and is_capitalised(tokens, phrase.head):
                    cue = self._cue(tokens, i, i, "quote")
                    found.append(self._relation(tokens, cue, phrase, is_reported_speech=True))
            if tokens.words[i] == ":" and i > 0:
                relation = self._colon_relation(tokens, i)
                if relation is not None:
                    found.append(relation)
            is_speech = low in REPORTING_VERBS
            if (is_speech or low in STANCE_VERBS) and not any(a <= tokens.starts[i] < b for a, b in shielded):
                relation = self._verb_relation(tokens, i, found, is_reported_speech=is_speech)
                if relation is not None and relation.source_start is not None:
                    # "A trader who asked not to be named said": the anonymity phrase governs the source.
                    if any(relation.source_start <= a < relation.cue.start for a, _ in shielded):
                        relation = dataclasses.replace(relation, kind="anonymous")
                    found.append(relation)
            i += 1
        return found

    def _colon_relation(self, tokens: Tokens, i: int) -> AttributionRelation | None:
        """Headline convention "Sanders: Clinton must ...": a short name opening a line, then a colon."""
        start = sentence_start(tokens, i)
        if i - start > HEADLINE_NAME_TOKENS or (start > 0 and tokens.words[start - 1] != "\n"):
            return None
        if i + 1 >= len(tokens) or not (
            tokens.words[i + 1][:1].isupper() or tokens.words[i + 1] in QUOTE_CHARS
        ):
            return None
        phrase = phrase_right(tokens, start, with_tails=False)
        if phrase is None or phrase.last != i - 1 or not is_capitalised(tokens, phrase.head):
            return None
        if any(tokens.lower[k] in COLON_LABELS for k in range(start, i)):
            return None
        return self._relation(tokens, self._cue(tokens, i, i, "quote"), phrase, is_reported_speech=True)

    def _verb_relation(
        self, tokens: Tokens, i: int, earlier: list[AttributionRelation], *, is_reported_speech: bool
    ) -> AttributionRelation | None:
        low = tokens.lower[i]
        n = len(tokens)
        if not is_verb_position(tokens, i):
            return None
        is_participle = low.endswith("ing")
        # "is said to", "was found", "were told": passive, not a reporting act with a subject source.
        if i > 0 and tokens.lower[i - 1] in BE_VERBS and not is_participle:
            return None
        if i + 1 < n and tokens.lower[i + 1] == "by":
            return None
        j = skip_adverbials_left(tokens, i - 1)
        if j < 0:
            return None
        cue = self._cue(tokens, j + 1, i, "reporting_verb")
        word_j, low_j = tokens.words[j], tokens.lower[j]
        if low_j in NOUN_MARKERS or low_j.endswith(("'s", "’s")) or word_j[:1].isdigit():
            return None  # "the report", "Smith's claims", "the 9/11 attacks": a noun, not a verb
        speech = is_reported_speech
        if low_j in PERSONAL_PRONOUNS or low_j in RELATIVE_PRONOUNS:
            return self._relation(
                tokens, cue, Phrase(j, j, j, j, j), is_pronoun=True, is_reported_speech=speech
            )
        if low_j in CONJUNCTIONS or (low in PARTICIPLE_CUES and (low_j == "," or not is_word(word_j))):
            return self._shared_subject(tokens, i, cue, earlier, is_reported_speech=speech)
        if not is_word(word_j) and word_j != ")":
            if low in INVERTIBLE_VERBS and i + 1 < n:
                k = i + 1
                if tokens.lower[k] in PERSONAL_PRONOUNS:
                    return self._relation(
                        tokens, cue, Phrase(k, k, k, k, k), is_pronoun=True, is_reported_speech=speech
                    )
                right = phrase_right(tokens, k, with_tails=True)
                if right is not None:
                    return self._relation(tokens, cue, right, is_reported_speech=speech)
            if word_j == ",":
                subject = clause_subject(tokens, i)
                if subject is not None:
                    # "Smith, a spokesman for Y, who ..., said": the source runs to the comma before the verb.
                    whole = Phrase(subject.first, j - 1, subject.head, subject.name_first, subject.name_last)
                    return self._relation(tokens, cue, whole, is_reported_speech=speech)
            return None
        left = phrase_left(tokens, j)
        if left is None:
            left = before_relative_clause(tokens, j)
        if left is None:
            return None
        return self._relation(tokens, cue, left, is_reported_speech=speech)

    def _shared_subject(
        self,
        tokens: Tokens,
        i: int,
        cue: Cue,
        earlier: list[AttributionRelation],
        *,
        is_reported_speech: bool,
    ) -> AttributionRelation | None:
        """The main clause's subject: "Smith said ..., adding that", "Smith met them and said"."""
        sentence = sentence_start(tokens, i)
        for relation in reversed(earlier):
            if relation.source_start is not None and relation.source_start >= tokens.starts[sentence]:
                return AttributionRelation(
                    cue,
                    relation.source,
                    relation.source_start,
                    relation.source_end,
                    relation.kind,
                    relation.is_pronoun,
                    is_reported_speech,
                    relation.name,
                    relation.name_start,
                    relation.name_end,
                )
        subject = clause_subject(tokens, i)
        if subject is None:
            return None
        is_pronoun = subject.first == subject.last and tokens.lower[subject.first] in PERSONAL_PRONOUNS
        if (
            not is_pronoun
            and not is_capitalised(tokens, subject.head)
            and not is_known_noun(tokens.lower[subject.head])
        ):
            return None
        return self._relation(
            tokens, cue, subject, is_pronoun=is_pronoun, is_reported_speech=is_reported_speech
        )

    def _cue(self, tokens: Tokens, first: int, last: int, category: str) -> Cue:
        start, end = tokens.span(first, last)
        return Cue(tokens.text[start:end], start, end, category)

    def _relation(
        self,
        tokens: Tokens,
        cue: Cue,
        phrase: Phrase,
        *,
        is_pronoun: bool = False,
        is_reported_speech: bool,
    ) -> AttributionRelation:
        start, end = tokens.span(phrase.first, phrase.last)
        name_start, name_end = tokens.span(phrase.name_first, phrase.name_last)
        source = tokens.text[start:end]
        name = tokens.text[name_start:name_end]
        kind = "on_record" if is_pronoun else source_kind(tokens, phrase, source, self._aliases)
        return AttributionRelation(
            cue, source, start, end, kind, is_pronoun, is_reported_speech, name, name_start, name_end
        )

    def document_cue(self, tokens: Tokens, relation: AttributionRelation) -> Cue | None:
        start, end = relation.source_start, relation.source_end
        if start is None or end is None:
            return None
        for k in range(len(tokens)):
            inside = tokens.starts[k] >= start and tokens.ends[k] <= end
            if inside and tokens.words[k][:1].islower() and bare(tokens.lower[k]) in DOCUMENT_HEADS:
                return Cue(tokens.words[k], tokens.starts[k], tokens.ends[k], "document")
        return None

    def recipient_outlets(self, tokens: Tokens) -> Iterator[tuple[str, int, int, str | None]]:
        """Outlets that a source spoke to: "told Reuters", "in an interview with the Daily Mail"."""
        n = len(tokens)
        for i in range(n):
            for opener in RECIPIENT_OPENERS:
                size = len(opener)
                if i + size >= n or tuple(tokens.lower[i : i + size]) != opener:
                    continue
                phrase = phrase_right(tokens, i + size, with_tails=False)
                if phrase is None:
                    continue
                start, end = tokens.span(phrase.first, phrase.last)
                name = tokens.text[start:end]
                is_outlet, domain = outlet_domain(self._aliases, name)
                if is_outlet or looks_like_outlet(tokens, phrase):
                    yield name, start, end, domain
