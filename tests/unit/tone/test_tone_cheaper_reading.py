"""The tone check skips the work that cannot change a tone (a turn of phrase with nothing bad to
turn, a fix looked for where no word says one, elisions and capitals where there are none) and
reads every mention as before."""

from __future__ import annotations

import pytest

from veille.text.clean import fold
from veille.tone.tokens import tokenize

# Tones the tone check gave these mentions before it skipped anything: label, score, confidence.
READ_BEFORE = [
    ("Super, la panne est enfin réglée chez Free, merci à l'équipe !", "fr", "positive", 0.916, 0.938),
    ("Thanks Acme, the outage is fixed and everything works again", "en", "positive", 0.512, 0.696),
    ("Great job Acme, my parcel was delivered and it's perfect", "en", "positive", 0.87, 0.919),
    ("Bravo Bouygues, encore une facture erronée", "fr", "negative", -0.983, 0.984),
    ("Nouvelle offre - jusqu'à 30 % de remise (l'abonnement) chez Orange", "fr", "neutral", 0.177, 0.461),
    ("Acme - the BEST support team, they don't let you down", "en", "positive", 0.635, 0.76),
    ("ÉNORME déception avec la SNCF, TGV annulé aujourd'hui", "fr", "negative", -0.953, 0.968),
    ("The phone is sooo slow. The phone is sooo slow!", "en", "negative", -0.798, 0.889),
]


@pytest.mark.parametrize(("text", "language", "label", "score", "confidence"), READ_BEFORE)
def test_a_mention_gets_the_tone_it_got_before_the_shortcuts(
    checker, text, language, label, score, confidence
):
    tone = checker.analyze(text, language)
    assert (tone.language, tone.label, tone.score, tone.confidence) == (language, label, score, confidence)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        (
            "jusqu'à l'aube - (l'app) qu'il",
            ["jusqu'", "a", "l'", "aube", "-", "l'", "app", "qu'", "il"],
        ),
        (
            "don't stop, aujourd'hui c'est l'été",
            ["don't", "stop", ",", "aujourd'hui", "c'", "est", "l'", "ete"],
        ),
        ("x-l'y a - - b", ["x-l'y", "a", "-", "b"]),
        ("it's the users' choice - really", ["it's", "the", "users'", "choice", "-", "really"]),
    ],
)
def test_elisions_are_split_and_dashes_trimmed_wherever_they_stand(text, tokens):
    assert [token for _, token in tokenize(fold(text))] == tokens
