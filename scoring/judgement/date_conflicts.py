"""Date conflicts: two dates about the same thing (shared context or an aligned slot) that no one day
satisfies; a bound ("by 2035", "since 2015") is compared only with a bound, a point with a point."""

from __future__ import annotations

from scoring.judgement import dates
from scoring.judgement.alignment import aligned_words, best_aligned, mention_context, paired_score
from scoring.judgement.conflict import Conflict, span_of
from scoring.judgement.reading import Reading

# A date must share this many context words with its counterpart: one shared word ("study") let a claim's
# "2003" meet an unrelated "2010" in CLIMATE-FEVER dev pairs; two rarely do.
DATE_MIN_SHARED = 2


def date_conflicts(claim_reading: Reading, passage_reading: Reading) -> list[Conflict]:
    claim, passage = claim_reading.side, passage_reading.side
    claim_dates, passage_dates = claim_reading.dates, passage_reading.dates
    slots = (claim_reading.slots, passage_reading.slots)
    claim_marks = [(d.start, d.end) for d in claim_dates]
    passage_marks = [(d.start, d.end) for d in passage_dates]
    passage_contexts = {id(d): mention_context(passage, d.start, d.end, passage_marks) for d in passage_dates}
    conflicts: list[Conflict] = []
    for mine in claim_dates:
        my_context = mention_context(claim, mine.start, mine.end, claim_marks)
        # A bound ("by 2035", "since 2015") answers a bound and a point answers a point: "in its 2010
        # report" is not about the same slot as "melting by 2035".
        comparable = [
            d for d in passage_dates if dates.are_comparable(mine, d) and _is_bound(d) == _is_bound(mine)
        ]
        other = best_aligned(
            [
                (
                    paired_score(
                        len(my_context & passage_contexts[id(d)]),
                        aligned_words(slots[0], mine.start, slots[1], d.start),
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
                    claim_span=span_of(claim.text, mine.start, mine.end),
                    passage_span=span_of(passage.text, other.start, other.end),
                    explanation=f"the claim says {mine.describe()}; the passage says {other.describe()}",
                )
            )
    return conflicts


def _is_bound(mention: dates.DateMention) -> bool:
    return mention.bound in ("since", "before")
