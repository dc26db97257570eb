"""An alert the relevance model doubted says so, in the team's language, with the words behind the
doubt; words from the outside world never ping anyone nor forge a link."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.rigs.relevance import item
from veille.handlers.views.renderer import AlertRenderer
from veille.model import BrandMatch, Span, Tone
from veille.pipeline.steps import item_keys
from veille.store import NewItem, NewMention, Store


def alert(store: Store, relevance: float | None, words: tuple[str, ...] | None) -> int:
    post = item(1, "Jus d'orange pressée", "La recette du jus d'orange.", "cuisine")
    keys, canonical = item_keys(post)
    new = NewMention(
        BrandMatch("Orange", ("orange",), (Span("title", 7, 13),)),
        Tone("neutral", 0.0, "fr"),
        ("#veille",),
        relevance=relevance,
        relevance_words=words,
    )
    (saved,) = store.save_items([NewItem(post, keys, canonical, (new,))], at=datetime.now(UTC))
    assert saved is not None
    return saved.alert_ids[0]


def shown(store: Store, alert_id: int, lang: str) -> str:
    message = AlertRenderer(store, lang, "Europe/Paris").message(alert_id)  # type: ignore[arg-type]
    assert message is not None
    return str(message.blocks)


def test_a_doubted_alert_says_how_unlikely_it_is_about_the_brand_and_why(store: Store) -> None:
    doubted = alert(store, 0.28, ("jus", "recette"))

    assert "Probablement pas à propos d'Orange (72 %) — mots : jus, recette" in shown(store, doubted, "fr")
    assert "Probably not about Orange (72%) — words: jus, recette" in shown(store, doubted, "en")


def test_an_alert_judged_relevant_or_not_judged_says_nothing_of_it(store: Store) -> None:
    assert "Probably not" not in shown(store, alert(store, 0.91, None), "en")


def test_words_from_a_post_cannot_ping_the_channel_or_forge_a_link(store: Store) -> None:
    doubted = alert(store, 0.1, ("<!channel>", "<https://evil.example|cliquez>", "a&b"))

    text = shown(store, doubted, "fr")
    assert "<!channel>" not in text and "<https://evil.example" not in text
    assert "&lt;!channel&gt;" in text and "a&amp;b" in text
