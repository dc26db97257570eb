"""Search lists the mentions the relevance model kept out of the channel, marked so: a reader knows
why they never saw them there, and which alert number to ask `/veille why` about."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from veille.handlers.views.search import result_line
from veille.model import BrandMatch, Item, Span, Tone
from veille.pipeline.steps import item_keys
from veille.search.history import search_history
from veille.store import NewItem, NewMention, Store

NOW = datetime.now(UTC)
TONE = Tone("neutral", 0.0, "fr", 0.8)


def stored(store: Store, n: int, title: str, status: str | None) -> None:
    item = Item(
        "blog",
        "rss",
        title,
        "Un billet sur Orange.",
        f"https://ex.fr/{n}",
        f"g{n}",
        None,
        NOW - timedelta(hours=n),
    )
    match = BrandMatch("Orange", ("Orange",), (Span("title", 0, 6),))
    mention = (
        NewMention(match, TONE)
        if status is None
        else NewMention(
            match, TONE, ("#veille",), relevance=0.1, relevance_words=("recette",), alert_status=status
        )
    )
    keys, canonical = item_keys(item)
    store.save_items([NewItem(item, keys, canonical, (mention,))])


@pytest.fixture
def store(database_url: str):
    store = Store(database_url)
    store.create_schema()
    yield store
    store.close()


def test_set_aside_and_dropped_mentions_are_marked_in_french_and_english(store):
    stored(store, 1, "Orange : recette de la tarte", "set_aside")
    stored(store, 2, "Orange : confiture maison", "dropped")
    stored(store, 3, "Orange lance la fibre", "pending")
    page = search_history(store, "orange")
    marks = {found.title: found.held for found in page.results}
    assert marks == {
        "Orange : recette de la tarte": "set_aside",
        "Orange : confiture maison": "dropped",
        "Orange lance la fibre": None,
    }
    aside = next(found for found in page.results if found.held == "set_aside")
    assert aside.held_alert is not None

    line = result_line(aside, "fr", "Europe/Paris")
    assert f"🤔 mis de côté `/veille why {aside.held_alert}`" in line
    assert "🤔 set aside" in result_line(aside, "en", "Europe/Paris")
    dropped = next(found for found in page.results if found.held == "dropped")
    assert "🚫 écarté" in result_line(dropped, "fr", "UTC") and "🚫 dropped" in result_line(
        dropped, "en", "UTC"
    )
    posted = next(found for found in page.results if found.held is None)
    assert "mis de côté" not in result_line(posted, "fr", "UTC")


def test_mentions_a_pace_or_a_snooze_keeps_back_are_marked_too(store):
    stored(store, 1, "Orange : la fibre arrive à Lyon", "held")
    stored(store, 2, "Orange : nouveaux forfaits", "held_daily")
    stored(store, 3, "Orange : panne signalée par un abonné", "snoozed")
    page = search_history(store, "orange")
    lines = {
        found.title: (result_line(found, "fr", "UTC"), result_line(found, "en", "UTC"))
        for found in page.results
    }
    assert "⏳ pour le récapitulatif de l'heure" in lines["Orange : la fibre arrive à Lyon"][0]
    assert "⏳ in the hourly digest" in lines["Orange : la fibre arrive à Lyon"][1]
    assert "📰 gardé pour le résumé du jour" in lines["Orange : nouveaux forfaits"][0]
    assert "📰 kept for the daily summary" in lines["Orange : nouveaux forfaits"][1]
    assert "💤 en sourdine" in lines["Orange : panne signalée par un abonné"][0]
    assert "💤 snoozed" in lines["Orange : panne signalée par un abonné"][1]
