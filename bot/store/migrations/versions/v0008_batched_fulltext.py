"""SQLite's full-text index is written in batches: no trigger adds each stored item to `items_fts`
any more; the store adds the items the index lacks `veille.store.fulltext.INDEX_BATCH` at a time,
and a search adds the few that wait before it reads the index. Deleting an item removes it from
the index only when the index holds it (an item not yet indexed has nothing there to remove).
PostgreSQL's index is a generated column: unchanged. No table or row changes.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS items_fts_insert")
    op.execute("DROP TRIGGER IF EXISTS items_fts_delete")
    op.execute(
        "CREATE TRIGGER items_fts_delete AFTER DELETE ON items"
        " WHEN EXISTS (SELECT 1 FROM items_fts_docsize WHERE id = old.id) BEGIN"
        " INSERT INTO items_fts(items_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
        " END"
    )


def downgrade() -> None:
    raise NotImplementedError("downgrades are not supported: restore the backup made before upgrading")
