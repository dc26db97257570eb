"""Alerts: their way to Slack (an outbox queue), how they are shown, and the triage done on them.

A mention's alert is "pending" until the outbox claims it ("sending", just before posting) and
records it "posted" with its ts. Triage decisions are conditional updates, each with its audit
row; every change bumps the alert's revision so the outbox re-renders the posted message.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection, Engine, RowMapping

from veille.model import AlertState, AlertView, Span, Tone
from veille.store.item_store import also_seen
from veille.store.queue import OutboxQueue
from veille.store.schema import RERENDER, Domain, alerts, audit, items, mentions

STORIES_PER_QUERY = 500


@dataclass(frozen=True)
class OutboxEntry:
    alert_id: int
    channel: str
    channel_id: str | None
    status: str
    ts: str | None
    attempts: int
    sending_at: datetime | None
    update_attempts: int = 0
    sending_by: str | None = None  # the replica that claimed it


@dataclass(frozen=True)
class AlertRef:
    alert_id: int
    channel: str
    status: str


class AlertStore(Domain):
    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.alert_queue = OutboxQueue(engine, alerts, _outbox_entry)

    # -- the outbox ----------------------------------------------------------------------------

    def due_alerts(
        self, now: datetime, limit: int = 100, *, after: int = 0, skip: Collection[str] = ()
    ) -> list[OutboxEntry]:
        """Alerts to post now, oldest first: those queued after alert `after`, leaving out the
        channels named (by name or id) in `skip`."""
        query = self.alert_queue.select_due(now, limit).where(alerts.c.id > after)
        if skip:
            names = list(skip)
            query = query.where(
                alerts.c.channel.not_in(names),
                alerts.c.channel_id.is_(None) | alerts.c.channel_id.not_in(names),
            )
        return self.alert_queue.rows(query)

    def sending_alerts(self) -> list[OutboxEntry]:
        """Alerts whose post was attempted but whose outcome was not recorded yet."""
        return self.alert_queue.sending()

    def mark_sending(self, alert_id: int, at: datetime) -> bool:
        """Claim a pending alert for posting; False when another worker claimed it first."""
        return self.alert_queue.claim(alert_id, at)

    def mark_posted(self, alert_id: int, channel_id: str, ts: str, at: datetime) -> None:
        self.alert_queue.posted(alert_id, at, channel_id=channel_id, ts=ts)

    def mark_retry(self, alert_id: int, error: str, next_attempt_at: datetime) -> None:
        self.alert_queue.retry(alert_id, error, next_attempt_at)

    def alerts_waiting(self) -> int:
        """Alerts not yet in Slack, plus message updates not yet applied."""
        with self.engine.connect() as conn:
            waiting = conn.scalar(
                select(func.count())
                .select_from(alerts)
                .where(
                    (alerts.c.status.in_(("pending", "sending")))
                    | ((alerts.c.status == "posted") & alerts.c.needs_update.is_(True))
                )
            )
            return int(waiting or 0)

    def alert_attempts(self, alert_id: int) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(alerts.c.attempts).where(alerts.c.id == alert_id)) or 0)

    def alert_view(self, alert_id: int) -> AlertView | None:
        """How an alert is shown, as stored (which mutes now silence it is the renderer's call)."""
        query = (
            select(
                alerts.c.id,
                alerts.c.state,
                alerts.c.actor,
                alerts.c.acted_at,
                alerts.c.assignee,
                alerts.c.assigned_by,
                alerts.c.assigned_at,
                alerts.c.ping_here,
                mentions.c.tone_corrected,
                mentions.c.tone_corrected_by,
                mentions.c.tone_corrected_at,
                mentions.c.brand,
                mentions.c.spans,
                mentions.c.language,
                mentions.c.tone,
                mentions.c.tone_score,
                mentions.c.tone_confidence,
                items.c.reach,
                items.c.id.label("item_id"),
                items.c.title,
                items.c.text,
                items.c.url,
                items.c.source,
                items.c.author,
                items.c.published_at,
            )
            .select_from(alerts.join(mentions, alerts.c.mention_id == mentions.c.id))
            .join(items, mentions.c.item_id == items.c.id)
            .where(alerts.c.id == alert_id)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        m = row._mapping
        return AlertView(
            alert_id=m["id"],
            brand=m["brand"],
            title=m["title"],
            text=m["text"],
            url=m["url"],
            source=m["source"],
            author=m["author"],
            published_at=m["published_at"],
            tone=Tone(m["tone"], m["tone_score"], m["language"], m["tone_confidence"]),
            spans=tuple(Span(f, s, e) for f, s, e in m["spans"]),
            state=m["state"],
            actor=m["actor"],
            acted_at=m["acted_at"],
            reach=dict(m["reach"] or {}),
            also_seen=tuple(also_seen(self.engine, m["item_id"])),
            assignee=m["assignee"],
            assigned_by=m["assigned_by"],
            assigned_at=m["assigned_at"],
            ping_here=bool(m["ping_here"]),
            corrected_tone=m["tone_corrected"],
            corrected_by=m["tone_corrected_by"],
            corrected_at=m["tone_corrected_at"],
        )

    def alert_location(self, alert_id: int) -> tuple[str | None, str | None, str]:
        """(channel id, ts, status) of a posted alert."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(alerts.c.channel_id, alerts.c.ts, alerts.c.status).where(alerts.c.id == alert_id)
            ).first()
        if row is None:
            return None, None, "missing"
        return row[0], row[1], row[2]

    # -- triage --------------------------------------------------------------------------------

    def _change_alert(
        self,
        conn: Connection,
        alert_id: int,
        condition: Any,
        values: dict[str, Any],
        audit_row: dict[str, Any],
    ) -> bool:
        result = conn.execute(
            update(alerts).where(alerts.c.id == alert_id, condition).values(**RERENDER, **values)
        )
        if not result.rowcount:
            return False
        conn.execute(audit.insert().values(alert_id=alert_id, **audit_row))
        return True

    def set_alert_state(self, alert_id: int, state: AlertState, actor: str, at: datetime) -> bool:
        """Record a triage decision; False when the alert does not exist or is already in that state.

        The update is conditional, so two people clicking at once end in one consistent state.
        """
        with self.engine.begin() as conn:
            return self._change_alert(
                conn,
                alert_id,
                alerts.c.state != state,
                {"state": state, "actor": actor[:40], "acted_at": at},
                {"user_id": actor[:40], "action": state, "value": None, "at": at},
            )

    def assign_alert(self, alert_id: int, assignee: str, by: str, at: datetime) -> bool:
        """Assign an alert to someone; False when it already is assigned to them."""
        with self.engine.begin() as conn:
            condition = (alerts.c.assignee.is_(None)) | (alerts.c.assignee != assignee)
            return self._change_alert(
                conn,
                alert_id,
                condition,
                {"assignee": assignee[:40], "assigned_by": by[:40], "assigned_at": at},
                {"user_id": by[:40], "action": "assign", "value": assignee[:40], "at": at},
            )

    def correct_tone(self, alert_id: int, tone: str, by: str, at: datetime) -> bool:
        """Store a person's tone for the alert's mention; every alert of that mention is re-rendered."""
        with self.engine.begin() as conn:
            mention_id = conn.scalar(select(alerts.c.mention_id).where(alerts.c.id == alert_id))
            if mention_id is None:
                return False
            current = conn.execute(
                select(mentions.c.tone, mentions.c.tone_corrected).where(mentions.c.id == mention_id)
            ).first()
            if current is None or (current[1] or current[0]) == tone:
                return False
            conn.execute(
                update(mentions)
                .where(mentions.c.id == mention_id)
                .values(tone_corrected=tone, tone_corrected_by=by[:40], tone_corrected_at=at)
            )
            conn.execute(update(alerts).where(alerts.c.mention_id == mention_id).values(**RERENDER))
            conn.execute(
                audit.insert().values(alert_id=alert_id, user_id=by[:40], action="tone", value=tone, at=at)
            )
            return True

    def audit_trail(self, alert_id: int) -> list[tuple[str, str, str | None, datetime]]:
        """(user, action, value, when) of every change to an alert, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(audit.c.user_id, audit.c.action, audit.c.value, audit.c.at)
                .where(audit.c.alert_id == alert_id)
                .order_by(audit.c.id)
            )
            return [(u, a, v, at) for u, a, v, at in rows]

    def alerts_of_story(self, story_id: int) -> list[AlertRef]:
        """The alerts of every mention of an item (the first sighting of a story)."""
        return self.alerts_of_stories([story_id]).get(story_id, [])

    def alerts_of_stories(self, story_ids: Collection[int]) -> dict[int, list[AlertRef]]:
        """`alerts_of_story` for several stories, in one query per few hundred."""
        found: dict[int, list[AlertRef]] = {}
        wanted = sorted(set(story_ids))
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), STORIES_PER_QUERY):
                query = (
                    select(mentions.c.item_id, alerts.c.id, alerts.c.channel, alerts.c.status)
                    .select_from(alerts.join(mentions, alerts.c.mention_id == mentions.c.id))
                    .where(mentions.c.item_id.in_(wanted[start : start + STORIES_PER_QUERY]))
                    .order_by(alerts.c.id)
                )
                for story, alert_id, channel, status in conn.execute(query):
                    found.setdefault(story, []).append(AlertRef(alert_id, channel, status))
        return found

    def alert_ref(self, alert_id: int) -> AlertRef | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(alerts.c.id, alerts.c.channel, alerts.c.status).where(alerts.c.id == alert_id)
            ).first()
        return None if row is None else AlertRef(row[0], row[1], row[2])

    def alert_revision(self, alert_id: int) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(alerts.c.revision).where(alerts.c.id == alert_id)) or 0)

    def alert_item(self, alert_id: int) -> tuple[int, str, str | None, str | None, str] | None:
        """(item id, brand, author, url, text) behind an alert."""
        query = (
            select(items.c.id, mentions.c.brand, items.c.author, items.c.url, items.c.text)
            .select_from(alerts.join(mentions, alerts.c.mention_id == mentions.c.id))
            .join(items, mentions.c.item_id == items.c.id)
            .where(alerts.c.id == alert_id)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else (row[0], row[1], row[2], row[3], row[4])

    # -- message updates -----------------------------------------------------------------------

    def due_updates(self, now: datetime, limit: int = 50) -> list[OutboxEntry]:
        query = (
            select(alerts)
            .where(alerts.c.needs_update.is_(True), alerts.c.status == "posted")
            .where((alerts.c.update_next_attempt_at.is_(None)) | (alerts.c.update_next_attempt_at <= now))
            .where(alerts.c.updating_until.is_(None) | (alerts.c.updating_until <= now))
            .order_by(alerts.c.acted_at)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [_outbox_entry(row._mapping) for row in conn.execute(query)]

    def claim_update(self, alert_id: int, now: datetime, until: datetime) -> bool:
        """Take the update of a posted alert until `until`; False while another replica applies it."""
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    update(alerts)
                    .where(alerts.c.id == alert_id, alerts.c.needs_update.is_(True))
                    .where(alerts.c.updating_until.is_(None) | (alerts.c.updating_until <= now))
                    .values(updating_until=until)
                ).rowcount
            )

    def release_update(self, alert_id: int) -> None:
        """The update was not applied and stays due: any replica may apply it."""
        with self.engine.begin() as conn:
            conn.execute(update(alerts).where(alerts.c.id == alert_id).values(updating_until=None))

    def mark_updated(self, alert_id: int, revision: int | None) -> None:
        """Clear the update flag unless another change came in after the revision just shown."""
        with self.engine.begin() as conn:
            query = update(alerts).where(alerts.c.id == alert_id)
            if revision is not None:
                query = query.where(alerts.c.revision == revision)
            conn.execute(query.values(needs_update=False, update_next_attempt_at=None, update_attempts=0))
            conn.execute(update(alerts).where(alerts.c.id == alert_id).values(updating_until=None))

    def retry_update(self, alert_id: int, error: str, next_attempt_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(alerts)
                .where(alerts.c.id == alert_id)
                .values(
                    update_next_attempt_at=next_attempt_at,
                    update_attempts=alerts.c.update_attempts + 1,
                    last_error=error[:1000],
                    updating_until=None,
                )
            )

    def alerts_by_status(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(alerts.c.status, func.count()).group_by(alerts.c.status))
            return {status: int(n) for status, n in rows}


def _outbox_entry(m: RowMapping) -> OutboxEntry:
    return OutboxEntry(
        alert_id=m["id"],
        channel=m["channel"],
        channel_id=m["channel_id"],
        status=m["status"],
        ts=m["ts"],
        attempts=m["attempts"],
        sending_at=m["sending_at"],
        update_attempts=m["update_attempts"],
        sending_by=m.get("sending_by"),
    )
