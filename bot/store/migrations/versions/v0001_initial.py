"""The schema of Veille 0.1, and the adoption of a database that Veille 0.1 (or older) made.

Written out as it was, so that later changes to the store's tables never alter this revision.
Veille 0.1 recorded no revision: it created missing tables and added missing columns at every
start. So a database without a recorded revision is brought to this shape the same way (a table
that is missing is created, a column that is missing is added with the default the code had),
then the revision is recorded. An empty database simply gets every table.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

from veille.store.fulltext import search_text

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Schema = list[sa.Column[Any] | sa.Constraint | sa.Index]


def _items() -> Schema:
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("source_type", sa.String(40), nullable=False),
        sa.Column("guid", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("canonical_url", sa.Text),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.Text),
        sa.Column("published_at", sa.DateTime),
        sa.Column("fetched_at", sa.DateTime, nullable=False),
        sa.Column("declared_language", sa.String(20)),
        sa.Column("reach", sa.JSON),
        sa.Column("title_key", sa.String(40)),
        sa.Column("title_key_short", sa.String(40)),
        sa.Column("duplicate_of", sa.Integer, sa.ForeignKey("items.id", ondelete="CASCADE")),
        sa.Column("search_text", sa.Text),
        sa.Index("ix_items_source", "source"),
        sa.Index("ix_items_fetched_at", "fetched_at"),
        sa.Index("ix_items_duplicate_of", "duplicate_of"),
        sa.Index("ix_items_title_key", "title_key"),
        sa.Index("ix_items_title_key_short", "title_key_short"),
    ]


def _source_state() -> Schema:
    return [
        sa.Column("source", sa.String(200), primary_key=True),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("cursor", sa.Text),
        sa.Column("first_polled_at", sa.DateTime),
        sa.Column("last_polled_at", sa.DateTime),
        sa.Column("last_success_at", sa.DateTime),
        sa.Column("last_error", sa.Text),
        sa.Column("last_error_kind", sa.String(20)),
        sa.Column("last_error_at", sa.DateTime),
        sa.Column("failing_since", sa.DateTime),
        sa.Column("failure_notified", sa.Boolean, nullable=False, default=False),
        sa.Column("consecutive_failures", sa.Integer, nullable=False, default=0),
        sa.Column("next_attempt_at", sa.DateTime),
        sa.Column("items_seen", sa.Integer, nullable=False, default=0),
    ]


def _mutes() -> Schema:
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("value", sa.String(300), nullable=False),
        sa.Column("display", sa.String(300), nullable=False),
        sa.Column("brand", sa.String(200)),
        sa.Column("created_by", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("kind", "value", "brand", name="uq_mute"),
    ]


def _channels() -> Schema:
    return [
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("channel_id", sa.String(40), nullable=False),
    ]


def _dedup_keys() -> Schema:
    return [
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
        sa.Index("ix_dedup_keys_item_id", "item_id"),
    ]


def _mentions() -> Schema:
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
        sa.Column("brand", sa.String(200), nullable=False),
        sa.Column("terms", sa.JSON, nullable=False),
        sa.Column("spans", sa.JSON, nullable=False),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("tone", sa.String(10), nullable=False),
        sa.Column("tone_score", sa.Float),
        sa.Column("tone_confidence", sa.Float),
        sa.Column("tone_corrected", sa.String(10)),
        sa.Column("tone_corrected_by", sa.String(40)),
        sa.Column("tone_corrected_at", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("item_id", "brand", name="uq_mention_item_brand"),
        sa.Index("ix_mentions_brand", "brand"),
        sa.Index("ix_mentions_created_at", "created_at"),
    ]


def _alerts() -> Schema:
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mention_id", sa.Integer, sa.ForeignKey("mentions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("channel", sa.String(100), nullable=False),
        sa.Column("channel_id", sa.String(40)),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("ts", sa.String(40)),
        sa.Column("attempts", sa.Integer, nullable=False, default=0),
        sa.Column("next_attempt_at", sa.DateTime),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("sending_at", sa.DateTime),
        sa.Column("posted_at", sa.DateTime),
        sa.Column("state", sa.String(20), nullable=False, default="new"),
        sa.Column("actor", sa.String(40)),
        sa.Column("acted_at", sa.DateTime),
        sa.Column("needs_update", sa.Boolean, nullable=False, default=False),
        sa.Column("update_next_attempt_at", sa.DateTime),
        sa.Column("update_attempts", sa.Integer, nullable=False, default=0),
        sa.Column("revision", sa.Integer, nullable=False, default=0),
        sa.Column("assignee", sa.String(40)),
        sa.Column("assigned_by", sa.String(40)),
        sa.Column("assigned_at", sa.DateTime),
        sa.Column("ping_here", sa.Boolean, nullable=False, default=False),
        sa.UniqueConstraint("mention_id", "channel", name="uq_alert_mention_channel"),
        sa.Index("ix_alerts_needs_update", "needs_update"),
        sa.Index("ix_alerts_status", "status"),
    ]


def _outbox_columns() -> Schema:
    """What notices and uploads both have: a status moving pending → sending → posted (or failed)."""
    return [
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, default=0),
        sa.Column("next_attempt_at", sa.DateTime),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("sending_at", sa.DateTime),
        sa.Column("posted_at", sa.DateTime),
    ]


def _notices() -> Schema:
    status, attempts, *times = _outbox_columns()
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("channel", sa.String(100), nullable=False),
        sa.Column("channel_id", sa.String(40)),
        sa.Column("thread_alert_id", sa.Integer, sa.ForeignKey("alerts.id", ondelete="CASCADE")),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("blocks", sa.JSON),
        status,
        sa.Column("ts", sa.String(40)),
        attempts,
        *times,
        sa.UniqueConstraint("key"),
        sa.Index("ix_notices_status", "status"),
    ]


def _audit() -> Schema:
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id", ondelete="CASCADE")),
        sa.Column("user_id", sa.String(40), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("value", sa.Text),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Index("ix_audit_alert_id", "alert_id"),
    ]


def _uploads() -> Schema:
    status, attempts, *times = _outbox_columns()
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("channel", sa.String(100), nullable=False),
        sa.Column("channel_id", sa.String(40)),
        sa.Column("after_notice_id", sa.Integer, sa.ForeignKey("notices.id", ondelete="CASCADE")),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("alt_text", sa.Text),
        sa.Column("comment", sa.Text),
        sa.Column("content", sa.LargeBinary, nullable=False),
        status,
        sa.Column("file_id", sa.String(40)),
        attempts,
        *times,
        sa.Column("stage", sa.String(12)),
        sa.Column("requester", sa.String(40)),
        sa.Column("tell", sa.String(100)),
        sa.Column("tell_lang", sa.String(2)),
        sa.UniqueConstraint("key"),
        sa.Index("ix_uploads_status", "status"),
    ]


# In the order Veille 0.1 created them (a table after those it refers to).
TABLES: dict[str, Callable[[], Schema]] = {
    "items": _items,
    "source_state": _source_state,
    "mutes": _mutes,
    "channels": _channels,
    "dedup_keys": _dedup_keys,
    "mentions": _mentions,
    "alerts": _alerts,
    "notices": _notices,
    "audit": _audit,
    "uploads": _uploads,
}


def upgrade() -> None:
    bind = op.get_bind()
    present = set(sa.inspect(bind).get_table_names())
    for name, schema in TABLES.items():
        if name in present:
            _adopt(bind, name, schema())
        else:
            op.create_table(name, *schema())
    _fill_search_text(bind)
    if bind.dialect.name == "sqlite":
        _sqlite_fulltext(bind)
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX IF NOT EXISTS ix_items_search_text ON items "
            "USING gin (to_tsvector('simple', coalesce(search_text, '')))"
        )


def downgrade() -> None:
    raise NotImplementedError("downgrades are not supported: restore the backup made before upgrading")


def _adopt(bind: Connection, name: str, schema: Schema) -> None:
    """Add what an older Veille's table lacks, as that Veille did at start: columns, then indexes."""
    inspector = sa.inspect(bind)
    columns = {column["name"] for column in inspector.get_columns(name)}
    for column in schema:
        if isinstance(column, sa.Column) and column.name not in columns:
            _add_column(bind, name, column)
    indexes = {index["name"] for index in inspector.get_indexes(name)}
    for index in schema:
        if isinstance(index, sa.Index) and index.name not in indexes:
            op.create_index(str(index.name), name, [str(e) for e in index.expressions])


