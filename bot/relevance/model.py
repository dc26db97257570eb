"""A per-brand relevance model learned from the team's triage: logistic regression with a cut of its own.

Fitting: L2 logistic regression on the features of `veille.relevance.features`, fitted in batch on
all of the brand's decisions (accelerated gradient descent from zero, a fixed number of steps),
each kind of decision weighing half, so that a brand whose mentions are nearly all irrelevant does
not simply learn that base rate. Each feature is first scaled by its log-count ratio (how much
more often it is seen in relevant decisions than in irrelevant ones, smoothed, as in NBSVM), which
learns more from a few dozen decisions; the weights shown and used are the products.

Cut: the brand's own, learned from its decisions. Each past decision is scored by a model fitted
without it (stratified k-fold: the j-th decision of each kind is held out by fold j modulo k); the
cut is the score that best trades irrelevant mentions set aside against relevant ones set aside,
one relevant costing `Settings.cost` irrelevant ones. While every cut would cost more than it
saves there is none: nothing is set aside and every probability is 1.0. So a brand whose few
relevant mentions look like its many irrelevant ones keeps them all rather than the base rate
setting them aside. The cut is folded into the probability: a raw score s gives
sigmoid(s − cut + logit(THRESHOLD)), so that the brand's cut sits exactly at `THRESHOLD` and
`set_aside(judgement)` applies it; a threshold given by hand moves the cut in that scale.

`trained(decisions)` fits at once; `learn` appends a decision and the model is refitted from
scratch when next asked to judge, so `trained(d)` and the same decisions given one by one to
`learn` make the same model. It says nothing (probability 1.0, `learned` False) until it has seen
`MIN_DECISIONS` decisions, of both kinds. No randomness: the same decisions in the same order
give the same model.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from veille.relevance.features import STOP_WORDS, WINDOW, Example, features

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

MIN_DECISIONS = 8
THRESHOLD = 0.3
WORDS = 3
# An out-of-fold score for a decision whose fold held no relevant decision to learn from.
_UNKNOWN = -1e6


@dataclass(frozen=True)
class Settings:
    """How the model learns; the defaults are those chosen on the benchmark's dev split."""

    learning_rate: float = 1.0  # gradient step, in units of 1 / (the loss's curvature bound)
    l2: float = 1e-3
    window: int = WINDOW
    min_decisions: int = MIN_DECISIONS
    steps: int = 30
    folds: int = 4
    cost: float = 25.0  # how many irrelevant mentions let through one relevant set aside is worth
    nb: bool = True  # scale the features by their log-count ratios


DEFAULTS = Settings()


@dataclass(frozen=True)
class Judgement:
    """The model's verdict on one mention."""

    probability: float  # that the mention is about the brand (1.0 while not learned), cut at THRESHOLD
    words: tuple[str, ...]  # the readable features that weighed most toward the verdict
    decisions: int  # how many decisions the model learned from
    learned: bool  # False while there are too few decisions, or only one kind


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


_LOGIT_THRESHOLD = math.log(THRESHOLD / (1.0 - THRESHOLD))


