"""Number conflicts: two figures that count the same thing and cannot both be true ("20 children" against
"at least 15" agrees; against "15" it clashes), and a claim's sum of money that matches none of the passage's."""

from __future__ import annotations

from collections.abc import Sequence

from scoring.judgement import quantities
from scoring.judgement.alignment import aligned_words, best_aligned, mention_context, paired_score
from scoring.judgement.conflict import Conflict, span_of
from scoring.judgement.lemmas import MEASURE_UNIT_KEYS, content_lemmas, surface_lemmas
from scoring.judgement.reading import Reading

# A quantity with no counted noun ("the toll rose to 15") must share this many context words with the
# other side's quantity to be read as the same figure.
BARE_QUANTITY_MIN_SHARED = 2
# Shared counted nouns weigh more than shared surrounding words when choosing the counterpart.
COUNTED_NOUN_WEIGHT = 3
# Counted nouns too general to identify a figure on their own.
_GENERIC_COUNTED = frozenset({"person", "man", "woman", "time", "thing", "case", "other"})
# Units whose figures a claim and a passage on the same story rarely state more than one of, so that a
# claim's sum that matches none of the passage's is contradicted. Percentages are left out: science and
# economics copy cites several shares per sentence (CLIMATE-FEVER dev pairs doubled their false conflicts).
_TIE_UNITS = frozenset({"$", "£", "€", "¥", "₹"})
_TEMPERATURE_SCALES = frozenset({"celsius", "fahrenheit", "kelvin"})


def _quantity_score(
    mine: quantities.Quantity,
    context: frozenset[str],
    theirs: quantities.Quantity,
    their_context: frozenset[str],
) -> int:
    """How surely two quantities are the same figure; -1 when they are not comparable."""
    nouns, their_nouns = content_lemmas(mine.counted), content_lemmas(theirs.counted)
    if mine.unit != theirs.unit or not _same_measure(nouns, their_nouns):
        return -1
    # A unit of measure says how a figure is measured, not what it is about: two temperatures in degrees
    # are the same figure only if their context says so.
    is_measured = bool(mine.unit) or bool(nouns & MEASURE_UNIT_KEYS)
    things = frozenset(n for n in nouns if n not in MEASURE_UNIT_KEYS and not n.startswith("per:"))
    their_things = frozenset(
        n for n in their_nouns if n not in MEASURE_UNIT_KEYS and not n.startswith("per:")
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
        same_words = surface_lemmas(mine.counted) & surface_lemmas(theirs.counted)
        is_specific = bool(same_words - _GENERIC_COUNTED)
        if not is_specific and shared_context < BARE_QUANTITY_MIN_SHARED:
            return -1
        return COUNTED_NOUN_WEIGHT * shared_nouns + shared_context
    if (things or their_things) and not is_measured:
        return -1  # one figure counts something, the other is bare: not known to be the same
    return shared_context if shared_context >= BARE_QUANTITY_MIN_SHARED else -1


def quantity_conflicts(claim_reading: Reading, passage_reading: Reading) -> list[Conflict]:
    claim, passage = claim_reading.side, passage_reading.side
    claim_quantities, passage_quantities = claim_reading.quantities, passage_reading.quantities
    slots = (claim_reading.slots, passage_reading.slots)
    claim_marks = [(q.start, q.end) for q in claim_quantities]
    passage_marks = [(q.start, q.end) for q in passage_quantities]
    passage_contexts = {
        id(q): mention_context(passage, q.start, q.end, passage_marks, is_clause_bounded=True)
        for q in passage_quantities
    }
    conflicts: list[Conflict] = []
    for mine in claim_quantities:
        my_context = mention_context(claim, mine.start, mine.end, claim_marks, is_clause_bounded=True)
        scored = [
            (
                paired_score(
                    _quantity_score(mine, my_context, theirs, passage_contexts[id(theirs)]),
                    aligned_words(slots[0], mine.start, slots[1], theirs.start)
                    if mine.unit == theirs.unit
                    and _same_measure(content_lemmas(mine.counted), content_lemmas(theirs.counted))
                    else 0,
                ),
                theirs,
                quantities.are_compatible(mine, theirs),
            )
            for theirs in passage_quantities
        ]
        other = best_aligned(scored, 0)
        if other is None and all(score < 0 for score, _, _ in scored):
            others = [q for q in claim_quantities if q is not mine]
            other = _sole_kind_disagrees(mine, others, passage_quantities)
        if other is not None:
            conflicts.append(
                Conflict(
                    kind="number",
                    claim_span=span_of(claim.text, mine.start, mine.end),
                    passage_span=span_of(passage.text, other.start, other.end),
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
    nouns = content_lemmas(mine.counted)
    same_kind = [
        q
        for q in passage_quantities
        if q.unit == mine.unit
        and _same_measure(nouns, content_lemmas(q.counted))
        and not any(quantities.are_compatible(o, q) for o in claim_others if o.unit == q.unit)
    ]
    if not same_kind or any(quantities.are_compatible(mine, q) for q in same_kind):
        return None
    return same_kind[0]


def _same_measure(a: frozenset[str], b: frozenset[str]) -> bool:
    """Rates must match rates ("per:decade") and temperature scales must match, when both sides name one."""
    if {w for w in a if w.startswith("per:")} != {w for w in b if w.startswith("per:")}:
        return False
    scale_a, scale_b = a & _TEMPERATURE_SCALES, b & _TEMPERATURE_SCALES
    if scale_a and scale_b and scale_a != scale_b:
        return False
    units_a, units_b = a & MEASURE_UNIT_KEYS, b & MEASURE_UNIT_KEYS
    return not ((units_a or units_b) and not (units_a & units_b))
