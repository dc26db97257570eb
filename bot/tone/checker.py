"""The tone of a mention: positive, neutral or negative, in French or English.

`ToneChecker` is the bot's analyzer: Veille's own lexicon and rules (negation, intensifiers,
emoji, "!!!", elongations, hashtags, domain words such as panne, arnaque, outage, scam) feed a
small linear model per language trained on labelled tweets and reviews (`veille.tone.model`). It
gives each tone a probability; the label is the likeliest tone, and positive or negative only if
the score P(positive) − P(negative) (-1…1) also clears the configured threshold. Its confidence
is the probability of the label it gives. The team's own term weights
(`[tone.terms]` in the config) push a text's score their way. A language's model is read when
the first text in that language comes (only its header at start, to warn of a broken file), so a
bot that never sees French never holds the French model.

A text in another language gets "unknown": scoring it with an English or French lexicon would
only make up a tone.

`LexiconToneAnalyzer` is the simple alternative a team can choose with `[tone] engine =
"textblob"`: TextBlob's polarity in English, textblob-fr's in French, against the same thresholds,
without confidence or term weights. It was the bot's first analyzer and is the baseline of
benchmarks/sentiment.py, which measures the default one as better.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any, Protocol

from veille.config import ToneConfig
from veille.model import Language, Tone, ToneLabel
from veille.text.clean import fold
from veille.text.language import LanguageDetector
from veille.tone.model import DATA, ModelError, ToneModel, check_model_file, load_model, model_path, softmax
from veille.tone.vader import model_features

log = logging.getLogger(__name__)

TONE_TEXT_CHARS = 1200
TERM_LOGIT = 0.6  # how far one unit of a team's term weight moves the positive/negative logits


class ToneAnalyzer(Protocol):
    def analyze(
        self, text: str, declared_language: str | None = None, names: Collection[str] = ()
    ) -> Tone: ...


def tone_text(title: str, text: str) -> str:
    """What the analyzer reads of a mention: its title, then the start of its text.

    Many sources repeat the title as the text's first words (a Mastodon or Reddit post's title is
    the start of the post, a feed's description often opens with the headline); reading it twice
    would count its words twice.
    """
    body = text[:TONE_TEXT_CHARS]
    if not title:
        return body
    if not body:
        return title
    head = " ".join(fold(title).rstrip(" .…").split())
    if " ".join(fold(body[: len(title) + 20]).split()).startswith(head):
        return body
    return f"{title}. {body}"


def hinted(tone: Tone, hint: ToneLabel | None) -> Tone:
    """The text's tone, or the source's hint (a review's stars) when the text alone says little:
    another language, a neutral reading or a low confidence. A clear reading is kept."""
    if hint is None or hint in ("unknown", tone.label):
        return tone
    if tone.label in ("unknown", "neutral") or tone.unsure:
        return Tone(hint, None, tone.language)
    return tone


def label_for(score: float, positive: float, negative: float) -> ToneLabel:
    if score >= positive:
        return "positive"
    if score <= negative:
        return "negative"
    return "neutral"


class LexiconToneAnalyzer:
    """TextBlob's polarity in English, textblob-fr's in French."""

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

    def analyze(self, text: str, declared_language: str | None = None, names: Collection[str] = ()) -> Tone:
        language = self.detector.detect(text, declared_language, names)
        if language == "other":
            return Tone("unknown", None, "other")
        score = round(self._score(language, text), 3)
        return Tone(label_for(score, self.positive, self.negative), score, language)


def term_pattern(terms: Mapping[str, float]) -> re.Pattern[str] | None:
    """One pattern finding any of the team's terms as whole words, in folded text."""
    folded = sorted({fold(term).strip() for term in terms if fold(term).strip()}, key=len, reverse=True)
    if not folded:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(term) for term in folded) + r")(?!\w)")


