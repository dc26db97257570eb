"""Relevance learned from the team's triage: what the model said of each new mention.

`mentions.relevance` is the probability that the mention is about its brand (empty for mentions
stored before, or while a brand has too few decisions to judge), `mentions.relevance_words` the
words behind a doubt. Alerts the model set aside use new values of `alerts.status` ("set_aside",
"dropped"), which needs no change of schema. Both columns may be empty: existing rows need no value.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("mentions", sa.Column("relevance", sa.Float))
    op.add_column("mentions", sa.Column("relevance_words", sa.JSON))


def downgrade() -> None:
    raise NotImplementedError("downgrades are not supported: restore the backup made before upgrading")
