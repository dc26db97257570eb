"""The tone of a mention: positive, neutral or negative, in French or English.

English goes to TextBlob's pattern lexicon, French to textblob-fr's; the polarity (-1…1) is
mapped to a label with the configured thresholds. A text in another language gets "unknown":
scoring it with an English or French lexicon would only make up a tone.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

from bot.language import LanguageDetector
from bot.models import Language, Tone, ToneLabel


class ToneAnalyzer(Protocol):
    def analyze(self, text: str, declared_language: str | None = None) -> Tone: ...


def label_for(score: float, positive: float, negative: float) -> ToneLabel:
    if score >= positive:
        return "positive"
    if score <= negative:
        return "negative"
    return "neutral"


class LexiconToneAnalyzer:
    def __init__(
        self,
        positive: float = 0.1,
        negative: float = -0.1,
        detector: LanguageDetector | None = None,
    ) -> None:
        from textblob.en.sentiments import PatternAnalyzer as EnglishAnalyzer
        from textblob_fr import PatternAnalyzer as FrenchAnalyzer

        self.positive = positive
        self.negative = negative
        self.detector = detector or LanguageDetector()
        self._analyzers: dict[Language, Any] = {"en": EnglishAnalyzer(), "fr": FrenchAnalyzer()}
        self._lock = threading.Lock()
        # The lexicons load lazily on first use; load them now, once, rather than in two poll
        # threads at the same time.
        for language in ("en", "fr"):
            self._score(language, "ok")

    def _score(self, language: Language, text: str) -> float:
        with self._lock:
            result = self._analyzers[language].analyze(text)
        return float(result[0])

    def analyze(self, text: str, declared_language: str | None = None) -> Tone:
        language = self.detector.detect(text, declared_language)
        if language == "other":
            return Tone("unknown", None, "other")
        score = round(self._score(language, text), 3)
        return Tone(label_for(score, self.positive, self.negative), score, language)