class ToneChecker:
    """Veille's tone check: own lexicon and rules, a small learned model, the team's term weights."""

    def __init__(
        self,
        positive: float = 0.1,
        negative: float = -0.1,
        detector: LanguageDetector | None = None,
        terms: Mapping[str, float] | None = None,
        models: Path = DATA,
    ) -> None:
        self.positive = positive
        self.negative = negative
        self.detector = detector or LanguageDetector()
        self._terms = {fold(term).strip(): weight for term, weight in (terms or {}).items()}
        self._term_pattern = term_pattern(terms or {})
        self._folder = models
        self._models: dict[str, ToneModel | None] = {}
        self._waiting: set[str] = set()  # languages whose model loads with their first text
        self._lock = threading.Lock()
        for language in ("en", "fr"):
            path = model_path(language, models)
            if not path.is_file():
                log.warning("no tone model for %s in %s: using the lexicon alone", language, models)
                continue
            try:
                check_model_file(path)
            except (OSError, ModelError, ValueError, KeyError) as exc:
                log.warning("tone model for %s unusable (%s): using the lexicon alone", language, exc)
                continue
            self._waiting.add(language)

    def _model(self, language: str) -> ToneModel | None:
        model = self._models.get(language)
        if model is not None or language not in self._waiting:
            return model
        with self._lock:
            if language in self._waiting:
                try:
                    self._models[language] = load_model(language, self._folder)
                except (OSError, ModelError, ValueError, KeyError) as exc:
                    log.warning("tone model for %s unusable (%s): using the lexicon alone", language, exc)
                self._waiting.discard(language)
        return self._models.get(language)

    def analyze(self, text: str, declared_language: str | None = None, names: Collection[str] = ()) -> Tone:
        """The tone of a text; `names` are the brand names it was found by (no clue to its language)."""
        language = self.detector.detect(text, declared_language, names)
        if language == "other":
            return Tone("unknown", None, "other")
        score, probabilities = self.score(text, language)
        label = self.label(score, probabilities)
        return Tone(label, round(score, 3), language, round(probabilities[label], 3))

    def label(self, score: float, probabilities: Mapping[ToneLabel, float]) -> ToneLabel:
        """The most likely of the three tones, if its score also clears the team's threshold."""
        order: tuple[ToneLabel, ...] = ("neutral", "positive", "negative")
        likeliest = max(order, key=lambda k: probabilities[k])
        if likeliest == "positive" and score >= self.positive:
            return "positive"
        if likeliest == "negative" and score <= self.negative:
            return "negative"
        return "neutral"

    def score(self, text: str, language: str) -> tuple[float, dict[ToneLabel, float]]:
        """The score (-1…1) of a text in a known language, and each label's probability."""
        push = self._term_push(text)
        model = self._model(language)
        features = model_features(text, language, model is not None and bool(model.info.get("vader")))
        if model is None:
            score = max(-1.0, min(1.0, features.lexicon_score + push * TERM_LOGIT / 3))
            strength = abs(score)
            neutral = 1.0 - strength
            return score, {
                "positive": strength if score > 0 else 0.0,
                "negative": strength if score < 0 else 0.0,
                "neutral": neutral,
                "unknown": 0.0,
            }
        logits = model.logits(features)
        if push:
            logits[0] -= push * TERM_LOGIT
            logits[2] += push * TERM_LOGIT
        negative, neutral, positive = softmax(logits)
        return positive - negative, {
            "positive": positive,
            "neutral": neutral,
            "negative": negative,
            "unknown": 0.0,
        }

    def _term_push(self, text: str) -> float:
        if self._term_pattern is None:
            return 0.0
        return sum(self._terms.get(m.group(1), 0.0) for m in self._term_pattern.finditer(fold(text)))


def analyzer_for(config: ToneConfig, detector: LanguageDetector | None = None) -> ToneAnalyzer:
    """The analyzer the team chose (`[tone] engine`), with its thresholds and term weights."""
    if config.engine == "textblob":
        return LexiconToneAnalyzer(config.positive, config.negative, detector)
    return ToneChecker(config.positive, config.negative, detector, config.terms)
