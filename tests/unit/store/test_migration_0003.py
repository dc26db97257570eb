"""Revision 0003: a database at revision 0002 is upgraded with every row intact, its sources free
to lease and its outbox rows left "sending" still recovered — on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from tests.rigs import release_0_1
from tests.rigs.stores import release_0_1_at
from veille.store import Store
from veille.store.migrate import current, head, upgrade

TABLES = ("source_state", "alerts", "notices", "uploads")
KEYS = {"source_state": "source"}


@pytest.fixture
def store_at_0002(database_url: str) -> Iterator[tuple[Store, dict[str, list[dict[str, Any]]]]]:
    """A database made by Veille 0.1, brought to revision 0002 and left there, and its rows."""
    yield from release_0_1_at(database_url, "0002")


def _rows(store: Store, table: str, like: dict[str, Any]) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(sa.select(release_0_1.table_of(table, like)))]
    return sorted(rows, key=lambda row: row[KEYS.get(table, "id")])


def test_a_0002_database_is_upgraded_without_losing_or_changing_a_row(store_at_0002: Any):
    store, inserted = store_at_0002
    before = {table: _rows(store, table, inserted[table][0]) for table in TABLES}

    upgrade(store.engine)

    assert current(store.engine) == head()
    for table in TABLES:
        assert _rows(store, table, inserted[table][0]) == before[table], table
    with store.engine.connect() as conn:
        leased = conn.scalar(sa.text("SELECT count(*) FROM source_state WHERE lease_owner IS NOT NULL"))
        claimed = conn.scalar(sa.text("SELECT count(*) FROM alerts WHERE sending_by IS NOT NULL"))
    assert (leased, claimed) == (0, 0)


def test_after_the_upgrade_sources_can_be_leased_and_old_sending_rows_are_recovered(store_at_0002: Any):
    store, inserted = store_at_0002
    upgrade(store.engine)
    source = inserted["source_state"][0]["source"]
    now = datetime.now(UTC)

    assert store.take_lease(source, store.replica, now, now + timedelta(minutes=1))
    assert store.source_state(source) is not None

    left_sending = [a["id"] for a in inserted["alerts"] if a["status"] == "sending"]
    assert left_sending
    # Claimed before replicas recorded who claimed: no one's, so any replica may settle them.
    assert {(e.alert_id, e.sending_by) for e in store.sending_alerts()} == {(i, None) for i in left_sending}
