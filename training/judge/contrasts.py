"""Synthetic claim-evidence contrasts from running news text, for training the judge.

Each anchor sentence of an article becomes a premise (alone or with a neighbouring sentence, as the
service reads a passage with its context) and several hypotheses, each with the label a careful
reader would give it:

  entails      the sentence itself, one of its clauses, its reported content without the speech verb,
               a figure written another way or weakened to a bound it satisfies
  contradicts  a figure changed (by a factor, an offset, or tenfold inside the same qualifier), a year,
               month or weekday changed, a negation added or removed, a direction reversed ("rose" ->
               "fell"), an entity swapped for another of its type from the same article, a statement
               turned into a denial
  neutral      another sentence of the same article (same topic, not settled by the premise), a
               sentence of another article on a similar subject (a different event of the same kind),
               an exact figure where the premise gives only a bound, a statement the premise only
               calls unconfirmed

A judge trained on easy neutrals learns that "related but not entailing" means "contradicts"; the hard
neutrals above (same article, same kind of event, bounds) are what keep it from doing so on news. One
module: the edits share the parsed sentence and the random stream, and splitting them would only pass
both around.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

ENTAILS, CONTRADICTS, NEUTRAL = "entails", "contradicts", "neutral"
LABELS = (ENTAILS, CONTRADICTS, NEUTRAL)

_MONTHS = "January February March April May June July August September October November December".split()
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split()
)
_TENS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}
_WORD_VALUES = {w: i for i, w in enumerate(_SMALL)} | {v: k for k, v in _TENS.items()}
# Digits with optional thousands separators and decimals, not part of a longer token (ids, times, dates).
_NUMBER = re.compile(r"(?<![\w./:-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w/:]|\.\d)")
_NUMBER_WORD = re.compile(r"\b(" + "|".join(sorted(_WORD_VALUES, key=len, reverse=True)) + r")\b", re.I)
_PREVIOUS_WORD = re.compile(r"([A-Za-z][\w.]*)\s+$")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-3]\d)\b")
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
_BOUND = re.compile(
    r"\b(at least|more than|over|nearly|almost|up to|fewer than|less than|some|about)\s+$", re.I
)
_AUX_NOT = re.compile(
    r"\b(is|are|was|were|has|have|had|will|would|can|could|should|did|does|do|may|might|must)\s+(not|n't)\s+",
    re.I,
)
_AUX = re.compile(
    r"\b(is|are|was|were|has|have|had|will|would|can|could|should|did|does|do|may|must)\b(?!\s+(?:not|n't)\b)"
    r"(?=\s+[a-z])",
)
_DIRECTIONS = (
    ("rose", "fell"),
    ("increased", "decreased"),
    ("increase", "decrease"),
    ("rise", "fall"),
    ("higher", "lower"),
    ("more", "fewer"),
    ("gained", "lost"),
    ("won", "lost"),
    ("approved", "rejected"),
    ("accepted", "rejected"),
    ("allowed", "banned"),
    ("before", "after"),
    ("majority", "minority"),
    ("first", "last"),
    ("opened", "closed"),
    ("expanded", "shrank"),
    ("strengthened", "weakened"),
    ("arrested", "released"),
    ("up", "down"),
    ("supports", "opposes"),
    ("supported", "opposed"),
    ("north", "south"),
    ("east", "west"),
    ("largest", "smallest"),
    ("highest", "lowest"),
    ("increasing", "decreasing"),
    ("victory", "defeat"),
    ("ally", "rival"),
    ("legal", "illegal"),
    ("guilty", "innocent"),
    ("resigned", "was reappointed"),
)
_FLIP = {a: b for a, b in _DIRECTIONS} | {b: a for a, b in _DIRECTIONS}
_DIRECTION = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in sorted(_FLIP, key=len, reverse=True)) + r")\b"
)
_SPEECH_LEMMAS = frozenset(
    "say tell report announce state confirm claim add note explain reveal disclose insist warn write".split()
)
_CLAUSE_BREAKS = re.compile(
    r",\s+(?:which|who|whose|where|while|although|though|but|and|as|after|before|when)\s+|\s+[—–-]{1,2}\s+|;\s+"
)
_SWAP_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"})
_UNCONFIRMED = (
    "Reports that {} could not be independently confirmed.",
    "It was not immediately clear whether {}.",
    "Officials said they were looking into claims that {}.",
    "Social media posts claimed that {}, but this has not been verified.",
)
_DENIALS = ("denied that {}.", "rejected claims that {}.", "dismissed reports that {}.")


@dataclass(frozen=True, slots=True)
class Article:
    article_id: str
    source: str
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Example:
    premise: str
    hypothesis: str
    label: str
    kind: str
    article_id: str


@dataclass(frozen=True, slots=True)
class Parsed:
    """What the edits need from spaCy: entities, and the clauses reported by speech verbs."""

    text: str
    entities: tuple[tuple[int, int, str], ...]  # (start, end, label)
    reported: tuple[tuple[str, str, int, int], ...]  # (speaker text, content text, verb start, verb end)


def parse_sentences(nlp: Any, sentences: Sequence[str], batch_size: int = 256) -> list[Parsed]:
    """Entities and reported clauses of each sentence, in one spaCy pass."""
    out = []
    for doc in nlp.pipe(sentences, batch_size=batch_size):
        entities = tuple((e.start_char, e.end_char, e.label_) for e in doc.ents)
        reported = []
        for token in doc:
            if token.lemma_ not in _SPEECH_LEMMAS or token.pos_ != "VERB":
                continue
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            contents = [c for c in token.children if c.dep_ == "ccomp"]
            if not subjects or not contents:
                continue
            content = doc[contents[0].left_edge.i : contents[0].right_edge.i + 1]
            speaker = doc[subjects[0].left_edge.i : subjects[0].right_edge.i + 1]
            text = content.text.strip(" ,\"'“”")
            if text.lower().startswith("that "):
                text = text[5:]
            if len(text.split()) >= 5:
                reported.append((speaker.text, text, token.idx, token.idx + len(token.text)))
        out.append(Parsed(doc.text, entities, tuple(reported)))
    return out


def _sentence_case(text: str) -> str:
    text = text.strip().rstrip(",;:")
    if not text:
        return text
    if not text.endswith((".", "!", "?", '"', "”")):
        text += "."
    return text[0].upper() + text[1:]


def _words(value: int) -> str | None:
    if 0 <= value <= 20:
        return _SMALL[value]
    return _TENS.get(value)


def _format_like(original: str, value: float) -> str:
    """`value` written as `original` was: thousands separators, decimals."""
    if "." in original:
        decimals = len(original.split(".")[1])
        return f"{value:,.{decimals}f}" if "," in original else f"{value:.{decimals}f}"
    whole = int(round(value))
    return f"{whole:,}" if "," in original or whole >= 10_000 else str(whole)


def _numbers(text: str) -> list[tuple[int, int, str, float]]:
    """Figures in `text` that are counts, not years: (start, end, text, value)."""
    found = []
    for match in _NUMBER.finditer(text):
        raw = match.group(0)
        value = float(raw.replace(",", ""))
        if _YEAR.fullmatch(raw) or (text[match.end() : match.end() + 1] == "%" and value > 100):
            continue
        # "Sept. 11", "Flight 17", "Level 3": a number after a capitalised word names or dates something.
        previous = _PREVIOUS_WORD.search(text[: match.start()])
        if previous and previous.group(1)[0].isupper() and previous.start() > 0:
            continue
        found.append((match.start(), match.end(), raw, value))
    for match in _NUMBER_WORD.finditer(text):
        if match.group(0)[0].isupper() and match.start() > 0:  # "Ground Zero", "Big Four"
            continue
        found.append(
            (match.start(), match.end(), match.group(0), float(_WORD_VALUES[match.group(0).lower()]))
        )
    return found


def _changed_value(rng: random.Random, value: float) -> tuple[float, str]:
    """A clearly different figure: tenfold, double, a half or a sizeable offset."""
    choice = rng.random()
    if choice < 0.3 and value >= 1:
        return value * 10, "number_factor"
    if choice < 0.45 and value >= 20:
        return value / 10, "number_factor"
    if choice < 0.6 and value >= 2:
        return value * rng.choice((2, 3)), "number_factor"
    step = max(1.0, round(value * rng.uniform(0.25, 0.6)))
    new = value + step if rng.random() < 0.6 or value - step <= 0 else value - step
    return new, "number_offset"


def _lower_bound(rng: random.Random, value: float) -> float | None:
    """A round figure below `value` that "more than"/"at least" can honestly claim."""
    for base in (1000, 100, 50, 10, 5, 2):
        if value > base:
            bound = (value // base) * base
            if bound == value:
                bound -= base
            if bound > 0:
                return bound if rng.random() < 0.7 else max(1, bound - base)
    return None


def number_edits(rng: random.Random, text: str) -> Iterator[tuple[str, str, str]]:
    """(hypothesis, label, kind) for one figure of `text`, chosen at random."""
    numbers = _numbers(text)
    if not numbers:
        return
    start, end, raw, value = rng.choice(numbers)
    before, after = text[:start], text[end:]
    bound = _BOUND.search(before)
    if raw[0].isalpha():
        new_value, _ = _changed_value(rng, value)
        word = _words(int(new_value)) if new_value == int(new_value) else None
        replacement = word if word and rng.random() < 0.5 else _format_like("1", new_value)
        if replacement.lower() != raw.lower():
            yield before + _match_case(raw, replacement) + after, CONTRADICTS, "number_words_changed"
        yield before + str(int(value)) + after, ENTAILS, "number_written_differently"
        return
    if bound is not None:
        yield from _bounded_edits(rng, before, bound, raw, value, after)
        return
    new_value, kind = _changed_value(rng, value)
    yield before + _format_like(raw, new_value) + after, CONTRADICTS, kind
    words = _words(int(value)) if value == int(value) else None
    if words and rng.random() < 0.5:
        yield before + words + after, ENTAILS, "number_written_differently"
    else:
        lower = _lower_bound(rng, value)
        if lower is not None:
            qualifier = rng.choice(("more than", "at least", "over"))
            yield before + f"{qualifier} {_format_like(raw, lower)}" + after, ENTAILS, "number_weakened"


def _bounded_edits(
    rng: random.Random, before: str, bound: re.Match[str], raw: str, value: float, after: str
) -> Iterator[tuple[str, str, str]]:
    """Edits of a figure given as a bound ("at least 15", "more than 900").

    The same bound off by a factor is a different figure ("more than 9,000" for "more than 900"); an exact
    figure inside the bound, or a weaker bound, is not contradicted by it.
    """
    qualifier = bound.group(1).lower()
    factor = rng.choice((10, 10, 3, 0.1)) if value >= 20 else rng.choice((10, 3))
    yield before + _format_like(raw, value * factor) + after, CONTRADICTS, "bound_factor"
    if qualifier in ("at least", "more than", "over"):
        if rng.random() < 0.5:
            exact = value + max(1.0, round(value * rng.uniform(0.1, 0.5)))
            yield before[: bound.start()] + _format_like(raw, exact) + after, NEUTRAL, "bound_to_exact"
        else:
            lower = _lower_bound(rng, value)
            if lower is not None:
                yield before + _format_like(raw, lower) + after, ENTAILS, "bound_weakened"


def _match_case(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def date_edits(rng: random.Random, text: str) -> Iterator[tuple[str, str, str]]:
    """A year, month or weekday replaced by another."""
    options = []
    for pattern, kind in ((_YEAR, "year"), (_MONTH, "month"), (_WEEKDAY, "weekday")):
        options.extend((m, kind) for m in pattern.finditer(text))
    if not options:
        return
    match, kind = rng.choice(options)
    raw = match.group(0)
    if kind == "year":
        new = str(int(raw) + rng.choice((-3, -2, -1, 1, 2)))
    elif kind == "month":
        new = rng.choice([m for m in _MONTHS if m != raw])
    else:
        new = rng.choice([d for d in _WEEKDAYS if d != raw])
    yield text[: match.start()] + new + text[match.end() :], CONTRADICTS, kind


def negation_edits(text: str) -> Iterator[tuple[str, str, str]]:
    """Remove a negation, or add one after the first auxiliary verb."""
    negated = _AUX_NOT.search(text)
    if negated:
        aux = negated.group(1)
        yield text[: negated.start()] + aux + " " + text[negated.end() :], CONTRADICTS, "negation_remove"
        return
    aux = _AUX.search(text)
    if aux:
        yield text[: aux.end()] + " not" + text[aux.end() :], CONTRADICTS, "negation_insert"


def direction_edits(rng: random.Random, text: str) -> Iterator[tuple[str, str, str]]:
    matches = list(_DIRECTION.finditer(text))
    if matches:
        match = rng.choice(matches)
        flipped = _FLIP[match.group(0)]
        yield text[: match.start()] + flipped + text[match.end() :], CONTRADICTS, "direction"


def entity_swaps(
    rng: random.Random, parsed: Parsed, pool: dict[str, list[str]]
) -> Iterator[tuple[str, str, str]]:
    """Swap one named entity for a different one of the same type met in the same article."""
    speakers = " ".join(speaker for speaker, _, _, _ in parsed.reported)
    # Swapping who said something changes the attribution, not the fact the sentence reports.
    candidates = [
        (s, e, label)
        for s, e, label in parsed.entities
        if label in _SWAP_LABELS and parsed.text[s:e] not in speakers
    ]
    rng.shuffle(candidates)
    for start, end, label in candidates:
        name = parsed.text[start:end]
        others = [
            o for o in pool.get(label, []) if o.lower() not in name.lower() and name.lower() not in o.lower()
        ]
        if others:
            other = rng.choice(others)
            yield parsed.text[:start] + other + parsed.text[end:], CONTRADICTS, "entity_swap"
            return


def clause_entailments(rng: random.Random, parsed: Parsed) -> Iterator[tuple[str, str, str]]:
    """The main clause alone, or what a speaker is reported to have said, without the speech verb."""
    if parsed.reported and rng.random() < 0.6:
        _, content, _, _ = rng.choice(parsed.reported)
        yield _sentence_case(content), ENTAILS, "reported_content"
        return
    parts = _CLAUSE_BREAKS.split(parsed.text, maxsplit=1)
    if len(parts) == 2 and len(parts[0].split()) >= 6:
        yield _sentence_case(parts[0]), ENTAILS, "clause_dropped"


def added_details(rng: random.Random, parsed: Parsed) -> Iterator[tuple[str, str, str]]:
    """The sentence with a place, time or circumstance it does not give: a new detail is not a contradiction,
    and the premise does not settle it either (neutral)."""
    text = parsed.text.rstrip()
    if not text.endswith(".") or len(text.split()) > 40:
        return
    labels = {label for _, _, label in parsed.entities}
    options = [_REASONS]
    if not labels & {"GPE", "LOC", "FAC"}:
        options.append(_PLACES)
    if not labels & {"DATE", "TIME"}:
        options.append(_TIMES)
    detail = rng.choice(rng.choice(options))
    yield f"{text[:-1]} {detail}.", NEUTRAL, "added_detail"


def denial_contrasts(rng: random.Random, parsed: Parsed) -> Iterator[tuple[str, str, str, str]]:
    """(premise, hypothesis, label, kind): the speaker denies what the hypothesis states, or the premise
    only calls it unconfirmed."""
    if not parsed.reported:
        return
    speaker, content, _, _ = rng.choice(parsed.reported)
    content = content.rstrip(" .")
    hypothesis = _sentence_case(content)
    if rng.random() < 0.5:
        premise = f"{speaker[:1].upper()}{speaker[1:]} {rng.choice(_DENIALS).format(content)}"
        yield premise, hypothesis, CONTRADICTS, "denial"
    else:
        yield rng.choice(_UNCONFIRMED).format(content), hypothesis, NEUTRAL, "unconfirmed"


def _headline(text: str) -> str:
    """News headline casing, as FNC-style claims are written."""
    small = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with", "as"}
    words = text.rstrip(".").split()
    return " ".join(w if (i and w.lower() in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _context_window(rng: random.Random, sentences: Sequence[str], i: int) -> str:
    """The anchor with zero, one or two neighbours, as retrieval hands a passage to the judge."""
    roll = rng.random()
    lo, hi = i, i + 1
    if roll < 0.25 and i > 0:
        lo = i - 1
    elif roll < 0.5 and i + 1 < len(sentences):
        hi = i + 2
    elif roll < 0.7:
        lo, hi = max(0, i - 1), min(len(sentences), i + 2)
    return " ".join(sentences[lo:hi])


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower())}


def article_examples(
    rng: random.Random,
    article: Article,
    parsed: Sequence[Parsed],
    foreign: Sequence[str],
    per_sentence: int = 3,
) -> list[Example]:
    """Examples anchored on each usable sentence of one article.

    `foreign` holds sentences of other articles on similar subjects (a different event of the same kind),
    used as neutral hypotheses.
    """
    sentences = article.sentences
    pool: dict[str, list[str]] = {}
    for p in parsed:
        for start, end, label in p.entities:
            pool.setdefault(label, []).append(p.text[start:end])
    out: list[Example] = []
    for i, (sentence, p) in enumerate(zip(sentences, parsed, strict=True)):
        if not 6 <= len(sentence.split()) <= 60:
            continue
        candidates: list[tuple[str, str, str]] = [(sentence, ENTAILS, "identical")]
        for edit in (
            number_edits(rng, sentence),
            date_edits(rng, sentence),
            negation_edits(sentence),
            direction_edits(rng, sentence),
            entity_swaps(rng, p, pool),
            clause_entailments(rng, p),
            added_details(rng, p),
        ):
            candidates.extend(edit)
        premise = _context_window(rng, sentences, i)
        chosen = _balanced_pick(rng, candidates, per_sentence)
        for hypothesis, label, kind in chosen:
            if rng.random() < 0.2 and label != NEUTRAL:
                hypothesis = _headline(hypothesis)
            out.append(Example(premise, hypothesis, label, kind, article.article_id))
        if rng.random() < 0.3:
            for premise_text, hypothesis, label, kind in denial_contrasts(rng, p):
                out.append(Example(premise_text, hypothesis, label, kind, article.article_id))
        out.extend(_neutrals(rng, article, i, foreign))
    return out


# Figures, dates and swapped entities are what newsroom contradictions are made of; a negation can be added
# to almost any sentence, so it is taken less often, and the unedited copy least of all.
_KIND_WEIGHT = {
    "identical": 0.25,
    "negation_insert": 0.45,
    "negation_remove": 0.8,
    "clause_dropped": 0.8,
    # A swapped name is a contradiction only where the slot admits one filler; often both could be true.
    "entity_swap": 0.5,
    # Any sentence takes an added detail; half of them are plenty to teach that new detail is not conflict.
    "added_detail": 0.5,
}
_PLACES = ("in Paris", "in Nairobi", "in Texas", "in Lagos", "near the border", "in the capital", "in Manila")
_TIMES = ("on Monday", "on Friday", "last week", "in March", "in 2019", "earlier this year", "overnight")
_REASONS = ("for the second time", "after a long delay", "despite protests", "without warning")


def _balanced_pick(
    rng: random.Random, candidates: list[tuple[str, str, str]], count: int
) -> list[tuple[str, str, str]]:
    """Up to `count` candidates, at most one per kind, each kind kept with its weight."""
    by_kind: dict[str, tuple[str, str, str]] = {}
    for candidate in candidates:
        by_kind.setdefault(candidate[2], candidate)
    kinds = [k for k in by_kind if rng.random() < _KIND_WEIGHT.get(k, 1.0)]
    rng.shuffle(kinds)
    return [by_kind[k] for k in kinds[:count]]


def _neutrals(rng: random.Random, article: Article, i: int, foreign: Sequence[str]) -> list[Example]:
    """Same-article sentences outside the premise, and sentences about other events of the same kind."""
    sentences = article.sentences
    out: list[Example] = []
    premise_index = i
    far = [
        j
        for j in range(len(sentences))
        if abs(j - premise_index) >= 2 and 6 <= len(sentences[j].split()) <= 45
    ]
    anchor_words = _content_words(sentences[i])
    if far and rng.random() < 0.5:
        j = rng.choice(far)
        overlap = _content_words(sentences[j]) & anchor_words
        # Mostly-repeated sentences (a lead restated later) would be entailed, not neutral.
        if len(overlap) <= 0.5 * max(1, len(_content_words(sentences[j]))):
            out.append(Example(sentences[i], sentences[j], NEUTRAL, "same_article", article.article_id))
    if foreign and rng.random() < 0.35:
        out.append(Example(sentences[i], rng.choice(foreign), NEUTRAL, "other_event", article.article_id))
    return out
