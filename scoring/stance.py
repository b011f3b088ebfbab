"""Decides whether a corpus passage supports, contradicts or is merely related to a claim, and why.

A conflict counts only when both sides speak of the same thing: two quantities must count the same noun
(or share their surrounding words), two dates must sit among shared words, and a negated predicate must
appear un-negated on the other side. Among several candidates on the passage side the best-aligned one
(most shared context) is compared, so "15 killed and 40 injured" answers a claim about the injured with 40.
Paraphrases are also aligned word by word: a figure, date or predicate whose neighbouring words match the
other side's ("fined _ for", "killed _ kids") sits in the same slot and is paired even when no counted
noun or wider context says so; and a claim's sum of money that matches none of the passage's disagrees.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, TypeVar

from scoring import dates, negation, quantities

StanceLabel = Literal["supports", "contradicts", "related"]
ConflictKind = Literal["number", "date", "negation", "actor"]

# Words either side of a mention that describe what it is about, within its sentence. Twelve covers a news
# clause with its attribution ("... died at the age of 94, his office said on Friday").
CONTEXT_WINDOW_WORDS = 12
# A quantity with no counted noun ("the toll rose to 15") must share this many context words with the
# other side's quantity to be read as the same figure.
BARE_QUANTITY_MIN_SHARED = 2
# A date or a negated predicate must share this many context words with its counterpart: one shared word
# ("study") let a claim's "2003" meet an unrelated "2010" in CLIMATE-FEVER dev pairs; two rarely do.
DATE_MIN_SHARED = 2
NEGATION_MIN_SHARED = 2
# Shared counted nouns weigh more than shared surrounding words when choosing the counterpart.
COUNTED_NOUN_WEIGHT = 3
# A mention whose neighbouring words match the other side's word for word ("fined _ for", "killed _ kids")
# sits in the same slot of a paraphrase: it outranks any pairing by counted noun or loose context.
ALIGNED_SLOT_WEIGHT = 10
# How many matching content words next to the slot make it aligned; one already ties the slot to its verb
# or noun ("killed _", "_ children") once function words and mentions are matched around it too.
ALIGNED_MIN_CONTENT = 1
# Words matching only after the slot must be this many: one is the counted noun itself ("_ soldiers"), which
# does not say which of a story's figures is meant.
ALIGNED_AFTER_ONLY_MIN = 2

_T = TypeVar("_T")
# Words news copy uses interchangeably for what a figure counts or what happened to it, read as one word
# when matching context and counted nouns ("15 kids" and "15 children", "20 dead" and "20 killed").
# Written from general news usage; each group maps to its first member's lemma.
_EQUIVALENT_WORDS: tuple[tuple[str, ...], ...] = (
    ("child", "kid", "minor", "youngster", "juvenile"),
    ("person", "individual", "resident", "inhabitant"),
    ("soldier", "troop", "serviceman", "servicemen", "servicemember"),
    ("militant", "insurgent"),
    ("die", "kill", "fatality", "slain", "perish"),
    ("injure", "wound", "hurt", "injury"),
    ("arrest", "detain", "apprehend"),
    ("house", "home", "dwelling", "residence", "household"),
    ("migrant", "immigrant"),
    ("police", "officer", "policeman", "policemen", "cop"),
    ("doctor", "physician", "medic"),
    ("student", "pupil", "schoolchild", "schoolchildren"),
    ("car", "vehicle", "automobile"),
    ("company", "firm", "corporation"),
    ("vote", "ballot"),
    ("rise", "increase", "grow", "climb", "jump", "surge", "soar"),
    ("fall", "decrease", "drop", "decline", "plunge", "shrink", "slump"),
)
# Counted nouns too general to identify a figure on their own.
_GENERIC_COUNTED = frozenset({"person", "man", "woman", "time", "thing", "case", "other"})
# Units whose figures a claim and a passage on the same story rarely state more than one of, so that a
# claim's sum that matches none of the passage's is contradicted. Percentages are left out: science and
# economics copy cites several shares per sentence (CLIMATE-FEVER dev pairs doubled their false conflicts).
_TIE_UNITS = frozenset({"$", "£", "€", "¥", "₹"})
_CLAUSE_BREAK_RE = re.compile(r"[;()]")
_CLAUSE_WORDS = frozenset({"and", "but", "while", "whereas", "although"})
_TEMPERATURE_SCALES = frozenset({"celsius", "fahrenheit", "kelvin"})
# Units of measure a counted noun can name (as quantities.py spells them): figures in different units, or
# one with a unit and one without, are not compared even when they sit in the same slot.
_MEASURE_UNITS = frozenset(
    """degrees celsius fahrenheit kelvin metres feet inches miles kilometres centimetres millimetres
    kilograms tonnes gigatonnes ppm acres hectares litres gallons barrels pounds ounces watts megawatts
    gigawatts seconds minutes hours days weeks months years decades centuries""".split()
)

_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z'’]*|\d+(?:[.,]\d+)*")
# Alignment reads punctuation too: "in _ ," and "in _ ." are the same slot, "in _ report" is not.
_SLOT_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z'’]*|\d+(?:[.,]\d+)*|[,;:()\"“”]|[.!?]+")
# Words that come and go between paraphrases of one statement: articles, auxiliaries, negation cues (so
# "did not attend" and "attended" line up) and hedging adverbs.
_SLOT_SKIP = frozenset(
    """a an the of be do have will would shall should can could may might must not never no cannot that
    also just only still even reportedly allegedly""".split()
)
_SENTENCE_END_RE = re.compile(r"[.!?;]\s+(?=[A-Z\"'“(])|\n")
_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can cannot could did do does doing down during each either even ever every
    few for from further had has have having he her here hers herself him himself his how however i if in
    into is it its itself just least less many may me might more most much must my myself neither never
    no nor not now of off on once one only or other our ours ourselves out over own per said same say says
    several she should since so some such than that the their theirs them themselves then there these they
    this those through to too under until up upon us very was we were what when where whether which while
    who whom whose why will with within without would yet you your yours yourself according told about
    almost around nearly approximately roughly least fewer percent cent""".split()
)
# Irregular forms news verbs and nouns take; the suffix stripper handles the regular ones.
_IRREGULAR = MappingProxyType(
    {
        "children": "child",
        "men": "man",
        "women": "woman",
        "people": "person",
        "persons": "person",
        "mice": "mouse",
        "feet": "foot",
        "teeth": "tooth",
        "geese": "goose",
        "was": "be",
        "were": "be",
        "is": "be",
        "are": "be",
        "been": "be",
        "went": "go",
        "gone": "go",
        "did": "do",
        "done": "do",
        "had": "have",
        "has": "have",
        "said": "say",
        "found": "find",
        "made": "make",
        "took": "take",
        "taken": "take",
        "gave": "give",
        "given": "give",
        "got": "get",
        "met": "meet",
        "won": "win",
        "lost": "lose",
        "paid": "pay",
        "sold": "sell",
        "bought": "buy",
        "left": "leave",
        "held": "hold",
        "told": "tell",
        "began": "begin",
        "begun": "begin",
        "ran": "run",
        "fell": "fall",
        "fallen": "fall",
        "rose": "rise",
        "risen": "rise",
        "grew": "grow",
        "grown": "grow",
        "saw": "see",
        "seen": "see",
        "knew": "know",
        "known": "know",
        "thought": "think",
        "brought": "bring",
        "caught": "catch",
        "fought": "fight",
        "taught": "teach",
        "led": "lead",
        "spent": "spend",
        "built": "build",
        "sent": "send",
        "struck": "strike",
        "shot": "shoot",
        "wrote": "write",
        "written": "write",
        "spoke": "speak",
        "spoken": "speak",
        "chose": "choose",
        "chosen": "choose",
        "drove": "drive",
        "driven": "drive",
        "flew": "fly",
        "flown": "fly",
        "froze": "freeze",
        "frozen": "freeze",
        "stole": "steal",
        "stolen": "steal",
        "broke": "break",
        "broken": "break",
        "came": "come",
        "became": "become",
        "kept": "keep",
        "felt": "feel",
        "meant": "mean",
        "heard": "hear",
        "stood": "stand",
        "understood": "understand",
        "hid": "hide",
        "hidden": "hide",
        "bore": "bear",
        "born": "bear",
        "dying": "die",
        "died": "die",
        "dead": "die",
        "death": "die",
        "deaths": "die",
    }
)


