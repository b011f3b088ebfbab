"""The programmatic edits of the stance probe: each turns a (claim, passage) pair into claims the passage
contradicts (a changed number, year, month, day, an inserted or removed negation, a swapped qualifier) or
still supports ("15" -> "fifteen", "15" -> "at least 15"), always where the edited item is anchored in the
passage."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from scoring.judgement import dates, negation, quantities
from scoring.judgement.lemmas import lemma_of
from scoring.text.calendar import MONTH_NAMES

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen \
seventeen eighteen nineteen".split()
)
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_AUXILIARIES = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|can|could|would|should|does|do|did|may|might|must)\b(?!\s+not\b)"
    r"(?=\s+(?P<next>[a-z]+))"
)


@dataclass(frozen=True, slots=True)
class Pair:
    source: str
    claim_id: str
    claim: str
    passage: str


@dataclass(frozen=True, slots=True)
class Edited:
    kind: str
    claim: str
    start: int  # the edited region of the new claim
    end: int


def words_of(number: int) -> str:
    """English words for 0 <= number < 1,000,000 ("twenty-one", "two thousand five hundred")."""
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {words_of(rest)}" if rest else "")
    thousands, rest = divmod(number, 1000)
    return f"{words_of(thousands)} thousand" + (f" {words_of(rest)}" if rest else "")


def _format_like(original: str, value: float) -> str:
    if value.is_integer():
        text = f"{int(value):,}" if "," in original else str(int(value))
    else:
        text = f"{value:.1f}"
    return text


def _replace(claim: str, start: int, end: int, new: str, kind: str) -> Edited:
    return Edited(kind, claim[:start] + new + claim[end:], start, start + len(new))


def _anchored_quantities(pair: Pair) -> Iterator[tuple[quantities.Quantity, re.Match[str]]]:
    """Claim quantities whose value the passage also states, with the digits' match inside the claim."""
    passage_values = {q.value for q in quantities.find_quantities(pair.passage)}
    claim_dates = dates.find_dates(pair.claim)
    for q in quantities.find_quantities(pair.claim):
        if any(d.start < q.end and q.start < d.end for d in claim_dates) or q.value not in passage_values:
            continue
        digits = re.search(r"\d[\d,]*(?:\.\d+)?", q.text)
        if (
            digits is None
            or q.qualifier == "range"
            or _is_identifier(pair.claim, q.start + digits.start(), q.end)
        ):
            continue
        yield q, digits


def _is_identifier(text: str, start: int, end: int) -> bool:
    """A year, a name ("Area 51", "Incredibles 2") or a phone number, which no one would count."""
    number = text[start:end]
    if re.fullmatch(r"(1[6-9]|20)\d\d", number):
        return True
    before = re.search(r"(\S+)\s+$", text[:start])
    if (
        before is not None
        and before.group(1)[:1].isupper()
        and not re.search(r"[.!?:]$", text[: before.start(1)].strip() or ".")
    ):
        return True
    return re.match(r"-\d", text[end : end + 2]) is not None


def number_edits(pair: Pair) -> Iterator[Edited]:
    for q, digits in _anchored_quantities(pair):
        start, end = q.start + digits.start(), q.start + digits.end()
        original = digits.group(0)
        value = float(original.replace(",", ""))
        # An upper bound ("fewer than 15") is contradicted by shrinking it, any other figure by growing it.
        down = q.qualifier in {"at_most", "less_than"}
        factor = (1 / 3 if value < 10 else 0.5) if down else (3.0 if value < 10 else 2.0)
        if value * factor != int(value * factor) and "." not in original:
            factor = 0.25 if down else factor
        yield _replace(pair.claim, start, end, _format_like(original, value * factor), "number_factor")
        magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1
        offset = value - magnitude if down else value + magnitude
        yield _replace(pair.claim, start, end, _format_like(original, offset), "number_offset")
        if value.is_integer() and 0 < value < 1_000_000 and "." not in original:
            yield _replace(pair.claim, start, end, words_of(int(value)), "number_words_same")
            changed = int(value) // 2 if down else int(value) * 2
            yield _replace(pair.claim, start, end, words_of(changed), "number_words_changed")
        if q.qualifier == "exact":
            yield _replace(pair.claim, start, start, "at least ", "qualifier_weaken")
        return


