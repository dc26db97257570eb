"""The function words settle a long text even when it quotes a few words of another language, and
send to the model whatever they leave in doubt; a Spanish or Italian text never passes for French."""

from __future__ import annotations

import pytest

from veille.text.language import LanguageDetector, quick_language

FRENCH_QUOTING_ENGLISH = (
    "Le nouveau forfait de l'opérateur est enfin disponible : il inclut le stockage en ligne et une"
    " option appelée « Family Plan », mais les clients se plaignent déjà du prix et du service client."
)
FRENCH_WITH_ONE_THE = (
    "Nous avons testé la nouvelle version de l'application pendant une semaine. Elle est plus rapide,"
    " mais le mode « the dark side » reste caché dans les réglages et la batterie ne tient pas."
)
ENGLISH_QUOTING_FRENCH = (
    "Customers have been complaining about the outage for days, and the support team is not answering;"
    " one user wrote that the app « ne marche plus du tout » since the update."
)
SPANISH = (
    "La empresa anunció ayer que el nuevo servicio estará disponible en toda España a partir del mes que"
    " viene, aunque los usuarios se quejan de que la aplicación no funciona bien."
)
ITALIAN_WITH_IL = (
    "Il servizio clienti non risponde da ieri sera e gli utenti sono molto arrabbiati: il problema"
    " riguarda anche il sito, che resta irraggiungibile per gran parte della giornata."
)
GERMAN_WITH_DES = (
    "Die neue Version des Programms ist da! Wir haben viele Fehler behoben und das Design des Menüs"
    " überarbeitet. Mehr dazu in unserem Blog, wo wir alle Änderungen der Version des Monats erklären."
)
PORTUGUESE = (
    "A empresa anunciou que vai abrir uma nova loja em Lisboa no próximo mês, mas os clientes dizem que"
    " o atendimento não melhorou e que os preços continuam muito altos."
)
CATALAN = (
    "L'empresa ha anunciat que obrirà una nova botiga a Barcelona el mes que ve, però els clients diuen"
    " que el servei no ha millorat i que les queixes dels usuaris no tenen resposta."
)
DUTCH = (
    "De klantenservice is al twee dagen niet bereikbaar en de website werkt ook niet. Veel klanten zijn"
    " boos omdat ze hun bestelling niet kunnen volgen, maar het bedrijf zegt dat het snel wordt opgelost."
)
HALF_AND_HALF = (
    "Great event today! Merci à tous pour votre présence, it was amazing to see so many of you."
    " On se retrouve l'année prochaine avec toute l'équipe, see you next year!"
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (FRENCH_QUOTING_ENGLISH, "fr"),
        (FRENCH_WITH_ONE_THE, "fr"),
        (ENGLISH_QUOTING_FRENCH, "en"),
    ],
)
def test_an_article_quoting_a_few_words_of_the_other_language_is_settled_without_the_model(text, language):
    assert quick_language(text) == language
    assert LanguageDetector().detect(text) == language


@pytest.mark.parametrize("text", [PORTUGUESE, CATALAN, DUTCH])
def test_a_text_full_of_a_neighbour_languages_words_is_other_without_the_model(text):
    assert quick_language(text) == "other"
    assert LanguageDetector().detect(text) == "other"


@pytest.mark.parametrize("text", [SPANISH, GERMAN_WITH_DES, PORTUGUESE, CATALAN, DUTCH])
def test_a_neighbour_languages_text_is_neither_french_nor_english(text):
    assert quick_language(text) in (None, "other")
    assert LanguageDetector().detect(text) == "other"


def test_an_italian_text_is_not_french_because_of_its_il():
    assert quick_language(ITALIAN_WITH_IL) is None
    assert LanguageDetector().detect(ITALIAN_WITH_IL) == "other"


def test_a_text_half_in_each_language_is_left_to_the_model():
    assert quick_language(HALF_AND_HALF) is None


def test_a_short_text_with_one_word_of_the_other_language_is_left_to_the_model():
    assert quick_language("Les prix sont dans le catalogue du site, the end") is None
    assert quick_language("The price is in the catalogue, c'est tout") is None


def test_english_and_a_french_quote_in_another_script_are_left_to_the_model():
    text = (
        "Новый телефон поступит в продажу в марте, сообщила компания: the new phone is on sale from"
        " March and it will cost more than the last one, c'est la vie. Модель получила новую камеру,"
        " большой экран и более мощный процессор, но осталась без разъёма для наушников."
    )

    assert quick_language(text) is None
