"""Attribution read from a dependency parse: every cue and the source each one has.

Rules over the parse rather than over word order, so that the layouts newsrooms use all reach the
same reading: "X said", '"...," said X', '"...," X said, "..."' (a split quote), "X told reporters
that", "X said in a statement", "according to a report by X", "X, who spoke on condition of
anonymity, said". The source of a cue is its grammatical subject (``nsubj``); a participle or
conjoined verb without one takes the subject of the verb it hangs from ("X said ..., adding that";
"Reuters reported, citing ..."); "according to" takes its object. An anonymity condition found in
the source's phrase or in the cue's sentence always makes the source unnamed, whatever the verb.
What kind of source it is, is source_types.py's job; which relation a claim rests on, claim_source.py's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from scoring.attribution.lexicon import (
    ANONYMITY,
    ANONYMOUS_HEADS,
    COGNITION_VERBS,
    DOCUMENT_HEADS,
    EVALUATION_VERBS,
    INSTITUTION_HEADS,
    INVERTIBLE_VERBS,
    NOUN_CUES,
    ROLE_HEADS,
    SPEECH_FORMS,
    STANCE_VERBS,
)
from scoring.attribution.source_types import (
    MORE_ANONYMITY,
    PRONOUNS,
    RELATIVES,
    SPOKESPERSON_HEADS,
    SUBJECT_DEPS,
    UNNAMED_HEADS,
    SourceReader,
    SourceType,
    child,
    trim,
)
from scoring.text.parse import Parse, Token


@dataclass(frozen=True, slots=True)
class ParsedRelation:
    """One cue and its source as read from the parse; spans are character offsets into the parsed text."""

    cue_start: int
    cue_end: int
    cue_text: str
    category: str  # reporting_verb, according_to, noun_cue
    source_start: int | None
    source_end: int | None
    source_text: str | None
    name_start: (
        int | None
    )  # the name or head phrase inside the source ("Priya Raman" in "its chief, Priya Raman")
    name_end: int | None
    name: str | None
    source_type: SourceType | None  # None for an unresolved pronoun
    role: str | None
    anonymity_reason: str | None
    is_reported_speech: bool
    is_pronoun: bool
    depth: int  # the cue's distance from its sentence's root: the main clause's source comes first


def _depth(parse: Parse, i: int) -> int:
    depth = 0
    while parse.tokens[i].head != i and depth < len(parse.tokens):
        i = parse.tokens[i].head
        depth += 1
    return depth


class RelationReader:
    """Finds every (cue, source) relation in a parse and types each source (source_types.py)."""

    __slots__ = ("sources",)

    def __init__(self, aliases: Mapping[str, str]) -> None:
        self.sources = SourceReader(aliases)

    def relations(self, parse: Parse) -> list[ParsedRelation]:
        found: list[ParsedRelation] = []
        shields = [(m.start(), m.end()) for m in ANONYMITY.finditer(parse.text)]
        shields += [(m.start(), m.end()) for m in MORE_ANONYMITY.finditer(parse.text)]
        # A verb inside a quotation belongs to the quoted words, not to the reporting around them.
        shields += quoted_spans(parse.text)
        for token in parse.tokens:
            if any(a <= token.start < b for a, b in shields):
                continue
            relation = self._relation_at(parse, token)
            if relation is not None:
                found.append(relation)
        # A cue inside another cue's content is part of what was reported ("officials said they hoped").
        contents = [
            parse.span(*parse.subtree(k))
            for t in parse.tokens
            if t.start in {r.cue_start for r in found}
            for k in parse.children[t.i]
            if parse.tokens[k].dep == "ccomp"
        ]
        return [
            r
            for r in found
            if r.cue_text.lower() in INVERTIBLE_VERBS or not any(a <= r.cue_start < b for a, b in contents)
        ]

    # cues -------------------------------------------------------------------------------------

    def _relation_at(self, parse: Parse, token: Token) -> ParsedRelation | None:
        low = token.lower
        if low == "according":
            to = child(parse, token.i, {"prep"})
            if to is None or parse.tokens[to].lower != "to":
                return None
            obj = child(parse, to, {"pobj"})
            if obj is None:
                return None
            return self._build(parse, token.i, to, obj, "according_to", speech=True)
        # A past participle is a reporting act with an auxiliary ("has said") or a subject of its own (the
        # tagger reads some simple pasts as participles: "The nominee noted Friday that"); alone it is a
        # modifier ("a study published in").
        is_finite_participle = token.tag == "VBN" and child(parse, token.i, {"aux", "nsubj"}) is not None
        if token.pos in ("VERB", "AUX") and token.tag != "VBN" or is_finite_participle:
            return self._verb_relation(parse, token)
        if low in NOUN_CUES and token.pos == "NOUN":
            owner = child(parse, token.i, {"poss"})
            if owner is not None and parse.tokens[owner].lower not in ("its", "their", "his", "her"):
                return self._build(parse, token.i, token.i, owner, "noun_cue", speech=True)
        return None

    def _verb_relation(self, parse: Parse, token: Token) -> ParsedRelation | None:
        low = token.lower
        is_speech = low in SPEECH_FORMS
        is_stance = low in STANCE_VERBS or low in COGNITION_VERBS or low in EVALUATION_VERBS
        # A clause the verb governs makes it a reporting act ("the group alleged that ..."); outside the
        # lexicon only when the clause follows it: a clause before a verb is reported content only for
        # speech verbs ("The bridge is closed, officials said"); otherwise it is a comma splice ("forces
        # began their offensive, some 6 million people were living under its rule").
        has_content = any(
            parse.tokens[k].dep in ("ccomp", "parataxis") and (k > token.i or is_speech or is_stance)
            for k in parse.children[token.i]
        )
        if not (is_speech or is_stance or has_content):
            return None
        if token.dep == "amod" or token.tag == "VBN" and token.dep in ("acl", "relcl"):
            return None  # "the alleged plot", "a study published in": a modifier, not a reporting act
        subject = child(parse, token.i, SUBJECT_DEPS)
        if subject is not None and parse.tokens[subject].dep == "nsubjpass":
            return None  # "is said to", "was told": the speaker is not the subject
        if subject is None:
            subject = self._inherited_subject(parse, token)
        if subject is None:
            return None
        if parse.tokens[subject].lower == "it" and parse.tokens[subject].dep != "nsubj":
            return None
        if not is_speech and not self._can_hold_views(parse, subject):
            return None  # "the paranoia found", "this led to": a thing, not a source
        if parse.tokens[subject].lower in ("this", "that", "which", "what", "there"):
            return None
        last = token.i
        particle = child(parse, token.i, {"prt"})
        if particle is not None and particle == token.i + 1:
            last = particle
        speech = is_speech or (is_stance and has_content) or (has_content and not is_stance)
        return self._build(parse, token.i, last, subject, "reporting_verb", speech=speech)

    def _can_hold_views(self, parse: Parse, subject: int) -> bool:
        token = parse.tokens[subject]
        low = token.lower
        if low in ("it", "this", "that", "which", "what", "there", "you"):
            return False
        if token.pos == "PROPN" or low in PRONOUNS or low in RELATIVES:
            return True
        bare = low[:-1] if low.endswith("s") else low
        known = (
            UNNAMED_HEADS
            | ANONYMOUS_HEADS
            | SPOKESPERSON_HEADS
            | ROLE_HEADS
            | INSTITUTION_HEADS
            | DOCUMENT_HEADS
        )
        return low in known or bare in known or token.ent in ("PERSON", "ORG", "NORP", "GPE")

    def _inherited_subject(self, parse: Parse, token: Token) -> int | None:
        """A verb with no subject of its own takes its governor's: "X said ..., adding that"."""
        current = token
        for _ in range(3):
            if current.dep not in ("conj", "advcl", "xcomp") or current.head == current.i:
                return None
            if current.dep == "advcl" and current.tag != "VBG":
                return None
            governor = parse.tokens[current.head]
            subject = child(parse, governor.i, {"nsubj"})
            if subject is not None:
                return subject
            current = governor
        return None

    # sources ----------------------------------------------------------------------------------

    def _build(
        self, parse: Parse, cue_first: int, cue_last: int, head: int, category: str, *, speech: bool
    ) -> ParsedRelation:
        first, last = parse.subtree(head)
        first, last = trim(parse, first, last)
        cue_start, cue_end = parse.span(cue_first, cue_last)
        source_start, source_end = parse.span(first, last)
        cue_token = parse.tokens[cue_first]
        if parse.tokens[head].lower in RELATIVES and cue_token.dep == "relcl":
            # "Smith, who said ...": the span is "who" (as annotators mark it); the source is Smith.
            head = cue_token.head
        name_first, name_last, name_head = self.sources.name(parse, head)
        source_type: SourceType | None
        source_type, role = self.sources.source_type(parse, head, name_head, first, last)
        if source_type == "document":
            name_first, name_last = first, last  # "a report by Amnesty International", whole
        elif source_type == "outlet" and parse.tokens[head].pos != "PROPN":
            author = self.sources.outlet_within(parse, first, last)
            if author is not None:  # "a report by the BBC": the outlet is the name
                name_first, name_last = trim(parse, *parse.subtree(author))
        name_start, name_end = parse.span(name_first, name_last)
        reason = self.sources.anonymity(parse, head, first, last, cue_first)
        if reason is not None:
            source_type = "unnamed"
        head_token = parse.tokens[head]
        is_pronoun = head_token.lower in PRONOUNS or head_token.lower in RELATIVES
        if is_pronoun and reason is None:
            source_type = None
        return ParsedRelation(
            cue_start=cue_start,
            cue_end=cue_end,
            cue_text=parse.text[cue_start:cue_end],
            category=category,
            source_start=source_start,
            source_end=source_end,
            source_text=parse.text[source_start:source_end],
            name_start=name_start,
            name_end=name_end,
            name=parse.text[name_start:name_end],
            source_type=source_type,
            role=role,
            anonymity_reason=reason,
            is_reported_speech=speech,
            is_pronoun=is_pronoun,
            depth=_depth(parse, cue_first),
        )


_QUOTE_MARK = re.compile(r"``|''|[\"“”«»\n]")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans inside quotation marks: curly, straight, guillemets or doubled single quotes.

    Straight marks open and close alike, so they toggle; a paragraph break closes any open quotation,
    since a quotation left open at a paragraph's end (a convention for multi-paragraph quotes) would
    otherwise swallow the reporting around the next one.
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for match in _QUOTE_MARK.finditer(text):
        mark = match.group()
        if mark == "\n":
            opened = None
        elif mark in ("“", "«", "``") or opened is None and mark in ('"', "''"):
            opened = match.end()
        elif opened is not None and mark in ("”", "»", '"', "''"):
            spans.append((opened, match.start()))
            opened = None
    return spans
