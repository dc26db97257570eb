"""PostgreSQL connections are pooled: one lent again a moment after its last use goes out as it
is, one that rested is checked first, and one the server ended while it rested is replaced
without the caller seeing an error."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import _postgres_database
from tests.rigs.stores import fresh_store
from veille.store import Store, schema

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.fixture
def postgres() -> Iterator[Store]:
    for url in _postgres_database():
        yield from fresh_store(url)


def pings_of(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    pings: list[object] = []
    ping = store.engine.dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        pings.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(store.engine.dialect, "do_ping", counted)
    return pings


def test_a_connection_lent_again_at_once_is_not_pinged_first(postgres, monkeypatch):
    pings = pings_of(postgres, monkeypatch)
    for hour in range(5):  # a poll's few statement groups, one after the other
        at = NOW + timedelta(hours=hour)
        postgres.take_lease("blog", postgres.replica, at, at + timedelta(minutes=30))
        postgres.record_poll_success("blog", NOW, new_items=1)
    assert pings == []
    state = postgres.source_state("blog")
    assert state is not None and state.items_seen == 5


def test_a_connection_the_server_ended_while_it_rested_is_replaced_unseen(postgres, monkeypatch):
    monkeypatch.setattr(schema, "PING_AFTER_REST", 0.0)
    pings = pings_of(postgres, monkeypatch)
    postgres.record_poll_success("blog", NOW, new_items=1)
    with postgres.engine.connect() as other, postgres.engine.connect() as resting:
        pids = [conn.scalar(sa.text("SELECT pg_backend_pid()")) for conn in (other, resting)]
        resting.close()  # back in the pool, where the server ends it
        other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pids[1]})
        other.commit()
    for _ in range(3):  # whichever connection the pool lends, the first one is dead
        state = postgres.source_state("blog")
        assert state is not None and state.items_seen == 1
    assert pings
