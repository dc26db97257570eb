"""Revision 0007: a database at revision 0006 is upgraded with every row intact, its mutes still
mutes for good, and then keeps snoozes beside them and the alerts a pace holds — on SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from tests.rigs import release_0_1
from tests.rigs.stores import release_0_1_at
from veille.model import BrandMatch, Item, Span, Tone
from veille.pipeline.steps import item_keys
from veille.store import NewItem, NewMention, Store
from veille.store.migrate import current, head, upgrade
from veille.store.pace_store import HELD_DAILY, held_alerts

TABLES = ("items", "mentions", "alerts", "notices", "audit", "mutes")


@pytest.fixture
def store_at_0006(database_url: str) -> Iterator[tuple[Store, dict[str, list[dict[str, Any]]]]]:
    """A database made by Veille 0.1, brought to revision 0006 and left there, and its rows."""
    yield from release_0_1_at(database_url, "0006")


def _rows(store: Store, table: str, like: dict[str, Any]) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(sa.select(release_0_1.table_of(table, like)))]
    return sorted(rows, key=lambda row: row["id"])


def test_a_0006_database_is_upgraded_without_losing_or_changing_a_row(store_at_0006: Any):
    store, inserted = store_at_0006
    present = [table for table in TABLES if inserted.get(table)]
    assert {"items", "mentions", "alerts", "mutes"} <= set(present)
    before = {table: _rows(store, table, inserted[table][0]) for table in present}

    upgrade(store.engine)

    assert current(store.engine) == head()
    for table in present:
        assert _rows(store, table, inserted[table][0]) == before[table], table
    # Every mute made before is a mute for good; none is a snooze.
    assert len(store.mutes()) == len(inserted["mutes"])
    assert store.snoozes(datetime(2000, 1, 1, tzinfo=UTC)) == []
    indexes = {index["name"] for index in sa.inspect(store.engine).get_indexes("alerts")}
    assert "ix_alerts_status_created_at" in indexes


def test_after_the_upgrade_a_snooze_and_a_held_alert_are_kept(store_at_0006: Any):
    store, _ = store_at_0006
    upgrade(store.engine)
    now = datetime.now(UTC)

    snooze = store.snooze("story", "abc def", "Viadeo ferme", now + timedelta(weeks=1), "U0MARIE01", now)
    item = Item(
        source="Cuisine",
        source_type="rss",
        title="Viadeo ouvre une boutique",
        text="Viadeo ouvre une boutique à Lyon.",
        url="https://actu.example.fr/viadeo-lyon",
    )
    keys, canonical = item_keys(item)
    match = BrandMatch("Viadeo", ("viadeo",), (Span("title", 0, 6),))
    hourly = NewMention(match, Tone("neutral", 0.0, "fr"), ("#veille",), alert_status="held")
    daily = NewMention(match, Tone("neutral", 0.0, "fr"), ("#presse",), alert_status=HELD_DAILY)
    (saved,) = store.save_items([NewItem(item, keys, canonical, (hourly,))], at=now)
    other = replace(item, url="https://actu.example.fr/viadeo-nantes", title="Viadeo à Nantes")
    other_keys, other_canonical = item_keys(other)
    store.save_items([NewItem(other, other_keys, other_canonical, (daily,))], at=now)

    assert snooze is not None and [s.id for s in store.snoozes(now)] == [snooze.id]
    assert saved is not None
    (held,) = held_alerts(store.engine, now + timedelta(hours=1))
    assert (held.alert_id, held.channel, held.title) == (
        saved.alert_ids[0],
        "#veille",
        "Viadeo ouvre une boutique",
    )
    assert store.alerts_by_status()["held_daily"] == 1
