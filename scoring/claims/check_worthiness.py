"""Whether a sentence is a factual claim worth checking, or a question, opinion, prediction, rhetoric,
greeting, heading or fragment; with the parse, predictions and imperatives are read from the main verb."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from scoring.text.canonical import normalise_text
from scoring.text.parse import Parse, Parser
from scoring.text.words import word_count

ClaimReason = Literal[
    "factual",
    "question",
    "opinion",
    "heading",
    "quoted_opinion",
    "too_short",
    "prediction",
    "rhetoric",
    "greeting",
]

_TERMINAL = ".!?…"
_CLOSERS = "\"'”’»)]"
_OPEN_QUOTES = "\"“«‘'"
# Fewer words than this cannot carry a checkable claim ("Mosul.", "Thank you.").
MIN_CLAIM_WORDS = 4
# An unpunctuated line this short reads as a heading, caption or slug, not as a sentence.
MAX_HEADING_WORDS = 14
_OPINION_MARKERS = re.compile(
    r"\b(?:I|we)\s+(?:think|believe|feel|hope|fear|suspect|guess|reckon)\b"
    r"|\bin\s+(?:my|our)\s+(?:view|opinion)\b"
    r"|\b(?:we|you|they|government|everyone)\s+(?:should|must|ought\s+to|need\s+to)\b"
    r"|\bit\s+is\s+time\s+(?:to|for)\b"
    r"|\b(?:shameful|disgraceful|outrageous|wonderful|terrible|awful|great|disgrace|shame|ridiculous|absurd"
    r"|appalling|unacceptable|scandalous|heartbreaking|brilliant|horrible|pathetic|despicable)\b"
    r"|\bit\s+(?:is|was|'s|’s)\s+(?:clear|obvious|time|high\s+time|wrong|right|sad|a\s+(?:pity|shame|disgrace|tragedy|scandal|travesty))\s+(?:that|to|for)\b"
    r"|\b(?:I|we)\s+(?:love|hate|am\s+proud|are\s+proud|am\s+sure|know)\b",
    re.IGNORECASE,
)
# Openings of greetings, thanks, sign-offs and reader prompts: page furniture of a draft, never a claim.
_GREETING = re.compile(
    r"^\W*(?:good\s+(?:morning|afternoon|evening|night)|hello|hi|dear|thank\s+you|thanks|welcome\s+(?:to|back)"
    r"|happy\s+\w+|merry\s+\w+|congratulations|sign\s+up|subscribe|follow\s+us|click|read\s+more"
    r"|best\s+wishes|see\s+you|cheers)\b",
    re.IGNORECASE,
)
# Credit lines, handles and markup that scraped articles carry.
_FURNITURE = re.compile(r"^\s*(?:\((?:reporting|editing|additional\s+reporting)\b|@\w|<\w+)", re.IGNORECASE)
# Without a parse: a future or conditional auxiliary with no reporting verb to make it an announcement.
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|'ll|’ll|is\s+going\s+to|are\s+going\s+to|(?:is|are)\s+(?:un)?likely\s+to"
    r"|(?:is|are)\s+expected\s+to|(?:could|may|might)(?!\s+have))\b",
    re.IGNORECASE,
)
_FUTURE_AUXILIARIES = frozenset({"will", "wo", "shall", "'ll", "’ll", "could", "may", "might"})
# Case-sensitive on purpose: "US" is a country, "us" a pronoun.
_FIRST_OR_SECOND_PERSON = re.compile(
    r"\b(?:I|I'm|I’m|[Mm]e|[Mm]y|[Ww]e|[Ww]e're|[Ww]e’re|us|[Oo]ur|[Yy]ou|[Yy]our)\b"
)
_DIGIT = re.compile(r"\d")
_QUOTATION = re.compile(r"[\"“«]([^\"“”«»]+)[\"”»]")
_REPORTING_CLAUSE = re.compile(r"\b(?:said|says|told|reported|according)\b", re.IGNORECASE)
# A sentence that is mostly quotation ("…," she said) is judged by what the quotation says.
QUOTE_SHARE_FOR_QUOTATION = 0.6
# A sentence that opens with a quotation is quoted speech when the quotation is this share of it or more
# (a long speaker description after the quote: '"...," said X, a fellow at Y who ran Z').
QUOTED_SPEECH_SHARE = 0.4


def classify_sentence(text: str, parse: Parse | None = None) -> ClaimReason:
    """Why a sentence is, or is not, a factual claim worth checking; rules, cheapest first.

    With ``parse`` (the sentence's dependency parse) predictions and imperatives are read from the
    main verb; without one, from the words.
    """
    body = text.strip()
    words = word_count(body)
    if words < MIN_CLAIM_WORDS:
        return "too_short"
    if _FURNITURE.match(body):
        return "heading"
    if _GREETING.match(body):
        return "greeting"
    unquoted = body.rstrip(_CLOSERS + " ")
    if unquoted.endswith("?"):
        return "question"
    if unquoted.endswith("!") and not _DIGIT.search(body):
        return "rhetoric"
    if not unquoted or unquoted[-1] not in _TERMINAL + ":;":
        if words <= MAX_HEADING_WORDS and not _REPORTING_CLAUSE.search(body):
            return "heading"
    quoted = _quoted_text(body)
    opens_with_quote = body[:1] in _OPEN_QUOTES or body.startswith("''")
    if quoted and opens_with_quote and len(quoted) >= QUOTED_SPEECH_SHARE * len(body):
        # '"...," said X': a quotation with no figure in it is how a speaker sounds, rarely something a
        # record can check; fragments quoted inside a reporter's sentence are judged with the sentence.
        if _OPINION_MARKERS.search(quoted) or not _DIGIT.search(quoted):
            return "quoted_opinion"
    elif quoted and len(quoted) >= QUOTE_SHARE_FOR_QUOTATION * len(body):
        if _OPINION_MARKERS.search(quoted) or (
            _FIRST_OR_SECOND_PERSON.search(quoted) and not _DIGIT.search(quoted)
        ):
            return "quoted_opinion"
    elif _OPINION_MARKERS.search(body) and not _DIGIT.search(body):
        return "opinion"
    if parse is not None:
        return _reason_from_parse(parse)
    if _FUTURE.search(body) and not _REPORTING_CLAUSE.search(body):
        return "prediction"
    return "factual"


def _reason_from_parse(parse: Parse) -> ClaimReason:
    """Predictions and imperatives, read from the first sentence's main verb."""
    root = next((t for t in parse.tokens if t.dep == "ROOT"), None)
    if root is None:
        return "factual"
    children = [parse.tokens[k] for k in parse.children[root.i]]
    if root.tag == "VB" and not any(c.dep in ("nsubj", "nsubjpass", "expl", "aux") for c in children):
        first_word = next((t for t in parse.tokens if t.pos != "PUNCT"), None)
        if first_word is not None and first_word.i == root.i:
            return "rhetoric"  # "Practice kindness", "Vote early": an imperative
    passive = any(c.dep in ("auxpass", "nsubjpass") for c in children)
    if root.lower in _REPORTING_ROOTS and not passive:
        return "factual"  # "The ministry said it will ...": an announcement is checkable
    # The main verb and the verbs conjoined with it: "is pulling even and may surpass coal".
    verbs = [root, *(c for c in children if c.dep == "conj" and c.pos in ("VERB", "AUX"))]
    auxiliaries = [
        parse.tokens[k] for v in verbs for k in parse.children[v.i] if parse.tokens[k].dep == "aux"
    ]
    future = any(a.lower in _FUTURE_AUXILIARIES for a in auxiliaries)
    has_perfect = any(a.lower in ("have", "has") for a in auxiliaries)
    # "Prices are expected to rise" (nobody expects it on the record), "Prices are likely to rise".
    expected = (
        root.lower in ("expected", "likely", "set", "poised", "going")
        and any(c.dep in ("xcomp", "auxpass") for c in children)
    ) or any(c.dep == "acomp" and c.lower in ("likely", "unlikely") for c in children)
    if (future and not has_perfect) or expected:
        return "prediction"
    return "factual"


# Main verbs that make a sentence's future an announcement by someone: "said it will", "announced".
_REPORTING_ROOTS = frozenset(
    "said says say told tells announced announces confirmed added wrote reported pledged promised vowed "
    "warned predicted expects expected".split()
)


def _quoted_text(text: str) -> str:
    """The text inside double quotation marks (straight, curly or guillemets), joined."""
    return " ".join(m.group(1) for m in _QUOTATION.finditer(text))


def classify_sentences(texts: Sequence[str], parser: Parser | None = None) -> list[ClaimReason]:
    """``classify_sentence`` for many sentences, parsing in one batch only those the text rules leave open."""
    reasons = [classify_sentence(text) for text in texts]
    if parser is None:
        return reasons
    open_rows = [i for i, reason in enumerate(reasons) if reason in ("factual", "prediction")]
    # The text attribution will read (normalised), so that a caching parser parses each sentence once.
    parses = parser.parse_many([normalise_text(texts[i]) for i in open_rows])
    for i, parse in zip(open_rows, parses, strict=True):
        reasons[i] = classify_sentence(texts[i], parse)
    return reasons