def qualifier_edits(pair: Pair) -> Iterator[Edited]:
    passage_bounds = {(q.value, q.qualifier) for q in quantities.find_quantities(pair.passage)}
    swaps = {
        "more_than": "fewer than",
        "at_least": "fewer than",
        "less_than": "more than",
        "at_most": "more than",
    }
    for q in quantities.find_quantities(pair.claim):
        if q.qualifier in swaps and (q.value, q.qualifier) in passage_bounds:
            digits = re.search(r"\d", q.text)
            if digits is None:
                continue
            yield _replace(
                pair.claim, q.start, q.start + digits.start(), swaps[q.qualifier] + " ", "qualifier_swap"
            )
            return


def date_edits(pair: Pair) -> Iterator[Edited]:
    passage_dates = dates.find_dates(pair.passage)
    for mention in dates.find_dates(pair.claim):
        if mention.bound != "on" or not any(
            dates.are_comparable(mention, d) and dates.are_compatible(mention, d) for d in passage_dates
        ):
            continue
        year = re.search(r"\b(1[6-9]|20)\d\d\b", mention.text)
        if year is not None and mention.year_low is not None:
            new_year = str(mention.year_low + (3 if mention.year_low < 2095 else -3))
            yield _replace(
                pair.claim, mention.start + year.start(), mention.start + year.end(), new_year, "year"
            )
        month = re.search("|".join(m[:3] + r"[a-z]*\.?" for m in MONTH_NAMES), mention.text)
        if month is not None and mention.month is not None:
            new_month = MONTH_NAMES[(mention.month + 5) % 12]
            yield _replace(
                pair.claim, mention.start + month.start(), mention.start + month.end(), new_month, "month"
            )
        days = [m for m in re.finditer(r"\b\d{1,2}", mention.text) if mention.day == int(m.group(0))]
        if days:
            day = days[-1]
            new_day = str(mention.day + 1 if mention.day is not None and mention.day < 28 else 20)
            yield _replace(pair.claim, mention.start + day.start(), mention.start + day.end(), new_day, "day")
        return


def negation_edits(pair: Pair) -> Iterator[Edited]:
    passage_lemmas = {lemma_of(w) for w in re.findall(r"[A-Za-z]+", pair.passage)}
    negated = negation.find_negations(pair.claim)
    for neg in negated:
        if lemma_of(neg.predicate) in passage_lemmas:
            cue = neg.cue
            if "n't" in cue or "n’t" in cue:
                stem = cue[: cue.lower().rfind("n")]
                stem = {"ca": "can", "wo": "will", "sha": "shall"}.get(stem.lower(), stem)
                new = pair.claim[: neg.cue_start] + stem + pair.claim[neg.cue_end :]
                shift = len(stem) - len(cue)
            elif cue.lower() in {"not", "never"}:
                cut_end = neg.cue_end + 1 if pair.claim[neg.cue_end : neg.cue_end + 1] == " " else neg.cue_end
                new = pair.claim[: neg.cue_start] + pair.claim[cut_end:]
                shift = neg.cue_start - cut_end
            else:
                continue
            start = neg.predicate_start + shift
            yield Edited("negation_remove", new, start, start + len(neg.predicate))
            break
    if negated:
        return
    for aux in _AUXILIARIES.finditer(pair.claim):
        if lemma_of(aux.group("next")) in passage_lemmas and aux.group("next") not in {
            "been",
            "being",
            "to",
            "a",
            "the",
        }:
            yield _replace(pair.claim, aux.end(), aux.end(), " not", "negation_insert")
            return


EDITORS: tuple[Callable[[Pair], Iterator[Edited]], ...] = (
    number_edits,
    qualifier_edits,
    date_edits,
    negation_edits,
)
