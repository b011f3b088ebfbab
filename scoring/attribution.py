"""Classifies how a sentence is attributed: on the record, another outlet, anonymous, hedged or not at all.

The analysis is rule-based and runs over word tokens with character offsets:

* reporting cues: a closed list of reporting verbs ("said", "told", "found", "wrote" ...) and the
  phrases "according to" and "(as) reported by";
* the source of each cue: the noun phrase left of the verb ("Human Rights Watch said"), or right of
  it after a quotation or comma ("..., said the source"), or after "according to"; a noun phrase is a
  run of capitalised words, known role/organisation/document nouns and determiners, with prepositional
  tails ("a spokesman for the ministry", "people familiar with the matter") and appositives
  ("Smith, a spokesman for Y,");
* the kind of each source: an outlet (alias map, then outlet-like name words), anonymous (generic heads
  such as "source", "official", "residents" with no name), or on the record (a name, an institution,
  a document, or a personal pronoun standing for an earlier name);
* hedges ("reportedly", "is believed to", "it is understood") and anonymity phrases ("on condition of
  anonymity", "sources close to") found by regular expressions.

When several sources apply, the strongest explicit one wins: on_record > media_report > anonymous; a
hedge alone gives ``hedged``. The lists are written from general news-writing conventions.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

AttributionKind = Literal["on_record", "media_report", "anonymous", "hedged", "unattributed"]
SourceKind = Literal["on_record", "media_report", "anonymous"]

# Strength order used when several sources apply to one text: an explicit named source is the most
# checkable, another outlet's report can be traced, an anonymous one cannot.
_KIND_RANK: Mapping[str, int] = MappingProxyType({"on_record": 3, "media_report": 2, "anonymous": 1})

_CASELESS_NAME_TOKENS = 4  # in all-lowercase input a name is at most this many tokens, "john paul smith jr"
_PAREN_TOKENS = 8  # a parenthetical inside a source, "(R-Wis.)", "(D)", is short
_UNKNOWN_MODIFIERS = 2  # lowercase words of unknown class allowed between a determiner and the head
# Endings of nouns for people and groups ("speechwriters", "economist", "republicans"); an unknown head
# without one is more likely an adjective.
_AGENT_SUFFIXES = ("s", "er", "or", "ist", "ian", "man", "men")
_RELATIVE_CLAUSE_TOKENS = 10  # "who asked not to be named by the ministry" fits in this many tokens


@dataclass(frozen=True, slots=True)
class Cue:
    text: str
    start: int  # character offsets into the analysed text; text[start:end] == cue.text
    end: int
    category: str  # reporting_verb, according_to, anonymous_source, hedge, media_outlet, quote, document


@dataclass(frozen=True, slots=True)
class Attribution:
    kind: AttributionKind
    attributed_to: str | None
    source_start: int | None
    source_end: int | None
    cues: tuple[Cue, ...]
    cited_outlet_domain: str | None


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


# --- lexicon -------------------------------------------------------------------------------------


def _forms(*groups: str) -> frozenset[str]:
    return frozenset(word for group in groups for word in group.split())


# Verbs of speech, writing and finding: their subject is the source of the reported content.
REPORTING_VERBS = _forms(
    "say says said saying tells told telling add adds added adding note notes noted noting",
    "write writes wrote writing claim claimed claiming argue argues argued arguing",
    "report reports reported reporting announce announces announced announcing stated",
    "explain explains explained explaining insist insists insisted insisting warn warns warned warning",
    "confirm confirms confirmed confirming deny denies denied denying acknowledge acknowledges",
    "acknowledged acknowledging admit admits admitted admitting suggest suggests suggested suggesting",
    "declare declares declared declaring assert asserts asserted asserting contend contends contended",
    "maintain maintains maintained predict predicts predicted predicting estimate estimated",
    "finds found show shows showed shown reveal reveals revealed revealing disclose discloses",
    "disclosed recall recalls recalled recalling respond responds responded responding reply replies",
    "replied replying agree agrees agreed continues continued emphasize",
    "emphasizes emphasized emphasise emphasised stress stresses stressed stressing tweeted tweeting",
    "allege alleges alleged complain complains complained complaining concede concedes conceded",
    "observe observes observed remark remarked mention mentions mentioned indicate indicates indicated",
    "believe believes believed urge urges urged urging accuse accuses accused",
    "accusing describe describes described describing cite cites cited citing promise promises",
    "promised promising pledge pledges pledged pledging vow vows vowed testify testifies testified",
    "conclude concludes concluded speculate speculated counter countered retort retorted quip quipped",
    "joke joked boast boasts boasted caution cautioned hint hinted repeat repeated reiterate reiterates",
    "reiterated lament lamented plead pleaded proclaim proclaimed remind reminded shout shouted",
    "tout touts touted touting echo echoed wonder wondered confess confessed posted",
    "writes argue insists predicts speaks spoke speaking talk talks talked refer",
    "refers referred referring outlined outlines detailed highlighted highlights addressed",
)
# Verbs of stance and intent ("X supports", "X called for"): PolNeAR counts them as attributions, but a
# claim such as "the senator opposed the bill" is a fact about the senator, not reported speech, so
# ``Attributor.attribute`` does not let them decide a text's kind.
STANCE_VERBS = _forms(
    "supports supporting oppose opposes opposed opposing endorse endorses endorsed",
    "reject rejects rejected rejecting condemn condemns condemned condemning decline declines declined",
    "rules ruled defend defends defended defending demand demands demanded demanding encourage",
    "encourages encouraged encouraging offer offers offered offering decide decides decided discuss",
    "discussed discussing admire admires admired refuse refuses refused",
    "understand understands understood view views viewed",
    "liken likens likened publish publishes published releases released propose proposes",
    "proposed proposing fear fears feared worry worries worried",
    "praise praises praised praising criticize criticizes criticized criticizing criticise criticised",
    "attacked attacking blast blasts blasted slam slams slammed question questioned",
    "questioning recommend recommends recommended call calls called calling pointed blamed blames",
    "blame insisting threaten threatens threatened threatening dismissed dismisses dismiss",
    "ask asks asked asking voted unveil unveils unveiled railed rails",
    "acknowledging applauded welcomed welcomes welcome denounced denounce denounces slammed vowing",
)
# Verbs that open an inverted attribution: '"...," said the minister.'
INVERTIBLE_VERBS = _forms(
    "said says added wrote asked continued noted explained recalled replied declared tweeted reported",
    "insisted warned argued countered concluded observed remarked acknowledged stated writes adds",
)
# Verbs that take a source only as subject, never inverted, and read as nouns after a determiner.
PARTICIPLE_CUES = _forms(
    "saying adding noting arguing claiming citing warning insisting suggesting urging calling",
    "explaining stressing describing accusing promising pledging asserting telling asking vowing",
    "questioning defending demanding encouraging offering criticizing praising threatening",
)
AUXILIARIES = _forms(
    "also later previously has have had would will could may might once repeatedly recently then first",
    "further already often publicly privately earlier again still just flatly quickly explicitly",
    "frequently did does do not never has long simply even initially originally separately openly",
    "reportedly allegedly apparently",
)
PERSONAL_PRONOUNS = _forms("he she they i we it")  # not "you": "you know" is a filler, "you want" generic
RELATIVE_PRONOUNS = _forms("who which")
DETERMINERS = _forms(
    "the a an another this these those some many several other most few both all his her their its our",
    "my two three four five six seven eight nine ten dozens hundreds thousands numerous various multiple",
    "one any each no more",
)
NAME_PARTICLES = _forms("of for and & de van von der den al bin ibn la le da du del dos y el")
# Function words and other tokens that end a noun phrase even when capitalised at a sentence start.
BOUNDARY_WORDS = _forms(
    "and or but nor so yet because since although though while whereas if unless when whenever where",
    "after before until as than that whether what why how is are was were be been being am do does did",
    "has have had will would can could should may might must shall to in on at by with from into onto",
    "about over under between through during without within upon against among across toward towards",
    "not no never also only just even still then there here now today yesterday tomorrow however",
    "meanwhile moreover furthermore instead indeed thus hence otherwise later earlier once again",
    "monday tuesday wednesday thursday friday saturday sunday said says say told asked added",
    "last next this week month year ago he she they it we i you him them us me who whom whose which",
    "mr mrs",
)
# Lowercase heads of a source noun phrase, by kind.
ANONYMOUS_HEADS = _forms(
    "source sources official officials aide aides insider insiders person people someone somebody",
    "witness witnesses eyewitness eyewitnesses resident residents staffer staffers adviser advisers",
    "advisor advisors diplomat diplomats spokesman spokeswoman spokesperson spokesmen spokeswomen",
    "analyst analysts expert experts critic critics observer observers operative operatives ally allies",
    "associate associates confidant confidants protester protesters protestor protestors demonstrator",
    "demonstrators employee employees worker workers investigator investigators member members activist",
    "activists neighbor neighbors neighbour neighbours relative relatives friend friends some many others",
    "several strategist strategists consultant consultants onlookers onlooker whistleblower",
    "whistleblowers officers officer lawmakers insiders",
)
# Roles that, with "the" and no name, still point at one identifiable person ("the president said").
ROLE_HEADS = _forms(
    "president governor senator mayor minister secretary chairman chairwoman chair director chief ceo",
    "prosecutor judge justice commissioner ambassador premier chancellor king queen prince pope",
    "candidate nominee congressman congresswoman speaker leader manager administrator founder author",
    "lawyer attorney economist researcher scientist professor doctor general commander sheriff coach",
    "president-elect governor-elect host anchor executive",
)
INSTITUTION_HEADS = _forms(
    "police government ministry army military campaign agency department committee company group",
    "organization organisation council court administration office commission party union authority",
    "authorities firm university institute foundation board bureau service services coalition embassy",
    "white house pentagon network newspaper paper magazine station outlet team staff camp family",
)
DOCUMENT_HEADS = _forms(
    "report reports study studies poll polls survey surveys statement statements data analysis document",
    "documents memo letter filing filings complaint lawsuit records record figures estimates estimate",
    "ruling indictment transcript audit review investigation census research paper findings website",
    "release tweet post video footage budget ad ads clip book article column editorial piece email",
    "emails speech message plan proposal bill law legislation resolution order platform",
)
# Lowercase words that modify a source head ("senior administration official").
MODIFIER_WORDS = _forms(
    "senior junior former top chief deputy local federal state regional national foreign defense",
    "defence security intelligence military police government campaign press communications public",
    "high-ranking senior-level anonymous unnamed unidentified independent new recent latest annual",
    "democratic republican conservative liberal white house administration retired acting vice",
    "presidential congressional party election health legal medical economic financial health",
    "u.s. american british iraqi european international internal official",
)
OUTLET_NAME_WORDS = _forms(
    "news times post tribune tv television agency herald gazette journal press telegraph guardian",
    "observer chronicle daily magazine radio network broadcasting broadcaster channel newspaper wire",
    "reporter examiner inquirer courier dispatch bulletin star sun mirror express independent review",
    "standard mail record register sentinel monitor economist insider beacon",
)
KNOWN_OUTLETS = frozenset(
    {
        "reuters", "associated press", "ap", "afp", "agence france-presse", "cnn", "bbc", "nbc", "abc",
        "cbs", "fox", "msnbc", "bloomberg", "politico", "axios", "al jazeera", "breitbart", "buzzfeed",
        "huffpost", "huffington post", "vox", "slate", "npr", "pbs", "cnbc", "vice", "the hill",
        "propublica", "yahoo", "xinhua", "tass", "interfax", "ria novosti", "sky", "itv", "dpa",
        "efe", "ansa", "kyodo", "yonhap", "alsumaria", "rudaw", "al arabiya", "euronews",
    }
)  # fmt: skip
ABBREVIATIONS = _forms(
    "mr mrs ms dr sen rep gov lt gen col sgt capt rev st jr sr prof pres maj adm cmdr inc corp co ltd",
    "vs no dept gov't sens reps",
)
QUOTE_CHARS = frozenset('"“”«»„')
_BE_VERBS = _forms("is are was were be been being get got gets 's ’s")
_WEEKDAYS = _forms("monday tuesday wednesday thursday friday saturday sunday")
# Time phrases that sit between a source and its verb: "Smith on Tuesday said", "who in 2010 said".
_TIME_WORDS = _WEEKDAYS | _forms("today yesterday tonight morning afternoon evening night earlier later")
_CONJUNCTIONS = _forms("and but or yet")
_SENTENCE_ENDS = frozenset({".", "!", "?", ";", ":", "\n"}) | QUOTE_CHARS
_QUOTE_DASHES = frozenset({"―", "—", "–", "--"})
_PLURALISABLE_HEADS = ROLE_HEADS | INSTITUTION_HEADS
_NAMED_KIND_HEADS = DOCUMENT_HEADS | INSTITUTION_HEADS  # "a study found", "a court ruled": identifiable
# Labels that open a line with a colon but do not name a speaker.
_COLON_LABELS = _forms(
    "update note photo video watch read editor's breaking exclusive related see listen q a"
)
_HEADLINE_NAME_TOKENS = 4  # "Sanders:", "Sen. Elizabeth Warren:" -- a speaker label is a short name
_NOUN_MARKERS = _forms("the a an this these those his her their its our my 's of")
_PREPOSITIONS = _forms("of for at from with by in on")
# Closed-class words and verbs: never the unknown head or modifier of a source phrase.
_NOT_NOUNS = (
    BOUNDARY_WORDS
    | _PREPOSITIONS
    | NAME_PARTICLES
    | DETERMINERS
    | REPORTING_VERBS
    | STANCE_VERBS
    | AUXILIARIES
)
_TWO_WORD_PREPOSITIONS = frozenset({("close", "to"), ("familiar", "with"), ("acquainted", "with")})

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., D.C.
    r"|[^\W_](?:[^\W_]|['’\-&.](?=[^\W_]))*"  # words, with internal apostrophes, hyphens, dots
    r"|\n"  # kept as a token: a line break ends a headline or paragraph
    r"|\S",
)
_HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|apparently|rumou?r(?:s|ed|ing)?"
    r"|(?:unconfirmed|unverified)\s+(?:reports?|claims?|accounts?)"
    r"|(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+(?:widely\s+)?"
    r"(?:believed|thought|understood|said|alleged|reported|claimed|rumou?red|suspected)\s+to"
    r"|it\s+(?:is|was|has\s+been)\s+(?:widely\s+)?(?:understood|believed|thought|alleged|reported|claimed|rumou?red)"
    r"|claims?\s+(?:have\s+|has\s+)?circulat\w*|circulating\s+(?:claims|reports|rumou?rs)"
    r"|according\s+to\s+(?:media\s+|local\s+|press\s+|unconfirmed\s+)?reports"
    r"|(?:media\s+|press\s+|news\s+)?reports\s+(?:say|said|suggest(?:ed)?|indicate[ds]?|claim(?:ed)?)"
    r"|the\s+alleged)\b",
    re.IGNORECASE,
)
_ANONYMITY = re.compile(
    r"\b(?:on\s+(?:the\s+)?condition\s+of\s+anonymity"
    r"|(?:speaking|spoke|speak)\s+anonymously"
    r"|(?:asked|requested|declined)\s+not\s+to\s+be\s+(?:named|identified)"
    r"|(?:declined|refused)\s+to\s+be\s+(?:named|identified)"
    r"|on\s+(?:the\s+)?condition\s+(?:that\s+)?(?:he|she|they|it)\s+(?:not\s+be|was\s+not|were\s+not)\s+"
    r"(?:named|identified)"
    r"|not\s+authori[sz]ed\s+to\s+(?:speak|talk|comment)"
    r"|(?:sources?|people|persons?|those|officials?)\s+(?:close|familiar|acquainted)\s+(?:to|with)"
    r"|(?:an?\s+|the\s+)?(?:unnamed|unidentified|anonymous)\s+\w+)\b",
    re.IGNORECASE,
)
_RECIPIENT_OPENERS = (
    ("told",),
    ("tells",),
    ("telling",),
    ("interview", "with"),
    ("speaking", "to"),
    ("speaking", "with"),
    ("spoke", "to"),
    ("spoke", "with"),
    ("statement", "to"),
    ("said", "to"),
    ("talking", "to"),
)


# --- tokens --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tokens:
    text: str
    words: tuple[str, ...]
    lower: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    is_caseless: bool

    def __len__(self) -> int:
        return len(self.words)

    def span(self, first: int, last: int) -> tuple[int, int]:
        return self.starts[first], self.ends[last]


def _tokenise(text: str) -> _Tokens:
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _TOKEN.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        # "Mr." and "D." keep their dot so that it is not read as a sentence end.
        if word == "." and words and ends[-1] == start:
            previous = words[-1]
            if previous.lower() in ABBREVIATIONS or (len(previous) == 1 and previous.isupper()):
                words[-1] = text[starts[-1] : end]
                ends[-1] = end
                continue
        words.append(word)
        starts.append(start)
        ends.append(end)
    lower = tuple(w.lower() for w in words)
    return _Tokens(
        text=text,
        words=tuple(words),
        lower=lower,
        starts=tuple(starts),
        ends=tuple(ends),
        is_caseless=not any(c.isupper() for c in text),
    )


def _bare(word: str) -> str:
    """The word without a possessive ending or abbreviation dot."""
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word.rstrip(".")


def _is_word(word: str) -> bool:
    return word[:1].isalnum()


def _is_capitalised(tokens: _Tokens, i: int) -> bool:
    word = tokens.words[i]
    if not _is_word(word):
        return False
    if tokens.is_caseless:
        return tokens.lower[i] not in BOUNDARY_WORDS and tokens.lower[i] not in REPORTING_VERBS
    return (word[0].isupper() or word[0].isdigit()) and _bare(tokens.lower[i]) not in BOUNDARY_WORDS


def _is_known_noun(lower: str) -> bool:
    bare = _bare(lower)
    if bare.endswith("s") and len(bare) > 3 and bare[:-1] in _PLURALISABLE_HEADS:
        bare = bare[:-1]  # "attorneys", "governors", "campaigns"
    return (
        bare in ANONYMOUS_HEADS
        or bare in ROLE_HEADS
        or bare in INSTITUTION_HEADS
        or bare in DOCUMENT_HEADS
        or bare in MODIFIER_WORDS
    )


# --- noun phrases --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Phrase:
    first: int  # token indices, inclusive
    last: int
    head: int
    name_first: int  # the name part: the whole phrase unless an appositive was attached
    name_last: int


def _parenthetical_start(tokens: _Tokens, close: int) -> int | None:
    for k in range(close - 1, max(-1, close - _PAREN_TOKENS), -1):
        if tokens.words[k] == "(":
            return k
        if tokens.words[k] in (")", ";", "\n"):
            return None
    return None


def _chunk_left(tokens: _Tokens, last: int) -> tuple[int, int] | None:
    """(first, head) of the simple noun chunk ending at token ``last``, scanning leftwards."""
    end = last
    if tokens.words[end] == ")":
        opened = _parenthetical_start(tokens, end)
        if opened is None or opened == 0:
            return None
        end = opened - 1
    if end < 0:
        return None
    lower = tokens.lower[end]
    head_is_named = _is_capitalised(tokens, end)
    head_is_known = _is_known_noun(lower)
    if not head_is_named and not head_is_known:
        # An unknown lowercase head ("speechwriters") needs a determiner: "two ... speechwriters".
        if not _is_word(lower) or lower in _NOT_NOUNS:
            return None
        if not lower.endswith(_AGENT_SUFFIXES):
            return None  # "the biggest decline", "a very important rule": an adjective, so the verb is a noun
    first = end
    pending: list[int] = []  # unknown lowercase words waiting for a determiner to confirm them
    k = end - 1
    found_anchor = head_is_named or head_is_known
    while k >= 0:
        word, low = tokens.words[k], tokens.lower[k]
        if low in DETERMINERS and low not in ("that", "this") or low == "the":
            first = k
            found_anchor = True
            pending.clear()
            break
        if _is_capitalised(tokens, k) or _is_known_noun(low):
            first = min([k, *pending])
            pending.clear()
            found_anchor = True
            k -= 1
            continue
        if (
            low in NAME_PARTICLES
            and k > 0
            and _is_capitalised(tokens, k - 1)
            and _is_capitalised(tokens, k + 1)
            and not tokens.is_caseless
        ):
            k -= 1
            continue
        if word in ("-", "–") and k > 0 and _is_word(tokens.words[k - 1]):
            k -= 1
            continue
        if (
            _is_word(word)
            and low not in _NOT_NOUNS
            and not word[0].isupper()
            and len(pending) < _UNKNOWN_MODIFIERS
            and not tokens.is_caseless
        ):
            pending.append(k)
            k -= 1
            continue
        break
    if tokens.is_caseless and end - first + 1 > _CASELESS_NAME_TOKENS:
        first = end - _CASELESS_NAME_TOKENS + 1
    if not found_anchor:
        return None
    if not head_is_named and not head_is_known and first == end:
        return None
    return first, end


def _phrase_left(tokens: _Tokens, last: int) -> _Phrase | None:
    """The source phrase ending at ``last``: a chunk, its prepositional tails, a name before an appositive."""
    chunk = _chunk_left(tokens, last)
    if chunk is None:
        return None
    first, head = chunk
    final = last
    # Prepositional tails: "a spokesman for | the ministry", "sources close to | the minister".
    while first >= 2:
        before = tokens.lower[first - 1]
        step = 1
        if (tokens.lower[first - 2], before) in _TWO_WORD_PREPOSITIONS:
            step = 2
        elif before not in _PREPOSITIONS:
            break
        if first - step - 1 < 0:
            break
        outer = _chunk_left(tokens, first - step - 1)
        if outer is None:
            break
        outer_head = tokens.lower[outer[1]]
        if not (_is_known_noun(outer_head) or _is_capitalised(tokens, outer[1])):
            break
        first, head = outer[0], outer[1]
    name_first, name_last = first, final
    # Appositive: "Smith, a spokesman for Y, said" -> the source is the whole, the name is "Smith".
    if tokens.lower[first] in ("a", "an", "the") and first >= 2 and tokens.words[first - 1] == ",":
        name = _chunk_left(tokens, first - 2)
        if name is not None and _is_capitalised(tokens, name[1]) and not tokens.is_caseless:
            name_first, name_last = name[0], first - 2
            first, head = name[0], name[1]
    return _Phrase(first, final, head, name_first, name_last)


def _phrase_right(tokens: _Tokens, first: int, *, with_tails: bool) -> _Phrase | None:
    """The noun phrase starting at ``first``, scanning rightwards (inverted and "according to" sources)."""
    n = len(tokens)
    k = first
    if k < n and tokens.lower[k] in DETERMINERS:
        k += 1
    last = -1
    while k < n:
        word, low = tokens.words[k], tokens.lower[k]
        if low in DETERMINERS and last >= 0:
            break
        if _is_capitalised(tokens, k) or _is_known_noun(low):
            last = k
        elif low in NAME_PARTICLES and last >= 0 and k + 1 < n and _is_capitalised(tokens, k + 1):
            pass
        elif last == k - 1 and _is_word(word) and low.endswith(_AGENT_SUFFIXES) and low not in _NOT_NOUNS:
            last = k  # an unlisted head noun closing the phrase: "the ministry's chief engineer"
        elif word in ("-", "–") and last == k - 1:
            pass
        elif (
            _is_word(word)
            and low not in _NOT_NOUNS
            and k + 1 < n
            and (_is_capitalised(tokens, k + 1) or _is_known_noun(tokens.lower[k + 1]))
        ):
            pass  # an unknown modifier right before a name or known noun: "a conservative think tank"
        else:
            break
        if tokens.is_caseless and last >= 0 and last - first + 1 >= _CASELESS_NAME_TOKENS:
            break
        k += 1
    if last < 0:
        return None
    head = last
    if with_tails:
        while last + 2 < n and tokens.lower[last + 1] in _PREPOSITIONS | {"and"}:
            inner = _phrase_right(tokens, last + 2, with_tails=False)
            if inner is None:
                break
            last = inner.last
    if last + 1 < n and tokens.words[last + 1] == "(":
        for k in range(last + 2, min(n, last + 2 + _PAREN_TOKENS)):
            if tokens.words[k] == ")":
                last = k
                break
    return _Phrase(first, last, head, first, last)


# --- source kinds --------------------------------------------------------------------------------


def normalise_outlet(name: str) -> str:
    """Lowercase, no leading "the", no possessive, single spaces: the key form of the outlet alias map."""
    key = " ".join(name.lower().replace("’", "'").split())
    if key.endswith("'s"):
        key = key[:-2]
    if key.startswith("the "):
        key = key[4:]
    return key.strip(" .,")


def _outlet_domain(aliases: Mapping[str, str], name: str) -> tuple[bool, str | None]:
    """(is an outlet, its domain if the alias map knows it)."""
    key = normalise_outlet(name)
    if key in aliases:
        return True, aliases[key]
    words = key.split()
    # "Iraqi News correspondent" or "a report by the Daily Mail": try the trailing and leading word runs.
    for size in range(len(words) - 1, 0, -1):
        for part in (" ".join(words[-size:]), " ".join(words[:size])):
            if part in aliases:
                return True, aliases[part]
    if key in KNOWN_OUTLETS:
        return True, None
    return False, None


def _is_verb_position(tokens: _Tokens, i: int) -> bool:
    """False for a capitalised verb form inside a sentence: "the United States", "Fox News Reports"."""
    word = tokens.words[i]
    if tokens.is_caseless or word[:1].islower():
        return True
    return i == 0 or tokens.words[i - 1] in _SENTENCE_ENDS


def _skip_adverbials_left(tokens: _Tokens, j: int) -> int:
    """Index of the first token left of ``j`` that is not an auxiliary, adverb or time phrase."""
    while j >= 0:
        low = tokens.lower[j]
        if (
            low in AUXILIARIES
            or low in _TIME_WORDS
            or (low.endswith("ly") and len(low) > 4 and low.isalpha())
        ):
            j -= 1
        elif low in _BE_VERBS and j + 1 < len(tokens) and tokens.lower[j + 1].endswith("ing"):
            j -= 1  # "is stressing"
        elif (
            low in ("on", "in")
            and j + 1 < len(tokens)
            and (tokens.lower[j + 1] in _TIME_WORDS or tokens.words[j + 1].isdigit())
        ):
            j -= 1
        elif (
            tokens.words[j].isdigit() and len(tokens.words[j]) == 4 and j > 0 and tokens.lower[j - 1] == "in"
        ):
            j -= 1  # "in 2010"
        else:
            break
    return j


def _sentence_start(tokens: _Tokens, i: int) -> int:
    k = i
    while k > 0 and tokens.words[k - 1] not in _SENTENCE_ENDS:
        k -= 1
    return k


def _clause_subject(tokens: _Tokens, i: int) -> _Phrase | None:
    """The subject noun phrase of the sentence holding token ``i``, with an appositive if one follows."""
    k = _sentence_start(tokens, i)
    while k < i:
        low = tokens.lower[k]
        if not _is_word(tokens.words[k]) or low in _CONJUNCTIONS or low in ("however", "meanwhile", "still"):
            k += 1
            continue
        if low in _PREPOSITIONS or low in BOUNDARY_WORDS and low not in PERSONAL_PRONOUNS:
            # A fronted adverbial, "In a statement, ...": the subject starts after its comma.
            comma = next((c for c in range(k, i) if tokens.words[c] == ","), None)
            if comma is None:
                return None
            k = comma + 1
            continue
        break
    if k >= i:
        return None
    if tokens.lower[k] in PERSONAL_PRONOUNS:
        return _Phrase(k, k, k, k, k)
    phrase = _phrase_right(tokens, k, with_tails=True)
    if phrase is None or phrase.last >= i:
        return None
    last = phrase.last
    after = last + 1
    if after < i and tokens.words[after] == ",":
        # "Smith, a spokesman for Y, said" and "Jones, 25, of Ashton, said": extend over the appositive.
        closing = next((c for c in range(after + 1, i) if tokens.words[c] == ","), None)
        if closing is not None:
            last = closing - 1
            appositive = _phrase_right(tokens, after + 1, with_tails=False)
            if (
                appositive is not None
                and appositive.last == closing - 1
                and not _is_capitalised(tokens, phrase.head)
                and _is_capitalised(tokens, appositive.head)
            ):
                # "The company's chief executive, John Smith, said": the name is the appositive.
                return _Phrase(phrase.first, last, appositive.head, appositive.first, appositive.last)
    return _Phrase(phrase.first, last, phrase.head, phrase.first, phrase.last)


def _before_relative_clause(tokens: _Tokens, j: int) -> _Phrase | None:
    """The phrase before a relative pronoun: "Officials who asked not to be named said"."""
    for k in range(j, max(-1, j - _RELATIVE_CLAUSE_TOKENS), -1):
        if tokens.words[k] in _SENTENCE_ENDS or tokens.words[k] == ",":
            return None
        if tokens.lower[k] == "who" and k > 0:
            return _phrase_left(tokens, k - 1)
    return None


class Attributor:
    """Finds attribution relations in text and classifies the text by its strongest source."""

    __slots__ = ("_aliases",)

    def __init__(self, outlet_aliases: Mapping[str, str] | None = None) -> None:
        self._aliases: Mapping[str, str] = MappingProxyType(
            {normalise_outlet(k): v for k, v in (outlet_aliases or {}).items()}
        )

    # public -----------------------------------------------------------------------------------

    def attribute(self, text: str) -> Attribution:
        """The attribution of ``text`` (a claim or passage; several sentences are fine)."""
        tokens = _tokenise(text)
        relations = [r for r in self._relations(tokens) if r.is_reported_speech]
        cues: list[Cue] = [r.cue for r in relations]
        candidates: list[tuple[SourceKind, str | None, int | None, int | None, str | None]] = []
        for index, relation in enumerate(relations):
            kind: SourceKind = relation.kind
            name, start, end = relation.name, relation.name_start, relation.name_end
            if relation.is_pronoun:
                kind, name, start, end = self._resolve_pronoun(relations[:index], relation)
            if relation.kind == "media_report" or kind == "media_report":
                domain = _outlet_domain(self._aliases, name or "")[1]
            else:
                domain = None
            candidates.append((kind, name, start, end, domain))
            if (
                relation.source is not None
                and relation.source_start is not None
                and relation.kind != "media_report"
            ):
                head = self._document_cue(tokens, relation)
                if head is not None:
                    cues.append(head)
        for outlet, start, end, domain in self._recipient_outlets(tokens):
            cues.append(Cue(outlet, start, end, "media_outlet"))
            candidates.append(("media_report", outlet, start, end, domain))
        for relation in relations:
            if relation.kind == "media_report" and relation.source_start is not None and relation.source:
                cues.append(
                    Cue(relation.source, relation.source_start, relation.source_end or 0, "media_outlet")
                )
        for match in _ANONYMITY.finditer(text):
            cues.append(Cue(match.group(), match.start(), match.end(), "anonymous_source"))
            if not any(c[0] == "anonymous" for c in candidates):
                candidates.append(("anonymous", match.group(), match.start(), match.end(), None))
        hedges = [Cue(m.group(), m.start(), m.end(), "hedge") for m in _HEDGE.finditer(text)]
        cues.extend(hedges)
        cues.extend(self._quotes(text))
        ordered = tuple(sorted(set(cues), key=lambda c: (c.start, c.end, c.category)))
        if candidates:
            best = max(candidates, key=lambda c: _KIND_RANK[c[0]])
            return Attribution(best[0], best[1], best[2], best[3], ordered, best[4])
        if hedges:
            return Attribution("hedged", None, None, None, ordered, None)
        return Attribution("unattributed", None, None, None, ordered, None)

    def relations(self, text: str) -> tuple[AttributionRelation, ...]:
        """Every (source, cue) relation in ``text``, in text order; pronoun sources are left unresolved."""
        return tuple(self._relations(_tokenise(text)))

    # relations --------------------------------------------------------------------------------

    def _relations(self, tokens: _Tokens) -> list[AttributionRelation]:
        found: list[AttributionRelation] = []
        n = len(tokens)
        # Verbs inside "asked not to be named" or "declined to be identified" are not reporting acts.
        shielded = [(m.start(), m.end()) for m in _ANONYMITY.finditer(tokens.text)]
        i = 0
        while i < n:
            low = tokens.lower[i]
            if low == "according" and i + 2 < n and tokens.lower[i + 1] == "to":
                phrase = _phrase_right(tokens, i + 2, with_tails=True)
                if phrase is not None:
                    cue = self._cue(tokens, i, i + 1, "according_to")
                    found.append(self._relation(tokens, cue, phrase, is_reported_speech=True))
                i += 2
                continue
            if low == "reported" and i + 2 < n and tokens.lower[i + 1] == "by":
                phrase = _phrase_right(tokens, i + 2, with_tails=False)
                if phrase is not None:
                    cue = self._cue(tokens, i, i + 1, "reporting_verb")
                    found.append(self._relation(tokens, cue, phrase, is_reported_speech=True))
                    i += 2
                    continue
            if low in _QUOTE_DASHES and i > 0 and tokens.words[i - 1] in QUOTE_CHARS and i + 1 < n:
                # '"..." ― Jane Doe': the signed-quote convention of reader comments and epigraphs.
                phrase = _phrase_right(tokens, i + 1, with_tails=False)
                if phrase is not None and _is_capitalised(tokens, phrase.head):
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

    def _colon_relation(self, tokens: _Tokens, i: int) -> AttributionRelation | None:
        """Headline convention "Sanders: Clinton must ...": a short name opening a line, then a colon."""
        start = _sentence_start(tokens, i)
        if i - start > _HEADLINE_NAME_TOKENS or (start > 0 and tokens.words[start - 1] != "\n"):
            return None
        if i + 1 >= len(tokens) or not (
            tokens.words[i + 1][:1].isupper() or tokens.words[i + 1] in QUOTE_CHARS
        ):
            return None
        phrase = _phrase_right(tokens, start, with_tails=False)
        if phrase is None or phrase.last != i - 1 or not _is_capitalised(tokens, phrase.head):
            return None
        if any(tokens.lower[k] in _COLON_LABELS for k in range(start, i)):
            return None
        return self._relation(tokens, self._cue(tokens, i, i, "quote"), phrase, is_reported_speech=True)

    def _verb_relation(
        self, tokens: _Tokens, i: int, earlier: list[AttributionRelation], *, is_reported_speech: bool
    ) -> AttributionRelation | None:
        low = tokens.lower[i]
        n = len(tokens)
        if not _is_verb_position(tokens, i):
            return None
        is_participle = low.endswith("ing")
        # "is said to", "was found", "were told": passive, not a reporting act with a subject source.
        if i > 0 and tokens.lower[i - 1] in _BE_VERBS and not is_participle:
            return None
        if i + 1 < n and tokens.lower[i + 1] == "by":
            return None
        j = _skip_adverbials_left(tokens, i - 1)
        if j < 0:
            return None
        cue = self._cue(tokens, j + 1, i, "reporting_verb")
        word_j, low_j = tokens.words[j], tokens.lower[j]
        if low_j in _NOUN_MARKERS or low_j.endswith(("'s", "’s")) or word_j[:1].isdigit():
            return None  # "the report", "Smith's claims", "the 9/11 attacks": a noun, not a verb
        speech = is_reported_speech
        if low_j in PERSONAL_PRONOUNS or low_j in RELATIVE_PRONOUNS:
            return self._relation(
                tokens, cue, _Phrase(j, j, j, j, j), is_pronoun=True, is_reported_speech=speech
            )
        if low_j in _CONJUNCTIONS or (low in PARTICIPLE_CUES and (low_j == "," or not _is_word(word_j))):
            return self._shared_subject(tokens, i, cue, earlier, is_reported_speech=speech)
        if not _is_word(word_j) and word_j != ")":
            if low in INVERTIBLE_VERBS and i + 1 < n:
                k = i + 1
                if tokens.lower[k] in PERSONAL_PRONOUNS:
                    return self._relation(
                        tokens, cue, _Phrase(k, k, k, k, k), is_pronoun=True, is_reported_speech=speech
                    )
                right = _phrase_right(tokens, k, with_tails=True)
                if right is not None:
                    return self._relation(tokens, cue, right, is_reported_speech=speech)
            if word_j == ",":
                subject = _clause_subject(tokens, i)
                if subject is not None:
                    # "Smith, a spokesman for Y, who ..., said": the source runs to the comma before the verb.
                    whole = _Phrase(subject.first, j - 1, subject.head, subject.name_first, subject.name_last)
                    return self._relation(tokens, cue, whole, is_reported_speech=speech)
            return None
        left = _phrase_left(tokens, j)
        if left is None:
            left = _before_relative_clause(tokens, j)
        if left is None:
            return None
        return self._relation(tokens, cue, left, is_reported_speech=speech)

    def _shared_subject(
        self,
        tokens: _Tokens,
        i: int,
        cue: Cue,
        earlier: list[AttributionRelation],
        *,
        is_reported_speech: bool,
    ) -> AttributionRelation | None:
        """The main clause's subject: "Smith said ..., adding that", "Smith met them and said"."""
        sentence = _sentence_start(tokens, i)
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
        subject = _clause_subject(tokens, i)
        if subject is None:
            return None
        is_pronoun = subject.first == subject.last and tokens.lower[subject.first] in PERSONAL_PRONOUNS
        if (
            not is_pronoun
            and not _is_capitalised(tokens, subject.head)
            and not _is_known_noun(tokens.lower[subject.head])
        ):
            return None
        return self._relation(
            tokens, cue, subject, is_pronoun=is_pronoun, is_reported_speech=is_reported_speech
        )

    def _cue(self, tokens: _Tokens, first: int, last: int, category: str) -> Cue:
        start, end = tokens.span(first, last)
        return Cue(tokens.text[start:end], start, end, category)

    def _relation(
        self,
        tokens: _Tokens,
        cue: Cue,
        phrase: _Phrase,
        *,
        is_pronoun: bool = False,
        is_reported_speech: bool,
    ) -> AttributionRelation:
        start, end = tokens.span(phrase.first, phrase.last)
        name_start, name_end = tokens.span(phrase.name_first, phrase.name_last)
        source = tokens.text[start:end]
        name = tokens.text[name_start:name_end]
        kind = "on_record" if is_pronoun else self._source_kind(tokens, phrase, source)
        return AttributionRelation(
            cue, source, start, end, kind, is_pronoun, is_reported_speech, name, name_start, name_end
        )

    def _source_kind(self, tokens: _Tokens, phrase: _Phrase, source: str) -> SourceKind:
        head_low = _bare(tokens.lower[phrase.head])
        name = tokens.text[tokens.starts[phrase.name_first] : tokens.ends[phrase.name_last]]
        if _outlet_domain(self._aliases, name)[0] or _outlet_domain(self._aliases, source)[0]:
            return "media_report"
        has_name_head = _is_capitalised(tokens, phrase.head) and head_low not in ANONYMOUS_HEADS
        if has_name_head:
            if self._looks_like_outlet(tokens, phrase):
                return "media_report"
            return "on_record"
        if head_low in ANONYMOUS_HEADS:
            return "anonymous"
        if tokens.lower[phrase.first] in ("a", "an", "one") and head_low not in _NAMED_KIND_HEADS:
            return "anonymous"  # "a senior minister said", "a trader said": a role, but no one named
        return "on_record"  # "the ministry", "the president", "a study": an identifiable source

    def _looks_like_outlet(self, tokens: _Tokens, phrase: _Phrase) -> bool:
        words = [
            tokens.lower[k]
            for k in range(phrase.name_first, phrase.name_last + 1)
            if _is_word(tokens.words[k])
        ]
        capitalised = [
            k for k in range(phrase.name_first, phrase.name_last + 1) if _is_capitalised(tokens, k)
        ]
        if not words or not capitalised:
            return False
        return (
            _bare(tokens.lower[capitalised[-1]]) in OUTLET_NAME_WORDS
            and len(capitalised) >= 2
            or (_bare(words[-1]) in KNOWN_OUTLETS)
        )

    def _document_cue(self, tokens: _Tokens, relation: AttributionRelation) -> Cue | None:
        start, end = relation.source_start, relation.source_end
        if start is None or end is None:
            return None
        for k in range(len(tokens)):
            inside = tokens.starts[k] >= start and tokens.ends[k] <= end
            if inside and tokens.words[k][:1].islower() and _bare(tokens.lower[k]) in DOCUMENT_HEADS:
                return Cue(tokens.words[k], tokens.starts[k], tokens.ends[k], "document")
        return None

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

    def _recipient_outlets(self, tokens: _Tokens) -> Iterator[tuple[str, int, int, str | None]]:
        """Outlets that a source spoke to: "told Reuters", "in an interview with the Daily Mail"."""
        n = len(tokens)
        for i in range(n):
            for opener in _RECIPIENT_OPENERS:
                size = len(opener)
                if i + size >= n or tuple(tokens.lower[i : i + size]) != opener:
                    continue
                phrase = _phrase_right(tokens, i + size, with_tails=False)
                if phrase is None:
                    continue
                start, end = tokens.span(phrase.first, phrase.last)
                name = tokens.text[start:end]
                is_outlet, domain = _outlet_domain(self._aliases, name)
                if is_outlet or self._looks_like_outlet(tokens, phrase):
                    yield name, start, end, domain

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
