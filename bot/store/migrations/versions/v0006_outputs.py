"""Outputs: the `deliveries` queue, one row per event (a new mention, a triage change) and
`[[outputs]]` webhook, delivered by its own worker (veille.delivery.outputs) through the same
pending → sending → posted (or failed) states as the other outbox queues. A new table: existing
rows are not touched.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.Text, nullable=False, unique=True),
        sa.Column("output", sa.String(40), nullable=False),
        sa.Column("event", sa.String(10), nullable=False),
        sa.Column("mention_id", sa.Integer, sa.ForeignKey("mentions.id", ondelete="CASCADE")),
        sa.Column("body", sa.Text),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("http_status", sa.Integer),
        sa.Column("attempts", sa.Integer, nullable=False, default=0),
        sa.Column("next_attempt_at", sa.DateTime),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("sending_at", sa.DateTime),
        sa.Column("posted_at", sa.DateTime),
        sa.Column("sending_by", sa.String(120)),
    )
    op.create_index("ix_deliveries_output", "deliveries", ["output"])
    op.create_index("ix_deliveries_mention_id", "deliveries", ["mention_id"])
    op.create_index("ix_deliveries_status", "deliveries", ["status"])


def downgrade() -> None:
    raise NotImplementedError("downgrades are not supported: restore the backup made before upgrading")
