"""Versioned schema migrations: the database says which revision it is at, Veille brings it to its own.

The revisions live in `veille.store.migrations.versions` (an Alembic environment shipped in the
package, configured here without an alembic.ini). `upgrade` runs at every start: it takes the
database from whatever revision it records (none for an empty database or one made by Veille 0.1,
which the first revision adopts) to this version's head, one transaction per revision. A database
at a revision this code does not know was upgraded by a newer Veille: it is refused, never touched.
Downgrades are not supported.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
# Held (session level) on PostgreSQL while upgrading, so replicas starting together take turns.
ADVISORY_LOCK = 0x7665696C6C65  # "veille"
# Alembic's `op` and `context` are process-wide: one upgrade at a time in a process.
_UPGRADING = threading.Lock()


class DatabaseTooNew(RuntimeError):
    """The database records a revision this Veille does not know: a newer Veille upgraded it."""

    def __init__(self, revision: str, head: str) -> None:
        self.revision = revision
        self.head = head
        super().__init__(
            f"the database schema is at revision {revision}, which this version of Veille does not know"
            f" (its newest is {head}): a newer Veille upgraded this database. Upgrade Veille to that"
            " version or later; downgrading a database is not supported (restore a backup instead)."
        )


@dataclass(frozen=True)
class Upgrade:
    before: str | None  # None: no revision was recorded (an empty database, or one made by Veille 0.1)
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def config(connection: Connection | None = None) -> Config:
    """The Alembic configuration of Veille's migrations; `connection` is what env.py migrates."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def head() -> str:
    """The newest revision this version of Veille knows."""
    found = _scripts().get_current_head()
    if found is None:  # pragma: no cover - the package always ships its revisions
        raise RuntimeError(f"no migration found in {MIGRATIONS}")
    return found


def is_known(revision: str) -> bool:
    return any(script.revision == revision for script in _scripts().walk_revisions())


def current(engine: Engine) -> str | None:
    """The revision the database records, or None (empty, or made before revisions were recorded)."""
    with engine.connect() as conn:
        return _recorded(conn)


def upgrade(engine: Engine) -> Upgrade:
    """Bring the database to head: an empty one gets every table, a Veille 0.1 one is adopted.

    Raises DatabaseTooNew, before touching anything, if the database is at a revision unknown here.
    """
    with _UPGRADING, engine.connect() as conn, _locked(conn):
        before = _recorded(conn)
        conn.rollback()  # Alembic runs its own transactions: leave none open
        if before is not None and not is_known(before):
            raise DatabaseTooNew(before, head())
        if before == head():
            return Upgrade(before, before)
        with _transactional_ddl(conn):
            command.upgrade(config(conn), "head")
        after = _recorded(conn)
        conn.rollback()
    if after is None:  # pragma: no cover - Alembic records every revision it runs
        raise RuntimeError("the upgrade recorded no revision")
    log.info("database schema upgraded from %s to %s", before or "(none)", after)
    return Upgrade(before, after)


def unreachable(engine: Engine, error: OperationalError) -> tuple[str, str]:
    """The database (password hidden) and the driver's first line, for a person to act on."""
    reason = str(error.orig).strip().splitlines()[0] if error.orig is not None else str(error)
    return engine.url.render_as_string(hide_password=True), reason


def _recorded(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


@contextmanager
def _locked(conn: Connection) -> Iterator[None]:
    """PostgreSQL: one upgrader at a time (the others wait, then find the work done)."""
    if conn.dialect.name != "postgresql":
        yield
        return
    conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK})
    conn.commit()
    try:
        yield
    finally:
        try:
            conn.rollback()
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK})
            conn.commit()
        except Exception:
            # A connection that cannot release the lock must not go back to the pool holding it.
            conn.invalidate()
            raise


def _begin(conn: Connection) -> None:
    # IMMEDIATE: the write lock from the start, so two processes upgrading one file take turns.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def _transactional_ddl(conn: Connection) -> Iterator[None]:
    """SQLite: really run each revision in a transaction, DDL included.

    Python's sqlite3 module commits before DDL on its own; in autocommit mode with an explicit
    BEGIN, a revision that fails halfway leaves the database as it was.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    driver: Any = conn.connection.driver_connection
    saved = driver.isolation_level
    driver.isolation_level = None
    event.listen(conn, "begin", _begin)
    try:
        yield
    finally:
        event.remove(conn, "begin", _begin)
        driver.isolation_level = saved
