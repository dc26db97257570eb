"""Search at scale: when each item happened, stored and indexed; a stored text vector on PostgreSQL.

`items.happened_at` is the date search sorts and filters by (publication, unless missing or later
than when Veille found the item); it is filled here for the items already stored. Indexes serve
newest-first reads by date, by source and by brand. On PostgreSQL the text vector is a stored
generated column with its GIN index (replacing the index on an expression, which every query
recomputed).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ORIGINALS = "duplicate_of IS NULL"


def upgrade() -> None:
    bind = op.get_bind()
    # A database that recorded no revision is adopted by 0001 whatever its shape: it may have these.
    if "happened_at" not in {c["name"] for c in sa.inspect(bind).get_columns("items")}:
        op.add_column("items", sa.Column("happened_at", sa.DateTime))
    op.execute(
        "UPDATE items SET happened_at = CASE WHEN published_at IS NOT NULL AND published_at < fetched_at"
        " THEN published_at ELSE fetched_at END"
    )
    originals = sa.text(ORIGINALS)
    indexes: list[tuple[str, str, list[Any], dict[str, Any]]] = [
        ("ix_items_happened_at", "items", ["happened_at", "id"], {f"{bind.dialect.name}_where": originals}),
        ("ix_items_source_happened_at", "items", [sa.text("lower(source)"), "happened_at"], {}),
        ("ix_items_source_type_happened_at", "items", ["source_type", "happened_at"], {}),
        ("ix_mentions_brand_created_at", "mentions", [sa.text("lower(brand)"), "created_at"], {}),
    ]
    for name, table, columns, where in indexes:
        op.create_index(name, table, columns, if_not_exists=True, **where)
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_items_search_text")
        op.execute(
            "ALTER TABLE items ADD COLUMN IF NOT EXISTS search_vector tsvector"
            " GENERATED ALWAYS AS (to_tsvector('simple', coalesce(search_text, ''))) STORED"
        )
        op.execute("CREATE INDEX IF NOT EXISTS ix_items_search_vector ON items USING gin (search_vector)")


def downgrade() -> None:
    raise NotImplementedError("downgrades are not supported: restore the backup made before upgrading")
