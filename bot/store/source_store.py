"""Per-source polling state: validators and cursors, successes, failures and when to try again.

Replicas sharing a database poll each source in turn through a lease on its row: the replica
that holds it (`lease_owner`) polls, the others skip the source until `lease_until` passes. The
lease is taken with one conditional upsert (the row is made for a source never seen), so of two
replicas asking at once only one gets it, and it simply runs out when its holder dies.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Insert, Integer, bindparam, func, null, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from veille.model import SourceState
from veille.store.schema import Domain, source_state

# What SourceState shows of a row (the lease is the replicas' business, not the source's).
_STATE = [column for column in source_state.c if column.name not in ("lease_owner", "lease_until")]
# Built once: asked before every poll, and building it costs as much as running it.
_STATE_OF = select(*_STATE).where(source_state.c.source == bindparam("source"))


class SourceStore(Domain):
    def source_state(self, source: str) -> SourceState | None:
        with self.engine.connect() as conn:
            row = conn.execute(_STATE_OF, {"source": source}).first()
        return None if row is None else SourceState(**row._mapping)

    def all_source_states(self) -> list[SourceState]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(*_STATE).order_by(source_state.c.source))
            return [SourceState(**row._mapping) for row in rows]

    # -- leases --------------------------------------------------------------------------------

    def take_lease(
        self,
        source: str,
        owner: str,
        now: datetime,
        until: datetime,
        early: timedelta | None = timedelta(0),
        wait: timedelta = timedelta(0),
    ) -> SourceState | None:
        """Lease `source` to `owner` until `until`: taken when it was free, or ran out at least
        `wait` ago, or is `owner`'s and ends within `early` (its next poll, scheduled a moment
        before the lease ends); not while another replica holds it, or `owner` itself for
        longer. With `early` None, `owner`'s own lease is taken again only as anyone's would be.
        Taken, the answer is the source's state (the poll that follows needs it, and it comes
        back with the lease rather than in a read of its own); else None."""
        values = {"source": source, "owner": owner, "until": until, "free_after": now - wait}
        if early is not None:
            values["own_until"] = now + early
        with self.engine.begin() as conn:
            taken = conn.execute(_lease(self.engine.dialect.name, early is not None), values).first()
        return None if taken is None else SourceState(**taken._mapping)

    def renew_leases(self, sources: list[str], owner: str, until: datetime) -> int:
        """Keep `owner`'s leases on `sources` at least until `until` (never shortened)."""
        if not sources:
            return 0
        with self.engine.begin() as conn:
            return conn.execute(
                update(source_state)
                .where(source_state.c.source.in_(sources), source_state.c.lease_owner == owner)
                .where(source_state.c.lease_until.is_(None) | (source_state.c.lease_until < until))
                .values(lease_until=until)
            ).rowcount

    def release_lease(self, source: str, owner: str) -> None:
        """Give the lease back at once (the source was not polled after all)."""
        with self.engine.begin() as conn:
            conn.execute(
                update(source_state)
                .where(source_state.c.source == source, source_state.c.lease_owner == owner)
                .values(lease_owner=None, lease_until=None)
            )

    def lease_of(self, source: str) -> tuple[str | None, datetime | None]:
        """Who holds the lease on `source`, and until when."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(source_state.c.lease_owner, source_state.c.lease_until).where(
                    source_state.c.source == source
                )
            ).first()
        return (None, None) if row is None else (row[0], row[1])

    def record_poll_success(
        self,
        source: str,
        at: datetime,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        cursor: str | None = None,
        new_items: int = 0,
        keep_validators: bool = False,
    ) -> None:
        statement = _success(self.engine.dialect.name, not keep_validators, cursor is not None)
        values = {"source": source, "at": at, "new_items": new_items}
        values.update(etag=etag, last_modified=last_modified, cursor=cursor)
        with self.engine.begin() as conn:
            conn.execute(statement, values)

    def record_poll_failure(
        self, source: str, at: datetime, error: str, next_attempt_at: datetime | None, kind: str | None = None
    ) -> int:
        """Record a failed poll; returns how many polls in a row have failed."""
        values = {"source": source, "at": at, "error": error[:2000], "kind": kind, "next": next_attempt_at}
        with self.engine.begin() as conn:
            return int(conn.execute(_failure(self.engine.dialect.name), values).scalar_one())

    def defer_poll(self, source: str, next_attempt_at: datetime) -> None:
        """A poll held back before anything was sent: only when to try again changes."""
        with self.engine.begin() as conn:
            conn.execute(_deferral(self.engine.dialect.name), {"source": source, "next": next_attempt_at})

    def set_failure_notified(self, source: str, notified: bool) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(source_state).where(source_state.c.source == source).values(failure_notified=notified)
            )


# A poll's outcome is written with one statement, INSERT … ON CONFLICT DO UPDATE: the changes to
# the source's row, or the row they make for a source never seen. Built once per variant.


def _upsert(dialect: str, fresh: dict[str, Any], changes: dict[str, Any]) -> Insert:
    insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    row = {"source": bindparam("source"), "consecutive_failures": 0, "items_seen": 0, **fresh}
    return (
        insert(source_state)
        .values(**row)
        .on_conflict_do_update(index_elements=[source_state.c.source], set_=changes)
        .returning(source_state.c.consecutive_failures)
    )


@functools.cache
def _success(dialect: str, validators: bool, cursor: bool) -> Insert:
    at = bindparam("at", type_=source_state.c.last_polled_at.type)
    changes: dict[str, Any] = {
        "last_polled_at": at,
        "last_success_at": at,
        "consecutive_failures": 0,
        "failing_since": null(),
        "next_attempt_at": null(),
    }
    if validators:
        changes.update(etag=bindparam("etag"), last_modified=bindparam("last_modified"))
    if cursor:
        changes["cursor"] = bindparam("cursor")
    fresh = {**changes, "first_polled_at": at, "items_seen": bindparam("new_items")}
    changes["first_polled_at"] = func.coalesce(source_state.c.first_polled_at, at)
    changes["items_seen"] = source_state.c.items_seen + bindparam("new_items", type_=Integer())
    return _upsert(dialect, fresh, changes)


@functools.cache
def _failure(dialect: str) -> Insert:
    at = bindparam("at", type_=source_state.c.last_polled_at.type)
    changes: dict[str, Any] = {
        "last_polled_at": at,
        "last_error": bindparam("error"),
        "last_error_kind": bindparam("kind"),
        "last_error_at": at,
        "next_attempt_at": bindparam("next", type_=source_state.c.next_attempt_at.type),
    }
    fresh = {**changes, "failing_since": at, "consecutive_failures": 1}
    changes["failing_since"] = func.coalesce(source_state.c.failing_since, at)
    changes["consecutive_failures"] = source_state.c.consecutive_failures + 1
    return _upsert(dialect, fresh, changes)


@functools.cache
def _lease(dialect: str, own: bool) -> Insert:
    """The lease in one statement: the row made for a source never seen, or taken when free; a
    row held by another replica is left as it is and returns nothing."""
    until = bindparam("until", type_=source_state.c.lease_until.type)
    free = or_(
        source_state.c.lease_until.is_(None),
        source_state.c.lease_until <= bindparam("free_after", type_=source_state.c.lease_until.type),
    )
    if own:
        own_until = bindparam("own_until", type_=source_state.c.lease_until.type)
        mine = source_state.c.lease_owner == bindparam("owner")
        free = or_(free, mine & (source_state.c.lease_until <= own_until))
    insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    return (
        insert(source_state)
        .values(
            source=bindparam("source"),
            consecutive_failures=0,
            items_seen=0,
            lease_owner=bindparam("owner"),
            lease_until=until,
        )
        .on_conflict_do_update(
            index_elements=[source_state.c.source],
            set_={"lease_owner": bindparam("owner"), "lease_until": until},
            where=free,
        )
        .returning(*_STATE)
    )


@functools.cache
def _deferral(dialect: str) -> Insert:
    changes = {"next_attempt_at": bindparam("next", type_=source_state.c.next_attempt_at.type)}
    return _upsert(dialect, changes, changes)
