"""Source keys of any length: `items.source` and `source_state.source` become TEXT, and so do the
keys of notices and uploads, which are built from source keys ("source-failing:<source>:<since>",
"seen:<alert>:<source>").

A source without a name is keyed by what it reads: a feed's URL, a search query, a list of
subreddits or instances, often longer than the 200 characters the columns allowed, which
PostgreSQL refused at every poll. Outbox keys were cut at 300 characters, so two events of one
long-keyed source could share a key and the second notice was taken for already queued.

PostgreSQL: VARCHAR to TEXT is a change of declared type only (no table rewrite, indexes kept).
SQLite: nothing to do. It never enforces a VARCHAR's length and VARCHAR(n) has TEXT's affinity, so
what is stored and how it compares are the same; rebuilding these tables (batch mode, the only way
SQLite changes a declared type) would, with foreign keys on, cascade the drop of `items` to its
mentions, and lose the full-text triggers and the indexes on expressions.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (table, column, declared length until now)
WIDENED = (
    ("items", "source", 200),
    ("source_state", "source", 200),
    ("notices", "key", 300),
    ("uploads", "key", 300),
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, length in WIDENED:
        op.alter_column(
            table, column, type_=sa.Text(), existing_type=sa.String(length), existing_nullable=False
        )


def downgrade() -> None:
    raise NotImplementedError("downgrades are not supported: restore the backup made before upgrading")
