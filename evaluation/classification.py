"""Multi-class scores from gold and predicted labels: per-class precision, recall and F1, macro-F1, confusion.

Shared by the label-level evaluations (CLIMATE-FEVER pairs, FNC-1 headline-body pairs) so both print the
same table. A class never predicted has precision 0 (not undefined), which is how scikit-learn's
``zero_division=0`` reports it and what macro-F1 figures in the literature use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ClassScores:
    precision: float
    recall: float
    f1: float
    support: int  # gold items of the class
    predicted: int  # items predicted as the class


@dataclass(frozen=True, slots=True)
class Classification:
    labels: tuple[str, ...]
    confusion: dict[str, dict[str, int]]  # gold -> predicted -> count

    @property
    def total(self) -> int:
        return sum(sum(row.values()) for row in self.confusion.values())

    @property
    def accuracy(self) -> float:
        return sum(self.confusion[label][label] for label in self.labels) / self.total if self.total else 0.0

    def scores(self, label: str) -> ClassScores:
        hits = self.confusion[label][label]
        support = sum(self.confusion[label].values())
        predicted = sum(self.confusion[gold][label] for gold in self.labels)
        precision = hits / predicted if predicted else 0.0
        recall = hits / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return ClassScores(precision, recall, f1, support, predicted)

    @property
    def macro_f1(self) -> float:
        return sum(self.scores(label).f1 for label in self.labels) / len(self.labels)


def classify(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> Classification:
    """The confusion of `predicted` against `gold`; every label in either must be one of `labels`."""
    confusion = {g: dict.fromkeys(labels, 0) for g in labels}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    return Classification(tuple(labels), confusion)


def format_classification(result: Classification, title: str) -> str:
    """Per-class precision/recall/F1 with support and predicted counts, then the confusion matrix."""
    width = max(len(label) for label in result.labels) + 2
    lines = [
        f"{title}: macro-F1 {result.macro_f1:.3f}, accuracy {result.accuracy:.3f} ({result.total} pairs)",
        f"  {'class':<{width}}{'P':>7}{'R':>7}{'F1':>7}{'gold':>8}{'predicted':>11}",
    ]
    for label in result.labels:
        s = result.scores(label)
        lines.append(
            f"  {label:<{width}}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.support:>8}{s.predicted:>11}"
        )
    column = max(width, 11)
    header = "confusion (rows gold, columns predicted):"
    lines.append(f"  {header:<{max(width, len(header))}}{''.join(f'{p:>{column}}' for p in result.labels)}")
    for gold in result.labels:
        row = "".join(f"{result.confusion[gold][p]:>{column}}" for p in result.labels)
        lines.append(f"  {gold:<{max(width, len(header))}}{row}")
    return "\n".join(lines)