@dataclass(frozen=True, slots=True)
class TextSpan:
    start: int
    end: int
    text: str  # text[start:end] of the side it belongs to


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: ConflictKind
    claim_span: TextSpan
    passage_span: TextSpan
    explanation: str  # plain words: "the claim says 20 children; the passage says at least 15 children"


@dataclass(frozen=True, slots=True)
class StanceThresholds:
    """Cosine similarities (all-MiniLM-L6-v2, normalised vectors) that bound what counts as evidence.

    Measured on the dev half of CheckThat! 2022 task 2A gold (verified claim, tweet) pairs, n=841, against
    each tweet's most similar wrong verified claim out of 14,231 (`python -m evaluation.stance_probe
    --calibrate`). related_similarity 0.35 sits on the plateau where gold pairs kept barely move (0.835 at
    0.30, 0.822 at 0.35, 0.804 at 0.40; the ~16% below are tweets that are only a link or a picture).
    supports_similarity 0.60 maximises gold kept minus hardest-wrong kept on a 0.05 grid (0.529 - 0.195;
    0.55: 0.642 - 0.354; 0.65: 0.400 - 0.108).
    """

    supports_similarity: float = 0.60  # at/above this an unconflicted passage supports the claim
    related_similarity: float = 0.35  # below this the passage is not evidence at all


