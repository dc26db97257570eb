"""Alerts kept out of the channels for a while: by their brand's delivery pace, or by a snooze.

An alert of a brand delivered "hourly" is stored "held"; the hourly digest gathers each channel's
held alerts, queues the digest's messages as notices and marks the alerts "digested" in one
transaction, so a crash between the two neither loses an alert nor posts a digest twice. An alert
of a brand delivered "daily" is "held_daily": only the daily summary shows it. A mention a snooze
covers (an author, a site or a story, until a given time) is "snoozed": stored, searchable and
counted, never posted. The outbox sends only "pending" alerts, so none of these is ever sent.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from veille.store.schema import alerts, items, mentions, notices

HELD = "held"
HELD_DAILY = "held_daily"
DIGESTED = "digested"
SNOOZED = "snoozed"
KEPT_BACK = (HELD, HELD_DAILY, DIGESTED, SNOOZED)
CHUNK = 500


@dataclass(frozen=True)
class HeldAlert:
    """A held alert as the digest shows it."""

    alert_id: int
    channel: str
    brand: str
    item_id: int
    story_id: int  # the first item of its story (itself, or the item it duplicates)
    title: str
    url: str | None
    source: str
    author: str | None
    tone: str  # as the team sees it: a person's correction wins over the analyzer
    reach: dict[str, int]
    state: str
    created_at: datetime
    title_keys: tuple[str | None, str | None] = (None, None)


@dataclass(frozen=True)
class DigestNotice:
    """One message of a digest, queued as a notice under `key`."""

    key: str
    channel: str
    text: str
    blocks: list[dict[str, Any]]


class StaleDigest(Exception):
    """An alert of the digest was no longer held: nothing is queued, the next tick gathers again."""


def held_alerts(engine: Engine, before: datetime) -> list[HeldAlert]:
    """Every alert held for an hourly digest that was stored before `before`, oldest first."""
    query = (
        select(
            alerts.c.id,
            alerts.c.channel,
            mentions.c.brand,
            items.c.id,
            items.c.duplicate_of,
            items.c.title,
            items.c.url,
            items.c.source,
            items.c.author,
            func.coalesce(mentions.c.tone_corrected, mentions.c.tone),
            items.c.reach,
            alerts.c.state,
            alerts.c.created_at,
            items.c.title_key,
            items.c.title_key_short,
        )
        .select_from(alerts.join(mentions, alerts.c.mention_id == mentions.c.id))
        .join(items, mentions.c.item_id == items.c.id)
        .where(alerts.c.status == HELD, alerts.c.created_at < before)
        .order_by(alerts.c.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        HeldAlert(
            alert_id=row[0],
            channel=row[1],
            brand=row[2],
            item_id=row[3],
            story_id=row[4] or row[3],
            title=row[5] or "",
            url=row[6],
            source=row[7],
            author=row[8],
            tone=row[9],
            reach=_counts(row[10]),
            state=row[11],
            created_at=row[12],
            title_keys=(row[13], row[14]),
        )
        for row in rows
    ]


def queue_digest(
    engine: Engine, messages: Sequence[DigestNotice], alert_ids: Collection[int], at: datetime
) -> bool:
    """Queue a digest's messages and mark its alerts "digested", all or nothing.

    False when its first key was queued already (before a restart, or by another replica) or when
    one of its alerts was no longer held; then nothing changed.
    """
    if not messages:
        return False
    ids = sorted(set(alert_ids))
    try:
        with engine.begin() as conn:
            if conn.scalar(select(notices.c.id).where(notices.c.key == messages[0].key)) is not None:
                return False
            conn.execute(
                notices.insert(),
                [
                    {
                        "key": message.key,
                        "channel": message.channel,
                        "text": message.text,
                        "blocks": message.blocks,
                        "status": "pending",
                        "attempts": 0,
                        "created_at": at,
                    }
                    for message in messages
                ],
            )
            changed = 0
            for start in range(0, len(ids), CHUNK):
                result = conn.execute(
                    update(alerts)
                    .where(alerts.c.id.in_(ids[start : start + CHUNK]), alerts.c.status == HELD)
                    .values(status=DIGESTED)
                )
                changed += int(result.rowcount or 0)
            if changed != len(ids):
                raise StaleDigest
            return True
    except (IntegrityError, StaleDigest):
        return False


def _counts(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {
        str(k): int(v) for k, v in value.items() if isinstance(v, int | float) and not isinstance(v, bool)
    }
