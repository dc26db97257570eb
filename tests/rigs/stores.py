"""Stores as tests start them: with a fresh schema, two replicas on one database, or a Veille 0.1
database brought to a given revision (and what an upgrade from there must keep)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from tests.rigs import release_0_1
from veille.store import Store
from veille.store.migrate import config, current, head, upgrade

Rows = dict[str, list[dict[str, Any]]]


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


def release_0_1_at(url: str, revision: str) -> Iterator[tuple[Store, Rows]]:
    """A database made by Veille 0.1, brought to `revision` and left there, and its rows."""
    store = Store(url)
    inserted = release_0_1.build(store.engine)
    with store.engine.connect() as conn:
        command.upgrade(config(conn), revision)
        conn.commit()
    assert current(store.engine) == revision
    yield store, inserted
    store.close()


def database_at(revision: str) -> Any:
    """A fixture of `release_0_1_at(database_url, revision)`, on SQLite and PostgreSQL; name it
    in the test module: `store_at_0002 = database_at("0002")`."""

    @pytest.fixture
    def at_revision(database_url: str) -> Iterator[tuple[Store, Rows]]:
        yield from release_0_1_at(database_url, revision)

    return at_revision


def table_rows(store: Store, table: str, like: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a table Veille 0.1 filled, read by the columns of `like` (one of its rows), in
    the order of their key."""
    with store.engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(sa.select(release_0_1.table_of(table, like)))]
    key = "source" if table == "source_state" else "id"
    return sorted(rows, key=lambda row: row[key])


def upgraded_intact(store: Store, inserted: Rows, tables: Sequence[str]) -> Rows:
    """Upgrade to the head revision, asserting it is reached with every row of `tables` as it was;
    the rows kept."""
    before = {table: table_rows(store, table, inserted[table][0]) for table in tables}
    upgrade(store.engine)
    assert current(store.engine) == head()
    for table in tables:
        assert table_rows(store, table, inserted[table][0]) == before[table], table
    return before
