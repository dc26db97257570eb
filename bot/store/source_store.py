"""Per-source polling state: validators and cursors, successes, failures and when to try again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from veille.model import SourceState
from veille.store.schema import Domain, source_state


class SourceStore(Domain):
    def source_state(self, source: str) -> SourceState | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(source_state).where(source_state.c.source == source)).first()
        return None if row is None else SourceState(**row._mapping)

    def all_source_states(self) -> list[SourceState]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(source_state).order_by(source_state.c.source))
            return [SourceState(**row._mapping) for row in rows]

    def _ensure_source(self, conn: Connection, source: str) -> None:
        exists = conn.scalar(select(source_state.c.source).where(source_state.c.source == source))
        if exists is None:
            conn.execute(source_state.insert().values(source=source, consecutive_failures=0, items_seen=0))

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
        with self.engine.begin() as conn:
            self._ensure_source(conn, source)
            values: dict[str, Any] = {
                "last_polled_at": at,
                "last_success_at": at,
                "consecutive_failures": 0,
                "failing_since": None,
                "next_attempt_at": None,
                "items_seen": source_state.c.items_seen + new_items,
                "first_polled_at": func.coalesce(source_state.c.first_polled_at, at),
            }
            if not keep_validators:
                values["etag"] = etag
                values["last_modified"] = last_modified
            if cursor is not None:
                values["cursor"] = cursor
            conn.execute(update(source_state).where(source_state.c.source == source).values(**values))

    def record_poll_failure(
        self, source: str, at: datetime, error: str, next_attempt_at: datetime | None, kind: str | None = None
    ) -> int:
        """Record a failed poll; returns how many polls in a row have failed."""
        with self.engine.begin() as conn:
            self._ensure_source(conn, source)
            conn.execute(
                update(source_state)
                .where(source_state.c.source == source)
                .values(
                    last_polled_at=at,
                    last_error=error[:2000],
                    last_error_kind=kind,
                    last_error_at=at,
                    failing_since=func.coalesce(source_state.c.failing_since, at),
                    consecutive_failures=source_state.c.consecutive_failures + 1,
                    next_attempt_at=next_attempt_at,
                )
            )
            return int(
                conn.scalar(
                    select(source_state.c.consecutive_failures).where(source_state.c.source == source)
                )
                or 0
            )

    def defer_poll(self, source: str, next_attempt_at: datetime) -> None:
        """A poll held back before anything was sent: only when to try again changes."""
        with self.engine.begin() as conn:
            self._ensure_source(conn, source)
            conn.execute(
                update(source_state)
                .where(source_state.c.source == source)
                .values(next_attempt_at=next_attempt_at)
            )

    def set_failure_notified(self, source: str, notified: bool) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(source_state).where(source_state.c.source == source).values(failure_notified=notified)
            )
