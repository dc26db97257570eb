"""One outbox queue, whatever it carries: alerts, notices or files.

A row moves pending → sending (claimed just before it is sent; the outcome is unknown until it
is recorded) → posted, back to pending with a later `next_attempt_at` when sending failed, or to
failed when it never can be sent. Claiming is a conditional update, so of two processes sharing
the database only one sends a row.

A claim records who made it (`sending_by`, a replica's id). A row left "sending" is settled by the
replica that claimed it; another replica takes it over (`adopt`) only once its sender is dead
(veille.delivery.recovery).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, Table, case, func, select, update
from sqlalchemy.engine import Engine, RowMapping
from sqlalchemy.exc import IntegrityError

from veille.store.schema import now

E = TypeVar("E")
ERROR_LENGTH = 1000


class OutboxQueue(Generic[E]):
    """The rows of `table` (with status, attempts, next_attempt_at, sending_at, posted_at and
    last_error columns), read as `entry` builds them.

    `reset` are the values cleared whenever a row is claimed or sent back to pending; `release`
    the values dropped once a row is settled (posted or given up).
    """

    def __init__(
        self,
        engine: Engine,
        table: Table,
        entry: Callable[[RowMapping], E],
        *,
        reset: Mapping[str, Any] | None = None,
        release: Mapping[str, Any] | None = None,
    ) -> None:
        self.engine = engine
        self.table = table
        self.entry = entry
        self.reset = dict(reset or {})
        self.release = dict(release or {})

    def enqueue(self, key: str, values: Mapping[str, Any], at: datetime | None = None) -> int | None:
        """Queue a row once per `key` (a table with a unique `key`); None when already queued."""
        table = self.table
        try:
            with self.engine.begin() as conn:
                if conn.scalar(select(table.c.id).where(table.c.key == key)) is not None:
                    return None
                inserted = conn.execute(
                    table.insert().values(
                        key=key, status="pending", attempts=0, created_at=at or now(), **values
                    )
                )
                return int(inserted.inserted_primary_key[0])  # type: ignore[index]
        except IntegrityError:
            return None

    def status_of(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.scalar(select(self.table.c.status).where(self.table.c.key == key))

    def select_due(self, at: datetime, limit: int) -> Select[Any]:
        """The pending rows whose next attempt is due, oldest first (to refine before `rows`)."""
        table = self.table
        return (
            select(table)
            .where(table.c.status == "pending")
            .where((table.c.next_attempt_at.is_(None)) | (table.c.next_attempt_at <= at))
            .order_by(table.c.id)
            .limit(limit)
        )

    def rows(self, query: Select[Any]) -> list[E]:
        with self.engine.connect() as conn:
            return [self.entry(row._mapping) for row in conn.execute(query)]

    def due(self, at: datetime, limit: int) -> list[E]:
        return self.rows(self.select_due(at, limit))

    def sending(self) -> list[E]:
        """Rows whose sending was attempted but whose outcome was not recorded yet: being sent
        by a live replica, or left by a crash (`sending_by` says whose they are)."""
        table = self.table
        return self.rows(select(table).where(table.c.status == "sending").order_by(table.c.id))

    def adopt(self, row_id: int, owner: str, seen_by: str | None) -> bool:
        """Take over a "sending" row from `seen_by` (a dead sender); False when someone else did."""
        table = self.table
        if seen_by == owner:
            return True
        claimed = table.c.sending_by.is_(None) if seen_by is None else table.c.sending_by == seen_by
        with self.engine.begin() as conn:
            result = conn.execute(
                update(table)
                .where(table.c.id == row_id, table.c.status == "sending", claimed)
                .values(sending_by=owner)
            )
            return bool(result.rowcount)

    def claim(self, row_id: int, at: datetime, **values: Any) -> bool:
        """Claim a pending row for sending; False when another worker claimed it first."""
        table = self.table
        with self.engine.begin() as conn:
            result = conn.execute(
                update(table)
                .where(table.c.id == row_id, table.c.status == "pending")
                .values(
                    status="sending", sending_at=at, attempts=table.c.attempts + 1, **self.reset, **values
                )
            )
            return bool(result.rowcount)

    def posted(self, row_id: int, at: datetime, **values: Any) -> None:
        self._set(row_id, status="posted", posted_at=at, last_error=None, **self.release, **values)

    def retry(
        self,
        row_id: int,
        error: str,
        next_attempt_at: datetime | None,
        *,
        counted: bool = True,
        by: str | None = None,
    ) -> None:
        """Back to pending, due at `next_attempt_at` (None: as soon as the sender wants it).

        `counted=False` gives back the attempt its claim counted: the receiver only asked to come
        back later (a 429), which says nothing against the row. With `by`, only while the row is
        still being sent by that replica (another may have taken it over).
        """
        values: dict[str, Any] = {}
        if not counted:
            attempts = self.table.c.attempts
            values["attempts"] = case((attempts > 0, attempts - 1), else_=0)
        self._set(
            row_id,
            status="pending",
            last_error=error[:ERROR_LENGTH],
            next_attempt_at=next_attempt_at,
            **self.reset,
            **values,
            _by=by,
        )

    def give_up(self, row_id: int, error: str) -> None:
        """A row that can never be sent: kept, as failed, with why."""
        self._set(row_id, status="failed", last_error=error[:ERROR_LENGTH], **self.release)

    def waiting(self) -> int:
        """Rows not settled yet: pending or sending."""
        return self.backlog()[0]

    def backlog(self) -> tuple[int, datetime | None]:
        """How many rows are not settled yet (pending or sending), and when the oldest was queued."""
        table = self.table
        with self.engine.connect() as conn:
            count, oldest = conn.execute(
                select(func.count(), func.min(table.c.created_at)).where(
                    table.c.status.in_(("pending", "sending"))
                )
            ).one()
        return int(count or 0), oldest

    def _set(self, row_id: int, _by: str | None = None, **values: Any) -> None:
        query = update(self.table).where(self.table.c.id == row_id)
        if _by is not None:
            query = query.where(self.table.c.status == "sending", self.table.c.sending_by == _by)
        with self.engine.begin() as conn:
            conn.execute(query.values(**values))
