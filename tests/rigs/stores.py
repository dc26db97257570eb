"""Stores as tests start them: with a fresh schema, two replicas on one database, or a Veille 0.1
database brought to a given revision."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from alembic import command

from tests.rigs import release_0_1
from veille.store import Store
from veille.store.migrate import config, current


def fresh_store(url: str) -> Iterator[Store]:
    store = Store(url)
    store.create_schema()
    yield store
    store.close()


def two_replicas(url: str) -> Iterator[tuple[Store, Store]]:
    """Two stores on one database, as two replicas of the bot hold them."""
    first, second = Store(url), Store(url)
    first.create_schema()
    yield first, second
    first.close()
    second.close()


def release_0_1_at(url: str, revision: str) -> Iterator[tuple[Store, dict[str, list[dict[str, Any]]]]]:
    """A database made by Veille 0.1, brought to `revision` and left there, and its rows."""
    store = Store(url)
    inserted = release_0_1.build(store.engine)
    with store.engine.connect() as conn:
        command.upgrade(config(conn), revision)
        conn.commit()
    assert current(store.engine) == revision
    yield store, inserted
    store.close()
