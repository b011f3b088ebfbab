"""One learned decision: a passage's stance from the judge's reading and the finders' clashes.

The judge reads a passage against a claim; the finders propose clashes (a figure, a date, a negation) and
the judge reads the claim again with the passage's side of each swapped in. What those readings mean is
decided by a small multinomial logistic model (`DecisionModel`), fitted on the newsroom set's dev split
(`training/decision/fit.py`), not by hand-set thresholds: it weighs the judge's probabilities, how far a
swap moves them, how close and how lexically similar the two texts are, and what kind of clash a finder
saw, and answers supports / contradicts / related with a calibrated probability.

Three guarantees are structural, so no fitted weight can undo them: a finder clash on a value the passage
also states in a compatible form (a figure from a neighbouring clause) is not evidence of a contradiction;
a bound the passage satisfies ("at least 15" against 20) never becomes a clash (the finders do not
propose one); and a passage a finder pins a clash on ("killed 30" against "killed 12") never supports the
claim, however close the two texts are. A contradiction shows the clashes the finders can point at.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scoring.judgement.conflict import Conflict
from scoring.judgement.judge import CONTRADICTS, ENTAILS, NEUTRAL
from scoring.judgement.lemmas import STOPWORDS, key_of
from scoring.judgement.proposals import Candidate
from scoring.judgement.stance import StanceLabel
from scoring.text.words import LATIN_WORD_OR_NUMBER

# Probabilities are clipped away from 0 and 1 before taking logs, so one saturated output cannot make a
# feature infinite.
_PROBABILITY_FLOOR = 1e-4
DECISION_LABELS: tuple[StanceLabel, StanceLabel, StanceLabel] = ("supports", "contradicts", "related")
FEATURE_NAMES = (
    "log_entails",
    "log_contradicts",
    "log_neutral",
    "similarity",
    "overlap",
    "has_clash",
    "aligned_clash",
    "clash_shift",
    "clash_counter_entails",
    "number_clash",
    "date_clash",
    "negation_clash",
    "log_entails_x_clash",
    "shift_x_aligned",
)
DECISION_FILE = "decision.json"
PACKAGED_DECISION = Path(__file__).resolve().parents[1] / "data" / "judge" / DECISION_FILE


@dataclass(frozen=True, slots=True)
class CheckedClash:
    """A finder's candidate clash and the judge's reading of the claim with the passage's side put in."""

    candidate: Candidate
    counterfactual: tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class PassageReading:
    """Everything the decision sees of one (claim, passage) pair."""

    claim: str
    passage: str
    probabilities: tuple[float, float, float]
    similarity: float
    clashes: tuple[CheckedClash, ...] = ()
    # Clashes a finder proposed in a passage the judge read as unrelated, so no swap was tested: no
    # evidence of a contradiction, but reason enough not to read the passage as support.
    untested: tuple[Candidate, ...] = ()


def counterfactual_claim(claim: str, conflict: Conflict) -> str:
    """The claim with the passage's side of a clash put in place of its own."""
    span = conflict.claim_span
    return claim[: span.start] + conflict.passage_span.text + claim[span.end :]


def entailment_margin(probabilities: tuple[float, float, float]) -> float:
    """log P(entails) - log P(contradicts): how far the judge leans to support over contradiction."""
    return _log(probabilities[ENTAILS]) - _log(probabilities[CONTRADICTS])


def shift_of(clash: CheckedClash, original: tuple[float, float, float]) -> float:
    """How far the swap moves the judge towards support (log-odds): the passage's value makes it true."""
    return entailment_margin(clash.counterfactual) - entailment_margin(original)


def evidential(clashes: Sequence[CheckedClash]) -> tuple[CheckedClash, ...]:
    """The clashes that can speak for a contradiction: not those where the passage also states the
    claim's value in a compatible form (then the clash is with a neighbouring figure or date)."""
    return tuple(c for c in clashes if not c.candidate.value_stated)


def content_overlap(claim: str, passage: str) -> float:
    """Share of the claim's content words (lemmas, synonyms merged) that the passage has too."""
    mine = _content(claim)
    return len(mine & _content(passage)) / len(mine) if mine else 0.0


