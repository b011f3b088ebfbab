"""Negation conflicts: a predicate negated on one side ("did not attend") and stated plainly on the other
("attended"), where the words around both say it is the same statement."""

from __future__ import annotations

from scoring.judgement.alignment import (
    aligned_words,
    best_aligned,
    lemma_after,
    mention_context,
    paired_score,
)
from scoring.judgement.conflict import Conflict, span_of
from scoring.judgement.lemmas import STOPWORDS, key_of
from scoring.judgement.reading import Reading

# A negated predicate must share this many context words with its plain counterpart, as dates must
# (date_conflicts.DATE_MIN_SHARED).
NEGATION_MIN_SHARED = 2


def negation_conflicts(claim: Reading, passage: Reading) -> list[Conflict]:
    conflicts: list[Conflict] = []
    for negated, plain, negated_is_claim in ((claim, passage, True), (passage, claim, False)):
        negations, counter_negations = negated.negations, plain.negations
        if not negations:
            continue  # nothing negated on this side: neither text needs its words read for it
        negated_side, negated_slots = negated.side, negated.slots
        plain_side, plain_slots = plain.side, plain.slots
        negated_on_other = {key_of(n.predicate) for n in counter_negations}
        counter_marks = {(n.predicate_start, n.predicate_end) for n in counter_negations}
        for neg in negations:
            predicate = key_of(neg.predicate)
            if predicate in STOPWORDS or predicate in negated_on_other:
                continue
            my_context = mention_context(negated_side, neg.cue_start, neg.predicate_end)
            occurrences = [
                (s, e)
                for (s, e), lemma in zip(plain_side.token_spans, plain_side.lemmas, strict=True)
                if lemma == predicate and (s, e) not in counter_marks
            ]
            my_next = lemma_after(negated_side, neg.predicate_end)
            # The same next word ("not calcium carbonate" / "calcium carbonate") is a shared phrase.
            scored = [
                (
                    paired_score(
                        len(my_context & mention_context(plain_side, s, e))
                        + (1 if my_next and my_next == lemma_after(plain_side, e) else 0),
                        aligned_words(negated_slots, neg.predicate_start, plain_slots, s),
                    ),
                    (s, e),
                    False,
                )
                for s, e in occurrences
            ]
            other = best_aligned(scored, NEGATION_MIN_SHARED)
            if other is None:
                continue
            negated_span = span_of(negated_side.text, neg.cue_start, neg.predicate_end)
            plain_span = span_of(plain_side.text, other[0], other[1])
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
