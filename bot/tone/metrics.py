"""How well a tone check agrees with people: accuracy, per-class precision/recall, macro-F1,
and whether its confidence can be taken at its word (calibration).

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


@dataclass(frozen=True)
class Calibration:
    error: float  # mean gap between confidence and the share right, over bins weighted by rows
    bins: tuple[tuple[float, float, int, float], ...]  # (from, to, rows, share right)


def calibration(confidences: Sequence[float], right: Sequence[bool], bins: int = 10) -> Calibration:
    """How far the confidence given is from how often the tone was right (0 is honest)."""
    if len(confidences) != len(right):
        raise ValueError("confidences and right differ in length")
    grouped: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for confidence, ok in zip(confidences, right, strict=True):
        grouped[min(int(confidence * bins), bins - 1)].append((confidence, ok))
    total = len(confidences)
    error = 0.0
    table: list[tuple[float, float, int, float]] = []
    for index, rows in enumerate(grouped):
        if not rows:
            continue
        said = sum(c for c, _ in rows) / len(rows)
        share = sum(1 for _, ok in rows if ok) / len(rows)
        error += len(rows) / total * abs(said - share)
        table.append((index / bins, (index + 1) / bins, len(rows), share))
    return Calibration(error, tuple(table))


@dataclass(frozen=True)
class Marked:
    """How many tones were marked "low confidence" and how many of them were right; the others."""

    unsure: int
    unsure_right: int
    sure: int
    sure_right: int


def marked(unsure: Sequence[bool], right: Sequence[bool]) -> Marked:
    """Whether the tones marked unsure are the ones that are wrong."""
    if len(unsure) != len(right):
        raise ValueError("unsure and right differ in length")
    pairs = list(zip(unsure, right, strict=True))
    return Marked(
        unsure=sum(1 for u, _ in pairs if u),
        unsure_right=sum(1 for u, ok in pairs if u and ok),
        sure=sum(1 for u, _ in pairs if not u),
        sure_right=sum(1 for u, ok in pairs if not u and ok),
    )