def _add_column(bind: Connection, table: str, column: sa.Column[Any]) -> None:
    """ALTER TABLE ADD COLUMN with the column's default, NOT NULL only when it has one."""
    kind = column.type.compile(dialect=bind.dialect)
    default = (
        column.default.arg
        if isinstance(column.default, sa.ColumnDefault) and column.default.is_scalar
        else None
    )
    clause = ""
    if default is not None:
        if isinstance(default, bool):
            sqlite = bind.dialect.name == "sqlite"
            literal = ("1" if default else "0") if sqlite else ("TRUE" if default else "FALSE")
        else:
            literal = repr(default)
        clause = f" DEFAULT {literal}"
        if not column.nullable:
            clause += " NOT NULL"
    op.execute(f'ALTER TABLE {table} ADD COLUMN "{column.name}" {kind}{clause}')


def _fill_search_text(bind: Connection) -> None:
    """Items stored before full-text search existed get their folded words."""
    items = sa.table(
        "items",
        sa.column("id", sa.Integer),
        sa.column("title", sa.Text),
        sa.column("text", sa.Text),
        sa.column("author", sa.Text),
        sa.column("search_text", sa.Text),
    )
    while True:
        rows = bind.execute(
            sa.select(items.c.id, items.c.title, items.c.text, items.c.author)
            .where(items.c.search_text.is_(None))
            .limit(500)
        ).all()
        if not rows:
            return
        bind.execute(
            sa.update(items)
            .where(items.c.id == sa.bindparam("item_id"))
            .values(search_text=sa.bindparam("folded")),
            [{"item_id": r.id, "folded": search_text(r.title, r.text, r.author)} for r in rows],
        )


def _sqlite_fulltext(bind: Connection) -> None:
    """The FTS5 index of items.search_text, kept by triggers, built from the items already stored."""
    op.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5("
        "search_text, content='items', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER IF NOT EXISTS items_fts_insert AFTER INSERT ON items BEGIN "
        "INSERT INTO items_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER IF NOT EXISTS items_fts_delete AFTER DELETE ON items BEGIN "
        "INSERT INTO items_fts(items_fts, rowid, search_text)"
        " VALUES ('delete', old.id, old.search_text); END"
    )
    # An adopted database may have had search_text filled just above, behind the index's back.
    op.execute("INSERT INTO items_fts(items_fts) VALUES ('rebuild')")
