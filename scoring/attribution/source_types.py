"""Who a source is, read from the parse: a person, organisation, document, outlet, unnamed source or
collective, with the role the text gives and the reason it gives for not naming the source.

Used by ``scoring.attribution.dependency`` once it has found a cue and the head of its source's phrase.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from scoring.attribution.lexicon import (
    ANONYMITY,
    DOCUMENT_HEADS,
    INSTITUTION_HEADS,
    KNOWN_OUTLETS,
    OUTLET_NAME_WORDS,
    ROLE_HEADS,
)
from scoring.attribution.sources import normalise_outlet
from scoring.text.canonical import name_key
from scoring.text.parse import Parse

SourceType = Literal["person", "organisation", "document", "outlet", "unnamed", "collective"]


def _forms(*groups: str) -> frozenset[str]:
    return frozenset(word for group in groups for word in group.split())


UNNAMED_HEADS = _forms(
    "source sources official officials aide aides insider insiders person people diplomat diplomats",
    "adviser advisers advisor advisors staffer staffers operative operatives confidant confidants",
    "someone somebody whistleblower whistleblowers employee employees lawmaker lawmakers",
)
# Findings of an identifiable body, beyond the shared document heads.
FINDING_HEADS = _forms("inquiry inquiries probe probes assessment assessments tally count model")
SPOKESPERSON_HEADS = _forms("spokesman spokeswoman spokesperson spokesmen spokeswomen representative")
OUTLET_HEADS = _forms(
    "newspaper newspapers broadcaster broadcasters tabloid tabloids daily magazine channel network",
    "agency outlet outlets website radio television tv station paper wire",
)
PRONOUNS = _forms("he she they i we it you")
RELATIVES = _forms("who that which whom")
_INDEFINITE = _forms("a an one another some several many")
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Tails that give the reason a source is unnamed: "..., because he was not authorised to ...".
_REASON_TAIL = re.compile(
    r"^[^,.;]*?\b(?:because|as|since|for\s+fear|to\s+(?:discuss|describe|talk|speak|avoid))\b[^,.;\"”]*"
)
MORE_ANONYMITY = re.compile(
    r"\b(?:requested|requesting|asked\s+for|granted|on)\s+anonymity"
    r"|(?:did\s+not|didn't|does\s+not|doesn't)\s+want\s+(?:to\s+give\s+(?:his|her|their)\s+name|to\s+be\s+(?:named|identified))"
    r"|asking\s+(?:that\s+(?:his|her|their)\s+name\s+not\s+be\s+used|not\s+to\s+be\s+(?:named|identified))"
    r"|(?:not\s+(?:allowed|permitted|cleared)\s+to\s+(?:speak|talk|comment|brief))"
    r"|(?:people|persons?|sources?|officials?)\s+(?:with\s+(?:direct\s+)?knowledge|briefed|involved|who\s+(?:was|were)\s+briefed)",
    re.IGNORECASE,
)


def child(parse: Parse, i: int, deps: frozenset[str] | set[str]) -> int | None:
    """The first dependent of token ``i`` with one of ``deps``."""
    for k in parse.children[i]:
        if parse.tokens[k].dep in deps:
            return k
    return None


def trim(parse: Parse, first: int, last: int) -> tuple[int, int]:
    """The token range without leading and trailing punctuation or a leading conjunction."""
    tokens = parse.tokens
    while first < last and (tokens[first].pos == "PUNCT" or tokens[first].lower in ("and", "but")):
        first += 1
    while last > first and tokens[last].pos == "PUNCT":
        last -= 1
    return first, last


class SourceReader:
    """Types the source whose phrase is headed by a given token."""

    __slots__ = ("_aliases",)

    def __init__(self, aliases: Mapping[str, str]) -> None:
        self._aliases = aliases  # normalised outlet name -> domain, news outlets only

    def outlet_domain(self, name: str) -> str | None:
        """The domain of an outlet name, in either key form: "france 24" or the table's "france24"."""
        for key in (normalise_outlet(name), name_key(name)):
            if key in self._aliases:
                return self._aliases[key]
        return None

    def name(self, parse: Parse, head: int) -> tuple[int, int, int]:
        """(first, last, head) of the name inside a source: an appositive name, else the head's own chunk."""
        appos = child(parse, head, {"appos"})
        tokens = parse.tokens
        if appos is not None and tokens[appos].pos == "PROPN" and tokens[head].pos != "PROPN":
            head = appos
        first = head
        for k in reversed(parse.children[head]):
            if k < head and tokens[k].dep in ("compound", "amod", "nmod", "poss", "det", "nummod", "case"):
                first = min(first, parse.subtree(k)[0])
        last = head
        for k in parse.children[head]:
            if k > head and tokens[k].dep in ("compound", "case"):
                last = k
        if tokens[first].dep == "det" and tokens[first].lower in ("the", "a", "an"):
            first = min(first + 1, head)
        return first, last, head

    def source_type(
        self, parse: Parse, head: int, name_head: int, first: int, last: int
    ) -> tuple[SourceType, str | None]:
        """(source type, role) of the phrase headed by ``head`` spanning tokens ``first``..``last``."""
        tokens = parse.tokens
        token = tokens[head]
        low = token.lower
        bare = low[:-1] if low.endswith("s") and low[:-1] in (INSTITUTION_HEADS | ROLE_HEADS) else low
        chunk_first = min([head, *[k for k in parse.children[head] if k < head]])
        chunk = parse.text[tokens[chunk_first].start : token.end]
        if low in OUTLET_HEADS or token.pos == "PROPN" and self.is_outlet(parse, head, chunk):
            return "outlet", None
        determiner = next(
            (tokens[k].lower for k in parse.children[head] if tokens[k].dep in ("det", "nummod", "quantmod")),
            None,
        )
        named = self._named_type(parse, head, name_head)
        if named is not None:
            return named
        if low in SPOKESPERSON_HEADS:
            owner = child(parse, head, {"prep"})
            if owner is not None and tokens[owner].lower in ("for", "of", "at"):
                return "organisation", low
            return "unnamed", low
        if bare in DOCUMENT_HEADS or low in DOCUMENT_HEADS or low in FINDING_HEADS:
            # "a report by the BBC", "a study published in The Lancet": an outlet's own report is a media report.
            if self.outlet_within(parse, first, last) is not None:
                return "outlet", None
            return "document", None
        if low in UNNAMED_HEADS:
            return "unnamed", None
        if bare in INSTITUTION_HEADS:
            return "organisation", None
        if low in ROLE_HEADS and determiner not in _INDEFINITE:
            return "person", low
        if token.tag == "NNS" or determiner in _INDEFINITE or token.lower in ("some", "many", "others"):
            return "collective", None
        return "person", low

    def _named_type(self, parse: Parse, head: int, name_head: int) -> tuple[SourceType, str | None] | None:
        """A source with a name: a person, unless the name is an organisation's and no role is given."""
        tokens = parse.tokens
        token = tokens[head]
        is_common = (
            token.ent == ""
            and token.lower.endswith("s")
            and (token.i == 0 or tokens[token.i - 1].sent != token.sent or tokens[token.i - 1].pos == "PUNCT")
        )
        # The tagger sometimes reads an acronym or an organisation as a common noun: "UNICEF said".
        is_acronym = token.text.isupper() and len(token.text) > 1
        is_name = (
            token.pos == "PROPN"
            or token.text[:1].isupper()
            and (is_acronym or token.ent in ("ORG", "PERSON"))
        )
        if is_name and not is_common or tokens[name_head].pos == "PROPN" and name_head != head:
            appos = child(parse, head, {"appos"})
            # "Marta Ilves, the utility's chief hydrologist": a name with a role is a person, whatever NER says.
            has_role = appos is not None and tokens[appos].pos == "NOUN"
            is_organisation = token.ent in ("ORG", "GPE", "NORP", "FAC") and tokens[name_head].ent != "PERSON"
            if (is_organisation or is_acronym) and not has_role:
                return "organisation", None
            return "person", self.role(parse, head)
        return None

    def role(self, parse: Parse, head: int) -> str | None:
        tokens = parse.tokens
        appos = child(parse, head, {"appos"})
        if appos is not None and tokens[appos].pos != "PROPN":
            first, last = parse.subtree(appos)
            return parse.text[tokens[first].start : tokens[last].end].strip(" ,")
        titles = [k for k in parse.children[head] if k < head and tokens[k].dep == "compound"]
        roles = [k for k in titles if tokens[k].pos != "PROPN" or tokens[k].lower in ROLE_HEADS]
        if roles:
            first = parse.subtree(roles[0])[0]  # "election chief", not "chief"
            return parse.text[tokens[first].start : tokens[roles[-1]].end]
        return None

    def outlet_within(self, parse: Parse, first: int, last: int) -> int | None:
        """The outlet that authored a document phrase ("a report by the BBC"), as the head of its name."""
        tokens = parse.tokens
        for k in range(first, last + 1):
            # The author's whole name, never one word of it: "National" alone names an outlet.
            if (
                tokens[k].pos == "PROPN"
                and tokens[k].dep in ("pobj", "poss")
                and self.is_outlet(parse, k, "")
            ):
                return k
        return None

    def is_outlet(self, parse: Parse, head: int, chunk: str) -> bool:
        """An outlet by name: the whole chunk, its run of proper nouns, or its subtree is a known outlet."""
        tokens = parse.tokens
        first, last = trim(parse, *parse.subtree(head))
        run_first = head
        while (
            run_first > first
            and tokens[run_first - 1].pos in ("PROPN", "NUM")
            and tokens[run_first - 1].dep != "poss"
        ):
            run_first -= 1
        run_last = head
        while (
            run_last < last
            and tokens[run_last + 1].pos in ("PROPN", "NUM")
            and tokens[run_last + 1].dep != "appos"
        ):
            run_last += 1
        candidates = (
            chunk,
            parse.text[tokens[run_first].start : tokens[run_last].end],
            parse.text[tokens[first].start : tokens[last].end],
        )
        for candidate in candidates:
            if self.outlet_domain(candidate) is not None or normalise_outlet(candidate) in KNOWN_OUTLETS:
                return True
        names = [k for k in range(run_first, run_last + 1) if tokens[k].pos == "PROPN"]
        return len(names) >= 2 and tokens[names[-1]].lower in OUTLET_NAME_WORDS

    def anonymity(self, parse: Parse, head: int, first: int, last: int, cue: int) -> str | None:
        """The reason given for not naming the source, from its phrase or the cue's sentence."""
        sentence = parse.tokens[cue].sent
        s_first = next(t.i for t in parse.tokens if t.sent == sentence)
        s_last = max(t.i for t in parse.tokens if t.sent == sentence)
        start, end = parse.span(s_first, s_last)
        window = parse.text[start:end]
        # "Reuters reported, citing people familiar with ...": the outlet is named, the people it cites are not.
        relayed = [
            parse.span(*parse.subtree(t.i))
            for t in parse.tokens[s_first : s_last + 1]
            if t.lower in ("citing", "quoting")
        ]
        for pattern in (ANONYMITY, MORE_ANONYMITY):
            match = next(
                (
                    m
                    for m in pattern.finditer(window)
                    if not any(a <= start + m.start() < b for a, b in relayed)
                ),
                None,
            )
            if match is None:
                continue
            if re.match(r"(?i)(an?\s+|the\s+)?(unnamed|unidentified|anonymous)", match.group()):
                return match.group()
            tail = _REASON_TAIL.match(window[match.end() :])
            reason = match.group() + (tail.group() if tail else "")
            return reason.strip()
        return None
