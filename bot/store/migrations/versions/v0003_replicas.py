"""Several replicas on one database: a lease on each source, and who is sending each outbox row.

`source_state.lease_owner` and `lease_until` say which replica polls a source and until when;
`sending_by` on alerts, notices and uploads says which replica claimed a row, so a replica never
takes for abandoned a row that another live replica is sending; `alerts.updating_until` is set
while one replica applies a message update, so no other applies it too. Every new column may be empty:
existing rows need no value.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

QUEUES = ("alerts", "notices", "uploads")


def upgrade() -> None:
    op.add_column("source_state", sa.Column("lease_owner", sa.String(120)))
    op.add_column("source_state", sa.Column("lease_until", sa.DateTime))
    for table in QUEUES:
        op.add_column(table, sa.Column("sending_by", sa.String(120)))
    op.add_column("alerts", sa.Column("updating_until", sa.DateTime))


def downgrade() -> None:
    raise NotImplementedError("downgrades are not supported: restore the backup made before upgrading")
