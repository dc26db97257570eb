"""Why the tone check read a text as it did: the words that weighed most and the turns of phrase it
found, in French and English, asked of the analyzer without changing its verdict."""

from __future__ import annotations

import pytest

from veille.tone.checker import ToneChecker
from veille.tone.reasons import NONE, leaning, tone_reasons


@pytest.fixture(scope="module")
def checker() -> ToneChecker:
    return ToneChecker()


def reasons(checker: ToneChecker, text: str, names: tuple[str, ...] = ()):
    tone = checker.analyze(text, names=names)
    found = tone_reasons(
        text, tone.language, tone.label, lambda said: leaning(checker.score(said, tone.language)[1]), names
    )
    return tone, found


def words(found) -> list[str]:
    return [word for word, _ in found.words]


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("Viadeo est en panne depuis ce matin, un vrai fiasco pour les utilisateurs.", "negative", "panne"),
        ("La nouvelle appli Viadeo est géniale, bravo à l'équipe !", "positive", "géniale"),
        ("Acme is down again, what a terrible service.", "negative", "terrible"),
        ("The new Acme app is wonderful, fast and easy to use. Love it!", "positive", "wonderful"),
    ],
)
def test_the_words_that_weighed_most_toward_the_tone_come_first_in_french_and_english(
    checker, text, label, expected
):
    tone, found = reasons(checker, text, ("Viadeo", "Acme"))
    assert tone.label == label
    assert expected in words(found)
    assert 1 <= len(found.words) <= 3
    sign = 1 if label == "positive" else -1
    assert all(sign * weight > 0 for _, weight in found.words)  # each pushed toward the verdict
    assert "Viadeo" not in words(found) and "Acme" not in words(found)  # the brand explains nothing


def test_a_negated_praise_shows_the_praise_and_its_negation(checker):
    tone, found = reasons(checker, "Le service n'est pas bon du tout chez Viadeo.", ("Viadeo",))
    assert tone.label == "negative"
    assert words(found)[:2] == ["bon", "pas"]


@pytest.mark.parametrize(
    "text",
    [
        "Merci Free pour la panne de ce matin, vraiment top.",
        "Thanks Comcast for the 4 hour outage, great job.",
    ],
)
def test_praise_said_as_a_complaint_is_named_as_irony_and_the_trouble_weighs(checker, text):
    tone, found = reasons(checker, text, ("Free", "Comcast"))
    assert tone.label == "negative"
    assert "irony" in found.turns
    assert words(found)[0] in ("panne", "outage")


def test_company_news_is_named_for_a_neutral_text(checker):
    tone, found = reasons(checker, "Acme opens a new office in Lyon.", ("Acme",))
    assert tone.label == "neutral"
    assert "news" in found.turns


def test_asking_why_never_changes_the_verdict(checker):
    text = "Viadeo est en panne depuis ce matin, un vrai fiasco."
    before = checker.analyze(text)
    reasons(checker, text)
    reasons(checker, text)
    assert checker.analyze(text) == before


def test_a_text_in_another_language_or_without_a_tone_has_no_reasons():
    def never(_: str) -> float:
        raise AssertionError("no need to score")

    assert tone_reasons("Viadeo ist heute kaputt", "other", "unknown", never) == NONE
    assert tone_reasons("texte", "fr", "unknown", never) == NONE
