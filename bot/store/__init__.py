"""The store: the source of truth for items, mentions, alerts and per-source state.

SQLite by default, PostgreSQL by URL, through SQLAlchemy Core. Each domain has its module
(item_store, alert_store, notice_store, mute_store, channel_store, source_store, relevance_store);
the tables are in `schema`, and the outbox queue that alerts, notices and files share is in
`queue`. `Store` is all of them on one database.
"""

from __future__ import annotations

from sqlalchemy import func, select

from veille.model import SourceState
from veille.store import migrate
from veille.store.alert_store import AlertRef, AlertStore, OutboxEntry
from veille.store.availability import DatabaseWatch, is_database_away
from veille.store.channel_store import ChannelStore
from veille.store.item_store import ItemStore, KnownItem, NewItem, NewMention, SavedItem
from veille.store.leader import replica_id
from veille.store.mute_store import MuteStore
from veille.store.notice_store import NoticeEntry, NoticeStore
from veille.store.relevance_store import DROPPED, SET_ASIDE, RelevanceStore, example_of
from veille.store.schema import (
    UTCDateTime,
    alerts,
    audit,
    channels,
    dedup_key,
    dedup_keys,
    items,
    make_engine,
    mentions,
    metadata,
    mutes,
    notices,
    source_state,
    uploads,
)
from veille.store.source_store import SourceStore

__all__ = [
    "DROPPED",
    "SET_ASIDE",
    "AlertRef",
    "DatabaseWatch",
    "KnownItem",
    "NewItem",
    "NewMention",
    "NoticeEntry",
    "OutboxEntry",
    "SavedItem",
    "SourceState",
    "Store",
    "UTCDateTime",
    "alerts",
    "audit",
    "channels",
    "dedup_key",
    "dedup_keys",
    "example_of",
    "is_database_away",
    "items",
    "make_engine",
    "mentions",
    "metadata",
    "mutes",
    "notices",
    "source_state",
    "uploads",
]


class Store(ItemStore, AlertStore, NoticeStore, MuteStore, ChannelStore, SourceStore, RelevanceStore):
    def __init__(self, url: str) -> None:
        self.url = url
        # This process among the replicas sharing the database (leases, outbox claims).
        self.replica = replica_id()
        super().__init__(make_engine(url))

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def create_schema(self) -> None:
        migrate.upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def count(self, table: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(metadata.tables[table])) or 0)

    def undelivered(self) -> int:
        """Alerts not yet in Slack, message updates not yet applied, and notices not yet posted."""
        return self.alerts_waiting() + self.notice_queue.waiting()
