"""Decides whether a corpus passage supports, contradicts or is merely related to a claim, and why.

A conflict counts only when both sides speak of the same thing: two quantities must count the same noun
(or share their surrounding words), two dates must sit among shared words, and a negated predicate must
appear un-negated on the other side. Among several candidates on the passage side the best-aligned one
(most shared context) is compared, so "15 killed and 40 injured" answers a claim about the injured with 40.
"""

from __future__ import annotations

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

_T = TypeVar("_T")
_CLAUSE_BREAK_RE = re.compile(r"[;()]")
_CLAUSE_WORDS = frozenset({"and", "but", "while", "whereas", "although"})
_TEMPERATURE_SCALES = frozenset({"celsius", "fahrenheit", "kelvin"})

_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z'’]*|\d+(?:[.,]\d+)*")
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


def find_conflicts(claim: str, passage: str) -> tuple[Conflict, ...]:
    """Number, date and negation conflicts between a claim and a passage about the same thing."""
    claim_side, passage_side = _read(claim), _read(passage)
    claim_dates, passage_dates = dates.find_dates(claim), dates.find_dates(passage)
    conflicts: list[Conflict] = []
    conflicts.extend(_date_conflicts(claim_side, passage_side, claim_dates, passage_dates))
    claim_quantities = _outside(quantities.find_quantities(claim), claim_dates)
    passage_quantities = _outside(quantities.find_quantities(passage), passage_dates)
    conflicts.extend(_quantity_conflicts(claim_side, passage_side, claim_quantities, passage_quantities))
    conflicts.extend(_negation_conflicts(claim_side, passage_side))
    return tuple(conflicts)


def stance_of(
    claim: str, passage: str, similarity: float, thresholds: StanceThresholds = StanceThresholds()
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


def _read(text: str) -> _Side:
    spans = tuple((m.start(), m.end()) for m in _TOKEN_RE.finditer(text))
    lemmas = tuple(lemma_of(text[s:e]) for s, e in spans)
    boundaries = [m.end() for m in _SENTENCE_END_RE.finditer(text)]
    sentence_of = tuple(sum(1 for b in boundaries if b <= s) for s, _ in spans)
    return _Side(text=text, token_spans=spans, lemmas=lemmas, sentence_of=sentence_of)


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
    shared_context = len(context & their_context)
    if nouns and their_nouns:
        # Different counted nouns ("15 children", "250 recruits") are different figures.
        shared_nouns = len(nouns & their_nouns)
        return COUNTED_NOUN_WEIGHT * shared_nouns + shared_context if shared_nouns else -1
    if (nouns or their_nouns) and not mine.unit:
        return -1  # one figure counts something, the other is bare: not known to be the same
    return shared_context if shared_context >= BARE_QUANTITY_MIN_SHARED else -1


def _quantity_conflicts(
    claim: _Side,
    passage: _Side,
    claim_quantities: tuple[quantities.Quantity, ...],
    passage_quantities: tuple[quantities.Quantity, ...],
) -> list[Conflict]:
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
                _quantity_score(mine, my_context, theirs, passage_contexts[id(theirs)]),
                theirs,
                quantities.are_compatible(mine, theirs),
            )
            for theirs in passage_quantities
        ]
        other = _best_aligned(scored, 0)
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


def _date_conflicts(
    claim: _Side,
    passage: _Side,
    claim_dates: tuple[dates.DateMention, ...],
    passage_dates: tuple[dates.DateMention, ...],
) -> list[Conflict]:
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
                (len(my_context & passage_contexts[id(d)]), d, dates.are_compatible(mine, d))
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


def _negation_conflicts(claim: _Side, passage: _Side) -> list[Conflict]:
    conflicts: list[Conflict] = []
    for negated_side, plain_side, negated_is_claim in ((claim, passage, True), (passage, claim, False)):
        negations = negation.find_negations(negated_side.text)
        counter_negations = negation.find_negations(plain_side.text)
        negated_on_other = {lemma_of(n.predicate) for n in counter_negations}
        counter_marks = {(n.predicate_start, n.predicate_end) for n in counter_negations}
        for neg in negations:
            predicate = lemma_of(neg.predicate)
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
                    len(my_context & _context(plain_side, s, e))
                    + (1 if my_next and my_next == _lemma_after(plain_side, e) else 0),
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
    return not (scale_a and scale_b and scale_a != scale_b)


def _content_lemmas(words: Sequence[str]) -> frozenset[str]:
    return frozenset(
        w if w.startswith("per:") else lemma_of(w) for w in words if lemma_of(w) not in _STOPWORDS
    )
