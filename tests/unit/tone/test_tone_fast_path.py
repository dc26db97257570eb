"""The tone check reads mentions as it always did, at less cost: same tones, same VADER scores,
and a model is loaded when the first text in its language comes."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from veille.tone.checker import ToneChecker
from veille.tone.model import load_model
from veille.tone.vader import Vader

# Tones the tone check gave these mentions before it was made faster: label, score, confidence.
READ_BEFORE = [
    ("Thanks Comcast for the 4 hour outage, great job as always...", "en", "negative", -0.948, 0.958),
    ("The new app is soooo good, LOVE IT!!! Highly recommend.", "en", "positive", 0.998, 0.999),
    ("Support was slow - but they sorted it out in minutes. Great team.", "en", "positive", 0.993, 0.994),
    ("Not bad at all, kind of impressed by the update :)", "en", "positive", 0.962, 0.974),
    ("Acme raises prices again. Acme raises prices again.", "en", "negative", -0.707, 0.743),
    ("Acme opens a new store in Lyon next week", "en", "neutral", 0.05, 0.91),
    ("I can't recommend them enough, zero downtime since we switched", "en", "positive", 0.718, 0.825),
    ("My phone never turned on and nobody answers 😡", "en", "negative", -0.974, 0.977),
    ("Quel fiasco, Viadeo est encore en panne depuis ce matin !", "fr", "negative", -0.969, 0.971),
    ("Géniaaal, le service client m'a rappelé en 5 minutes, merci beaucoup", "fr", "positive", 0.987, 0.988),
    ("Merci la SNCF pour les 2h de retard...", "fr", "negative", -0.982, 0.984),
    ("La panne est réglée, tout fonctionne à nouveau. Bravo à l'équipe", "fr", "positive", 0.875, 0.905),
    (
        "Colis jamais reçu, aucune réponse du SAV. Colis jamais reçu, aucune réponse du SAV.",
        "fr",
        "negative",
        -0.951,
        0.958,
    ),
    ("Orange annonce l'ouverture d'une boutique à Nantes", "fr", "neutral", 0.168, 0.615),
    ("Pas terrible cette mise à jour, l'appli rame et plante sans arrêt", "fr", "negative", -0.988, 0.99),
    ("Franchement pas mal, je ne peux que recommander", "fr", "positive", 0.954, 0.958),
]


@pytest.mark.parametrize(("text", "language", "label", "score", "confidence"), READ_BEFORE)
def test_a_mention_gets_the_tone_it_got_before(checker, text, language, label, score, confidence):
    tone = checker.analyze(text, language)
    assert (tone.language, tone.label, tone.score, tone.confidence) == (language, label, score, confidence)


@pytest.mark.parametrize(
    "text",
    [
        "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        "Today only kinda sux! But I'll get by, lol",
        "Catch utf-8 emoji such as 💘 and 💋 and 😁",
        "Without a doubt, excellent idea.",
        "Roger Dodger is one of the least compelling variations on this theme.",
        "At least it isn't a horrible book.",
        "Sentiment analysis has never been this good!",
        "no no good, not good nor bad, kind of ok?? ???",
        "It was the bomb, but the bus stop was a kiss of death... yeah right",
        "Great, another outage. Thanks Comcast :( :) <3",
        "",
        "   ",
    ],
)
def test_vader_reads_a_text_exactly_as_the_vader_package_does(text):
    assert Vader().polarity_scores(text) == SentimentIntensityAnalyzer().polarity_scores(text)


def test_a_model_damaged_past_its_header_is_reported_at_the_first_text_in_its_language(tmp_path, caplog):
    model = load_model("fr")
    assert model is not None
    damaged = replace(model, weights=model.weights[:-3]).to_bytes()  # the header is intact
    (tmp_path / "tone_fr.bin.gz").write_bytes(damaged)
    with caplog.at_level(logging.WARNING):
        checker = ToneChecker(models=tmp_path)
        assert "unusable" not in caplog.text  # nothing read but the header yet
        assert checker.analyze("I love the new Netvibes, great work!").label == "positive"
        assert "unusable" not in caplog.text  # an English text does not load the French model
        tone = checker.analyze("Quel fiasco, Viadeo est encore en panne !")
    assert "tone model for fr unusable (truncated tone model" in caplog.text
    assert tone.label == "negative"  # the lexicon judges
