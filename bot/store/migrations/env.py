"""Alembic's entry point: migrate the connection that veille.store.migrate hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run Veille's migrations through veille.store.migrate (`veille db upgrade`)")
context.configure(connection=connection, transaction_per_migration=True, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
