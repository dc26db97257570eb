"""Alembic's entry point: migrate the connection that veille.store.migrate hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run Veille's migrations through veille.store.migrate (`veille db upgrade`)")
# SQLite: every revision in one transaction, begun with BEGIN IMMEDIATE (veille.store.migrate)
# before the recorded revision is read, so a second process upgrading the same file waits for the
# first to finish and then finds nothing to do, instead of starting from what it read before.
per_revision = connection.dialect.name != "sqlite"
context.configure(connection=connection, transaction_per_migration=per_revision, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
