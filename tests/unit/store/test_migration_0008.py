"""Revision 0008: a database at revision 0007 is upgraded with every row intact and every item
still found by search; items stored after it are found at once and the full-text index stays
sound, items deleted before or after being indexed — on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tests.rigs.stores import database_at, upgraded_intact
from veille.model import Item
from veille.pipeline.steps import item_keys
from veille.search.history import search_history
from veille.store import NewItem, Store
from veille.store.migrate import upgrade

TABLES = ("items", "mentions", "alerts", "notices", "audit", "mutes")

store_at_0007 = database_at("0007")


def sound(store: Store) -> None:
    """SQLite's own check of the FTS5 index against the items (raises when they disagree)."""
    if store.backend == "sqlite":
        with store.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)")


def stored(store: Store, title: str, url: str) -> None:
    item = Item(source="Cuisine", source_type="rss", title=title, text=f"{title}, à Lyon.", url=url)
    keys, canonical = item_keys(item)
    store.save_items([NewItem(item, keys, canonical)])


def test_a_0007_database_is_upgraded_without_losing_a_row_or_a_search_result(store_at_0007: Any):
    store, inserted = store_at_0007
    present = [table for table in TABLES if inserted.get(table)]
    with_societe = [i for i in inserted["items"] if "Société" in i["title"] and i["duplicate_of"] is None]
    assert search_history(store, "societe", limit=1).total == len(with_societe) > 0

    upgraded_intact(store, inserted, present)

    assert search_history(store, "societe", limit=1).total == len(with_societe)
    sound(store)


def test_after_the_upgrade_new_items_are_found_at_once_and_deleting_one_keeps_the_index_sound(
    store_at_0007: Any,
):
    store, _ = store_at_0007
    upgrade(store.engine)
    stored(store, "La fromagerie Quenelle ouvre à Lyon", "https://actu.example.fr/quenelle")
    stored(store, "La fromagerie Quenelle ferme à Lyon", "https://actu.example.fr/quenelle-ferme")
    with store.engine.begin() as conn:  # an item deleted before a search wrote it into the index
        conn.execute(sa.text("DELETE FROM items WHERE url = 'https://actu.example.fr/quenelle-ferme'"))

    page = search_history(store, "quenelle")

    assert [found.title for found in page.results] == ["La fromagerie Quenelle ouvre à Lyon"]
    sound(store)
    with store.engine.begin() as conn:  # and one deleted once indexed
        conn.execute(sa.text("DELETE FROM items WHERE url = 'https://actu.example.fr/quenelle'"))
    assert search_history(store, "quenelle").total == 0
    sound(store)
