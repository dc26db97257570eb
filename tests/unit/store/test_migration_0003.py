"""Revision 0003: a database at revision 0002 is upgraded with every row intact, its sources free
to lease and its outbox rows left "sending" still recovered — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from tests.rigs.stores import database_at, upgraded_intact
from veille.store.migrate import upgrade

TABLES = ("source_state", "alerts", "notices", "uploads")


store_at_0002 = database_at("0002")


def test_a_0002_database_is_upgraded_without_losing_or_changing_a_row(store_at_0002: Any):
    store, inserted = store_at_0002

    upgraded_intact(store, inserted, TABLES)

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
