"""Revision 0005: a database at revision 0004 is upgraded with every row intact, its old mentions
not judged, and then keeps what the relevance model says of new mentions — on SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from tests.rigs import release_0_1
from tests.rigs.stores import release_0_1_at
from veille.model import BrandMatch, Item, Span, Tone
from veille.pipeline.steps import item_keys
from veille.store import NewItem, NewMention, Store
from veille.store.migrate import current, head, upgrade

TABLES = ("items", "mentions", "alerts", "audit")


@pytest.fixture
def store_at_0004(database_url: str) -> Iterator[tuple[Store, dict[str, list[dict[str, Any]]]]]:
    """A database made by Veille 0.1, brought to revision 0004 and left there, and its rows."""
    yield from release_0_1_at(database_url, "0004")


def _rows(store: Store, table: str, like: dict[str, Any]) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(sa.select(release_0_1.table_of(table, like)))]
    return sorted(rows, key=lambda row: row["id"])


def test_a_0004_database_is_upgraded_without_losing_or_changing_a_row(store_at_0004: Any):
    store, inserted = store_at_0004
    present = [table for table in TABLES if inserted.get(table)]
    assert {"items", "mentions", "alerts"} <= set(present)
    before = {table: _rows(store, table, inserted[table][0]) for table in present}

    upgrade(store.engine)

    assert current(store.engine) == head()
    for table in present:
        assert _rows(store, table, inserted[table][0]) == before[table], table
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
