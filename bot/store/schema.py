"""The store's schema: every table, the aware-UTC datetime type, and how a database is brought up to date.

Tables are SQLAlchemy Core; each domain module of veille.store reads and writes its own. SQLite by
default, PostgreSQL by URL.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    text,
)
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.types import TypeDecorator


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


def queue_columns(posted_as: Column[Any]) -> list[Column[Any]]:
    """The columns of an outbox queue (veille.store.queue), `posted_as` naming what was posted.

    pending → sending → posted (or failed); "sending" means a post was attempted and its outcome
    is unknown.
    """
    return [
        Column("status", String(12), nullable=False, index=True),
        posted_as,
        Column("attempts", Integer, nullable=False, default=0),
        Column("next_attempt_at", UTCDateTime),
        Column("last_error", Text),
        Column("created_at", UTCDateTime, nullable=False),
        Column("sending_at", UTCDateTime),
        Column("posted_at", UTCDateTime),
        # The replica that claimed the row: a row another live replica is sending is left to it.
        Column("sending_by", String(120)),
    ]


items = Table(
    "items",
    metadata,
    Column("id", Integer, primary_key=True),
    # A source's key: its name, else what it reads (a feed's URL, a query), which has no bound.
    Column("source", Text, nullable=False, index=True),
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
    # When it happened: publication, unless missing or after Veille found it (then fetched_at).
    Column("happened_at", UTCDateTime),
)
# Search and history read newest first: by date, by source, among the items that are not duplicates.
ORIGINALS = text("duplicate_of IS NULL")
Index(
    "ix_items_happened_at",
    items.c.happened_at,
    items.c.id,
    sqlite_where=ORIGINALS,
    postgresql_where=ORIGINALS,
)
Index("ix_items_source_happened_at", func.lower(items.c.source), items.c.happened_at)
Index("ix_items_source_type_happened_at", items.c.source_type, items.c.happened_at)

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
    # The relevance model's probability that it is about the brand (NULL: not judged yet), and
    # the words behind a doubt (only when below the brand's threshold).
    Column("relevance", Float),
    Column("relevance_words", JSON),
    UniqueConstraint("item_id", "brand", name="uq_mention_item_brand"),
)
Index("ix_mentions_brand_created_at", func.lower(mentions.c.brand), mentions.c.created_at)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("mention_id", Integer, ForeignKey("mentions.id", ondelete="CASCADE"), nullable=False),
    Column("channel", String(100), nullable=False),
    Column("channel_id", String(40)),
    *queue_columns(Column("ts", String(40))),
    Column("state", String(20), nullable=False, default="new"),
    Column("actor", String(40)),
    Column("acted_at", UTCDateTime),
    Column("needs_update", Boolean, nullable=False, default=False, index=True),
    Column("update_next_attempt_at", UTCDateTime),
    Column("update_attempts", Integer, nullable=False, default=0),
    # Set while one replica applies the update, so no other applies it at the same time.
    Column("updating_until", UTCDateTime),
    # Bumped by every triage change; the outbox re-renders until it has shown the latest one.
    Column("revision", Integer, nullable=False, default=0),
    Column("assignee", String(40)),
    Column("assigned_by", String(40)),
    Column("assigned_at", UTCDateTime),
    Column("ping_here", Boolean, nullable=False, default=False),
    UniqueConstraint("mention_id", "channel", name="uq_alert_mention_channel"),
)
# The hourly digest reads the alerts held before an hour (veille.store.pace_store).
Index("ix_alerts_status_created_at", alerts.c.status, alerts.c.created_at)

source_state = Table(
    "source_state",
    metadata,
    Column("source", Text, primary_key=True),
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
    # Which replica polls the source, until when (veille.store.source_store: one poll per interval).
    Column("lease_owner", String(120)),
    Column("lease_until", UTCDateTime),
)

notices = Table(
    "notices",
    metadata,
    # A message that is not a mention alert: a source failing or recovering, "also seen on"
    # replies, summaries. `key` makes queuing idempotent (one notice per event, ever).
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, unique=True),
    Column("channel", String(100), nullable=False),
    Column("channel_id", String(40)),
    Column("thread_alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE")),
    Column("text", Text, nullable=False),
    Column("blocks", JSON),
    *queue_columns(Column("ts", String(40))),
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
    # A snooze's end (an author, a site or a story kept out of the alerts until then); NULL: for good.
    Column("until", UTCDateTime),
    UniqueConstraint("kind", "value", "brand", name="uq_mute"),
)

channels = Table(
    "channels",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("channel_id", String(40), nullable=False),
)

uploads = Table(
    "uploads",
    metadata,
    # Files waiting to be uploaded to Slack (veille.delivery.uploads queues and delivers them).
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, unique=True),
    Column("channel", String(100), nullable=False),
    Column("channel_id", String(40)),
    Column("after_notice_id", Integer, ForeignKey("notices.id", ondelete="CASCADE")),
    Column("filename", String(200), nullable=False),
    Column("title", String(300), nullable=False),
    Column("alt_text", Text),
    Column("comment", Text),
    Column("content", LargeBinary, nullable=False),
    *queue_columns(Column("file_id", String(40))),
    Column("stage", String(12)),
    Column("requester", String(40)),
    Column("tell", String(100)),
    Column("tell_lang", String(2)),
)

deliveries = Table(
    "deliveries",
    metadata,
    # Events for the `[[outputs]]` webhooks (veille.delivery.outputs): one row per event and
    # output. `key` is sent as the Veille-Delivery header, the same on every attempt.
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, unique=True),
    Column("output", String(40), nullable=False, index=True),
    Column("event", String(10), nullable=False),
    Column("mention_id", Integer, ForeignKey("mentions.id", ondelete="CASCADE"), index=True),
    # The JSON body: fixed at queue time (triage) or at the first attempt, then sent as is.
    Column("body", Text),
    *queue_columns(Column("http_status", Integer)),
)

# Values that have the outbox re-render an alert now, at a new revision (see AlertStore.mark_updated).
RERENDER: dict[str, Any] = {
    "needs_update": True,
    "update_next_attempt_at": None,
    "revision": alerts.c.revision + 1,
}


class Domain:
    """One domain of the store (items, alerts, notices…): its reads and writes on `engine`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine


