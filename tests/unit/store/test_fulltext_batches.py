"""On SQLite the full-text index is written a batch of items at a time, yet a search finds every
item stored before it, and the index holds each item once however saves and searches interleave."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.rigs.stores import fresh_store
from veille.model import Item
from veille.pipeline.steps import item_keys
from veille.search.history import search_history
from veille.store import NewItem, Store
from veille.store.fulltext import INDEX_BATCH


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    yield from fresh_store(f"sqlite:///{tmp_path / 'veille.db'}")


def poll(number: int, size: int = 20) -> list[NewItem]:
    entries = []
    for n in range(size):
        item = Item(
            source=f"blog-{number % 7}",
            source_type="rss",
            title=f"Billet {number}-{n} : la brasserie Houblonne recrute",
            text=f"Numéro unique tampon{number}x{n}, publié ce matin à Lille.",
            url=f"https://blog.example.fr/{number}/{n}",
        )
        keys, canonical = item_keys(item)
        entries.append(NewItem(item, keys, canonical))
    return entries


def indexed(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM items_fts_docsize").scalar_one())


def test_polls_are_indexed_in_batches_and_a_search_finds_the_last_one_at_once(store: Store):
    for number in range(7):
        store.save_items(poll(number))
    assert indexed(store) == 0  # 140 items wait: fewer than a batch

    for number in range(7, 14):
        store.save_items(poll(number))
    assert indexed(store) == INDEX_BATCH == 200  # the save that made 200 wrote them all

    last = search_history(store, "tampon13x19")
    assert [found.title for found in last.results] == ["Billet 13-19 : la brasserie Houblonne recrute"]
    assert search_history(store, "houblonne", limit=1).total == 280
    assert indexed(store) == 280


def test_saves_and_searches_at_once_index_each_item_once(store: Store):
    errors: list[BaseException] = []

    def save() -> None:
        for number in range(30):
            store.save_items(poll(number))

    def search() -> None:
        try:
            for _ in range(25):
                search_history(store, "houblonne", limit=1)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=save), *(threading.Thread(target=search) for _ in range(2))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert search_history(store, "houblonne", limit=1).total == 600
    assert indexed(store) == 600
    with store.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)")


def test_a_search_while_another_process_holds_the_file_answers_from_the_index_as_it_is(tmp_path, caplog):
    path = tmp_path / "veille.db"
    store = Store(f"sqlite:///{path}?timeout=0.2")
    store.create_schema()
    for number in range(13):
        store.save_items(poll(number))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing, past the store's busy timeout

    with caplog.at_level(logging.WARNING, logger="veille.search.history"):
        held = search_history(store, "houblonne", limit=1)

    assert held.total == 200  # the 60 items stored since the last batch are not found yet
    assert held.unsearched == 60
    assert "the 60 newest items could not be indexed first" in caplog.text
    other.execute("ROLLBACK")
    other.close()
    free = search_history(store, "houblonne", limit=1)
    assert (free.total, free.unsearched) == (260, 0)
    store.close()
