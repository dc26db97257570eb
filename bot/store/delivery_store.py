"""Deliveries: the events each `[[outputs]]` webhook receives, an outbox queue of their own.

A new mention's rows are queued in the transaction that stores it (`queue_mention_events`, called
by `ItemStore.save_items`), so a stored mention never misses its deliveries; a triage change's
rows right after the change is stored. `key` is what the receiver dedups on (the Veille-Delivery
header): a row is sent again under the same key after a crash, never queued twice. The mentions
of a brand newest first (the JSON feeds) are read here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine, RowMapping

from veille.config.outputs import OutputConfig
from veille.store.queue import OutboxQueue
from veille.store.schema import Domain, alerts, audit, deliveries, items, mentions, now


@dataclass(frozen=True)
class DeliveryEntry:
    delivery_id: int
    key: str
    output: str
    event: str
    mention_id: int | None
    body: str | None
    status: str
    attempts: int
    sending_at: datetime | None
    sending_by: str | None
    last_error: str | None


@dataclass(frozen=True)
class NewDelivery:
    key: str
    output: str
    event: str
    mention_id: int | None
    body: str | None = None


@dataclass(frozen=True)
class FailedOutput:
    output: str
    count: int
    last_error: str


@dataclass(frozen=True)
class TriageChange:
    """The latest change to an alert, as its audit row and the alert now say."""

    audit_id: int
    alert_id: int
    mention_id: int
    brand: str
    action: str
    value: str | None
    actor: str
    at: datetime
    state: str
    assignee: str | None
    tone_corrected: str | None


# The columns an event or a feed item is made of: the mention, its item, and one of its alerts.
MENTION_COLUMNS = (
    mentions.c.id,
    mentions.c.brand,
    mentions.c.terms,
    mentions.c.language,
    mentions.c.tone,
    mentions.c.tone_score,
    mentions.c.tone_confidence,
    mentions.c.tone_corrected,
    mentions.c.relevance,
    mentions.c.created_at,
    items.c.title,
    items.c.text,
    items.c.url,
    items.c.source,
    items.c.source_type,
    items.c.author,
    items.c.published_at,
    items.c.happened_at,
)


class DeliveryStore(Domain):
    # The configured outputs, which `save_items` queues each new mention for (set by the app).
    outputs: tuple[OutputConfig, ...] = ()

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.delivery_queue = OutboxQueue(engine, deliveries, _delivery_entry)

    def set_outputs(self, outputs: Sequence[OutputConfig]) -> None:
        self.outputs = tuple(outputs)

    def queue_mention_events(self, conn: Connection, stored: Sequence[tuple[int, str]], at: datetime) -> None:
        """Queue, on the connection storing them, one delivery per new (mention id, brand) and
        output that wants it."""
        rows = [
            _row(NewDelivery(f"{output.name}:mention:{mention_id}", output.name, "mention", mention_id), at)
            for mention_id, brand in stored
            for output in self.outputs
            if output.wants("mention", brand)
        ]
        if rows:
            conn.execute(deliveries.insert(), rows)

    def queue_deliveries(self, new: Sequence[NewDelivery], at: datetime | None = None) -> int:
        """Queue deliveries whose key is not queued yet; how many were."""
        queued = 0
        for delivery in new:
            values = {"output": delivery.output, "event": delivery.event, "mention_id": delivery.mention_id}
            if self.delivery_queue.enqueue(delivery.key, {**values, "body": delivery.body}, at) is not None:
                queued += 1
        return queued

    def latest_change(self, alert_id: int) -> TriageChange | None:
        """The alert's latest triage change (its newest audit row) and its triage state now."""
        query = (
            select(
                audit.c.id,
                audit.c.action,
                audit.c.value,
                audit.c.user_id,
                audit.c.at,
                alerts.c.mention_id,
                alerts.c.state,
                alerts.c.assignee,
                mentions.c.brand,
                mentions.c.tone_corrected,
            )
            .select_from(audit.join(alerts, audit.c.alert_id == alerts.c.id))
            .join(mentions, alerts.c.mention_id == mentions.c.id)
            .where(audit.c.alert_id == alert_id)
            .order_by(audit.c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        m = row._mapping
        return TriageChange(
            audit_id=m["id"],
            alert_id=alert_id,
            mention_id=m["mention_id"],
            brand=m["brand"],
            action=m["action"],
            value=m["value"],
            actor=m["user_id"],
            at=m["at"],
            state=m["state"],
            assignee=m["assignee"],
            tone_corrected=m["tone_corrected"],
        )

    def mention_event(self, mention_id: int) -> dict[str, Any] | None:
        """What a mention's event is made of, with its first alert (posted or not), if any."""
        query = select(*MENTION_COLUMNS).join(items, mentions.c.item_id == items.c.id)
        with self.engine.connect() as conn:
            row = conn.execute(query.where(mentions.c.id == mention_id)).first()
            if row is None:
                return None
            alert = conn.execute(
                select(alerts.c.id, alerts.c.channel, alerts.c.channel_id, alerts.c.ts, alerts.c.status)
                .where(alerts.c.mention_id == mention_id)
                .order_by((alerts.c.status == "posted").desc(), alerts.c.id)
                .limit(1)
            ).first()
        found = dict(row._mapping)
        found["alert"] = None if alert is None else dict(alert._mapping)
        return found

    def newest_mentions(self, brand: str, limit: int = 50) -> list[dict[str, Any]]:
        """A brand's mentions, newest first (by when they happened), sightings of a story left out."""
        query = (
            select(*MENTION_COLUMNS)
            .join(items, mentions.c.item_id == items.c.id)
            .where(func.lower(mentions.c.brand) == brand.lower(), items.c.duplicate_of.is_(None))
            .order_by(items.c.happened_at.desc(), mentions.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    # -- the queue ------------------------------------------------------------------------------

    def due_deliveries(self, output: str, at: datetime, limit: int = 20) -> list[DeliveryEntry]:
        queue = self.delivery_queue
        return queue.rows(queue.select_due(at, limit).where(deliveries.c.output == output))

    def sending_deliveries(self, output: str) -> list[DeliveryEntry]:
        return [entry for entry in self.delivery_queue.sending() if entry.output == output]

    def deliveries_of(self, output: str) -> list[DeliveryEntry]:
        """Every delivery of an output, oldest first."""
        query = select(deliveries).where(deliveries.c.output == output).order_by(deliveries.c.id)
        return self.delivery_queue.rows(query)

    def waiting_per_output(self) -> dict[str, int]:
        """Per output: its deliveries not settled yet (pending or sending)."""
        query = (
            select(deliveries.c.output, func.count())
            .where(deliveries.c.status.in_(("pending", "sending")))
            .group_by(deliveries.c.output)
        )
        with self.engine.connect() as conn:
            return {str(output): int(n) for output, n in conn.execute(query)}

    def failed_outputs(self, since: datetime) -> list[FailedOutput]:
        """The outputs that refused deliveries queued since `since`: how many, and the last error."""
        query = (
            select(deliveries.c.output, deliveries.c.last_error)
            .where(deliveries.c.status == "failed", deliveries.c.created_at >= since)
            .order_by(deliveries.c.id)
        )
        found: dict[str, FailedOutput] = {}
        with self.engine.connect() as conn:
            for output, error in conn.execute(query):
                count = found[output].count + 1 if output in found else 1
                found[output] = FailedOutput(output, count, error or "")
        return list(found.values())


def _row(delivery: NewDelivery, at: datetime | None) -> dict[str, Any]:
    return {
        "key": delivery.key,
        "output": delivery.output,
        "event": delivery.event,
        "mention_id": delivery.mention_id,
        "body": delivery.body,
        "status": "pending",
        "attempts": 0,
        "created_at": at or now(),
    }


def _delivery_entry(m: RowMapping) -> DeliveryEntry:
    return DeliveryEntry(
        delivery_id=m["id"],
        key=m["key"],
        output=m["output"],
        event=m["event"],
        mention_id=m["mention_id"],
        body=m["body"],
        status=m["status"],
        attempts=m["attempts"],
        sending_at=m["sending_at"],
        sending_by=m["sending_by"],
        last_error=m["last_error"],
    )
