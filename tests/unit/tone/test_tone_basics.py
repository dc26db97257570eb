"""Tone in French and English; other languages are never scored with the wrong lexicon."""

from __future__ import annotations

import pytest

from veille.tone.checker import ToneChecker, label_for


@pytest.fixture(scope="module")
def analyzer() -> ToneChecker:
    # The bot's analyzer (these tests once exercised the previous one, kept only for benchmarks).
    return ToneChecker(positive=0.1, negative=-0.1)


def test_a_french_complaint_is_negative(analyzer):
    tone = analyzer.analyze("Service client horrible, application lente et mauvaise : je suis très déçu.")
    assert (tone.language, tone.label) == ("fr", "negative")
    assert tone.score is not None and tone.score < 0


def test_english_praise_is_positive(analyzer):
    tone = analyzer.analyze("I love this app, the new dashboard is great and really useful.")
    assert (tone.language, tone.label) == ("en", "positive")


def test_a_german_text_gets_no_tone_rather_than_a_wrong_one(analyzer):
    tone = analyzer.analyze(
        "Die neue Anwendung ist leider sehr langsam und der Kundendienst antwortet nicht."
    )
    assert (tone.language, tone.label, tone.score) == ("other", "unknown", None)


def test_thresholds_are_the_teams_choice():
    assert label_for(0.2, positive=0.1, negative=-0.1) == "positive"
    assert label_for(0.2, positive=0.3, negative=-0.3) == "neutral"
    assert label_for(-0.3, positive=0.3, negative=-0.3) == "negative"


def test_the_bots_analyzer_keeps_to_the_teams_thresholds():
    text = "I love this app, the new dashboard is great and really useful."
    lenient = ToneChecker(positive=0.1, negative=-0.1)
    tone = lenient.analyze(text)
    assert tone.label == "positive" and tone.score is not None
    strict = ToneChecker(positive=tone.score + 0.001, negative=-0.1)  # just out of the text's reach
    assert strict.analyze(text).label == "neutral"
    likely_positive = {"positive": 0.5, "neutral": 0.3, "negative": 0.2, "unknown": 0.0}
    assert lenient.label(0.3, likely_positive) == "positive"
    assert strict.label(0.3, likely_positive) == "neutral"