def dedup_key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


# The WAL is copied into the database once it holds this many pages (4 KB each), by the commit
# that crosses the mark, two disk syncs while every other writer waits. SQLite's 1,000 made a poll
# cycle of 1,000 feeds copy (and sync) about 280 times, a page written by many polls once per copy;
# 10,000 (a WAL of up to 40 MB) took a tenth of the pipeline's CPU off (benchmarks/pipeline.py)
# and 0.3-0.9 s off that cycle; never copying was slower again, readers searching a long WAL.
WAL_CHECKPOINT_PAGES = 10_000


def _sqlite_pragmas(busy_timeout: float) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        _use_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return on_connect


def _use_wal(cursor: Any, patience: float = 15.0) -> None:
    """WAL is recorded in the file, so only the first connection to a new file switches it; the
    switch answers "database is locked" at once, without waiting, while another process holds
    the file (a second instance starting on the same new file), so it is retried here."""
    deadline = time.monotonic() + patience
    if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


SQLITE_BUSY_TIMEOUT = 15.0
# libpq settings that make a cut or silent PostgreSQL connection fail in seconds rather than
# after the system's TCP timeouts (minutes or hours): the connection attempt, then keepalive
# probes on a connection waiting for the server. A URL's own values win.
PG_CONNECT_ARGS: dict[str, int] = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}
# Data sent but never acknowledged (libpq 12 and later; older ones refuse the setting).
PG_TCP_USER_TIMEOUT_MS = 20_000


def sqlite_timeout(url: URL) -> float:
    """How long a SQLite connection waits for another's lock: the URL's `?timeout=` or 15 s."""
    value = url.query.get("timeout")
    return float(value if isinstance(value, str) else SQLITE_BUSY_TIMEOUT)


@contextmanager
def sqlite_waiting(conn: Connection, seconds: float) -> Iterator[None]:
    """Inside the block, a SQLite connection waits at most `seconds` for another's lock, then
    as long as its URL says again (the connection goes back to a pool shared by everyone)."""
    conn.exec_driver_sql(f"PRAGMA busy_timeout={int(seconds * 1000)}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={int(sqlite_timeout(conn.engine.url) * 1000)}")


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        timeout = sqlite_timeout(parsed)
        engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": timeout})
        event.listen(engine, "connect", _sqlite_pragmas(timeout))
        return engine
    engine = create_engine(parsed, pool_size=5, max_overflow=10, connect_args=_libpq_args(parsed))
    event.listen(engine.pool, "checkin", _rested)
    event.listen(engine.pool, "checkout", _pinged_after_rest(engine.dialect))
    return engine


# A pooled PostgreSQL connection that rested longer than this is pinged before it is lent: the
# server may have restarted, or a proxy dropped it, meanwhile. One used a moment ago is lent as it
# is (a ping on every loan is a round trip per statement group, a third of a poll's on a busy
# cycle); should it have died all the same, its error invalidates the whole pool at once.
PING_AFTER_REST = 5.0
_RESTED_SINCE = "veille_rested_since"


def _rested(_dbapi_connection: Any, record: Any) -> None:
    record.info[_RESTED_SINCE] = time.monotonic()


def _pinged_after_rest(dialect: Dialect) -> Callable[[Any, Any, Any], None]:
    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_RESTED_SINCE)  # none for a connection just made
        if since is None or time.monotonic() - since < PING_AFTER_REST:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool throws this connection away and lends a new one.
            raise DisconnectionError(f"a rested connection did not answer: {error}") from error

    return checkout


def _libpq_args(url: URL) -> dict[str, Any]:
    if url.get_backend_name() != "postgresql" or url.get_driver_name() not in ("psycopg", "psycopg2"):
        return {}
    wanted: dict[str, Any] = dict(PG_CONNECT_ARGS)
    if url.get_driver_name() == "psycopg":
        import psycopg.pq  # here: SQLite users never load the driver

        if psycopg.pq.version() >= 120000:
            wanted["tcp_user_timeout"] = PG_TCP_USER_TIMEOUT_MS
    return {key: value for key, value in wanted.items() if key not in url.query}
