"""Claim-evidence judgement: does a passage support, contradict or merely relate to a claim, and why.

stance.py decides (stance_of, find_conflicts) with the thresholds of thresholds.py; the conflict finders
(number_conflicts.py, date_conflicts.py, negation_conflicts.py) read mentions found by quantities.py,
dates.py and negation.py, pair them through alignment.py over texts read once by reading.py, with the
lemmas of lemmas.py.
"""

from scoring.judgement.conflict import Conflict, ConflictKind, TextSpan
from scoring.judgement.reading import Reading
from scoring.judgement.stance import Stance, StanceLabel, find_conflicts, stance_of
from scoring.judgement.thresholds import StanceThresholds

__all__ = [
    "Conflict",
    "ConflictKind",
    "Reading",
    "Stance",
    "StanceLabel",
    "StanceThresholds",
    "TextSpan",
    "find_conflicts",
    "stance_of",
]
