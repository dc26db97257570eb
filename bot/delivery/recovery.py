"""Messages left "sending": a crash or a lost answer left their outcome unknown; settle each once.

A message in "sending" may or may not be in Slack: the outbox looks for it (each message carries
its row id in the message metadata) before posting again, and records it posted when found.

Replicas sharing a database each send rows they claimed (`sending_by`). A row left "sending" is
settled by the replica that claimed it, or taken over (a conditional update) by another once its
sender is dead: its presence lock is free (veille.store.leader), or, should that say nothing,
its claim is older than any post could take (`ABANDONED_AFTER`). So a replica never takes for
abandoned a row that another live replica is posting, and a killed replica's rows are settled at
once. One instance on a SQLite file has no other replica: every row left "sending" is its own,
from before a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from veille import metrics
from veille.delivery.pace import Clock, Pace
from veille.delivery.poster import DeliveryError, Poster, Ref
from veille.store import NoticeEntry, OutboxEntry, Store
from veille.store.leader import Leadership, dead_replicas, presence_key
from veille.store.queue import OutboxQueue

log = logging.getLogger(__name__)

SETTLE_AFTER = timedelta(seconds=2)
# A post is one call of at most 30 s, retried once on a connection error: a claim this old is a
# dead replica's.
ABANDONED_AFTER = timedelta(minutes=2)
T = TypeVar("T")
Claim = tuple[str | None, datetime | None]  # who claimed a row, and when


@dataclass(frozen=True)
class Delivery:
    """What posting needs, whether the row is an alert or a notice."""

    ref: Ref
    channel: str
    channel_id: str | None
    key: str  # the channel's one name for its gates
    attempts: int
    sending_at: datetime | None
    thread_ts: str | None = None
    sending_by: str | None = None


class Recovery:
    """Which rows left "sending" this replica may settle, and the settling of messages."""

    def __init__(
        self, store: Store, poster: Poster, pace: Pace, clock: Clock, key_of: Callable[[str, str | None], str]
    ) -> None:
        self.store = store
        self.poster = poster
        self.pace = pace
        self.clock = clock
        self.key_of = key_of
        self.owner = store.replica
        # Only PostgreSQL is shared by replicas; a SQLite file has one instance (single_instance).
        self.exclusive = store.backend != "postgresql"
        self.presence = Leadership(store.engine, presence_key(self.owner), "this replica's presence")

    def announce(self) -> None:
        """Hold this replica's presence lock (taken again if its session was lost)."""
        if not self.exclusive:
            self.presence.holds()

    def to_settle(
        self, rows: Sequence[T], claim: Callable[[T], Claim], abandoned_after: timedelta
    ) -> list[T]:
        """The rows left "sending" that are this replica's to settle: its own, and those of dead
        senders; the others are still being sent."""
        if self.exclusive:
            return list(rows)
        others = {by for by, _ in map(claim, rows) if by is not None and by != self.owner}
        dead = dead_replicas(self.store.engine, others) if others else set()
        old = self.clock.now() - abandoned_after

        def settles(row: T) -> bool:
            by, at = claim(row)
            return by is None or by == self.owner or by in dead or at is None or at < old

        return [row for row in rows if settles(row)]

    def queue(self, ref: Ref) -> OutboxQueue[OutboxEntry] | OutboxQueue[NoticeEntry]:
        return self.store.alert_queue if ref.kind == "alert" else self.store.notice_queue

    def posted(self, ref: Ref, channel_id: str, ts: str) -> None:
        self.queue(ref).posted(ref.id, self.clock.now(), channel_id=channel_id, ts=ts)

    def settle(self, held: set[str]) -> int:
        """Settle the messages left "sending" that are this replica's to settle."""
        settled = 0
        for delivery in self._left_sending():
            now = self.clock.now()
            since = delivery.sending_at or now
            if now - since < SETTLE_AFTER or self.pace.closed(delivery.key):
                held.add(delivery.key)  # let a slow answer arrive first, or Slack come back
                continue
            if not self.queue(delivery.ref).adopt(delivery.ref.id, self.owner, delivery.sending_by):
                continue  # another replica took it over first
            settled += self._settle(delivery, since, held)
        return settled

    def _left_sending(self) -> list[Delivery]:
        pending = [
            Delivery(
                Ref("alert", e.alert_id),
                e.channel,
                e.channel_id,
                self.key_of(e.channel, e.channel_id),
                e.attempts,
                e.sending_at,
                sending_by=e.sending_by,
            )
            for e in self.store.sending_alerts()
        ]
        for notice in self.store.sending_notices():
            thread_ts = channel_id = None
            if notice.thread_alert_id is not None:
                channel_id, thread_ts, _ = self.store.alert_location(notice.thread_alert_id)
            channel_id = notice.channel_id or channel_id
            pending.append(
                Delivery(
                    Ref("notice", notice.notice_id),
                    notice.channel,
                    channel_id,
                    self.key_of(notice.channel, channel_id),
                    notice.attempts,
                    notice.sending_at,
                    thread_ts,
                    notice.sending_by,
                )
            )
        return self.to_settle(pending, lambda d: (d.sending_by, d.sending_at), ABANDONED_AFTER)

    def _settle(self, delivery: Delivery, since: datetime, held: set[str]) -> int:
        try:
            found = self.poster.find_posted(
                delivery.channel, delivery.channel_id, delivery.ref, since, delivery.thread_ts
            )
        except DeliveryError as error:
            if not error.needs_attention:
                self.pace.failed(delivery.key, error)
                held.add(delivery.key)
                log.warning(
                    "outbox: cannot check whether %s %s was posted (%s); will retry",
                    *name_of(delivery.ref),
                    error,
                )
                return 0
            # The bot may not read this conversation (a direct message to a person, a scope
            # the install lacks): asking again cannot help, and waiting would hold it forever.
            log.warning(
                "outbox: cannot check whether %s %s was posted (%s); posting it again",
                *name_of(delivery.ref),
                error,
            )
            found = None
        if found is not None:
            self.posted(delivery.ref, *found)
            if delivery.ref.kind == "alert":
                metrics.ALERTS_POSTED.inc()
            log.info(
                "outbox: %s %s was already posted (ts %s); not posting again",
                *name_of(delivery.ref),
                found[1],
            )
        else:
            queue = self.queue(delivery.ref)
            queue.retry(delivery.ref.id, "post interrupted; not found in channel", None, by=self.owner)
        return 1


def name_of(ref: Ref) -> tuple[str, int]:
    return ref.kind, ref.id
