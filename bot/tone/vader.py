"""VADER's reading of an English text, as extra inputs of the English tone model.

VADER (the `vaderSentiment` package, MIT, installed from PyPI with its own lexicon) is good at
short English social-media text; the English model takes its scores as four more features and
learns how far to trust them next to Veille's own lexicon and words. Nothing is downloaded.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

from veille.tone.features import Features, extract

VADER_CHARS = 400  # VADER's cost grows fast with length; the start of a text is enough


@cache
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_values(text: str) -> tuple[tuple[str, float], ...]:
    scores = _analyzer().polarity_scores(text[:VADER_CHARS])
    compound = float(scores["compound"])
    return (
        ("v:compound", compound),
        ("v:pos", float(scores["pos"])),
        ("v:neg", float(scores["neg"])),
        ("v:compound_pos", max(compound, 0.0)),
        ("v:compound_neg", min(compound, 0.0)),
    )


def with_vader(features: Features) -> Features:
    """The features with VADER's reading of the same text (a repeated sentence counted once)."""
    return replace(features, values=features.values + vader_values(features.read))


def model_features(text: str, language: str, vader: bool) -> Features:
    """What a tone model reads of a text: Veille's features, and VADER's scores for a model
    trained with them."""
    features = extract(text, language)
    return with_vader(features) if vader else features
