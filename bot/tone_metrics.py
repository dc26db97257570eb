"""How well a tone check agrees with people: accuracy, per-class precision/recall, macro-F1.

Used by benchmarks/sentiment.py (against labelled data) and `veille tone-report` (against the
team's own corrections from Slack).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

THREE = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Agreement:
    total: int
    accuracy: float
    macro_f1: float
    classes: tuple[ClassScore, ...]
    confusion: dict[tuple[str, str], int]  # (said by people, said by the analyzer) → count


def agreement(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = THREE) -> Agreement:
    """Scores of `predicted` against `gold`; a prediction outside `labels` ("unknown") counts as wrong."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    pairs = Counter(zip(gold, predicted, strict=True))
    classes: list[ClassScore] = []
    for label in labels:
        hit = pairs[(label, label)]
        said = sum(n for (_, p), n in pairs.items() if p == label)
        truth = sum(n for (g, _), n in pairs.items() if g == label)
        precision = hit / said if said else 0.0
        recall = hit / truth if truth else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        classes.append(ClassScore(label, precision, recall, f1, truth))
    present = [c for c in classes if c.support]
    total = len(gold)
    return Agreement(
        total=total,
        accuracy=sum(n for (g, p), n in pairs.items() if g == p) / total if total else 0.0,
        macro_f1=sum(c.f1 for c in present) / len(present) if present else 0.0,
        classes=tuple(classes),
        confusion=dict(pairs),
    )
