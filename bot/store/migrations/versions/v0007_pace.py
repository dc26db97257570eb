"""Delivery paces and snoozes: a mute may end (`mutes.until`; empty: for good, as every existing
mute), and its kind may be "story" (a story's title fingerprints). Alerts kept back by a brand's
pace or a snooze use new values of `alerts.status` ("held", "held_daily", "digested", "snoozed",
all within its 12 characters), which needs no change of schema. The hourly digest reads the held
alerts of each channel by status and age: an index on (status, created_at) keeps that cheap.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("mutes", sa.Column("until", sa.DateTime))
    op.create_index("ix_alerts_status_created_at", "alerts", ["status", "created_at"])


def downgrade() -> None:
    raise NotImplementedError("downgrades are not supported: restore the backup made before upgrading")