@dataclass(frozen=True, slots=True)
class Stance:
    label: StanceLabel
    conflicts: tuple[Conflict, ...]


@dataclass(frozen=True, slots=True)
class _Side:
    """One text with its tokens, lemmas and sentence boundaries, read once."""

    text: str
    token_spans: tuple[tuple[int, int], ...]
    lemmas: tuple[str, ...]
    sentence_of: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Slots:
    """One text as a sequence of keys to align: canonical lemmas, punctuation, and one key per mention
    ("<q:$>" for an amount of dollars, "<d>" for a date) so that differing values still line up."""

    keys: tuple[str, ...]
    index_at: MappingProxyType[int, int]  # character offset of a mention or word -> its key's index


class Reading:
    """What conflict finding needs from one text, each part extracted once and only when asked for.

    A claim is read once and compared with every retrieved passage. A passage part is read only when the
    claim could conflict through it: its dates only if the claim has dates, its figures only if the claim
    has figures, its words and slots only when two mentions are to be paired. Most passages of a miss
    never need the costly parts.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    @functools.cached_property
    def side(self) -> _Side:
        return _read(self.text)

    @functools.cached_property
    def dates(self) -> tuple[dates.DateMention, ...]:
        return dates.find_dates(self.text)

    @functools.cached_property
    def quantities(self) -> tuple[quantities.Quantity, ...]:
        return _outside(quantities.find_quantities(self.text), self.dates)

    @functools.cached_property
    def slots(self) -> _Slots:
        return _slots_of(self.text, self.quantities, self.dates)

    @functools.cached_property
    def negations(self) -> tuple[negation.Negation, ...]:
        return negation.find_negations(self.text)


def find_conflicts(claim: str | Reading, passage: str | Reading) -> tuple[Conflict, ...]:
    """Number, date and negation conflicts between a claim and a passage about the same thing.

    A kind of conflict needs mentions of that kind on both sides (a negation on either), so the other
    side is read for a kind only when this side has one."""
    mine = claim if isinstance(claim, Reading) else Reading(claim)
    theirs = passage if isinstance(passage, Reading) else Reading(passage)
    conflicts: list[Conflict] = []
    if mine.dates and theirs.dates:
        conflicts.extend(_date_conflicts(mine, theirs))
    if mine.quantities and theirs.quantities:
        conflicts.extend(_quantity_conflicts(mine, theirs))
    if mine.negations or theirs.negations:
        conflicts.extend(_negation_conflicts(mine, theirs))
    return tuple(conflicts)


def stance_of(
    claim: str | Reading,
    passage: str | Reading,
    similarity: float,
    thresholds: StanceThresholds = StanceThresholds(),
) -> Stance:
    """The passage's stance towards the claim.

    "contradicts" needs similarity >= related_similarity and at least one conflict; "supports" needs
    similarity >= supports_similarity and no conflict; everything else is "related", including passages
    below related_similarity: callers drop those by comparing the similarity with the same threshold.
    """
    if similarity < thresholds.related_similarity:
        return Stance(label="related", conflicts=())
    conflicts = find_conflicts(claim, passage)
    if conflicts:
        return Stance(label="contradicts", conflicts=conflicts)
    if similarity >= thresholds.supports_similarity:
        return Stance(label="supports", conflicts=())
    return Stance(label="related", conflicts=())


def lemma_of(word: str) -> str:
    """A crude lemma: lower case, irregular forms mapped, common inflections stripped."""
    lowered = word.lower().replace("’", "'")
    if lowered.endswith("'s"):
        lowered = lowered[:-2]
    if lowered in _IRREGULAR:
        return _IRREGULAR[lowered]
    if len(lowered) <= 3:
        return lowered
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 3:
            if suffix == "s" and lowered.endswith(("ss", "us", "is")):
                break
            lowered = lowered[: -len(suffix)] + replacement
            break
    # "moved"/"move" and "running"/"run" should meet: drop a final e and undouble a final consonant.
    if lowered.endswith("e") and len(lowered) > 3:
        lowered = lowered[:-1]
    if len(lowered) > 3 and lowered[-1] == lowered[-2] and lowered[-1] not in "aeiouls":
        lowered = lowered[:-1]
    return lowered


_CANONICAL = MappingProxyType(
    {lemma_of(word): lemma_of(group[0]) for group in _EQUIVALENT_WORDS for word in group[1:]}
)
_MEASURE_UNIT_KEYS = frozenset(lemma_of(word) for word in _MEASURE_UNITS)
# Matching these next to two figures does not make them the same figure: function words, and units and
# scale words, which say how a figure is measured ("400 parts per million", "313 parts per million").
_NOT_SLOT_EVIDENCE = _STOPWORDS | _MEASURE_UNIT_KEYS | {"part", "hundred", "thousand", "million", "billion"}


@functools.lru_cache(maxsize=65_536)
def _key_of(word: str) -> str:
    """The lemma of `word`, with news synonyms of one another ("kids", "children") mapped to one lemma.

    Memoised: a pure function of the word, called for every token of every passage compared (it was
    the largest self time in stance finding), over a vocabulary that repeats."""
    lemma = lemma_of(word)
    return _CANONICAL.get(lemma, lemma)


def _read(text: str) -> _Side:
    spans = tuple((m.start(), m.end()) for m in _TOKEN_RE.finditer(text))
    lemmas = tuple(_key_of(text[s:e]) for s, e in spans)
    boundaries = [m.end() for m in _SENTENCE_END_RE.finditer(text)]
    sentence_of = tuple(sum(1 for b in boundaries if b <= s) for s, _ in spans)
    return _Side(text=text, token_spans=spans, lemmas=lemmas, sentence_of=sentence_of)


def _slots_of(
    text: str, found: tuple[quantities.Quantity, ...], mentions: tuple[dates.DateMention, ...]
) -> _Slots:
    marks = sorted(
        [(q.start, q.end, f"<q:{q.unit}>") for q in found] + [(d.start, d.end, "<d>") for d in mentions]
    )
    keys: list[str] = []
    index_at: dict[int, int] = {}
    mark = 0
    for match in _SLOT_TOKEN_RE.finditer(text):
        start, end = match.span()
        while mark < len(marks) and marks[mark][1] <= start:
            mark += 1
        if mark < len(marks) and marks[mark][0] < end:
            mark_start, _, key = marks[mark]
            if mark_start not in index_at:
                index_at[mark_start] = len(keys)
                keys.append(key)
            continue
        word = match.group(0)
        key = _key_of(word) if word[0].isalnum() else word[0]
        if key in _SLOT_SKIP or key.endswith(("n't", "n’t")):
            continue
        index_at[start] = len(keys)
        keys.append(key)
    return _Slots(keys=tuple(keys), index_at=MappingProxyType(index_at))


def _aligned_words(mine: _Slots, my_start: int, theirs: _Slots, their_start: int) -> int:
    """Content words that match, in order, on both sides of two slots and next to them ("killed _ children"
    against "killed _ kids" gives 2); 0 when that is only the words after the slot, which for a figure are
    the noun it counts (judged by `_quantity_score`), or when either offset starts no key."""
    i, j = mine.index_at.get(my_start), theirs.index_at.get(their_start)
    if i is None or j is None:
        return 0
    counts = []
    for step in (-1, 1):
        count = 0
        a, b = i + step, j + step
        while 0 <= a < len(mine.keys) and 0 <= b < len(theirs.keys) and mine.keys[a] == theirs.keys[b]:
            key = mine.keys[a]
            count += key[0].isalpha() and len(key) >= 2 and key not in _NOT_SLOT_EVIDENCE
            a, b = a + step, b + step
        counts.append(count)
    before, after = counts
    return before + after if before or after >= ALIGNED_AFTER_ONLY_MIN else 0


def _context(
    side: _Side,
    start: int,
    end: int,
    others: Sequence[tuple[int, int]] = (),
    *,
    is_clause_bounded: bool = False,
) -> frozenset[str]:
    """Content lemmas within CONTEXT_WINDOW_WORDS of [start, end), reading outwards and stopping at the
    sentence's end, at another mention and, if clause-bounded, at the clause's end: in "15 killed and 40
    injured" each figure keeps its verb. Dates and negations read past clauses: on dev pairs bounding them
    lost more recall than it saved false contradictions."""
    spans = side.token_spans
    inside = [i for i, (s, e) in enumerate(spans) if s < end and start < e]
    if inside:
        first, last = inside[0], inside[-1]
    else:
        following = [i for i, (s, _) in enumerate(spans) if s >= end]
        if not spans:
            return frozenset()
        first = last = following[0] if following else len(spans) - 1
    sentence = side.sentence_of[first]
    picked: set[str] = set()
    for indices in (
        range(first - 1, max(-1, first - 1 - CONTEXT_WINDOW_WORDS), -1),
        range(last + 1, min(len(spans), last + 1 + CONTEXT_WINDOW_WORDS)),
    ):
        previous = first if indices.step < 0 else last
        for i in indices:
            s, e = spans[i]
            gap = side.text[min(e, spans[previous][1]) : max(s, spans[previous][0])]
            if side.sentence_of[i] != sentence or any(
                os < e and s < oe and not (os < end and start < oe) for os, oe in others
            ):
                break
            # A comma or a coordinating conjunction ends the clause ("15 killed and 40 injured").
            if is_clause_bounded and (_CLAUSE_BREAK_RE.search(gap) or side.lemmas[i] in _CLAUSE_WORDS):
                break
            previous = i
            lemma = side.lemmas[i]
            if lemma not in _STOPWORDS and not lemma[0].isdigit() and len(lemma) >= 2:
                picked.add(lemma)
    return frozenset(picked)


def _outside(
    found: tuple[quantities.Quantity, ...], mentions: tuple[dates.DateMention, ...]
) -> tuple[quantities.Quantity, ...]:
    return tuple(q for q in found if not any(m.start < q.end and q.start < m.end for m in mentions))


def _span(side: _Side, start: int, end: int) -> TextSpan:
    return TextSpan(start=start, end=end, text=side.text[start:end])


def _best_aligned(scored: Sequence[tuple[int, _T, bool]], min_score: int) -> _T | None:
    """Given (alignment score, candidate, is compatible) triples: the counterpart that contradicts, if the
    best-aligned candidates all disagree; else None."""
    kept = [(score, candidate, ok) for score, candidate, ok in scored if score >= min_score]
    if not kept:
        return None
    best = max(score for score, _, _ in kept)
    top = [(candidate, ok) for score, candidate, ok in kept if score == best]
    if any(ok for _, ok in top):
        return None
    return top[0][0]


def _quantity_score(
    mine: quantities.Quantity,
    context: frozenset[str],
    theirs: quantities.Quantity,
    their_context: frozenset[str],
) -> int:
    """How surely two quantities are the same figure; -1 when they are not comparable."""
    nouns, their_nouns = _content_lemmas(mine.counted), _content_lemmas(theirs.counted)
    if mine.unit != theirs.unit or not _same_measure(nouns, their_nouns):
        return -1
    # A unit of measure says how a figure is measured, not what it is about: two temperatures in degrees
    # are the same figure only if their context says so.
    is_measured = bool(mine.unit) or bool(nouns & _MEASURE_UNIT_KEYS)
    things = frozenset(n for n in nouns if n not in _MEASURE_UNIT_KEYS and not n.startswith("per:"))
    their_things = frozenset(
        n for n in their_nouns if n not in _MEASURE_UNIT_KEYS and not n.startswith("per:")
    )
    shared_context = len(context & their_context)
    if things and their_things:
        # Different counted nouns ("15 children", "250 recruits") are different figures.
        shared_nouns = len(things & their_things)
        if not shared_nouns:
            return -1
        # Nouns that meet only as synonyms ("troops", "soldiers") are weaker evidence than the same word:
        # they also need the context a bare figure needs.
        # So do nouns that any head count uses ("930 people" and "6 million people" in one story).
        same_words = _surface_lemmas(mine.counted) & _surface_lemmas(theirs.counted)
        is_specific = bool(same_words - _GENERIC_COUNTED)
        if not is_specific and shared_context < BARE_QUANTITY_MIN_SHARED:
            return -1
        return COUNTED_NOUN_WEIGHT * shared_nouns + shared_context
    if (things or their_things) and not is_measured:
        return -1  # one figure counts something, the other is bare: not known to be the same
    return shared_context if shared_context >= BARE_QUANTITY_MIN_SHARED else -1


def _quantity_conflicts(claim_reading: Reading, passage_reading: Reading) -> list[Conflict]:
    claim, passage = claim_reading.side, passage_reading.side
    claim_quantities, passage_quantities = claim_reading.quantities, passage_reading.quantities
    slots = (claim_reading.slots, passage_reading.slots)
    claim_marks = [(q.start, q.end) for q in claim_quantities]
    passage_marks = [(q.start, q.end) for q in passage_quantities]
    passage_contexts = {
        id(q): _context(passage, q.start, q.end, passage_marks, is_clause_bounded=True)
        for q in passage_quantities
    }
    conflicts: list[Conflict] = []
    for mine in claim_quantities:
        my_context = _context(claim, mine.start, mine.end, claim_marks, is_clause_bounded=True)
        scored = [
            (
                _paired_score(
                    _quantity_score(mine, my_context, theirs, passage_contexts[id(theirs)]),
                    _aligned_words(slots[0], mine.start, slots[1], theirs.start)
                    if mine.unit == theirs.unit
                    and _same_measure(_content_lemmas(mine.counted), _content_lemmas(theirs.counted))
                    else 0,
                ),
                theirs,
                quantities.are_compatible(mine, theirs),
            )
            for theirs in passage_quantities
        ]
        other = _best_aligned(scored, 0)
        if other is None and all(score < 0 for score, _, _ in scored):
            others = [q for q in claim_quantities if q is not mine]
            other = _sole_kind_disagrees(mine, others, passage_quantities)
        if other is not None:
            conflicts.append(
                Conflict(
                    kind="number",
                    claim_span=_span(claim, mine.start, mine.end),
                    passage_span=_span(passage, other.start, other.end),
                    explanation=f"the claim says {mine.describe()}; the passage says {other.describe()}",
                )
            )
    return conflicts


def _sole_kind_disagrees(
    mine: quantities.Quantity,
    claim_others: Sequence[quantities.Quantity],
    passage_quantities: tuple[quantities.Quantity, ...],
) -> quantities.Quantity | None:
    """The passage's first sum of money when the claim's agrees with none of the passage's sums that no
    other claim figure accounts for: a passage about the claim that states only other sums ("offering $600
    each" against "paid as much as $300 each") disagrees, whichever of its sums is meant."""
    if mine.unit not in _TIE_UNITS:
        return None
    nouns = _content_lemmas(mine.counted)
    same_kind = [
        q
        for q in passage_quantities
        if q.unit == mine.unit
        and _same_measure(nouns, _content_lemmas(q.counted))
        and not any(quantities.are_compatible(o, q) for o in claim_others if o.unit == q.unit)
    ]
    if not same_kind or any(quantities.are_compatible(mine, q) for q in same_kind):
        return None
    return same_kind[0]


def _paired_score(score: int, aligned_words: int) -> int:
    """A pairing score raised by slot alignment: an aligned slot pairs mentions that no shared noun or
    context would ("fined $276,000" and "Fined $138,000"), and outranks those that only share context."""
    if aligned_words < ALIGNED_MIN_CONTENT:
        return score
    return max(score, 0) + ALIGNED_SLOT_WEIGHT * aligned_words


def _date_conflicts(claim_reading: Reading, passage_reading: Reading) -> list[Conflict]:
    claim, passage = claim_reading.side, passage_reading.side
    claim_dates, passage_dates = claim_reading.dates, passage_reading.dates
    slots = (claim_reading.slots, passage_reading.slots)
    claim_marks = [(d.start, d.end) for d in claim_dates]
    passage_marks = [(d.start, d.end) for d in passage_dates]
    passage_contexts = {id(d): _context(passage, d.start, d.end, passage_marks) for d in passage_dates}
    conflicts: list[Conflict] = []
    for mine in claim_dates:
        my_context = _context(claim, mine.start, mine.end, claim_marks)
        # A bound ("by 2035", "since 2015") answers a bound and a point answers a point: "in its 2010
        # report" is not about the same slot as "melting by 2035".
        comparable = [
            d for d in passage_dates if dates.are_comparable(mine, d) and _is_bound(d) == _is_bound(mine)
        ]
        other = _best_aligned(
            [
                (
                    _paired_score(
                        len(my_context & passage_contexts[id(d)]),
                        _aligned_words(slots[0], mine.start, slots[1], d.start),
                    ),
                    d,
                    dates.are_compatible(mine, d),
                )
                for d in comparable
            ],
            DATE_MIN_SHARED,
        )
        if other is not None:
            conflicts.append(
                Conflict(
                    kind="date",
                    claim_span=_span(claim, mine.start, mine.end),
                    passage_span=_span(passage, other.start, other.end),
                    explanation=f"the claim says {mine.describe()}; the passage says {other.describe()}",
                )
            )
    return conflicts


def _negation_conflicts(claim: Reading, passage: Reading) -> list[Conflict]:
    conflicts: list[Conflict] = []
    for negated, plain, negated_is_claim in ((claim, passage, True), (passage, claim, False)):
        negations, counter_negations = negated.negations, plain.negations
        if not negations:
            continue  # nothing negated on this side: neither text needs its words read for it
        negated_side, negated_slots = negated.side, negated.slots
        plain_side, plain_slots = plain.side, plain.slots
        negated_on_other = {_key_of(n.predicate) for n in counter_negations}
        counter_marks = {(n.predicate_start, n.predicate_end) for n in counter_negations}
        for neg in negations:
            predicate = _key_of(neg.predicate)
            if predicate in _STOPWORDS or predicate in negated_on_other:
                continue
            my_context = _context(negated_side, neg.cue_start, neg.predicate_end)
            occurrences = [
                (s, e)
                for (s, e), lemma in zip(plain_side.token_spans, plain_side.lemmas, strict=True)
                if lemma == predicate and (s, e) not in counter_marks
            ]
            my_next = _lemma_after(negated_side, neg.predicate_end)
            # The same next word ("not calcium carbonate" / "calcium carbonate") is a shared phrase.
            scored = [
                (
                    _paired_score(
                        len(my_context & _context(plain_side, s, e))
                        + (1 if my_next and my_next == _lemma_after(plain_side, e) else 0),
                        _aligned_words(negated_slots, neg.predicate_start, plain_slots, s),
                    ),
                    (s, e),
                    False,
                )
                for s, e in occurrences
            ]
            other = _best_aligned(scored, NEGATION_MIN_SHARED)
            if other is None:
                continue
            negated_span = _span(negated_side, neg.cue_start, neg.predicate_end)
            plain_span = _span(plain_side, other[0], other[1])
            negated_name, plain_name = ("claim", "passage") if negated_is_claim else ("passage", "claim")
            conflicts.append(
                Conflict(
                    kind="negation",
                    claim_span=negated_span if negated_is_claim else plain_span,
                    passage_span=plain_span if negated_is_claim else negated_span,
                    explanation=(
                        f'the {negated_name} says "{negated_span.text}"; '
                        f'the {plain_name} says "{plain_span.text}" without a negation'
                    ),
                )
            )
    return conflicts


def _lemma_after(side: _Side, position: int) -> str:
    """The lemma of the first content word at or after `position`, or "" at the end of its sentence."""
    for (start, _), lemma in zip(side.token_spans, side.lemmas, strict=True):
        if start >= position and lemma not in _STOPWORDS:
            return lemma
    return ""


def _is_bound(mention: dates.DateMention) -> bool:
    return mention.bound in ("since", "before")


def _same_measure(a: frozenset[str], b: frozenset[str]) -> bool:
    """Rates must match rates ("per:decade") and temperature scales must match, when both sides name one."""
    if {w for w in a if w.startswith("per:")} != {w for w in b if w.startswith("per:")}:
        return False
    scale_a, scale_b = a & _TEMPERATURE_SCALES, b & _TEMPERATURE_SCALES
    if scale_a and scale_b and scale_a != scale_b:
        return False
    units_a, units_b = a & _MEASURE_UNIT_KEYS, b & _MEASURE_UNIT_KEYS
    return not ((units_a or units_b) and not (units_a & units_b))


def _surface_lemmas(words: Sequence[str]) -> frozenset[str]:
    return frozenset(lemma_of(w) for w in words if lemma_of(w) not in _STOPWORDS)


def _content_lemmas(words: Sequence[str]) -> frozenset[str]:
    return frozenset(w if w.startswith("per:") else _key_of(w) for w in words if _key_of(w) not in _STOPWORDS)
