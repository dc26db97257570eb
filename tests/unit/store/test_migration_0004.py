"""Revision 0004: a database at revision 0003 is upgraded with every row intact, and then takes
source keys longer than 200 characters (a feed's URL, a long query) and notice keys built from
them — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from tests.rigs.stores import database_at, upgraded_intact
from veille.model import Item
from veille.pipeline.steps import item_keys
from veille.store import NewItem, Store
from veille.store.migrate import upgrade

TABLES = ("items", "source_state", "notices", "uploads")
WIDENED = {("items", "source"), ("source_state", "source"), ("notices", "key"), ("uploads", "key")}
# A Google News query URL with its tracking parameters: 300 characters, no name in the config.
LONG_KEY = ("https://news.google.com/rss/search?q=" + "%22Viadeo%22+OR+%22Netvibes%22+" * 12)[:291]
LONG_KEY += "&hl=fr-FR"
assert len(LONG_KEY) > 200


store_at_0003 = database_at("0003")


def _declared(store: Store) -> dict[tuple[str, str], str]:
    inspector = sa.inspect(store.engine)
    return {
        (table, column["name"]): str(column["type"])
        for table, name in WIDENED
        for column in inspector.get_columns(table)
        if column["name"] == name
    }


def test_a_0003_database_is_upgraded_without_losing_or_changing_a_row(store_at_0003: Any):
    store, inserted = store_at_0003

    kept = upgraded_intact(store, inserted, TABLES)

    assert all(kept.values())
    if store.backend == "postgresql":
        assert set(_declared(store).values()) == {"TEXT"}


def test_after_the_upgrade_a_source_keyed_by_a_long_url_is_stored(store_at_0003: Any):
    store, _ = store_at_0003
    upgrade(store.engine)
    now = datetime.now(UTC)
    item = Item(
        source=LONG_KEY,
        source_type="rss",
        title="Viadeo ouvre son réseau aux indépendants",
        text="Un billet.",
        url="https://news.example.fr/viadeo-independants",
    )
    keys, canonical = item_keys(item)

    assert store.take_lease(LONG_KEY, store.replica, now, now + timedelta(minutes=1))
    (saved,) = store.save_items([NewItem(item, keys, canonical)], at=now)
    store.record_poll_success(LONG_KEY, now, new_items=1)

    assert saved is not None
    assert store.items_per_source(now - timedelta(hours=1)) == {LONG_KEY: 1}
    state = store.source_state(LONG_KEY)
    assert state is not None and state.source == LONG_KEY
    assert (state.last_success_at, state.items_seen) == (now, 1)


def test_after_the_upgrade_each_failure_of_a_long_keyed_source_gets_its_own_notice(store_at_0003: Any):
    store, _ = store_at_0003
    upgrade(store.engine)
    first, second = datetime(2026, 3, 2, 8, tzinfo=UTC), datetime(2026, 3, 9, 8, tzinfo=UTC)

    # The keys SourceWatch builds: they differ only past their 300th character.
    queued = [
        store.queue_notice(f"source-failing:{LONG_KEY}:{since.isoformat()}", "#veille", f"En panne {n}")
        for n, since in enumerate((first, second, first))
    ]

    assert queued[0] is not None and queued[1] is not None and queued[0] != queued[1]
    assert queued[2] is None  # the same failure is told once
