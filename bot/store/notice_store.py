"""Notices: messages that are not a mention's alert, delivered by the same outbox.

A source failing or recovering, "also seen on" replies, summaries, assignments. `key` makes
queuing idempotent: one notice per event, ever.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine, RowMapping

from veille.store.queue import OutboxQueue
from veille.store.schema import Domain, notices


@dataclass(frozen=True)
class NoticeEntry:
    notice_id: int
    channel: str
    channel_id: str | None
    thread_alert_id: int | None
    text: str
    blocks: list[dict[str, Any]] | None
    status: str
    attempts: int
    sending_at: datetime | None
    sending_by: str | None = None  # the replica that claimed it


class NoticeStore(Domain):
    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.notice_queue = OutboxQueue(engine, notices, _notice_entry)

    def queue_notice(
        self,
        key: str,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        *,
        thread_alert_id: int | None = None,
        at: datetime | None = None,
    ) -> int | None:
        """Queue a notice once per `key`; None when that key was already queued."""
        values = {"channel": channel, "thread_alert_id": thread_alert_id, "text": text, "blocks": blocks}
        return self.notice_queue.enqueue(key, values, at)

    def notice_queued(self, key: str) -> bool:
        return self.notice_queue.status_of(key) is not None

    def due_notices(self, now: datetime, limit: int = 50) -> list[NoticeEntry]:
        return self.notice_queue.due(now, limit)

    def sending_notices(self) -> list[NoticeEntry]:
        return self.notice_queue.sending()

    def mark_notice_sending(self, notice_id: int, at: datetime) -> bool:
        return self.notice_queue.claim(notice_id, at)

    def mark_notice_posted(self, notice_id: int, channel_id: str, ts: str, at: datetime) -> None:
        self.notice_queue.posted(notice_id, at, channel_id=channel_id, ts=ts)

    def mark_notice_retry(self, notice_id: int, error: str, next_attempt_at: datetime) -> None:
        self.notice_queue.retry(notice_id, error, next_attempt_at)

    def give_up_notice(self, notice_id: int, error: str) -> None:
        """A notice that can never be delivered (a person the bot cannot write to)."""
        self.notice_queue.give_up(notice_id, error)

    def notices_posted(self) -> list[tuple[str, str, str | None]]:
        """(key, text, ts) of posted notices, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(notices.c.key, notices.c.text, notices.c.ts)
                .where(notices.c.status == "posted")
                .order_by(notices.c.id)
            )
            return [(k, t, ts) for k, t, ts in rows]


def _notice_entry(m: RowMapping) -> NoticeEntry:
    return NoticeEntry(
        notice_id=m["id"],
        channel=m["channel"],
        channel_id=m["channel_id"],
        thread_alert_id=m["thread_alert_id"],
        text=m["text"],
        blocks=m["blocks"],
        status=m["status"],
        attempts=m["attempts"],
        sending_at=m["sending_at"],
        sending_by=m.get("sending_by"),
    )