def _fit(
    columns: list[int], values: list[float], lengths: list[int], labels: list[bool], settings: Settings
) -> tuple[NDArray[np.float64], float, list[float | None]]:
    """The weights and bias fitted on all decisions, and each decision's out-of-fold score.

    The full model and the k fold models are fitted together, as one stacked problem: L2 logistic
    regression, each kind weighing half of each model's training rows, Nesterov-accelerated
    gradient descent from zero for a fixed number of steps."""
    import numpy as np  # paid for only when a model is fitted

    n, width = len(labels), max(columns, default=-1) + 1
    folds = min(settings.folds, n)
    models = 1 + folds
    y = np.array(labels, dtype=np.float64)
    # stratified: the j-th decision of each kind is held out by fold j modulo k
    held = np.zeros(n, dtype=np.int64)
    held[y > 0] = np.arange(int((y > 0).sum())) % folds
    held[y == 0] = np.arange(int((y == 0).sum())) % folds
    kept = np.ones((models, n), dtype=bool)
    kept[1:] = held[None, :] != np.arange(folds)[:, None]
    relevant = (kept & (y > 0)).sum(axis=1)
    irrelevant = (kept & (y == 0)).sum(axis=1)
    usable = (relevant > 0) & (irrelevant > 0)
    share = np.where(
        y[None, :] > 0, 0.5 / np.maximum(relevant, 1)[:, None], 0.5 / np.maximum(irrelevant, 1)[:, None]
    )
    row_weights = np.where(kept & usable[:, None], share, 0.0)
    owner = np.repeat(np.arange(n), lengths)
    flat_columns = (np.arange(models)[:, None] * width + np.array(columns, dtype=np.int64)[None, :]).ravel()
    flat_owners = (np.arange(models)[:, None] * n + owner[None, :]).ravel()
    flat_values = np.tile(np.array(values, dtype=np.float64), models)
    ratios = np.ones(models * width)
    if settings.nb:
        # NBSVM-style: each feature scaled by its log-count ratio over the model's training rows
        in_relevant = (kept & (y[None, :] > 0) & usable[:, None]).astype(np.float64).ravel()[flat_owners]
        in_irrelevant = (kept & (y[None, :] == 0) & usable[:, None]).astype(np.float64).ravel()[flat_owners]
        p = (
            np.bincount(flat_columns, weights=in_relevant, minlength=models * width).reshape(models, width)
            + 1.0
        )
        q = (
            np.bincount(flat_columns, weights=in_irrelevant, minlength=models * width).reshape(models, width)
            + 1.0
        )
        r = np.log(p / p.sum(axis=1, keepdims=True)) - np.log(q / q.sum(axis=1, keepdims=True))
        ratios = r.ravel()
        flat_values = flat_values * ratios[flat_columns]
    squares = np.bincount(flat_owners, weights=flat_values * flat_values, minlength=models * n)
    step = settings.learning_rate / (0.25 * float(squares.max(initial=1.0)) + settings.l2)

    def scores(w: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
        found = np.bincount(flat_owners, weights=flat_values * w[flat_columns], minlength=models * n)
        return found.reshape(models, n) + b[:, None]

    previous_w = ahead_w = np.zeros(models * width)
    previous_b = ahead_b = np.zeros(models)
    t = 1.0
    for _ in range(settings.steps):
        errors = (1.0 / (1.0 + np.exp(-scores(ahead_w, ahead_b))) - y[None, :]) * row_weights
        gradient = np.bincount(
            flat_columns, weights=flat_values * errors.ravel()[flat_owners], minlength=models * width
        )
        w = ahead_w - step * (gradient + settings.l2 * ahead_w)
        b = ahead_b - step * errors.sum(axis=1)
        t_next = (1.0 + math.sqrt(1.0 + 4.0 * t * t)) / 2.0
        momentum = (t - 1.0) / t_next
        ahead_w = w + momentum * (w - previous_w)
        ahead_b = b + momentum * (b - previous_b)
        previous_w, previous_b, t = w, b, t_next
    final = scores(previous_w, previous_b)
    out_of_fold: list[float | None] = []
    for i in range(n):
        fold = 1 + int(held[i])
        if usable[fold]:
            out_of_fold.append(float(final[fold, i]))
        else:
            # nothing to compare with: a relevant decision counts as the most doubtful, so
            # that no cut sets it aside; an irrelevant one does not count
            out_of_fold.append(_UNKNOWN if labels[i] else None)
    return previous_w[:width] * ratios[:width], float(previous_b[0]), out_of_fold


def _best_cut(found: Sequence[float | None], relevant: Sequence[bool], cost: float) -> float | None:
    """The score below which setting aside gains most (irrelevant set aside − cost × relevant set
    aside), or None if no cut gains anything. Decisions scored None do not count."""
    counted = [i for i, score in enumerate(found) if score is not None]
    scores = {i: score for i, score in enumerate(found) if score is not None}
    order = sorted(counted, key=lambda i: scores[i])
    best, cut, gain = 0.0, None, 0.0
    for rank, i in enumerate(order):
        gain += -cost if relevant[i] else 1.0
        following = scores[order[rank + 1]] if rank + 1 < len(order) else None
        if gain > best and (following is None or following > scores[i]):
            best = gain
            if following is None:
                cut = scores[i] + 1.0
            elif scores[i] <= _UNKNOWN:
                cut = following - 1.0
            else:
                cut = (scores[i] + following) / 2.0
    return cut


@dataclass(frozen=True)
class _Fitted:
    weights: dict[str, float]
    bias: float  # the raw bias, minus the cut, plus logit(THRESHOLD)


class BrandModel:
    """What the team's decisions taught about one brand's mentions."""

    def __init__(self, settings: Settings = DEFAULTS) -> None:
        self.settings = settings
        self._index: dict[str, int] = {}  # feature key → column
        self._columns: list[int] = []  # the decisions' features, row after row
        self._values: list[float] = []
        self._lengths: list[int] = []  # how many features each decision has
        self._labels: list[bool] = []
        self._names: dict[str, str] = {}
        self._relevant = 0
        self._fitted: _Fitted | None = None

    @classmethod
    def trained(cls, decisions: Iterable[tuple[Example, bool]], settings: Settings = DEFAULTS) -> BrandModel:
        """A model fitted on these decisions, in this (time) order; True = relevant."""
        model = cls(settings)
        for example, relevant in decisions:
            model.learn(example, relevant)
        if model.learned:
            model._fit()
        return model

    @property
    def decisions(self) -> int:
        return len(self._labels)

    @property
    def learned(self) -> bool:
        irrelevant = self.decisions - self._relevant
        return self.decisions >= self.settings.min_decisions and self._relevant > 0 and irrelevant > 0

    def learn(self, example: Example, relevant: bool) -> None:
        """Add a decision; the model is refitted on all decisions when it next judges."""
        found = features(example, self.settings.window)
        index = self._index
        for key, (value, name) in found.items():
            self._names.setdefault(key, name)
            self._columns.append(index.setdefault(key, len(index)))
            self._values.append(value)
        self._lengths.append(len(found))
        self._labels.append(relevant)
        self._relevant += relevant
        self._fitted = None

    def _fit(self) -> _Fitted:
        if self._fitted is None:
            weights, bias, out_of_fold = _fit(
                self._columns, self._values, self._lengths, self._labels, self.settings
            )
            cut = _best_cut(out_of_fold, self._labels, self.settings.cost)
            shift = _LOGIT_THRESHOLD - cut if cut is not None else math.inf
            self._fitted = _Fitted(dict(zip(self._index, weights.tolist(), strict=True)), bias + shift)
        return self._fitted

    def judge(self, example: Example) -> Judgement:
        if not self.learned:
            return Judgement(1.0, (), self.decisions, False)
        fitted = self._fit()
        found = features(example, self.settings.window)
        weights = fitted.weights
        probability = _sigmoid(
            fitted.bias + sum(weights.get(key, 0.0) * value for key, (value, _) in found.items())
        )
        sign = -1.0 if probability < 0.5 else 1.0
        # every mention has a language: it explains nothing to whoever reads the verdict
        contributions = sorted(
            (
                (sign * weights[key] * value, key)
                for key, (value, _) in found.items()
                if key in weights and sign * weights[key] > 0 and not key.startswith("lang:")
            ),
            reverse=True,
        )
        words: list[str] = []
        for _, key in contributions:
            name = self._names[key]
            if name not in words and name not in STOP_WORDS:
                words.append(name)
            if len(words) == WORDS:
                break
        return Judgement(probability, tuple(words), self.decisions, True)


def set_aside(judgement: Judgement, threshold: float = THRESHOLD) -> bool:
    """Whether a mention is set aside as probably not about the brand (below the brand's cut,
    which the probability places at `THRESHOLD`)."""
    return judgement.learned and judgement.probability < threshold