def features(reading: PassageReading) -> list[float]:
    """The decision's inputs, in FEATURE_NAMES order."""
    probabilities = reading.probabilities
    clashes = evidential(reading.clashes)
    best = max(clashes, key=lambda c: shift_of(c, probabilities), default=None)
    kinds = {c.candidate.conflict.kind for c in clashes}
    log_entails = _log(probabilities[ENTAILS])
    shift = shift_of(best, probabilities) if best else 0.0
    aligned = float(any(c.candidate.aligned for c in clashes))
    return [
        log_entails,
        _log(probabilities[CONTRADICTS]),
        _log(probabilities[NEUTRAL]),
        reading.similarity,
        content_overlap(reading.claim, reading.passage),
        float(bool(clashes)),
        aligned,
        shift,
        best.counterfactual[ENTAILS] if best else 0.0,
        float("number" in kinds),
        float("date" in kinds),
        float("negation" in kinds),
        log_entails * float(bool(clashes)),
        shift * aligned,
    ]


@dataclass(frozen=True, slots=True)
class Decision:
    label: StanceLabel
    probability: float  # the model's calibrated probability of that label
    conflicts: tuple[Conflict, ...]  # the clashes shown with a contradiction


@dataclass(frozen=True, slots=True)
class DecisionModel:
    """Multinomial logistic regression over standardised features; weights from a fitted JSON file."""

    weights: tuple[tuple[float, ...], ...]  # one row per label in DECISION_LABELS
    bias: tuple[float, float, float]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    model_id: str

    @classmethod
    def load(cls, path: Path) -> DecisionModel:
        raw = path.read_bytes()
        data = json.loads(raw)
        if tuple(data["features"]) != FEATURE_NAMES or tuple(data["labels"]) != DECISION_LABELS:
            raise ValueError(f"{path} was fitted for other features or labels than this code reads")
        weights = tuple(tuple(float(w) for w in row) for row in data["weights"])
        if len(weights) != len(DECISION_LABELS) or any(len(row) != len(FEATURE_NAMES) for row in weights):
            raise ValueError(f"{path}: weights must be {len(DECISION_LABELS)} x {len(FEATURE_NAMES)}")
        bias = tuple(float(b) for b in data["bias"])
        return cls(
            weights=weights,
            bias=(bias[0], bias[1], bias[2]),
            mean=tuple(float(m) for m in data["mean"]),
            scale=tuple(float(s) or 1.0 for s in data["scale"]),
            model_id=f"decision-{hashlib.sha256(raw).hexdigest()[:12]}",
        )

    def probabilities(self, rows: Sequence[Sequence[float]]) -> np.ndarray:
        """(n, 3) probabilities of supports, contradicts, related."""
        if not rows:
            return np.zeros((0, len(DECISION_LABELS)), dtype=np.float64)
        x = (np.asarray(rows, dtype=np.float64) - np.asarray(self.mean)) / np.asarray(self.scale)
        logits = x @ np.asarray(self.weights).T + np.asarray(self.bias)
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def decide(self, readings: Sequence[PassageReading]) -> list[Decision]:
        probabilities = self.probabilities([features(r) for r in readings])
        out = []
        for reading, row in zip(readings, probabilities, strict=True):
            index = int(np.argmax(row))
            if DECISION_LABELS[index] == "supports" and _clashes_with(reading):
                index = DECISION_LABELS.index("related")
            label = DECISION_LABELS[index]
            conflicts = _shown_conflicts(reading) if label == "contradicts" else ()
            out.append(Decision(label, float(row[index]), conflicts))
        return out


def _clashes_with(reading: PassageReading) -> bool:
    """Whether a finder pins a clash on the pair (a figure, date or negation aligned on the same slot of
    one statement, the passage not stating the claim's value as well): then the passage does not state
    the claim, whatever the similarity of the two texts."""
    return any(c.candidate.aligned for c in evidential(reading.clashes)) or any(
        c.aligned and not c.value_stated for c in reading.untested
    )


def _shown_conflicts(reading: PassageReading) -> tuple[Conflict, ...]:
    """The clashes a contradiction is shown with: the finders' aligned ones, and looser ones whose swap
    made the claim read better (the passage's value is what it disagrees on), strongest first."""
    ranked = sorted(evidential(reading.clashes), key=lambda c: -shift_of(c, reading.probabilities))
    return tuple(
        c.candidate.conflict
        for c in ranked
        if c.candidate.aligned or shift_of(c, reading.probabilities) > 0.0
    )


def _log(probability: float) -> float:
    return math.log(min(1.0, max(_PROBABILITY_FLOOR, probability)))


def _content(text: str) -> frozenset[str]:
    words = (m.group(0).lower() for m in LATIN_WORD_OR_NUMBER.finditer(text))
    return frozenset(key_of(w) for w in words if w not in STOPWORDS)
