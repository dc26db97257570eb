"""The store: the source of truth for items, mentions, alerts and per-source state.

SQLite by default, PostgreSQL by URL, through SQLAlchemy Core. An item is recognised again by
any of its dedup keys (its GUID within its source, its canonical URL), so a feed that
re-publishes an item with a new date or GUID does not alert twice. Alerts form an outbox: a
mention is stored with its pending alerts in one transaction, and the notifier delivers them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import TypeDecorator

from veille.model import AlertState, AlertView, BrandMatch, Item, Mute, Span, Tone
from veille.store import fulltext


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every back end (SQLite keeps no time zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

items = Table(
    "items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(200), nullable=False, index=True),
    Column("source_type", String(40), nullable=False),
    Column("guid", Text),
    Column("url", Text),
    Column("canonical_url", Text),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("author", Text),
    Column("published_at", UTCDateTime),
    Column("fetched_at", UTCDateTime, nullable=False, index=True),
    Column("declared_language", String(20)),
    Column("reach", JSON),
    # Cross-source dedup: the same story under two titles' fingerprints (see veille.text.stories).
    Column("title_key", String(40), index=True),
    Column("title_key_short", String(40), index=True),
    # A sighting of a story first seen as another item (another source, same story).
    Column("duplicate_of", Integer, ForeignKey("items.id", ondelete="CASCADE"), index=True),
    # Folded title, author and text for full-text search (veille.store.fulltext indexes it per back end).
    Column("search_text", Text),
)

dedup_keys = Table(
    "dedup_keys",
    metadata,
    Column("key", String(64), primary_key=True),  # sha256 of "kind:value"
    Column("item_id", Integer, ForeignKey("items.id", ondelete="CASCADE"), nullable=False, index=True),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
    Column("brand", String(200), nullable=False, index=True),
    Column("terms", JSON, nullable=False),
    Column("spans", JSON, nullable=False),
    Column("language", String(10), nullable=False),
    Column("tone", String(10), nullable=False),
    Column("tone_score", Float),
    Column("tone_confidence", Float),
    # A person's correction of the tone, from Slack; the analyzer's own verdict stays above.
    Column("tone_corrected", String(10)),
    Column("tone_corrected_by", String(40)),
    Column("tone_corrected_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False, index=True),
    UniqueConstraint("item_id", "brand", name="uq_mention_item_brand"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("mention_id", Integer, ForeignKey("mentions.id", ondelete="CASCADE"), nullable=False),
    Column("channel", String(100), nullable=False),
    Column("channel_id", String(40)),
    # pending → sending → posted; "sending" means a post was attempted and its outcome is unknown.
    Column("status", String(12), nullable=False, index=True),
    Column("ts", String(40)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UTCDateTime),
    Column("last_error", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sending_at", UTCDateTime),
    Column("posted_at", UTCDateTime),
    Column("state", String(20), nullable=False, default="new"),
    Column("actor", String(40)),
    Column("acted_at", UTCDateTime),
    Column("needs_update", Boolean, nullable=False, default=False, index=True),
    Column("update_next_attempt_at", UTCDateTime),
    Column("update_attempts", Integer, nullable=False, default=0),
    # Bumped by every triage change; the outbox re-renders until it has shown the latest one.
    Column("revision", Integer, nullable=False, default=0),
    Column("assignee", String(40)),
    Column("assigned_by", String(40)),
    Column("assigned_at", UTCDateTime),
    Column("ping_here", Boolean, nullable=False, default=False),
    UniqueConstraint("mention_id", "channel", name="uq_alert_mention_channel"),
)

source_state = Table(
    "source_state",
    metadata,
    Column("source", String(200), primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("cursor", Text),
    Column("first_polled_at", UTCDateTime),
    Column("last_polled_at", UTCDateTime),
    Column("last_success_at", UTCDateTime),
    Column("last_error", Text),
    Column("last_error_kind", String(20)),
    Column("last_error_at", UTCDateTime),
    Column("failing_since", UTCDateTime),
    Column("failure_notified", Boolean, nullable=False, default=False),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    Column("next_attempt_at", UTCDateTime),
    Column("items_seen", Integer, nullable=False, default=0),
)

notices = Table(
    "notices",
    metadata,
    # A message that is not a mention alert: a source failing or recovering, "also seen on"
    # replies, summaries. `key` makes queuing idempotent (one notice per event, ever).
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("channel", String(100), nullable=False),
    Column("channel_id", String(40)),
    Column("thread_alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE")),
    Column("text", Text, nullable=False),
    Column("blocks", JSON),
    Column("status", String(12), nullable=False, index=True),
    Column("ts", String(40)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UTCDateTime),
    Column("last_error", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sending_at", UTCDateTime),
    Column("posted_at", UTCDateTime),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), index=True),
    Column("user_id", String(40), nullable=False),
    Column("action", String(30), nullable=False),
    Column("value", Text),
    Column("at", UTCDateTime, nullable=False),
)

mutes = Table(
    "mutes",
    metadata,
    # Noise silenced from Slack: an author, a site (and its subdomains) or a word excluded for
    # one brand (or all when brand is NULL). `value` is the normalised form that matching uses.
    Column("id", Integer, primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("value", String(300), nullable=False),
    Column("display", String(300), nullable=False),
    Column("brand", String(200)),
    Column("created_by", String(40), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("kind", "value", "brand", name="uq_mute"),
)

channels = Table(
    "channels",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("channel_id", String(40), nullable=False),
)


def dedup_key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


@dataclass(frozen=True)
class NewMention:
    match: BrandMatch
    tone: Tone
    channels: tuple[str, ...] = ()  # empty: stored without an alert (first-poll backlog)
    ping_channels: tuple[str, ...] = ()  # of those, where the alert also says @here


@dataclass(frozen=True)
class AlertRef:
    alert_id: int
    channel: str
    status: str


@dataclass(frozen=True)
class NewItem:
    item: Item
    keys: tuple[str, ...]
    canonical_url: str | None
    mentions: tuple[NewMention, ...] = ()
    title_keys: tuple[str | None, str | None] = (None, None)
    duplicate_of: int | None = None  # a sighting of this item's story from another source


@dataclass(frozen=True)
class KnownItem:
    item_id: int
    source: str
    story_id: int  # the first item of the story (itself, or what it duplicates)


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


@dataclass(frozen=True)
class SavedItem:
    item_id: int
    mention_ids: tuple[int, ...]
    alert_ids: tuple[int, ...]


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


@dataclass(frozen=True)
class SourceState:
    source: str
    etag: str | None
    last_modified: str | None
    cursor: str | None
    first_polled_at: datetime | None
    last_polled_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    failing_since: datetime | None
    consecutive_failures: int
    next_attempt_at: datetime | None
    items_seen: int
    last_error_kind: str | None = None
    failure_notified: bool = False


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _now() -> datetime:
    return datetime.now(UTC)


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def create_schema(self) -> None:
        """Create missing tables, then add columns that a newer Veille introduced.

        Schema changes are additive (new tables, new nullable or defaulted columns), so an
        existing database upgrades in place at start-up.
        """
        metadata.create_all(self.engine)
        with self.engine.begin() as conn:
            inspector = inspect(conn)
            for table in metadata.sorted_tables:
                present = {column["name"] for column in inspector.get_columns(table.name)}
                for column in table.columns:
                    if column.name not in present:
                        _add_column(conn, table, column)
            fulltext.backfill(conn, items)
            fulltext.ensure_index(conn, items)

    def close(self) -> None:
        self.engine.dispose()

    # -- items and mentions -------------------------------------------------------------------

    def unseen(self, candidates: Sequence[Sequence[str]]) -> list[bool]:
        """For each item's dedup keys, whether none of them is known yet."""
        wanted = {key for keys in candidates for key in keys}
        known: set[str] = set()
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(wanted), 500):
                known.update(conn.scalars(select(dedup_keys.c.key).where(dedup_keys.c.key.in_(chunk))))
        return [not any(key in known for key in keys) for keys in candidates]

    def known_items(self, keys: Sequence[str]) -> dict[str, KnownItem]:
        """The stored item behind each known dedup key."""
        found: dict[str, KnownItem] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(keys)), 500):
                rows = conn.execute(
                    select(dedup_keys.c.key, items.c.id, items.c.source, items.c.duplicate_of)
                    .select_from(dedup_keys.join(items, dedup_keys.c.item_id == items.c.id))
                    .where(dedup_keys.c.key.in_(chunk))
                )
                for key, item_id, source, duplicate_of in rows:
                    found[key] = KnownItem(item_id, source, duplicate_of or item_id)
        return found

    def sources_of_story(self, story_id: int) -> set[str]:
        with self.engine.connect() as conn:
            rows = conn.scalars(
                select(items.c.source).where((items.c.id == story_id) | (items.c.duplicate_of == story_id))
            )
            return set(rows)

    def find_story(self, keys: Sequence[str | None], since: datetime, other_than_source: str) -> int | None:
        """The story a title fingerprint already names, seen since `since` in another source."""
        wanted = [key for key in keys if key]
        if not wanted:
            return None
        query = (
            select(items.c.id, items.c.duplicate_of)
            .where((items.c.title_key.in_(wanted)) | (items.c.title_key_short.in_(wanted)))
            .where(items.c.fetched_at >= since, items.c.source != other_than_source)
            .order_by(items.c.id)
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else int(row[1] or row[0])

    def also_seen(self, item_id: int) -> list[str]:
        """Other sources in which the story of `item_id` was seen, in order of first sighting."""
        with self.engine.connect() as conn:
            origin = conn.scalar(select(items.c.source).where(items.c.id == item_id))
            rows = conn.scalars(
                select(items.c.source).where(items.c.duplicate_of == item_id).order_by(items.c.id)
            )
            out: list[str] = []
            for source in rows:
                if source != origin and source not in out:
                    out.append(source)
            return out

    def refresh_story_alerts(self, story_id: int) -> int:
        """Ask for the posted alerts of a story to be re-rendered (e.g. to show a new sighting)."""
        with self.engine.begin() as conn:
            mention_ids = select(mentions.c.id).where(mentions.c.item_id == story_id).scalar_subquery()
            result = conn.execute(
                update(alerts)
                .where(alerts.c.mention_id.in_(mention_ids), alerts.c.status == "posted")
                .values(**_RERENDER)
            )
            return int(result.rowcount or 0)

    def save_items(self, entries: Sequence[NewItem], at: datetime | None = None) -> list[SavedItem | None]:
        """Store new items with their mentions and pending alerts; None for a duplicate.

        One transaction for the batch; if another poll stored one of the same items meanwhile,
        each item is retried in its own transaction so only the duplicate is dropped.
        """
        at = at or _now()
        try:
            with self.engine.begin() as conn:
                return self._save_batch(conn, entries, at)
        except IntegrityError:
            results: list[SavedItem | None] = []
            for entry in entries:
                try:
                    with self.engine.begin() as conn:
                        results.extend(self._save_batch(conn, [entry], at))
                except IntegrityError:
                    results.append(None)
            return results

    def _save_batch(
        self, conn: Connection, entries: Sequence[NewItem], at: datetime
    ) -> list[SavedItem | None]:
        wanted = sorted({key for entry in entries for key in entry.keys})
        known: set[str] = set()
        for chunk in _chunks(wanted, 500):
            known.update(conn.scalars(select(dedup_keys.c.key).where(dedup_keys.c.key.in_(chunk))))
        accepted: list[NewItem] = []
        stored_keys: list[tuple[str, ...]] = []
        for entry in entries:
            if entry.duplicate_of is not None:
                # A sighting keeps whichever of its keys are new, so it is recognised next time.
                fresh_keys = tuple(key for key in entry.keys if key not in known)
                known.update(fresh_keys)
                accepted.append(entry)
                stored_keys.append(fresh_keys)
            elif entry.keys and not any(key in known for key in entry.keys):
                known.update(entry.keys)
                accepted.append(entry)
                stored_keys.append(entry.keys)
        if not accepted:
            return [None] * len(entries)
        # One executemany per table (RETURNING in parameter order) rather than a statement
        # compiled per row, which was most of the pipeline's time.
        item_ids = list(
            conn.scalars(
                items.insert().returning(items.c.id, sort_by_parameter_order=True),
                [_item_row(entry, at) for entry in accepted],
            )
        )
        key_rows = [
            {"key": key, "item_id": item_id}
            for keys, item_id in zip(stored_keys, item_ids, strict=True)
            for key in keys
        ]
        if key_rows:
            conn.execute(dedup_keys.insert(), key_rows)
        mention_rows = [
            (item_id, new)
            for entry, item_id in zip(accepted, item_ids, strict=True)
            for new in entry.mentions
        ]
        mention_ids: list[int] = []
        if mention_rows:
            mention_ids = list(
                conn.scalars(
                    mentions.insert().returning(mentions.c.id, sort_by_parameter_order=True),
                    [_mention_row(item_id, new, at) for item_id, new in mention_rows],
                )
            )
        alert_rows = [
            (mention_id, channel, channel in new.ping_channels)
            for (_, new), mention_id in zip(mention_rows, mention_ids, strict=True)
            for channel in new.channels
        ]
        alert_ids: dict[int, list[int]] = {}
        if alert_rows:
            created = conn.scalars(
                alerts.insert().returning(alerts.c.id, sort_by_parameter_order=True),
                [_alert_row(mention_id, channel, at, here) for mention_id, channel, here in alert_rows],
            )
            for (mention_id, _, _), alert_id in zip(alert_rows, created, strict=True):
                alert_ids.setdefault(mention_id, []).append(alert_id)
        by_item: dict[int, list[int]] = {}
        for (item_id, _), mention_id in zip(mention_rows, mention_ids, strict=True):
            by_item.setdefault(item_id, []).append(mention_id)
        saved: dict[int, SavedItem] = {}
        for entry, item_id in zip(accepted, item_ids, strict=True):
            mention_list = by_item.get(item_id, [])
            saved[id(entry)] = SavedItem(
                item_id, tuple(mention_list), tuple(a for m in mention_list for a in alert_ids.get(m, []))
            )
        return [saved.get(id(entry)) for entry in entries]

    def count(self, table: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(metadata.tables[table])) or 0)

    # -- the outbox ----------------------------------------------------------------------------

    def due_alerts(self, now: datetime, limit: int = 100) -> list[OutboxEntry]:
        """Alerts to post now, oldest first."""
        query = (
            select(alerts)
            .where(alerts.c.status == "pending")
            .where((alerts.c.next_attempt_at.is_(None)) | (alerts.c.next_attempt_at <= now))
            .order_by(alerts.c.id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [_outbox_entry(row._mapping) for row in conn.execute(query)]

    def sending_alerts(self) -> list[OutboxEntry]:
        """Alerts whose post was attempted but whose outcome was never recorded (a crash)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(alerts).where(alerts.c.status == "sending").order_by(alerts.c.id))
            return [_outbox_entry(row._mapping) for row in rows]

    def mark_sending(self, alert_id: int, at: datetime) -> bool:
        """Claim a pending alert for posting; False when another worker claimed it first."""
        with self.engine.begin() as conn:
            result = conn.execute(
                update(alerts)
                .where(alerts.c.id == alert_id, alerts.c.status == "pending")
                .values(status="sending", sending_at=at, attempts=alerts.c.attempts + 1)
            )
            return bool(result.rowcount)

    def mark_posted(self, alert_id: int, channel_id: str, ts: str, at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(alerts)
                .where(alerts.c.id == alert_id)
                .values(status="posted", channel_id=channel_id, ts=ts, posted_at=at, last_error=None)
            )

    def mark_retry(self, alert_id: int, error: str, next_attempt_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(alerts)
                .where(alerts.c.id == alert_id)
                .values(status="pending", last_error=error[:1000], next_attempt_at=next_attempt_at)
            )

    def alert_attempts(self, alert_id: int) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(alerts.c.attempts).where(alerts.c.id == alert_id)) or 0)

    def alert_view(self, alert_id: int) -> AlertView | None:
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
            also_seen=tuple(self.also_seen(m["item_id"])),
            assignee=m["assignee"],
            assigned_by=m["assigned_by"],
            assigned_at=m["assigned_at"],
            ping_here=bool(m["ping_here"]),
            corrected_tone=m["tone_corrected"],
            corrected_by=m["tone_corrected_by"],
            corrected_at=m["tone_corrected_at"],
            muted=tuple(self._mutes_hitting(m["author"], m["url"], m["brand"])),
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

    # -- triage ------------------------------------------------------------------------------

    def _change_alert(
        self,
        conn: Connection,
        alert_id: int,
        condition: Any,
        values: dict[str, Any],
        audit_row: dict[str, Any],
    ) -> bool:
        result = conn.execute(
            update(alerts).where(alerts.c.id == alert_id, condition).values(**_RERENDER, **values)
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
            conn.execute(update(alerts).where(alerts.c.mention_id == mention_id).values(**_RERENDER))
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
        query = (
            select(alerts.c.id, alerts.c.channel, alerts.c.status)
            .select_from(alerts.join(mentions, alerts.c.mention_id == mentions.c.id))
            .where(mentions.c.item_id == story_id)
            .order_by(alerts.c.id)
        )
        with self.engine.connect() as conn:
            return [AlertRef(i, c, s) for i, c, s in conn.execute(query)]

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

    # -- mutes ---------------------------------------------------------------------------------

    def add_mute(
        self,
        kind: str,
        value: str,
        display: str,
        brand: str | None,
        by: str,
        at: datetime,
        alert_id: int | None = None,
    ) -> bool:
        """Silence an author, a site or a word; False when it already was."""
        try:
            with self.engine.begin() as conn:
                exists = conn.scalar(
                    select(mutes.c.id).where(
                        mutes.c.kind == kind,
                        mutes.c.value == value[:300],
                        mutes.c.brand.is_(None) if brand is None else mutes.c.brand == brand,
                    )
                )
                if exists is not None:
                    return False
                conn.execute(
                    mutes.insert().values(
                        kind=kind,
                        value=value[:300],
                        display=display[:300],
                        brand=brand,
                        created_by=by[:40],
                        created_at=at,
                    )
                )
                conn.execute(
                    audit.insert().values(
                        alert_id=alert_id, user_id=by[:40], action=f"mute_{kind}", value=display[:300], at=at
                    )
                )
                if alert_id is not None:
                    conn.execute(update(alerts).where(alerts.c.id == alert_id).values(**_RERENDER))
                return True
        except IntegrityError:
            return False

    def remove_mute(self, mute_id: int, by: str, at: datetime) -> Mute | None:
        with self.engine.begin() as conn:
            row = conn.execute(select(mutes).where(mutes.c.id == mute_id)).first()
            if row is None:
                return None
            conn.execute(mutes.delete().where(mutes.c.id == mute_id))
            mute = Mute(**row._mapping)
            conn.execute(
                audit.insert().values(
                    alert_id=None, user_id=by[:40], action=f"unmute_{mute.kind}", value=mute.display, at=at
                )
            )
            # The alerts the mute was made from show it: re-render them without it.
            shown_on = select(audit.c.alert_id).where(
                audit.c.action == f"mute_{mute.kind}",
                audit.c.value == mute.display,
                audit.c.alert_id.is_not(None),
            )
            conn.execute(update(alerts).where(alerts.c.id.in_(shown_on)).values(**_RERENDER))
            return mute

    def _mutes_hitting(self, author: str | None, url: str | None, brand: str) -> list[Mute]:
        """The author and site mutes that apply to an item (shown on its alert)."""
        from veille.matching.noise import mute_applies

        return [m for m in self.mutes() if m.kind != "word" and mute_applies(m, author, url, brand)]

    def mutes(self) -> list[Mute]:
        with self.engine.connect() as conn:
            return [Mute(**row._mapping) for row in conn.execute(select(mutes).order_by(mutes.c.id))]

    def due_updates(self, now: datetime, limit: int = 50) -> list[OutboxEntry]:
        query = (
            select(alerts)
            .where(alerts.c.needs_update.is_(True), alerts.c.status == "posted")
            .where((alerts.c.update_next_attempt_at.is_(None)) | (alerts.c.update_next_attempt_at <= now))
            .order_by(alerts.c.acted_at)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [_outbox_entry(row._mapping) for row in conn.execute(query)]

    def mark_updated(self, alert_id: int, revision: int | None) -> None:
        """Clear the update flag unless another change came in after the revision just shown."""
        with self.engine.begin() as conn:
            query = update(alerts).where(alerts.c.id == alert_id)
            if revision is not None:
                query = query.where(alerts.c.revision == revision)
            conn.execute(query.values(needs_update=False, update_next_attempt_at=None, update_attempts=0))

    def retry_update(self, alert_id: int, error: str, next_attempt_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(alerts)
                .where(alerts.c.id == alert_id)
                .values(
                    update_next_attempt_at=next_attempt_at,
                    update_attempts=alerts.c.update_attempts + 1,
                    last_error=error[:1000],
                )
            )

    def undelivered(self) -> int:
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
            notes = conn.scalar(
                select(func.count()).select_from(notices).where(notices.c.status.in_(("pending", "sending")))
            )
            return int(waiting or 0) + int(notes or 0)

    def alerts_by_status(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(alerts.c.status, func.count()).group_by(alerts.c.status))
            return {status: int(n) for status, n in rows}

    def set_failure_notified(self, source: str, notified: bool) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(source_state).where(source_state.c.source == source).values(failure_notified=notified)
            )

    def items_per_source(self, since: datetime) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(items.c.source, func.count())
                .where(items.c.fetched_at >= since)
                .group_by(items.c.source)
            )
            return {source: int(n) for source, n in rows}

    # -- notices -------------------------------------------------------------------------------

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
        try:
            with self.engine.begin() as conn:
                exists = conn.scalar(select(notices.c.id).where(notices.c.key == key[:300]))
                if exists is not None:
                    return None
                inserted = conn.execute(
                    notices.insert().values(
                        key=key[:300],
                        channel=channel,
                        thread_alert_id=thread_alert_id,
                        text=text,
                        blocks=blocks,
                        status="pending",
                        attempts=0,
                        created_at=at or _now(),
                    )
                )
                return int(inserted.inserted_primary_key[0])  # type: ignore[index]
        except IntegrityError:
            return None

    def notice_queued(self, key: str) -> bool:
        with self.engine.connect() as conn:
            return conn.scalar(select(notices.c.id).where(notices.c.key == key[:300])) is not None

    def due_notices(self, now: datetime, limit: int = 50) -> list[NoticeEntry]:
        query = (
            select(notices)
            .where(notices.c.status == "pending")
            .where((notices.c.next_attempt_at.is_(None)) | (notices.c.next_attempt_at <= now))
            .order_by(notices.c.id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [_notice_entry(row._mapping) for row in conn.execute(query)]

    def sending_notices(self) -> list[NoticeEntry]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(notices).where(notices.c.status == "sending").order_by(notices.c.id))
            return [_notice_entry(row._mapping) for row in rows]

    def mark_notice_sending(self, notice_id: int, at: datetime) -> bool:
        with self.engine.begin() as conn:
            result = conn.execute(
                update(notices)
                .where(notices.c.id == notice_id, notices.c.status == "pending")
                .values(status="sending", sending_at=at, attempts=notices.c.attempts + 1)
            )
            return bool(result.rowcount)

    def mark_notice_posted(self, notice_id: int, channel_id: str, ts: str, at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(notices)
                .where(notices.c.id == notice_id)
                .values(status="posted", channel_id=channel_id, ts=ts, posted_at=at, last_error=None)
            )

    def mark_notice_retry(self, notice_id: int, error: str, next_attempt_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(notices)
                .where(notices.c.id == notice_id)
                .values(status="pending", last_error=error[:1000], next_attempt_at=next_attempt_at)
            )

    def give_up_notice(self, notice_id: int, error: str) -> None:
        """A notice that can never be delivered (a person the bot cannot write to)."""
        with self.engine.begin() as conn:
            conn.execute(
                update(notices)
                .where(notices.c.id == notice_id)
                .values(status="failed", last_error=error[:1000])
            )

    def notices_posted(self) -> list[tuple[str, str, str | None]]:
        """(key, text, ts) of posted notices, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(notices.c.key, notices.c.text, notices.c.ts)
                .where(notices.c.status == "posted")
                .order_by(notices.c.id)
            )
            return [(k, t, ts) for k, t, ts in rows]

    # -- channels ------------------------------------------------------------------------------

    def channel_id(self, name: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.scalar(select(channels.c.channel_id).where(channels.c.name == name))

    def remember_channel(self, name: str, channel_id: str) -> None:
        if name == channel_id:
            return
        with self.engine.begin() as conn:
            done = conn.execute(update(channels).where(channels.c.name == name).values(channel_id=channel_id))
            if done.rowcount:
                return
        try:
            with self.engine.begin() as conn:
                conn.execute(channels.insert().values(name=name, channel_id=channel_id))
        except IntegrityError:
            pass

    # -- sources -------------------------------------------------------------------------------

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


def _item_row(entry: NewItem, at: datetime) -> dict[str, Any]:
    item = entry.item
    return {
        "source": item.source[:200],
        "source_type": item.source_type,
        "guid": item.guid,
        "url": item.url,
        "canonical_url": entry.canonical_url,
        "title": item.title,
        "text": item.text,
        "author": item.author,
        "published_at": item.published_at,
        "fetched_at": at,
        "declared_language": item.language[:20] if item.language else None,
        "reach": dict(item.reach) or None,
        "title_key": entry.title_keys[0],
        "title_key_short": entry.title_keys[1],
        "duplicate_of": entry.duplicate_of,
        "search_text": fulltext.search_text(item.title, item.text, item.author),
    }


def _mention_row(item_id: int, new: NewMention, at: datetime) -> dict[str, Any]:
    return {
        "item_id": item_id,
        "brand": new.match.brand,
        "terms": list(new.match.terms),
        "spans": [[s.field, s.start, s.end] for s in new.match.spans],
        "language": new.tone.language,
        "tone": new.tone.label,
        "tone_score": new.tone.score,
        "tone_confidence": new.tone.confidence,
        "created_at": at,
    }


# Values that have the outbox re-render an alert now, at a new revision (see mark_updated).
_RERENDER: dict[str, Any] = {
    "needs_update": True,
    "update_next_attempt_at": None,
    "revision": alerts.c.revision + 1,
}


def _alert_row(mention_id: int, channel: str, at: datetime, ping_here: bool = False) -> dict[str, Any]:
    return {
        "mention_id": mention_id,
        "channel": channel,
        "ping_here": ping_here,
        "revision": 0,
        "status": "pending",
        "attempts": 0,
        "created_at": at,
        "state": "new",
        "needs_update": False,
        "update_attempts": 0,
    }


def _add_column(conn: Connection, table: Table, column: Column[Any]) -> None:
    kind = column.type.compile(dialect=conn.dialect)
    default = (
        getattr(column.default, "arg", None)
        if column.default is not None and column.default.is_scalar
        else None
    )
    clause = ""
    if default is not None:
        literal = ("TRUE" if default else "FALSE") if isinstance(default, bool) else repr(default)
        if conn.dialect.name == "sqlite" and isinstance(default, bool):
            literal = "1" if default else "0"
        clause = f" DEFAULT {literal}"
        if not column.nullable:
            clause += " NOT NULL"
    conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}{clause}'))
    for index in table.indexes:
        if column.name in index.columns:
            index.create(conn, checkfirst=True)


def _notice_entry(m: Any) -> NoticeEntry:
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
    )


def _outbox_entry(m: Any) -> OutboxEntry:
    return OutboxEntry(
        alert_id=m["id"],
        channel=m["channel"],
        channel_id=m["channel_id"],
        status=m["status"],
        ts=m["ts"],
        attempts=m["attempts"],
        sending_at=m["sending_at"],
        update_attempts=m["update_attempts"],
    )


def _chunks(values: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
