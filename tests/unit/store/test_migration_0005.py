"""Revision 0005: a database at revision 0004 is upgraded with every row intact, its old mentions
not judged, and then keeps what the relevance model says of new mentions — on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from tests.rigs.stores import database_at, upgraded_intact
from veille.model import BrandMatch, Item, Span, Tone
from veille.pipeline.steps import item_keys
from veille.store import NewItem, NewMention
from veille.store.migrate import upgrade

TABLES = ("items", "mentions", "alerts", "audit")


store_at_0004 = database_at("0004")


def test_a_0004_database_is_upgraded_without_losing_or_changing_a_row(store_at_0004: Any):
    store, inserted = store_at_0004
    present = [table for table in TABLES if inserted.get(table)]
    assert {"items", "mentions", "alerts"} <= set(present)

    upgraded_intact(store, inserted, present)

    with store.engine.connect() as conn:
        judged = conn.scalar(sa.text("SELECT count(*) FROM mentions WHERE relevance IS NOT NULL"))
    assert judged == 0
    assert all(store.mention_relevance(m["id"]) == (None, None) for m in inserted["mentions"])


def test_after_the_upgrade_a_doubted_mention_keeps_its_probability_and_words(store_at_0004: Any):
    store, _ = store_at_0004
    upgrade(store.engine)
    item = Item(
        source="Cuisine",
        source_type="rss",
        title="Jus d'orange pressée maison",
        text="La recette du jus d'orange.",
        url="https://cuisine.example.fr/jus-orange",
    )
    keys, canonical = item_keys(item)
    match = BrandMatch("Orange", ("orange",), (Span("title", 6, 12),))
    doubted = NewMention(
        match,
        Tone("neutral", 0.0, "fr"),
        ("#veille",),
        relevance=0.28,
        relevance_words=("jus", "recette"),
        alert_status="set_aside",
    )

    (saved,) = store.save_items([NewItem(item, keys, canonical, (doubted,))], at=datetime.now(UTC))

    assert saved is not None
    assert store.mention_relevance(saved.mention_ids[0]) == (pytest.approx(0.28), ("jus", "recette"))
    assert store.alert_doubt(saved.alert_ids[0]) == (pytest.approx(0.28), ("jus", "recette"))
    assert saved.alert_ids[0] not in {e.alert_id for e in store.due_alerts(datetime.now(UTC), 10_000)}
