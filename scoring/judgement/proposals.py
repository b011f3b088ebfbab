"""Candidate clashes for the judge to test: the finders' aligned conflicts, then looser value differences.

The finders (number_conflicts.py, date_conflicts.py, negation_conflicts.py) call a conflict only where the
words around two mentions show they are the same figure, date or predicate, because alone they cannot
tell a clash from a neighbouring fact. With the judge to test each candidate (decision.py), a candidate
may be looser: a claim figure, date or negated predicate that the passage states no compatible version of,
while the passage states another of the same kind. The judge keeps only those whose swap changes its reading.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.judgement import dates, quantities
from scoring.judgement.conflict import Conflict, span_of
from scoring.judgement.lemmas import STOPWORDS, key_of
from scoring.judgement.reading import Reading
from scoring.judgement.stance import find_conflicts

# Loose candidates per claim mention: the passage's mentions of the same kind, nearest the start first.
LOOSE_PER_MENTION = 2


@dataclass(frozen=True, slots=True)
class Candidate:
    conflict: Conflict
    aligned: bool  # found by the finders, whose context alignment already says it is the same thing
    # The passage also states the claim's own value (a compatible figure or date) somewhere: then a reading
    # of the two as one statement is right, and the clash is with a neighbouring figure.
    value_stated: bool = False


def clash_candidates(claim: Reading, passage: Reading, limit: int) -> tuple[Candidate, ...]:
    """Up to `limit` candidate clashes: the finders' first, then loose ones on other claim spans."""
    found = [Candidate(c, True, _value_stated(c, claim, passage)) for c in find_conflicts(claim, passage)]
    if len(found) >= limit:
        return tuple(found[:limit])  # the looser candidates would not be tested: do not look for them
    covered = {(c.conflict.claim_span.start, c.conflict.claim_span.end) for c in found}
    for loose in (*_figures(claim, passage), *_dates(claim, passage), *_negations(claim, passage)):
        if len(found) >= limit:
            break
        key = (loose.claim_span.start, loose.claim_span.end)
        if key not in covered:
            found.append(Candidate(loose, False, _value_stated(loose, claim, passage)))
            covered.add(key)
    return tuple(found[:limit])


def _value_stated(conflict: Conflict, claim: Reading, passage: Reading) -> bool:
    span = conflict.claim_span
    if conflict.kind == "number":
        mine = [q for q in claim.quantities if (q.start, q.end) == (span.start, span.end)]
        return any(
            quantities.are_compatible(m, q) for m in mine for q in passage.quantities if q.unit == m.unit
        )
    if conflict.kind == "date":
        days = [d for d in claim.dates if (d.start, d.end) == (span.start, span.end)]
        return any(
            dates.are_compatible(m, d) and dates.are_comparable(m, d) for m in days for d in passage.dates
        )
    return False


def _figures(claim: Reading, passage: Reading) -> list[Conflict]:
    out = []
    for mine in claim.quantities:
        same_unit = [q for q in passage.quantities if q.unit == mine.unit]
        if not same_unit or any(quantities.are_compatible(mine, q) for q in same_unit):
            continue
        for other in same_unit[:LOOSE_PER_MENTION]:
            out.append(_clash("number", claim, mine.start, mine.end, passage, other.start, other.end))
    return out


def _dates(claim: Reading, passage: Reading) -> list[Conflict]:
    out = []
    for mine in claim.dates:
        comparable = [d for d in passage.dates if dates.are_comparable(mine, d)]
        if not comparable or any(dates.are_compatible(mine, d) for d in comparable):
            continue
        for other in comparable[:LOOSE_PER_MENTION]:
            out.append(_clash("date", claim, mine.start, mine.end, passage, other.start, other.end))
    return out


def _negations(claim: Reading, passage: Reading) -> list[Conflict]:
    """A predicate negated on one side and stated plainly on the other, wherever it stands."""
    out = []
    for negated, plain, negated_is_claim in ((claim, passage, True), (passage, claim, False)):
        counter = {key_of(n.predicate) for n in plain.negations}
        for negation in negated.negations:
            predicate = key_of(negation.predicate)
            if predicate in STOPWORDS or predicate in counter:
                continue
            side = plain.side
            spans = [
                span for span, lemma in zip(side.token_spans, side.lemmas, strict=True) if lemma == predicate
            ]
            if not spans:
                continue
            start, end = spans[0]
            if negated_is_claim:
                out.append(
                    _clash("negation", claim, negation.cue_start, negation.predicate_end, passage, start, end)
                )
            else:
                out.append(
                    _clash("negation", claim, start, end, passage, negation.cue_start, negation.predicate_end)
                )
    return out


def _clash(
    kind: str, claim: Reading, start: int, end: int, passage: Reading, p_start: int, p_end: int
) -> Conflict:
    mine, theirs = span_of(claim.text, start, end), span_of(passage.text, p_start, p_end)
    return Conflict(
        kind=kind,  # type: ignore[arg-type]
        claim_span=mine,
        passage_span=theirs,
        explanation=f'the claim says "{mine.text}"; the passage says "{theirs.text}"',
    )
